//! `[metrics]`: the Prometheus endpoint.

use serde::Deserialize;

use super::ConfigError;

/// `[metrics]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// Serve Prometheus metrics at `/metrics`; env `BFFKIT_METRICS` (`1`/`0`). Off by default.
    pub enabled: bool,
}

impl MetricsConfig {
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        if self.enabled && !cfg!(feature = "metrics") {
            return Err(ConfigError {
                source: "metrics.enabled".to_owned(),
                detail: "metrics need bffkit's `metrics` feature (on by default)".to_owned(),
            });
        }
        Ok(())
    }
}
