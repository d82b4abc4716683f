//! `[routes]`: the lambda directory (build time) and the prefix.

use serde::Deserialize;

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
