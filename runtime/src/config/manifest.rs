//! `[manifest]`: the introspection endpoint.

use serde::Deserialize;

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
