//! `[routes]` in `bffkit.toml`: read by the build script, which decides the prefix once
//! and writes it into the route table; the runtime parses the same table.

use serde::{Deserialize, Serialize};

pub use crate::prefix::InvalidPrefix;

/// `[routes]` in `bffkit.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RoutesConfig {
    /// The lambda directory, relative to the crate root (build time only).
    pub dir: String,
    /// The URL prefix of every route (build time: it is part of the route table).
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

impl RoutesConfig {
    /// Checks the prefix (see [`crate::prefix::check`]).
    pub fn check(&self) -> Result<(), InvalidPrefix> {
        crate::prefix::check(&self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_api_lambda_under_api() {
        let config: RoutesConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(config, RoutesConfig::default());
        assert_eq!(config.prefix, "/api");
        assert_eq!(config.dir, "api/lambda");
    }

    #[test]
    fn refuses_unknown_keys_and_bad_prefixes() {
        assert!(serde_json::from_str::<RoutesConfig>(r#"{"prefx": "/v1"}"#).is_err());
        let config: RoutesConfig = serde_json::from_str(r#"{"prefix": "v1"}"#).unwrap();
        assert!(config.check().is_err());
    }
}
