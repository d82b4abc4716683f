//! Configuration: `bffkit.toml` (embedded at build time), then the file `BFFKIT_CONFIG`
//! names (read at start-up), then environment overrides.
//!
//! Invalid values stop the app at start-up with a message naming the key.

mod auth;
mod tls;
mod upstream;

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

pub use auth::{
    AlipayConfig, AuthConfig, CookieConfig, SameSite, Secret, SessionStoreKind, WechatConfig,
};
pub use bffkit_contract::RoutesConfig;
pub use tls::TlsConfig;

/// The whole `bffkit.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `[server]`: where to listen.
    pub server: ServerConfig,
    /// `[routes]`: the lambda directory and the prefix, both decided at build time.
    pub routes: RoutesConfig,
    /// `[limits]`: request limits.
    pub limits: LimitsConfig,
    /// `[manifest]`: the introspection endpoint.
    pub manifest: ManifestConfig,
    /// `[docs]`: the docs playground page.
    pub docs: DocsConfig,
    /// `[log]`: log format and level.
    pub log: LogConfig,
    /// `[metrics]`: the Prometheus endpoint.
    pub metrics: MetricsConfig,
    /// `[batch]`: the batch endpoint `POST {prefix}/_batch`.
    pub batch: BatchConfig,
    /// `[response]`: the response envelope and error exposure.
    pub response: ResponseConfig,
    /// `[upstream.<name>]`: the upstream services handlers call.
    pub upstream: BTreeMap<String, UpstreamConfig>,
    /// `[auth]`: sessions, API keys, WeChat and Alipay sign-in (used with `App::auth`).
    pub auth: AuthConfig,
    /// `[cors]`: cross-origin access, e.g. for a frontend dev server.
    pub cors: CorsConfig,
    /// `[tls]`: extra certificate authorities for outgoing HTTPS calls.
    pub tls: TlsConfig,
    /// `[stream]`: streams answered by lambdas (SSE and NDJSON).
    pub stream: StreamConfig,
}

/// `[stream]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StreamConfig {
    /// Send a keep-alive (an SSE comment, or an empty NDJSON line) after this long without
    /// an item (default 15 s), so proxies keep the connection open and a vanished client is
    /// noticed; 0 turns it off. Env `BFFKIT_STREAM_KEEP_ALIVE_MS`.
    pub keep_alive_ms: u64,
}

impl Default for StreamConfig {
    fn default() -> Self {
        StreamConfig {
            keep_alive_ms: 15_000,
        }
    }
}

/// `[cors]`: off while `origins` is empty (the default).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CorsConfig {
    /// Origins allowed to call the API, e.g. `["http://localhost:5173"]`; env
    /// `BFFKIT_CORS_ORIGINS` (comma-separated). `"*"` allows any origin, without credentials.
    pub origins: Vec<String>,
    /// Let browsers send cookies and auth headers (`Access-Control-Allow-Credentials`); env
    /// `BFFKIT_CORS_CREDENTIALS` (`1`/`0`).
    pub credentials: bool,
}

impl CorsConfig {
    fn check(&self) -> Result<(), ConfigError> {
        let invalid = |detail: String| ConfigError {
            source: "cors.origins".to_owned(),
            detail,
        };
        for origin in &self.origins {
            if origin == "*" {
                if self.credentials {
                    return Err(invalid(
                        "`*` cannot be used with `cors.credentials = true`: list the origins"
                            .to_owned(),
                    ));
                }
                continue;
            }
            let well_formed = (origin.starts_with("http://") || origin.starts_with("https://"))
                && !origin.ends_with('/')
                && http::HeaderValue::from_str(origin).is_ok();
            if !well_formed {
                return Err(invalid(format!(
                    "`{origin}`: expected `*` or an origin like `http://localhost:5173` (scheme and host, no path)"
                )));
            }
        }
        if self.origins.len() > 1 && self.origins.iter().any(|o| o == "*") {
            return Err(invalid("`*` must be the only origin".to_owned()));
        }
        Ok(())
    }
}

/// `[log]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// `text` (default) or `json`; env `BFFKIT_LOG_FORMAT`.
    pub format: String,
    /// Default filter when `RUST_LOG` is unset, e.g. `info` or `bffkit=debug,info`.
    pub level: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            format: "text".to_owned(),
            level: "info".to_owned(),
        }
    }
}

/// `[metrics]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// Serve Prometheus metrics at `/metrics`; env `BFFKIT_METRICS` (`1`/`0`). Off by default.
    pub enabled: bool,
}

