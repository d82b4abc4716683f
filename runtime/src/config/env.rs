//! The environment layer: every variable the configuration reads, in one table.
//!
//! The README's table under "Configuration" lists the same variables, keys and defaults;
//! a test below fails when the two differ.

use std::fmt;
use std::str::FromStr;

use super::auth::{SameSite, Secret, SessionStoreKind};
use super::platform::Platform;
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

    fn flag(self) -> Result<bool, ConfigError> {
        parse_flag(self.name, self.text)
    }

    fn text(self) -> String {
        self.text.to_owned()
    }

    /// Comma-separated, blanks dropped.
    fn list(self) -> Vec<String> {
        self.text
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn invalid(self, expected: &str) -> ConfigError {
        ConfigError {
            source: format!("env {}", self.name),
            detail: format!("`{}`: expected {expected}", self.text),
        }
    }
}

const fn var(
    name: &'static str,
    key: &'static str,
    default: &'static str,
    set: fn(&mut Config, Value<'_>) -> Result<(), ConfigError>,
) -> EnvVar {
    EnvVar {
        name,
        key,
        default,
        set: Set::App(set),
    }
}

const fn upstream_var(
    name: &'static str,
    key: &'static str,
    default: &'static str,
    set: fn(&mut UpstreamConfig, Value<'_>) -> Result<(), ConfigError>,
) -> EnvVar {
    EnvVar {
        name,
        key,
        default,
        set: Set::Upstream(set),
    }
}

/// Every environment variable the configuration reads, in the order they apply.
pub const ENV_VARS: &[EnvVar] = &[
    var(
        "HOST",
        "server.host",
        "`127.0.0.1` (`0.0.0.0` on FC/SCF)",
        |c, v| {
            c.server.host = v.text();
            Ok(())
        },
    ),
    var(
        "PORT",
        "server.port",
        "`8080` (FC/SCF: their port, 9000)",
        |c, v| {
            c.server.port = v.parse()?;
            Ok(())
        },
    ),
    var("BFFKIT_PREFIX", "routes.prefix", "`/api`", |c, v| {
        c.routes.prefix = v.text();
        Ok(())
    }),
    var("BFFKIT_BODY_LIMIT", "limits.body_bytes", "1 MiB", |c, v| {
        c.limits.body_bytes = v.parse()?;
        Ok(())
    }),
    var(
        "BFFKIT_HEADER_READ_TIMEOUT_MS",
        "limits.header_read_timeout_ms",
        "10000",
        |c, v| {
            c.limits.header_read_timeout_ms = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_REQUEST_TIMEOUT_MS",
        "limits.request_timeout_ms",
        "30000",
        |c, v| {
            c.limits.request_timeout_ms = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_MULTIPART_PART_BYTES",
        "limits.multipart_part_bytes",
        "16 MiB",
        |c, v| {
            c.limits.multipart_part_bytes = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_MULTIPART_PARTS",
        "limits.multipart_parts",
        "32",
        |c, v| {
            c.limits.multipart_parts = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_MULTIPART_TOTAL_BYTES",
        "limits.multipart_total_bytes",
        "64 MiB",
        |c, v| {
            c.limits.multipart_total_bytes = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_HTTP2_MAX_STREAMS",
        "limits.http2_max_concurrent_streams",
        "100",
        |c, v| {
            c.limits.http2_max_concurrent_streams = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_STREAM_KEEP_ALIVE_MS",
        "stream.keep_alive_ms",
        "15000 (0 = off)",
        |c, v| {
            c.stream.keep_alive_ms = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_MANIFEST",
        "manifest.enabled",
        "on in debug builds, off in release",
        |c, v| {
            c.manifest.enabled = Some(v.flag()?);
            Ok(())
        },
    ),
    var(
        "BFFKIT_MANIFEST_OPERATIONS",
        "manifest.operations",
        "on",
        |c, v| {
            c.manifest.operations = Some(v.flag()?);
            Ok(())
        },
    ),
    var(
        "BFFKIT_DOCS",
        "docs.enabled",
        "on in debug builds, off in release",
        |c, v| {
            c.docs.enabled = Some(v.flag()?);
            Ok(())
        },
    ),
    var(
        "BFFKIT_LOG_FORMAT",
        "log.format",
        "`text` (or `json`)",
        |c, v| {
            c.log.format = v.text();
            Ok(())
        },
    ),
    var(
        "BFFKIT_METRICS",
        "metrics.enabled",
        "`false` (`GET /metrics`)",
        |c, v| {
            c.metrics.enabled = v.flag()?;
            Ok(())
        },
    ),
    var("BFFKIT_BATCH_ENABLED", "batch.enabled", "`true`", |c, v| {
        c.batch.enabled = v.parse()?;
        Ok(())
    }),
    var("BFFKIT_BATCH_MAX_CALLS", "batch.max_calls", "50", |c, v| {
        c.batch.max_calls = v.parse()?;
        Ok(())
    }),
    var("BFFKIT_ENVELOPE", "response.envelope", "`false`", |c, v| {
        c.response.envelope = v.flag()?;
        Ok(())
    }),
    var(
        "BFFKIT_EXPOSE_ERRORS",
        "response.expose_internal_errors",
        "on in debug builds, off in release",
        |c, v| {
            c.response.expose_internal_errors = v.flag()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_CORS_ORIGINS",
        "cors.origins",
        "`[]` (CORS off)",
        |c, v| {
            c.cors.origins = v.list();
            Ok(())
        },
    ),
    var(
        "BFFKIT_CORS_CREDENTIALS",
        "cors.credentials",
        "`false`",
        |c, v| {
            c.cors.credentials = v.flag()?;
            Ok(())
        },
    ),
    upstream_var(
        "BFFKIT_UPSTREAM_<NAME>_URL",
        "upstream.<name>.url",
        "—",
        |u, v| {
            u.url = v.text();
            Ok(())
        },
    ),
    upstream_var(
        "BFFKIT_UPSTREAM_<NAME>_TIMEOUT_MS",
        "upstream.<name>.timeout_ms",
        "5000",
        |u, v| {
            u.timeout_ms = v.parse()?;
            Ok(())
        },
    ),
    upstream_var(
        "BFFKIT_UPSTREAM_<NAME>_RETRIES",
        "upstream.<name>.retries",
        "2",
        |u, v| {
            u.retries = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_SESSION_STORE",
        "auth.store",
        "`memory` (`sqlite`, `redis`)",
        |c, v| {
            c.auth.store = match v.text {
                "memory" => SessionStoreKind::Memory,
                "sqlite" => SessionStoreKind::Sqlite,
                "redis" => SessionStoreKind::Redis,
                _ => return Err(v.invalid("memory, sqlite or redis")),
            };
            Ok(())
        },
    ),
    var(
        "BFFKIT_SESSION_TTL_SECS",
        "auth.session_ttl_secs",
        "14 days",
        |c, v| {
            c.auth.session_ttl_secs = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_IDLE_TTL_SECS",
        "auth.idle_ttl_secs",
        "1 day",
        |c, v| {
            c.auth.idle_ttl_secs = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_SESSION_CLEANUP_SECS",
        "auth.cleanup_interval_secs",
        "300",
        |c, v| {
            c.auth.cleanup_interval_secs = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_SESSION_SQLITE_PATH",
        "auth.sqlite_path",
        "`bffkit-sessions.db`",
        |c, v| {
            c.auth.sqlite_path = v.text();
            Ok(())
        },
    ),
    var(
        "BFFKIT_REDIS_URL",
        "auth.redis_url",
        "`redis://127.0.0.1:6379/`",
        |c, v| {
            c.auth.redis_url = v.text();
            Ok(())
        },
    ),
    var("BFFKIT_API_KEYS", "auth.api_keys", "`[]`", |c, v| {
        c.auth.api_keys = v.list().into_iter().map(Secret::new).collect();
        Ok(())
    }),
    var(
        "BFFKIT_API_KEY_HEADER",
        "auth.api_key_header",
        "`x-api-key`",
        |c, v| {
            c.auth.api_key_header = v.text();
            Ok(())
        },
    ),
    var(
        "BFFKIT_SESSION_SECRET_KEY",
        "auth.secret_key",
        "unset",
        |c, v| {
            c.auth.secret_key = Secret::new(v.text);
            Ok(())
        },
    ),
    var("BFFKIT_WECHAT_APPID", "auth.wechat.appid", "—", |c, v| {
        c.auth.wechat.appid = v.text();
        Ok(())
    }),
    var(
        "BFFKIT_WECHAT_SECRET",
        "auth.wechat.secret",
        "—",
        |c, v| {
            c.auth.wechat.secret = Secret::new(v.text);
            Ok(())
        },
    ),
    var(
        "BFFKIT_WECHAT_BASE_URL",
        "auth.wechat.base_url",
        "`https://api.weixin.qq.com`",
        |c, v| {
            c.auth.wechat.base_url = v.text();
            Ok(())
        },
    ),
    var(
        "BFFKIT_WECHAT_TIMEOUT_MS",
        "auth.wechat.timeout_ms",
        "5000",
        |c, v| {
            c.auth.wechat.timeout_ms = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_WECHAT_TOKEN_REFRESH_BEFORE_SECS",
        "auth.wechat.token_refresh_before_secs",
        "300",
        |c, v| {
            c.auth.wechat.token_refresh_before_secs = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_ALIPAY_APP_ID",
        "auth.alipay.app_id",
        "—",
        |c, v| {
            c.auth.alipay.app_id = v.text();
            Ok(())
        },
    ),
    var(
        "BFFKIT_ALIPAY_PRIVATE_KEY_PATH",
        "auth.alipay.private_key_path",
        "—",
        |c, v| {
            c.auth.alipay.private_key_path = v.text();
            Ok(())
        },
    ),
    var(
        "BFFKIT_ALIPAY_PRIVATE_KEY",
        "auth.alipay.private_key",
        "— (env only: the key itself)",
        |c, v| {
            c.auth.alipay.private_key = Secret::new(v.text);
            Ok(())
        },
    ),
    var(
        "BFFKIT_ALIPAY_PUBLIC_KEY_PATH",
        "auth.alipay.alipay_public_key_path",
        "—",
        |c, v| {
            c.auth.alipay.alipay_public_key_path = v.text();
            Ok(())
        },
    ),
    var(
        "BFFKIT_ALIPAY_PUBLIC_KEY",
        "auth.alipay.alipay_public_key",
        "— (env only: the key itself)",
        |c, v| {
            c.auth.alipay.alipay_public_key = v.text();
            Ok(())
        },
    ),
    var(
        "BFFKIT_ALIPAY_GATEWAY",
        "auth.alipay.gateway",
        "`https://openapi.alipay.com/gateway.do`",
        |c, v| {
            c.auth.alipay.gateway = v.text();
            Ok(())
        },
    ),
    var(
        "BFFKIT_ALIPAY_TIMEOUT_MS",
        "auth.alipay.timeout_ms",
        "5000",
        |c, v| {
            c.auth.alipay.timeout_ms = v.parse()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_SESSION_COOKIE",
        "auth.cookie.enabled",
        "off (see \"Web pages: the session cookie\")",
        |c, v| {
            c.auth.cookie.enabled = v.flag()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_SESSION_COOKIE_NAME",
        "auth.cookie.name",
        "`bffkit_session`",
        |c, v| {
            c.auth.cookie.name = v.text();
            Ok(())
        },
    ),
    var(
        "BFFKIT_SESSION_COOKIE_SECURE",
        "auth.cookie.secure",
        "on",
        |c, v| {
            c.auth.cookie.secure = v.flag()?;
            Ok(())
        },
    ),
    var(
        "BFFKIT_SESSION_COOKIE_SAMESITE",
        "auth.cookie.same_site",
        "`strict` (`lax`, `none`)",
        |c, v| {
            c.auth.cookie.same_site = match v.text.to_ascii_lowercase().as_str() {
                "strict" => SameSite::Strict,
                "lax" => SameSite::Lax,
                "none" => SameSite::None,
                _ => return Err(v.invalid("strict, lax or none")),
            };
            Ok(())
        },
    ),
    var(
        "BFFKIT_SESSION_COOKIE_PATH",
        "auth.cookie.path",
        "`/`",
        |c, v| {
            c.auth.cookie.path = v.text();
            Ok(())
        },
    ),
    var(
        "BFFKIT_SESSION_COOKIE_MAX_AGE_SECS",
        "auth.cookie.max_age_secs",
        "`auth.session_ttl_secs`",
        |c, v| {
            c.auth.cookie.max_age_secs = Some(v.parse()?);
            Ok(())
        },
    ),
    var(
        "BFFKIT_SESSION_COOKIE_TRUSTED_ORIGINS",
        "auth.cookie.trusted_origins",
        "`[]`",
        |c, v| {
            c.auth.cookie.trusted_origins = v.list();
            Ok(())
        },
    ),
    var(
        "BFFKIT_TLS_CA_FILES",
        "tls.ca_files",
        "`[]` (the compiled-in Mozilla roots only)",
        |c, v| {
            c.tls.ca_files = v.list();
            Ok(())
        },
    ),
];

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
