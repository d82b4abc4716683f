//! `[upstream.<name>]`: one upstream service, and its environment overrides
//! (`BFFKIT_UPSTREAM_<NAME>_URL`, `_TIMEOUT_MS`, `_RETRIES`, `_BREAKER`,
//! `_BREAKER_COOL_DOWN_MS`, `_MAX_CONCURRENT`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::resilience::{BreakerConfig, BulkheadConfig, RetryBudgetConfig};
use super::ConfigError;

/// One named upstream service.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpstreamConfig {
    /// Base URL; call paths are appended to it.
    pub url: String,
    /// Per-attempt timeout in milliseconds (default 5000).
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    /// Extra attempts for idempotent calls that fail in a retryable way (default 2).
    #[serde(default = "default_retries")]
    pub retries: u32,
    /// First backoff delay in milliseconds; doubles each retry, with jitter (default 100).
    #[serde(default = "default_backoff_ms")]
    pub backoff_ms: u64,
    /// Largest response body read, in bytes (default 4 MiB).
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: usize,
    /// Headers sent on every call.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Incoming request headers copied onto every call (e.g. `["authorization"]`).
    #[serde(default)]
    pub forward_headers: Vec<String>,
    /// `[upstream.<name>.breaker]`: the circuit breaker.
    #[serde(default)]
    pub breaker: BreakerConfig,
    /// `[upstream.<name>.retry_budget]`: how many retries the service may be sent.
    #[serde(default)]
    pub retry_budget: RetryBudgetConfig,
    /// `[upstream.<name>.bulkhead]`: how many calls may wait on the service at once.
    #[serde(default)]
    pub bulkhead: BulkheadConfig,
}

fn default_timeout_ms() -> u64 {
    5000
}

fn default_retries() -> u32 {
    2
}

fn default_backoff_ms() -> u64 {
    100
}

fn default_max_body_bytes() -> usize {
    4 * 1024 * 1024
}

impl UpstreamConfig {
    /// A service at `url` with the default settings.
    pub fn new(url: impl Into<String>) -> UpstreamConfig {
        UpstreamConfig {
            url: url.into(),
            timeout_ms: default_timeout_ms(),
            retries: default_retries(),
            backoff_ms: default_backoff_ms(),
            max_body_bytes: default_max_body_bytes(),
            headers: BTreeMap::new(),
            forward_headers: Vec::new(),
            breaker: BreakerConfig::default(),
            retry_budget: RetryBudgetConfig::default(),
            bulkhead: BulkheadConfig::default(),
        }
    }

    /// `payments` → `BFFKIT_UPSTREAM_PAYMENTS_<SUFFIX>`; `-` and `.` become `_`.
    pub fn env_name(service: &str, suffix: &str) -> String {
        let upper: String = service
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        format!("BFFKIT_UPSTREAM_{upper}_{suffix}")
    }

    /// A URL with a host and a timeout above 0; `name` is the service's.
    pub(super) fn check(&self, name: &str) -> Result<(), ConfigError> {
        let has_host = self.url.split_once("://").is_some_and(|(scheme, rest)| {
            matches!(scheme, "http" | "https") && !rest.is_empty() && !rest.starts_with('/')
        });
        if !has_host {
            return Err(ConfigError {
                source: format!("upstream.{name}.url"),
                detail: format!("`{}` is not an http(s) URL", self.url),
            });
        }
        if self.timeout_ms == 0 {
            return Err(ConfigError {
                source: format!("upstream.{name}.timeout_ms"),
                detail: "must be above 0".to_owned(),
            });
        }
        self.breaker.check(name)?;
        self.retry_budget.check(name)?;
        self.bulkhead.check(name)?;
        Ok(())
    }
}
