//! Configuration: `bffkit.toml` (embedded at build time), then environment overrides.
//!
//! Invalid values stop the app at start-up with a message naming the key.

mod auth;

use std::fmt;

use serde::Deserialize;

pub use auth::{AlipayConfig, AuthConfig, Secret, SessionStoreKind, WechatConfig};

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
    /// `[auth]`: sessions, API keys, WeChat and Alipay sign-in (used with `App::auth`).
    pub auth: AuthConfig,
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
        if let Some(host) = var("HOST") {
            self.server.host = host;
        }
        if let Some(port) = var("PORT") {
            self.server.port = parse_env("PORT", &port)?;
        }
        if let Some(prefix) = var("BFFKIT_PREFIX") {
            self.routes.prefix = prefix;
        }
        if let Some(flag) = var("BFFKIT_MANIFEST") {
            self.manifest.enabled = Some(parse_flag("BFFKIT_MANIFEST", &flag)?);
        }
        if let Some(limit) = var("BFFKIT_BODY_LIMIT") {
            self.limits.body_bytes = parse_env("BFFKIT_BODY_LIMIT", &limit)?;
        }
        self.auth.apply_env(&var)?;
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
