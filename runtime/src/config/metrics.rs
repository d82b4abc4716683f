//! `[metrics]`: the Prometheus endpoint.

use serde::Deserialize;

/// `[metrics]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// Serve Prometheus metrics at `/metrics`; env `BFFKIT_METRICS` (`1`/`0`). Off by default.
    pub enabled: bool,
}
