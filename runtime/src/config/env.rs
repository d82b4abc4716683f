//! The environment layer: every variable the configuration reads, in one table.
//!
//! The README's table under "Configuration" lists the same variables, keys and defaults;
//! a test below fails when the two differ.

use std::fmt;
use std::str::FromStr;

use super::auth::{SameSite, Secret, SessionStoreKind};
use super::platform::Platform;
use super::rate_limit::{OnStoreError, RateLimitStoreKind};
use super::{Config, ConfigError, UpstreamConfig};

/// One environment variable: its name, the key it overrides and that key's default.
#[derive(Clone, Copy)]
pub struct EnvVar {
    /// The variable, e.g. `BFFKIT_BODY_LIMIT`; `<NAME>` stands for an upstream's name.
    pub name: &'static str,
    /// The `bffkit.toml` key it overrides (its doc says what it means), e.g.
    /// `limits.body_bytes`.
    pub key: &'static str,
    /// The value when neither a file nor the variable sets one, as the README says it.
    pub default: &'static str,
    set: Set,
}

/// How a variable's value lands in the configuration.
#[derive(Clone, Copy)]
enum Set {
    App(fn(&mut Config, Value<'_>) -> Result<(), ConfigError>),
    /// Read once per `[upstream.<name>]`.
    Upstream(fn(&mut UpstreamConfig, Value<'_>) -> Result<(), ConfigError>),
}

/// A variable's value, with its name for the error message.
#[derive(Clone, Copy)]
struct Value<'a> {
    name: &'a str,
    text: &'a str,
}

impl Value<'_> {
    fn parse<T: FromStr>(self) -> Result<T, ConfigError>
    where
        T::Err: fmt::Display,
    {
        parse_env(self.name, self.text)
    }

    /// A value that overrides a default decided later.
    fn some_parse<T: FromStr>(self) -> Result<Option<T>, ConfigError>
    where
        T::Err: fmt::Display,
    {
        self.parse().map(Some)
    }

    /// `1`/`0` and the like.
    fn flag(self) -> Result<bool, ConfigError> {
        parse_flag(self.name, self.text)
    }

    /// A flag that overrides a default decided later (`None`: the build profile's).
    fn some_flag(self) -> Result<Option<bool>, ConfigError> {
        self.flag().map(Some)
    }

    fn text(self) -> Result<String, ConfigError> {
        Ok(self.text.to_owned())
    }

    fn secret(self) -> Result<Secret, ConfigError> {
        Ok(Secret::new(self.text))
    }

    /// Comma-separated, blanks dropped.
    fn list(self) -> Result<Vec<String>, ConfigError> {
        Ok(self
            .text
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect())
    }

    fn secrets(self) -> Result<Vec<Secret>, ConfigError> {
        Ok(self.list()?.into_iter().map(Secret::new).collect())
    }

    fn session_store(self) -> Result<SessionStoreKind, ConfigError> {
        match self.text {
            "memory" => Ok(SessionStoreKind::Memory),
            "sqlite" => Ok(SessionStoreKind::Sqlite),
            "redis" => Ok(SessionStoreKind::Redis),
            _ => Err(self.invalid("memory, sqlite or redis")),
        }
    }

    fn same_site(self) -> Result<SameSite, ConfigError> {
        match self.text.to_ascii_lowercase().as_str() {
            "strict" => Ok(SameSite::Strict),
            "lax" => Ok(SameSite::Lax),
            "none" => Ok(SameSite::None),
            _ => Err(self.invalid("strict, lax or none")),
        }
    }

    fn rate_limit_store(self) -> Result<Option<RateLimitStoreKind>, ConfigError> {
        match self.text {
            "memory" => Ok(Some(RateLimitStoreKind::Memory)),
            "redis" => Ok(Some(RateLimitStoreKind::Redis)),
            _ => Err(self.invalid("memory or redis")),
        }
    }

    fn on_store_error(self) -> Result<OnStoreError, ConfigError> {
        match self.text {
            "open" => Ok(OnStoreError::Open),
            "closed" => Ok(OnStoreError::Closed),
            _ => Err(self.invalid("open or closed")),
        }
    }

    fn invalid(self, expected: &str) -> ConfigError {
        ConfigError {
            source: format!("env {}", self.name),
            detail: format!("`{}`: expected {expected}", self.text),
        }
    }
}

/// `name, key, default => field = how;`: the variable sets `field` of the configuration
/// (of each `[upstream.<name>]` for `upstream.field`) to its value read `how`
/// (`text`, `parse`, `flag`, ... of [`Value`]).
macro_rules! env_vars {
    ($($name:literal, $key:literal, $default:literal => $($part:ident).+ = $how:ident;)*) => {
        &[$(env_var!($name, $key, $default, $($part).+, $how)),*]
    };
}

macro_rules! env_var {
    ($name:literal, $key:literal, $default:literal, upstream.$($field:ident).+, $how:ident) => {
        EnvVar {
            name: $name,
            key: $key,
            default: $default,
            set: Set::Upstream(|upstream, value| {
                upstream.$($field).+ = value.$how()?;
                Ok(())
            }),
        }
    };
    ($name:literal, $key:literal, $default:literal, $($part:ident).+, $how:ident) => {
        EnvVar {
            name: $name,
            key: $key,
            default: $default,
            set: Set::App(|config, value| {
                config.$($part).+ = value.$how()?;
                Ok(())
            }),
        }
    };
}

/// Every environment variable the configuration reads, in the order they apply.
#[rustfmt::skip]
pub const ENV_VARS: &[EnvVar] = env_vars! {
    "HOST", "server.host", "`127.0.0.1` (`0.0.0.0` on FC/SCF)" => server.host = text;
    "PORT", "server.port", "`8080` (FC/SCF: their port, 9000)" => server.port = parse;
    "BFFKIT_TCP_NODELAY", "server.tcp_nodelay", "`true`" => server.tcp_nodelay = flag;
    "BFFKIT_TLS_CERT_FILE", "server.tls.cert_file", "unset (plain HTTP)" => server.tls.cert_file = some_parse;
    "BFFKIT_TLS_KEY_FILE", "server.tls.key_file", "unset (plain HTTP)" => server.tls.key_file = some_parse;
    "BFFKIT_TLS_WATCH_SECS", "server.tls.watch_secs", "0 (reload on SIGHUP only)" => server.tls.watch_secs = parse;
    "BFFKIT_BODY_LIMIT", "limits.body_bytes", "1 MiB" => limits.body_bytes = parse;
    "BFFKIT_HEADER_READ_TIMEOUT_MS", "limits.header_read_timeout_ms", "10000" => limits.header_read_timeout_ms = parse;
    "BFFKIT_REQUEST_TIMEOUT_MS", "limits.request_timeout_ms", "30000" => limits.request_timeout_ms = parse;
    "BFFKIT_MULTIPART_PART_BYTES", "limits.multipart_part_bytes", "16 MiB" => limits.multipart_part_bytes = parse;
    "BFFKIT_MULTIPART_PARTS", "limits.multipart_parts", "32" => limits.multipart_parts = parse;
    "BFFKIT_MULTIPART_TOTAL_BYTES", "limits.multipart_total_bytes", "64 MiB" => limits.multipart_total_bytes = parse;
    "BFFKIT_HTTP2_MAX_STREAMS", "limits.http2_max_concurrent_streams", "100" => limits.http2_max_concurrent_streams = parse;
    "BFFKIT_STREAM_KEEP_ALIVE_MS", "stream.keep_alive_ms", "15000 (0 = off)" => stream.keep_alive_ms = parse;
    "BFFKIT_MANIFEST", "manifest.enabled", "on in debug builds, off in release" => manifest.enabled = some_flag;
    "BFFKIT_MANIFEST_OPERATIONS", "manifest.operations", "on" => manifest.operations = some_flag;
    "BFFKIT_DOCS", "docs.enabled", "on in debug builds, off in release" => docs.enabled = some_flag;
    "BFFKIT_LOG_FORMAT", "log.format", "`text` (or `json`)" => log.format = text;
    "BFFKIT_LOG_OUTAGE_SUMMARY_SECS", "log.outage_summary_secs", "5" => log.outage_summary_secs = parse;
    "BFFKIT_METRICS", "metrics.enabled", "`false` (`GET /metrics`)" => metrics.enabled = flag;
    "BFFKIT_BATCH_ENABLED", "batch.enabled", "`true`" => batch.enabled = parse;
    "BFFKIT_BATCH_MAX_CALLS", "batch.max_calls", "50" => batch.max_calls = parse;
    "BFFKIT_ENVELOPE", "response.envelope", "`false`" => response.envelope = flag;
    "BFFKIT_EXPOSE_ERRORS", "response.expose_internal_errors", "on in debug builds, off in release" => response.expose_internal_errors = flag;
    "BFFKIT_CORS_ORIGINS", "cors.origins", "`[]` (CORS off)" => cors.origins = list;
    "BFFKIT_CORS_CREDENTIALS", "cors.credentials", "`false`" => cors.credentials = flag;
    "BFFKIT_UPSTREAM_<NAME>_URL", "upstream.<name>.url", "—" => upstream.url = text;
    "BFFKIT_UPSTREAM_<NAME>_TIMEOUT_MS", "upstream.<name>.timeout_ms", "5000" => upstream.timeout_ms = parse;
    "BFFKIT_UPSTREAM_<NAME>_RETRIES", "upstream.<name>.retries", "2" => upstream.retries = parse;
    "BFFKIT_UPSTREAM_<NAME>_BREAKER", "upstream.<name>.breaker.enabled", "`true`" => upstream.breaker.enabled = flag;
    "BFFKIT_UPSTREAM_<NAME>_BREAKER_COOL_DOWN_MS", "upstream.<name>.breaker.cool_down_ms", "5000" => upstream.breaker.cool_down_ms = parse;
    "BFFKIT_UPSTREAM_<NAME>_MAX_CONCURRENT", "upstream.<name>.bulkhead.max_concurrent", "256" => upstream.bulkhead.max_concurrent = parse;
    "BFFKIT_SESSION_STORE", "auth.store", "`memory` (`sqlite`, `redis`)" => auth.store = session_store;
    "BFFKIT_SESSION_TTL_SECS", "auth.session_ttl_secs", "14 days" => auth.session_ttl_secs = parse;
    "BFFKIT_IDLE_TTL_SECS", "auth.idle_ttl_secs", "1 day" => auth.idle_ttl_secs = parse;
    "BFFKIT_SESSION_CLEANUP_SECS", "auth.cleanup_interval_secs", "300" => auth.cleanup_interval_secs = parse;
    "BFFKIT_SESSION_SQLITE_PATH", "auth.sqlite_path", "`bffkit-sessions.db`" => auth.sqlite_path = text;
    "BFFKIT_REDIS_URL", "auth.redis_url", "`redis://127.0.0.1:6379/`" => auth.redis_url = text;
    "BFFKIT_API_KEYS", "auth.api_keys", "`[]`" => auth.api_keys = secrets;
    "BFFKIT_API_KEY_HEADER", "auth.api_key_header", "`x-api-key`" => auth.api_key_header = text;
    "BFFKIT_SESSION_SECRET_KEY", "auth.secret_key", "unset" => auth.secret_key = secret;
    "BFFKIT_WECHAT_APPID", "auth.wechat.appid", "—" => auth.wechat.appid = text;
    "BFFKIT_WECHAT_SECRET", "auth.wechat.secret", "—" => auth.wechat.secret = secret;
    "BFFKIT_WECHAT_BASE_URL", "auth.wechat.base_url", "`https://api.weixin.qq.com`" => auth.wechat.base_url = text;
    "BFFKIT_WECHAT_TIMEOUT_MS", "auth.wechat.timeout_ms", "5000" => auth.wechat.timeout_ms = parse;
    "BFFKIT_WECHAT_TOKEN_REFRESH_BEFORE_SECS", "auth.wechat.token_refresh_before_secs", "300" => auth.wechat.token_refresh_before_secs = parse;
    "BFFKIT_ALIPAY_APP_ID", "auth.alipay.app_id", "—" => auth.alipay.app_id = text;
    "BFFKIT_ALIPAY_PRIVATE_KEY_PATH", "auth.alipay.private_key_path", "—" => auth.alipay.private_key_path = text;
    "BFFKIT_ALIPAY_PRIVATE_KEY", "auth.alipay.private_key", "— (env only: the key itself)" => auth.alipay.private_key = secret;
    "BFFKIT_ALIPAY_PUBLIC_KEY_PATH", "auth.alipay.alipay_public_key_path", "—" => auth.alipay.alipay_public_key_path = text;
    "BFFKIT_ALIPAY_PUBLIC_KEY", "auth.alipay.alipay_public_key", "— (env only: the key itself)" => auth.alipay.alipay_public_key = text;
    "BFFKIT_ALIPAY_GATEWAY", "auth.alipay.gateway", "`https://openapi.alipay.com/gateway.do`" => auth.alipay.gateway = text;
    "BFFKIT_ALIPAY_TIMEOUT_MS", "auth.alipay.timeout_ms", "5000" => auth.alipay.timeout_ms = parse;
    "BFFKIT_SESSION_COOKIE", "auth.cookie.enabled", "off (see \"Web pages: the session cookie\")" => auth.cookie.enabled = flag;
    "BFFKIT_SESSION_COOKIE_NAME", "auth.cookie.name", "`bffkit_session`" => auth.cookie.name = text;
    "BFFKIT_SESSION_COOKIE_SECURE", "auth.cookie.secure", "on" => auth.cookie.secure = flag;
    "BFFKIT_SESSION_COOKIE_SAMESITE", "auth.cookie.same_site", "`strict` (`lax`, `none`)" => auth.cookie.same_site = same_site;
    "BFFKIT_SESSION_COOKIE_PATH", "auth.cookie.path", "`/`" => auth.cookie.path = text;
    "BFFKIT_SESSION_COOKIE_MAX_AGE_SECS", "auth.cookie.max_age_secs", "`auth.session_ttl_secs`" => auth.cookie.max_age_secs = some_parse;
    "BFFKIT_SESSION_COOKIE_TRUSTED_ORIGINS", "auth.cookie.trusted_origins", "`[]`" => auth.cookie.trusted_origins = list;
    "BFFKIT_RATE_LIMIT", "rate_limit.enabled", "`true`" => rate_limit.enabled = flag;
    "BFFKIT_RATE_LIMIT_STORE", "rate_limit.store", "`memory` (`redis` when `auth.store` is)" => rate_limit.store = rate_limit_store;
    "BFFKIT_RATE_LIMIT_ON_STORE_ERROR", "rate_limit.on_store_error", "`open` (`closed`: 503)" => rate_limit.on_store_error = on_store_error;
    "BFFKIT_RATE_LIMIT_FIELDS", "rate_limit.fields_on_success", "`false` (429s always carry them)" => rate_limit.fields_on_success = flag;
    "BFFKIT_RATE_LIMIT_MEMORY_KEYS", "rate_limit.memory_keys", "100000" => rate_limit.memory_keys = parse;
    "BFFKIT_TRUSTED_PROXIES", "rate_limit.trusted_proxies", "`[]`" => rate_limit.trusted_proxies = list;
    "BFFKIT_SIGN_IN_RATE_LIMIT", "rate_limit.sign_in.requests", "20 (a minute, per address)" => rate_limit.sign_in.requests = parse;
    "BFFKIT_TLS_CA_FILES", "tls.ca_files", "`[]` (the compiled-in Mozilla roots only)" => tls.ca_files = list;
};

/// Lays the environment over `config`: a function-compute platform's address first, then
/// every variable of [`ENV_VARS`] that is set.
pub(super) fn apply(
    config: &mut Config,
    var: &impl Fn(&str) -> Option<String>,
) -> Result<(), ConfigError> {
    // A function-compute platform decides the address, unless HOST/PORT say otherwise.
    if let Some(platform) = Platform::detect(var) {
        config.server.host = "0.0.0.0".to_owned();
        if let Some(port) = platform.port(var) {
            config.server.port = parse_env("FC_SERVER_PORT", &port)?;
        }
    }
    for env in ENV_VARS {
        match env.set {
            Set::App(set) => {
                if let Some(text) = var(env.name) {
                    set(
                        config,
                        Value {
                            name: env.name,
                            text: &text,
                        },
                    )?;
                }
            }
            Set::Upstream(set) => {
                let suffix = env.name.rsplit("<NAME>_").next().unwrap_or_default();
                for (service, upstream) in &mut config.upstream {
                    let name = UpstreamConfig::env_name(service, suffix);
                    if let Some(text) = var(&name) {
                        set(
                            upstream,
                            Value {
                                name: &name,
                                text: &text,
                            },
                        )?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// `1`/`true`/`on` or `0`/`false`/`off`.
fn parse_flag(name: &str, value: &str) -> Result<bool, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Ok(true),
        "0" | "false" | "off" | "no" => Ok(false),
        _ => Err(ConfigError {
            source: format!("env {name}"),
            detail: format!("`{value}`: expected 1 or 0"),
        }),
    }
}

fn parse_env<T: FromStr>(name: &str, value: &str) -> Result<T, ConfigError>
where
    T::Err: fmt::Display,
{
    value.parse().map_err(|e: T::Err| ConfigError {
        source: format!("env {name}"),
        detail: format!("`{value}`: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(env, key, default)` of each row of the README's table under "## Configuration"
    /// that names a variable.
    fn readme_rows() -> Vec<(String, String, String)> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
        let readme = std::fs::read_to_string(path).expect("the workspace README");
        let section = readme
            .split("\n## Configuration\n")
            .nth(1)
            .expect("a `## Configuration` section");
        let first_code = |cell: &str| cell.split('`').nth(1).unwrap_or_default().to_owned();
        section
            .lines()
            .skip_while(|line| !line.starts_with("| key | default | env |"))
            .skip(2)
            .take_while(|line| line.starts_with('|'))
            .filter_map(|line| {
                let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
                let [key, default, env] = cells[..] else {
                    panic!("a row of three cells: {line}");
                };
                let env = env.trim();
                (!env.starts_with('—'))
                    .then(|| (first_code(env), first_code(key), default.trim().to_owned()))
            })
            .collect()
    }

    #[test]
    fn the_readme_lists_every_variable_with_its_key_and_default() {
        let code: Vec<(String, String, String)> = ENV_VARS
            .iter()
            .map(|v| (v.name.to_owned(), v.key.to_owned(), v.default.to_owned()))
            .collect();
        let readme = readme_rows();
        for row in &code {
            assert!(readme.contains(row), "README's table lacks {row:?}");
        }
        for row in &readme {
            assert!(code.contains(row), "ENV_VARS lacks the README's {row:?}");
        }
    }

    #[test]
    fn every_variable_is_read() {
        for env in ENV_VARS {
            let mut config = Config::default();
            config
                .upstream
                .insert("svc".to_owned(), UpstreamConfig::new("http://a.test"));
            let name = env.name.replace("<NAME>", "SVC");
            let seen = std::cell::Cell::new(false);
            let _ = apply(&mut config, &|asked: &str| {
                (asked == name).then(|| {
                    seen.set(true);
                    "1".to_owned()
                })
            });
            assert!(seen.get(), "{} is never read", env.name);
        }
    }
}
