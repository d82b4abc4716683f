//! `[batch]`: the batch endpoint `POST {prefix}/_batch`.

use serde::Deserialize;

use super::ConfigError;

/// `[batch]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BatchConfig {
    /// Serve `POST {prefix}/_batch` (default `true`); env `BFFKIT_BATCH_ENABLED`.
    pub enabled: bool,
    /// Most calls one batch may hold (default 50, at least 1); env `BFFKIT_BATCH_MAX_CALLS`.
    pub max_calls: usize,
}

impl Default for BatchConfig {
    fn default() -> Self {
        BatchConfig {
            enabled: true,
            max_calls: 50,
        }
    }
}

impl BatchConfig {
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        if self.max_calls == 0 {
            return Err(ConfigError {
                source: "batch.max_calls".to_owned(),
                detail: "must be at least 1 (set `batch.enabled = false` to turn batching off)"
                    .to_owned(),
            });
        }
        Ok(())
    }
}
