//! `GET /api/ticks/stopped?run=name&wait_ms=5000`: waits until the named run of
//! `/api/ticks` stops producing (its stream dropped), and says how many ticks it made.
//! A test aid: a client that hangs up must stop the producer.

use std::time::Duration;

use bffkit::{ApiError, RequestOption};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::_runs;

#[derive(Deserialize, JsonSchema)]
pub struct Wait {
    pub run: String,
    /// How long to wait: at most 8 s, under the 10 s a fuzzer or proxy gives a request.
    #[schemars(range(max = 8000))]
    pub wait_ms: Option<u64>,
}

#[derive(Serialize, JsonSchema)]
pub struct Stopped {
    pub stopped: bool,
    /// Ticks produced before it stopped.
    pub sent: Option<u64>,
}

/// Whether a run of `/api/ticks` has stopped.
#[bffkit::get]
pub async fn get(RequestOption { query, .. }: RequestOption<Wait>) -> Result<Stopped, ApiError> {
    let wait_ms = query.wait_ms.unwrap_or(5000);
    if wait_ms > 8000 {
        return Err(ApiError::bad_request("`wait_ms` must be at most 8000"));
    }
    let sent = _runs::stopped(&query.run, Duration::from_millis(wait_ms)).await;
    Ok(Stopped { stopped: sent.is_some(), sent })
}
