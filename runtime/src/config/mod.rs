//! Configuration: `bffkit.toml` (embedded at build time), then the file `BFFKIT_CONFIG`
//! names (read at start-up), then environment overrides; or, instead of them all, a
//! [`Config`] the app's code passes to [`App::config`](crate::App::config).
//!
//! One file per section (`[server]` is `server.rs`, …); the layering is `layers.rs`, and
//! every environment variable is in one table, [`ENV_VARS`]. Invalid values stop the app
//! at start-up with a message naming the key.

mod auth;
mod batch;
mod cors;
mod deadlines;
mod docs;
mod env;
mod ip_range;
mod layers;
mod limits;
mod log;
mod manifest;
mod metrics;
mod otel;
mod platform;
mod rate_limit;
mod resilience;
mod response;
mod server;
mod server_tls;
mod stream;
mod tls;
mod upstream;

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

pub use auth::{
    AlipayConfig, AuthConfig, CookieConfig, SameSite, Secret, SessionStoreKind, WechatConfig,
};
pub use batch::BatchConfig;
pub use bffkit_contract::RoutesConfig;
pub use cors::CorsConfig;
pub use deadlines::DeadlinesConfig;
pub use docs::DocsConfig;
pub use env::{EnvVar, ENV_VARS};
pub(crate) use ip_range::canonical_ip;
pub use ip_range::IpRange;
pub use layers::CONFIG_FILE_VAR;
pub use limits::LimitsConfig;
pub use log::LogConfig;
pub use manifest::ManifestConfig;
pub use metrics::MetricsConfig;
#[cfg(feature = "otel")]
pub(crate) use otel::Signal;
pub use otel::{OtelConfig, OtlpProtocol};
pub use platform::Platform;
pub use rate_limit::{
    OnStoreError, PolicyConfig, RateLimitConfig, RateLimitStoreKind, RouteLimitConfig,
};
pub use resilience::{BreakerConfig, BulkheadConfig, RetryBudgetConfig};
pub use response::ResponseConfig;
pub use server::ServerConfig;
pub use server_tls::{CertificateFiles, ServerTlsConfig};
pub use stream::StreamConfig;
pub use tls::TlsConfig;
pub use upstream::UpstreamConfig;

/// The whole `bffkit.toml`.
///
/// # Example
///
/// ```
/// let config = bffkit::Config::load(Some("[limits]\nbody_bytes = 4096\n")).unwrap();
/// assert_eq!(config.limits.body_bytes, 4096);
/// // Keys the text leaves out keep their defaults.
/// assert_eq!(config.routes.prefix, "/api");
///
/// let error = bffkit::Config::load(Some("[limits]\nbody_byte = 1\n")).unwrap_err();
/// assert!(error.to_string().contains("body_byte"));
///
/// // Or built in code, for tests and embedding.
/// let mut config = bffkit::Config::default();
/// config.batch.enabled = false;
/// let app = bffkit::App::new().config(config);
/// # let _ = app;
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `[server]`: where to listen.
    pub server: ServerConfig,
    /// `[routes]`: the lambda directory (build time) and the prefix.
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
    /// `[deadlines]`: per route, the time its upstream calls may take.
    pub deadlines: DeadlinesConfig,
    /// `[otel]`: OpenTelemetry export of traces and metrics (feature `otel`).
    pub otel: OtelConfig,
    /// `[rate_limit]`: request rates per client, user or key (429 past them).
    pub rate_limit: RateLimitConfig,
}

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
    /// Every value checked on its own and against the others, once all layers are laid.
    fn check(&self) -> Result<(), ConfigError> {
        self.server.tls.check()?;
        self.log.check()?;
        self.metrics.check()?;
        self.otel.check()?;
        self.cors.check()?;
        self.batch.check()?;
        for (name, service) in &self.upstream {
            service.check(name)?;
        }
        self.limits.check()?;
        self.deadlines.check()?;
        self.auth.check()?;
        self.rate_limit.check()?;
        self.routes.check().map_err(|e| ConfigError {
            source: "routes.prefix".to_owned(),
            detail: e.to_string(),
        })?;
        Ok(())
    }
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
    fn rate_limits_from_file_and_env_with_mistakes_named() {
        let text =
            "[rate_limit.routes.hello]\npath = \"/api/hello\"\nrequests = 5\nkey = \"user\"\n";
        let mut config = Config::load(Some(text)).unwrap();
        let hello = &config.rate_limit.routes["hello"];
        assert_eq!((hello.policy.period_secs, hello.policy.burst()), (60, 5));
        assert_eq!(config.rate_limit.sign_in.requests, 20);
        config
            .apply_env(|n| match n {
                "BFFKIT_TRUSTED_PROXIES" => Some("10.0.0.0/8, ::1".to_owned()),
                "BFFKIT_SIGN_IN_RATE_LIMIT" => Some("3".to_owned()),
                "BFFKIT_RATE_LIMIT_ON_STORE_ERROR" => Some("closed".to_owned()),
                _ => None,
            })
            .unwrap();
        assert_eq!(config.rate_limit.trusted_proxies, ["10.0.0.0/8", "::1"]);
        assert_eq!(config.rate_limit.sign_in.requests, 3);
        assert_eq!(config.rate_limit.on_store_error, OnStoreError::Closed);
        for (text, named) in [
            (
                "[rate_limit.routes.hello]\npath = \"/api/hello\"\nrequests = 0\n",
                "rate_limit.routes.hello.requests",
            ),
            (
                "[rate_limit.routes.hello]\npath = \"api/hello\"\nrequests = 1\n",
                "rate_limit.routes.hello.path",
            ),
            (
                "[rate_limit.routes.hello]\npath = \"/a\"\nrequests = 1\nkey = \"cookie\"\n",
                "rate_limit.routes.hello.key",
            ),
            (
                "[rate_limit.routes.hello]\npath = \"/a\"\nrequests = 1\nmethods = [\"G T\"]\n",
                "rate_limit.routes.hello.methods",
            ),
            (
                "[rate_limit.routes.\"1x\"]\npath = \"/a\"\nrequests = 1\n",
                "rate_limit.routes.1x",
            ),
            (
                "[rate_limit]\ntrusted_proxies = [\"10.0.0.0/40\"]\n",
                "rate_limit.trusted_proxies",
            ),
        ] {
            let err = Config::load(Some(text)).unwrap_err().to_string();
            assert!(err.contains(named), "{named}: {err}");
        }
        let err = config
            .apply_env(|n| (n == "BFFKIT_RATE_LIMIT_STORE").then(|| "disk".to_owned()))
            .unwrap_err();
        assert!(err.to_string().contains("memory or redis"), "{err}");
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
