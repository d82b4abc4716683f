//! `[upstream.<name>.breaker]`, `.retry_budget` and `.bulkhead`: how one upstream service is
//! kept from taking the app down when it fails. The defaults need no tuning; where each
//! comes from is said beside it.

use serde::Deserialize;

use super::ConfigError;

/// `[upstream.<name>.breaker]`: the circuit breaker. It opens when, within `window_ms`,
/// at least `min_calls` calls were made and `failure_rate` of them failed, or after
/// `consecutive_failures` failures in a row; while open, calls fail at once (503,
/// `Retry-After`). After `cool_down_ms` up to `probes` calls go through (half-open):
/// that many successes close it, one failure opens it again. Timeouts, connection errors
/// and 5xx answers count as failures; 4xx answers do not.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BreakerConfig {
    /// `false` turns the breaker off (default `true`); env
    /// `BFFKIT_UPSTREAM_<NAME>_BREAKER`.
    pub enabled: bool,
    /// Share of failed calls that opens it, 0 < rate ≤ 1 (default 0.5, as resilience4j
    /// and Hystrix).
    pub failure_rate: f64,
    /// Fewest calls in the window before the rate is judged (default 20, Hystrix's
    /// request volume threshold).
    pub min_calls: u32,
    /// Failures in a row that open it whatever the rate (default 5, Envoy's outlier
    /// detection `consecutive_5xx`); 0 turns this test off.
    pub consecutive_failures: u32,
    /// The window calls are counted over, in milliseconds (default 10000, Hystrix's).
    pub window_ms: u64,
    /// How long it stays open before probing, in milliseconds (default 5000, Hystrix's
    /// sleep window); env `BFFKIT_UPSTREAM_<NAME>_BREAKER_COOL_DOWN_MS`.
    pub cool_down_ms: u64,
    /// Calls let through half-open, and successes needed to close (default 3).
    pub probes: u32,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        BreakerConfig {
            enabled: true,
            failure_rate: 0.5,
            min_calls: 20,
            consecutive_failures: 5,
            window_ms: 10_000,
            cool_down_ms: 5_000,
            probes: 3,
        }
    }
}

/// `[upstream.<name>.retry_budget]`: retries may add at most `percent` of the service's
/// requests over the last `window_ms`, but never fewer than `min_retries` in that window,
/// so a quiet app still retries a lone failure. Retries of non-idempotent calls stay off.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetryBudgetConfig {
    /// Retries as a share of requests, in percent (default 20, as Envoy's `budget_percent`
    /// and Finagle's `percentCanRetry`).
    pub percent: u32,
    /// Retries always allowed per window (default 10).
    pub min_retries: u32,
    /// The window, in milliseconds (default 10000, Finagle's budget TTL).
    pub window_ms: u64,
}

impl Default for RetryBudgetConfig {
    fn default() -> Self {
        RetryBudgetConfig {
            percent: 20,
            min_retries: 10,
            window_ms: 10_000,
        }
    }
}

/// `[upstream.<name>.bulkhead]`: at most `max_concurrent` calls to the service at once,
/// and `max_queued` more waiting for a slot (no longer than the call's timeout and the
/// request's deadline); past that, calls fail at once (503). A dead service can then hold
/// only its own share of sockets and tasks.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BulkheadConfig {
    /// Calls in flight at once (default 256); env `BFFKIT_UPSTREAM_<NAME>_MAX_CONCURRENT`.
    pub max_concurrent: usize,
    /// Calls waiting for a slot (default 64).
    pub max_queued: usize,
}

impl Default for BulkheadConfig {
    fn default() -> Self {
        BulkheadConfig {
            max_concurrent: 256,
            max_queued: 64,
        }
    }
}

impl BreakerConfig {
    pub(super) fn check(&self, name: &str) -> Result<(), ConfigError> {
        let bad = |key: &str, detail: &str| ConfigError {
            source: format!("upstream.{name}.breaker.{key}"),
            detail: detail.to_owned(),
        };
        if !(self.failure_rate > 0.0 && self.failure_rate <= 1.0) {
            return Err(bad("failure_rate", "must be above 0 and at most 1"));
        }
        if self.window_ms == 0 {
            return Err(bad("window_ms", "must be above 0"));
        }
        if self.probes == 0 {
            return Err(bad("probes", "must be at least 1"));
        }
        Ok(())
    }
}

impl RetryBudgetConfig {
    pub(super) fn check(&self, name: &str) -> Result<(), ConfigError> {
        if self.window_ms == 0 {
            return Err(ConfigError {
                source: format!("upstream.{name}.retry_budget.window_ms"),
                detail: "must be above 0".to_owned(),
            });
        }
        Ok(())
    }
}

impl BulkheadConfig {
    pub(super) fn check(&self, name: &str) -> Result<(), ConfigError> {
        if self.max_concurrent == 0 {
            return Err(ConfigError {
                source: format!("upstream.{name}.bulkhead.max_concurrent"),
                detail: "must be at least 1".to_owned(),
            });
        }
        Ok(())
    }
}