/// `[manifest]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ManifestConfig {
    /// Serve `GET {prefix}/_manifest`; default on in debug builds, off in release; env
    /// `BFFKIT_MANIFEST` (`1`/`0`).
    pub enabled: Option<bool>,
    /// List `/healthz`, `/readyz` and `/metrics` (when on) under the `operations` tag;
    /// default on; env `BFFKIT_MANIFEST_OPERATIONS` (`1`/`0`).
    pub operations: Option<bool>,
}

impl ManifestConfig {
    /// Whether the endpoint is served.
    pub fn is_enabled(&self) -> bool {
        self.enabled.unwrap_or(cfg!(debug_assertions))
    }
}

/// `[docs]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DocsConfig {
    /// Serve the playground at `GET {prefix}/_docs`; default on in debug builds, off in
    /// release; env `BFFKIT_DOCS` (`1`/`0`).
    pub enabled: Option<bool>,
}

impl DocsConfig {
    /// Whether the page is served.
    pub fn is_enabled(&self) -> bool {
        self.enabled.unwrap_or(cfg!(debug_assertions))
    }
}

/// `[server]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Interface to bind; env `HOST`.
    pub host: String,
    /// Port to bind, `0` for any free port; env `PORT`.
    pub port: u16,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            host: "127.0.0.1".to_owned(),
            port: 8080,
        }
    }
}

/// `[limits]`: every limit answers with a 4xx JSON error (see SECURITY.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Largest request body in bytes (default 1 MiB); env `BFFKIT_BODY_LIMIT`. 413.
    pub body_bytes: usize,
    /// Deepest JSON nesting of a body (default 64). 400.
    pub json_depth: usize,
    /// Longest query string in bytes (default 8 KiB). 414.
    pub query_bytes: usize,
    /// Largest request head (request line + headers) in bytes (default 16 KiB, minimum
    /// 8 KiB). 431.
    pub header_bytes: usize,
    /// Slow-loris protection (default 10 s): a connection that completes no request head,
    /// with no request in flight, for this long is closed (within one to two periods), so a
    /// client sending one byte a second is cut off. 0 turns it off. Env
    /// `BFFKIT_HEADER_READ_TIMEOUT_MS`.
    pub header_read_timeout_ms: u64,
    /// Time allowed for a whole request, body and handler included (default 30 s). Env
    /// `BFFKIT_REQUEST_TIMEOUT_MS`. 408.
    pub request_timeout_ms: u64,
    /// Largest part of a `multipart/form-data` body (default 16 MiB); env
    /// `BFFKIT_MULTIPART_PART_BYTES`.
    pub multipart_part_bytes: usize,
    /// Most parts in a `multipart/form-data` body (default 32); env
    /// `BFFKIT_MULTIPART_PARTS`.
    pub multipart_parts: usize,
    /// Largest whole `multipart/form-data` body (default 64 MiB); env
    /// `BFFKIT_MULTIPART_TOTAL_BYTES`.
    pub multipart_total_bytes: usize,
    /// Most requests in flight at once on one HTTP/2 connection (default 100); a client
    /// opening more gets the extra streams refused (`REFUSED_STREAM`). Env
    /// `BFFKIT_HTTP2_MAX_STREAMS`.
    pub http2_max_concurrent_streams: u32,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            body_bytes: 1024 * 1024,
            json_depth: 64,
            query_bytes: 8 * 1024,
            header_bytes: 16 * 1024,
            header_read_timeout_ms: 10_000,
            request_timeout_ms: 30_000,
            multipart_part_bytes: 16 * 1024 * 1024,
            multipart_parts: 32,
            multipart_total_bytes: 64 * 1024 * 1024,
            http2_max_concurrent_streams: 100,
        }
    }
}

/// `[batch]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BatchConfig {
    /// Serve `POST {prefix}/_batch` (default `true`); env `BFFKIT_BATCH_ENABLED`.
    pub enabled: bool,
    /// Most calls one batch may hold (default 50, at least 1); env `BFFKIT_BATCH_MAX_CALLS`.
    pub max_calls: usize,
}

impl Default for BatchConfig {
    fn default() -> Self {
        BatchConfig {
            enabled: true,
            max_calls: 50,
        }
    }
}

/// `[response]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ResponseConfig {
    /// Wrap successes as `{"data": .., "msg": "Success!", "code": 10000}` (default off);
    /// env `BFFKIT_ENVELOPE`.
    pub envelope: bool,
    /// Send the message and data of 5xx errors to clients (default: on in debug builds,
    /// off in release builds); env `BFFKIT_EXPOSE_ERRORS`.
    pub expose_internal_errors: bool,
}

