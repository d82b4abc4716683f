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
    /// While a dependency (session store, upstream service, platform, collector) keeps
    /// failing, one summary line each this many seconds after its first failure;
    /// env `BFFKIT_LOG_OUTAGE_SUMMARY_SECS`. Default 5.
    pub outage_summary_secs: u64,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            format: "text".to_owned(),
            level: "info".to_owned(),
            outage_summary_secs: 5,
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
        if self.outage_summary_secs == 0 {
            return Err(ConfigError {
                source: "log.outage_summary_secs".to_owned(),
                detail: "must be at least 1".to_owned(),
            });
        }
        Ok(())
    }
}
