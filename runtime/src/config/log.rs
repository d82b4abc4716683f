//! `[log]`: log format and level.

use serde::Deserialize;

use super::ConfigError;

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

impl LogConfig {
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        if !matches!(self.format.as_str(), "text" | "json") {
            return Err(ConfigError {
                source: "log.format".to_owned(),
                detail: format!("`{}`: expected `text` or `json`", self.format),
            });
        }
        Ok(())
    }
}