impl Default for ResponseConfig {
    fn default() -> Self {
        ResponseConfig {
            envelope: false,
            expose_internal_errors: cfg!(debug_assertions),
        }
    }
}

pub use upstream::UpstreamConfig;

/// A configuration value that cannot be used.
#[derive(Debug)]
pub struct ConfigError {
    /// Where the value came from (`bffkit.toml`, or an environment variable).
    pub source: String,
    /// What is wrong.
    pub detail: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid configuration in {}: {}",
            self.source, self.detail
        )
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Parses `bffkit.toml` text, then the file `BFFKIT_CONFIG` names (its keys replace the
    /// embedded ones), then applies the environment.
    pub fn load(toml_text: Option<&str>) -> Result<Config, ConfigError> {
        let var = |name: &str| std::env::var(name).ok();
        let file = match var(CONFIG_FILE_VAR) {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
                    source: format!("env {CONFIG_FILE_VAR}"),
                    detail: format!("cannot read `{path}`: {e}"),
                })?;
                Some((path, text))
            }
            None => None,
        };
        let file = file
            .as_ref()
            .map(|(path, text)| (path.as_str(), text.as_str()));
        Config::load_layers(toml_text, file, var)
    }

    /// Embedded text, then a run-time file `(path, text)`, then the environment.
    fn load_layers(
        embedded: Option<&str>,
        file: Option<(&str, &str)>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut table = match embedded {
            Some(text) => parse_layer("bffkit.toml", text)?,
            None => toml::Table::new(),
        };
        if let Some((path, text)) = file {
            merge(&mut table, parse_layer(path, text)?);
        }
        let source = file.map_or("bffkit.toml", |(path, _)| path);
        let mut config: Config = serde_path_to_error::deserialize(toml::Value::Table(table))
            .map_err(|e| ConfigError {
                source: source.to_owned(),
                detail: format!("{}: {}", e.path(), e.inner()),
            })?;
        config.apply_env(var)?;
        Ok(config)
    }

    fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        // A function-compute platform decides the address, unless HOST/PORT say otherwise.
        if let Some(platform) = crate::serve::Platform::detect(&var) {
            self.server.host = "0.0.0.0".to_owned();
            if let Some(port) = platform.port(&var) {
                self.server.port = parse_env("FC_SERVER_PORT", &port)?;
            }
        }
        if let Some(host) = var("HOST") {
            self.server.host = host;
        }
        if let Some(port) = var("PORT") {
            self.server.port = parse_env("PORT", &port)?;
        }
        if let Some(format) = var("BFFKIT_LOG_FORMAT") {
            self.log.format = format;
        }
        if let Some(flag) = var("BFFKIT_METRICS") {
            self.metrics.enabled = parse_flag("BFFKIT_METRICS", &flag)?;
        }
        if !matches!(self.log.format.as_str(), "text" | "json") {
            return Err(ConfigError {
                source: "log.format".to_owned(),
                detail: format!("`{}`: expected `text` or `json`", self.log.format),
            });
        }
        if let Some(flag) = var("BFFKIT_MANIFEST") {
            self.manifest.enabled = Some(parse_flag("BFFKIT_MANIFEST", &flag)?);
        }
        if let Some(flag) = var("BFFKIT_MANIFEST_OPERATIONS") {
            self.manifest.operations = Some(parse_flag("BFFKIT_MANIFEST_OPERATIONS", &flag)?);
        }
        if let Some(flag) = var("BFFKIT_DOCS") {
            self.docs.enabled = Some(parse_flag("BFFKIT_DOCS", &flag)?);
        }
        if let Some(ms) = var("BFFKIT_HEADER_READ_TIMEOUT_MS") {
            self.limits.header_read_timeout_ms = parse_env("BFFKIT_HEADER_READ_TIMEOUT_MS", &ms)?;
        }
        if let Some(ms) = var("BFFKIT_REQUEST_TIMEOUT_MS") {
            self.limits.request_timeout_ms = parse_env("BFFKIT_REQUEST_TIMEOUT_MS", &ms)?;
        }
        if let Some(origins) = var("BFFKIT_CORS_ORIGINS") {
            self.cors.origins = origins
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect();
        }
        if let Some(flag) = var("BFFKIT_CORS_CREDENTIALS") {
            self.cors.credentials = parse_flag("BFFKIT_CORS_CREDENTIALS", &flag)?;
        }
        self.cors.check()?;
        if let Some(limit) = var("BFFKIT_BODY_LIMIT") {
            self.limits.body_bytes = parse_env("BFFKIT_BODY_LIMIT", &limit)?;
        }
        if let Some(enabled) = var("BFFKIT_BATCH_ENABLED") {
            self.batch.enabled = parse_env("BFFKIT_BATCH_ENABLED", &enabled)?;
        }
        if let Some(max) = var("BFFKIT_BATCH_MAX_CALLS") {
            self.batch.max_calls = parse_env("BFFKIT_BATCH_MAX_CALLS", &max)?;
        }
        if self.batch.max_calls == 0 {
            return Err(ConfigError {
                source: "batch.max_calls".to_owned(),
                detail: "must be at least 1 (set `batch.enabled = false` to turn batching off)"
                    .to_owned(),
            });
        }
        if let Some(on) = var("BFFKIT_ENVELOPE") {
            self.response.envelope = parse_flag("BFFKIT_ENVELOPE", &on)?;
        }
        if let Some(on) = var("BFFKIT_EXPOSE_ERRORS") {
            self.response.expose_internal_errors = parse_flag("BFFKIT_EXPOSE_ERRORS", &on)?;
        }
        for (name, service) in &mut self.upstream {
            service.apply_env(name, &var)?;
        }
        if let Some(limit) = var("BFFKIT_MULTIPART_PART_BYTES") {
            self.limits.multipart_part_bytes = parse_env("BFFKIT_MULTIPART_PART_BYTES", &limit)?;
        }
        if let Some(limit) = var("BFFKIT_MULTIPART_PARTS") {
            self.limits.multipart_parts = parse_env("BFFKIT_MULTIPART_PARTS", &limit)?;
        }
        if let Some(limit) = var("BFFKIT_MULTIPART_TOTAL_BYTES") {
            self.limits.multipart_total_bytes = parse_env("BFFKIT_MULTIPART_TOTAL_BYTES", &limit)?;
        }
        if let Some(max) = var("BFFKIT_HTTP2_MAX_STREAMS") {
            self.limits.http2_max_concurrent_streams = parse_env("BFFKIT_HTTP2_MAX_STREAMS", &max)?;
        }
        if self.limits.http2_max_concurrent_streams == 0 {
            return Err(ConfigError {
                source: "limits.http2_max_concurrent_streams".to_owned(),
                detail: "must be at least 1".to_owned(),
            });
        }
        if let Some(ms) = var("BFFKIT_STREAM_KEEP_ALIVE_MS") {
            self.stream.keep_alive_ms = parse_env("BFFKIT_STREAM_KEEP_ALIVE_MS", &ms)?;
        }
        self.auth.apply_env(&var)?;
        self.tls.apply_env(&var)?;
        self.routes.check().map_err(|e| ConfigError {
            source: "routes.prefix".to_owned(),
            detail: e.to_string(),
        })?;
        Ok(())
    }
}

