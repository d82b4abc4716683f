//! Configuration: `bffkit.toml` (embedded at build time), then environment overrides.
//!
//! Invalid values stop the app at start-up with a message naming the key.

use std::fmt;

use serde::Deserialize;

/// The whole `bffkit.toml`.
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
    /// `[log]`: log format and level.
    pub log: LogConfig,
    /// `[metrics]`: the Prometheus endpoint.
    pub metrics: MetricsConfig,
    /// `[cors]`: cross-origin access, e.g. for a frontend dev server.
    pub cors: CorsConfig,
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
}

impl ManifestConfig {
    /// Whether the endpoint is served.
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

/// `[routes]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RoutesConfig {
    /// The lambda directory; read by the build script.
    pub dir: String,
    /// The prefix of every route; env `BFFKIT_PREFIX`.
    pub prefix: String,
}

impl Default for RoutesConfig {
    fn default() -> Self {
        RoutesConfig {
            dir: "api/lambda".to_owned(),
            prefix: "/api".to_owned(),
        }
    }
}

/// `[limits]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Largest request body in bytes (default 1 MiB); env `BFFKIT_BODY_LIMIT`.
    pub body_bytes: usize,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            body_bytes: 1024 * 1024,
        }
    }
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
    /// Parses `bffkit.toml` text, then applies the environment.
    pub fn load(toml_text: Option<&str>) -> Result<Config, ConfigError> {
        let mut config = match toml_text {
            Some(text) => {
                let de = toml::Deserializer::new(text);
                serde_path_to_error::deserialize(de).map_err(|e| ConfigError {
                    source: "bffkit.toml".to_owned(),
                    detail: format!("{}: {}", e.path(), e.inner().message()),
                })?
            }
            None => Config::default(),
        };
        config.apply_env(|name| std::env::var(name).ok())?;
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
        if let Some(prefix) = var("BFFKIT_PREFIX") {
            self.routes.prefix = prefix;
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
        if !self.routes.prefix.is_empty() && !self.routes.prefix.starts_with('/') {
            return Err(ConfigError {
                source: "routes.prefix".to_owned(),
                detail: format!("must start with `/` (got `{}`)", self.routes.prefix),
            });
        }
        Ok(())
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
}