/// The variable naming a `bffkit.toml` read at start-up, over the embedded one.
pub const CONFIG_FILE_VAR: &str = "BFFKIT_CONFIG";

/// One layer's text, checked on its own so that its errors name its file.
fn parse_layer(source: &str, text: &str) -> Result<toml::Table, ConfigError> {
    let de = toml::Deserializer::new(text);
    let _: Config = serde_path_to_error::deserialize(de).map_err(|e| ConfigError {
        source: source.to_owned(),
        detail: format!("{}: {}", e.path(), e.inner().message()),
    })?;
    toml::from_str(text).map_err(|e| ConfigError {
        source: source.to_owned(),
        detail: e.message().to_owned(),
    })
}

/// Lays `over` onto `base`: tables merge key by key, other values replace.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(base)), toml::Value::Table(over)) => merge(base, over),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// `1`/`true`/`on` or `0`/`false`/`off`.
pub(crate) fn parse_flag(name: &str, value: &str) -> Result<bool, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Ok(true),
        "0" | "false" | "off" | "no" => Ok(false),
        _ => Err(ConfigError {
            source: format!("env {name}"),
            detail: format!("`{value}`: expected 1 or 0"),
        }),
    }
}

fn parse_env<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, ConfigError>
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

    #[test]
    fn a_runtime_file_overrides_the_embedded_one_and_env_overrides_both() {
        let embedded = "[server]\nport = 7000\nhost = \"127.0.0.1\"\n[limits]\nbody_bytes = 10\n";
        let file = "[server]\nport = 7001\n";
        let none = |_: &str| None;
        let config =
            Config::load_layers(Some(embedded), Some(("/etc/app.toml", file)), none).unwrap();
        assert_eq!(config.server.port, 7001);
        // Keys the file leaves out keep their embedded values.
        assert_eq!(config.server.host, "127.0.0.1");
        assert_eq!(config.limits.body_bytes, 10);
        let port = |n: &str| (n == "PORT").then(|| "7002".to_owned());
        let config =
            Config::load_layers(Some(embedded), Some(("/etc/app.toml", file)), port).unwrap();
        assert_eq!(config.server.port, 7002);
        let err = Config::load_layers(
            Some(embedded),
            Some(("/etc/app.toml", "[limits]\nbody_byte = 1\n")),
            none,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("/etc/app.toml") && err.contains("body_byte"),
            "{err}"
        );
        let err = Config::load_layers(Some("[server]\nprot = 1\n"), None, none)
            .unwrap_err()
            .to_string();
        assert!(err.contains("bffkit.toml") && err.contains("prot"), "{err}");
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = Config::load(Some("[server]\nprot = 1\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("server") && err.contains("prot"), "{err}");
    }

    #[test]
    fn wrong_types_are_named() {
        let err = Config::load(Some("[limits]\nbody_bytes = \"x\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("limits.body_bytes"), "{err}");
    }

    #[test]
    fn envelope_from_file_and_env() {
        let config = Config::load(Some("[response]\nenvelope = true\n")).unwrap();
        assert!(config.response.envelope);
        let mut config = Config::default();
        assert!(!config.response.envelope);
        config
            .apply_env(|n| (n == "BFFKIT_ENVELOPE").then(|| "1".to_owned()))
            .unwrap();
        assert!(config.response.envelope);
        let err = config
            .apply_env(|n| (n == "BFFKIT_ENVELOPE").then(|| "maybe".to_owned()))
            .unwrap_err();
        assert!(err.to_string().contains("BFFKIT_ENVELOPE"), "{err}");
    }

    #[test]
    fn upstreams_from_file_and_env() {
        let text = "[upstream.payments]\nurl = \"http://localhost:1\"\nretries = 1\nheaders = { x-app = \"demo\" }\n";
        let mut config = Config::load(Some(text)).unwrap();
        let payments = &config.upstream["payments"];
        assert_eq!((payments.retries, payments.timeout_ms), (1, 5000));
        assert_eq!(payments.headers["x-app"], "demo");
        config
            .apply_env(|n| {
                (n == "BFFKIT_UPSTREAM_PAYMENTS_URL").then(|| "http://127.0.0.1:2".to_owned())
            })
            .unwrap();
        assert_eq!(config.upstream["payments"].url, "http://127.0.0.1:2");
        let err = Config::load(Some("[upstream.x]\nurl = \"nope\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("upstream.x.url"), "{err}");
        let err = Config::load(Some("[upstream.x]\nurl = \"http://a\"\ntimeout = 1\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("timeout"), "{err}");
    }

    #[test]
    fn cors_refuses_a_wildcard_with_credentials() {
        let err = Config::load(Some("[cors]\norigins = [\"*\"]\ncredentials = true\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("cors.origins") && err.contains("credentials"),
            "{err}"
        );
        let err = Config::load(Some("[cors]\norigins = [\"localhost:5173\"]\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("cors.origins") && err.contains("localhost:5173"),
            "{err}"
        );
        let mut config = Config::default();
        config
            .apply_env(|n| {
                (n == "BFFKIT_CORS_ORIGINS").then(|| "http://a.test, http://b.test".to_owned())
            })
            .unwrap();
        assert_eq!(config.cors.origins, ["http://a.test", "http://b.test"]);
    }

    #[test]
    fn env_overrides_the_file() {
        let mut config = Config::default();
        config
            .apply_env(|n| (n == "PORT").then(|| "9001".to_owned()))
            .unwrap();
        assert_eq!(config.server.port, 9001);
        let err = config
            .apply_env(|n| (n == "PORT").then(|| "x".to_owned()))
            .unwrap_err();
        assert!(err.to_string().contains("PORT"));
    }

    #[test]
    fn batch_limit_comes_from_file_and_env() {
        let config = Config::load(Some("[batch]\nmax_calls = 7\n")).unwrap();
        assert_eq!((config.batch.enabled, config.batch.max_calls), (true, 7));
        let mut config = Config::default();
        config
            .apply_env(|n| (n == "BFFKIT_BATCH_MAX_CALLS").then(|| "3".to_owned()))
            .unwrap();
        assert_eq!(config.batch.max_calls, 3);
        let err = config
            .apply_env(|n| (n == "BFFKIT_BATCH_MAX_CALLS").then(|| "0".to_owned()))
            .unwrap_err();
        assert!(err.to_string().contains("batch.max_calls"), "{err}");
    }
}
