//! How an upstream call fails, and the `30000`/`30001` error clients receive:
//! `{"code": 30000, "msg": "Third-party service error!", "data": {"data": <upstream body
//! as JSON, or a string>, "status": <upstream status or null>}}`.

use std::fmt;
use std::time::Duration;

use serde_json::{json, Value};

use crate::error::{code, ApiError};

/// The message of every upstream error.
pub const UPSTREAM_MSG: &str = "Third-party service error!";

/// A failed call to an upstream service.
#[derive(Debug, Clone)]
pub struct UpstreamError {
    /// The service's configured name.
    pub service: String,
    /// `GET /users/1`.
    pub call: String,
    /// What went wrong.
    pub failure: UpstreamFailure,
}

/// What went wrong with an upstream call.
#[derive(Debug, Clone)]
pub enum UpstreamFailure {
    /// Nothing answered at the address.
    Connect(String),
    /// No complete answer within the timeout.
    Timeout(Duration),
    /// The connection broke mid-call.
    Transport(String),
    /// A 4xx or 5xx answer, with its body (JSON when it parses, else text).
    Status {
        /// The upstream status.
        status: u16,
        /// The upstream body.
        body: Value,
    },
    /// A success whose body is not JSON.
    NotJson {
        /// The upstream status.
        status: u16,
        /// The start of the body, as text.
        body: String,
    },
    /// JSON that does not fit the expected type.
    WrongShape {
        /// The upstream status.
        status: u16,
        /// The upstream body.
        body: Value,
        /// Where and how it does not fit.
        detail: String,
    },
    /// A body over the service's `max_body_bytes`.
    TooLarge {
        /// The upstream status.
        status: u16,
        /// The limit in bytes.
        limit: usize,
    },
    /// Not sent: the service's circuit breaker is open after repeated failures.
    CircuitOpen {
        /// Time until the breaker lets a probe through.
        retry_after: Duration,
    },
    /// Not sent: every slot of the service's bulkhead is taken and its queue is full.
    AtCapacity {
        /// The service's `bulkhead.max_concurrent`.
        max_concurrent: usize,
    },
    /// No answer before the request's deadline (its whole budget, given here).
    DeadlineExceeded(Duration),
}

impl UpstreamError {
    /// Whether another attempt may succeed: the service was unreachable, slow, or
    /// answered 5xx / 429.
    pub fn is_retryable(&self) -> bool {
        match &self.failure {
            UpstreamFailure::Connect(_)
            | UpstreamFailure::Timeout(_)
            | UpstreamFailure::Transport(_) => true,
            // Trying again at once would meet the same breaker, bulkhead or deadline.
            UpstreamFailure::CircuitOpen { .. }
            | UpstreamFailure::AtCapacity { .. }
            | UpstreamFailure::DeadlineExceeded(_) => false,
            UpstreamFailure::Status { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }

    /// The upstream HTTP status, when one was received.
    pub fn status(&self) -> Option<u16> {
        match &self.failure {
            UpstreamFailure::Status { status, .. }
            | UpstreamFailure::NotJson { status, .. }
            | UpstreamFailure::WrongShape { status, .. }
            | UpstreamFailure::TooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// What clients see as `data.data`: the upstream body, or a description.
    fn client_data(&self) -> Value {
        let service = &self.service;
        match &self.failure {
            UpstreamFailure::Connect(_) => json!(format!("{service}: could not connect")),
            UpstreamFailure::Timeout(after) => {
                json!(format!(
                    "{service}: no answer within {} ms",
                    after.as_millis()
                ))
            }
            UpstreamFailure::Transport(_) => json!(format!("{service}: connection failed")),
            UpstreamFailure::Status { body, .. } | UpstreamFailure::WrongShape { body, .. } => {
                body.clone()
            }
            UpstreamFailure::NotJson { body, .. } => json!(body),
            UpstreamFailure::TooLarge { limit, .. } => {
                json!(format!("{service}: response body over {limit} bytes"))
            }
            UpstreamFailure::CircuitOpen { retry_after } => json!(format!(
                "{service}: circuit open after repeated failures, not called (retry in {} s)",
                retry_after_secs(*retry_after)
            )),
            UpstreamFailure::AtCapacity { max_concurrent } => json!(format!(
                "{service}: at capacity ({max_concurrent} calls in flight), not called"
            )),
            UpstreamFailure::DeadlineExceeded(budget) => json!(format!(
                "{service}: no answer within the request's deadline ({} ms)",
                budget.as_millis()
            )),
        }
    }
}

impl UpstreamFailure {
    /// Whether an attempt that failed this way may be tried again: not a body over the
    /// limit (it would be again), nor a call the breaker, bulkhead or deadline stopped.
    pub(crate) fn is_retryable_attempt(&self) -> bool {
        !matches!(
            self,
            UpstreamFailure::TooLarge { .. }
                | UpstreamFailure::CircuitOpen { .. }
                | UpstreamFailure::AtCapacity { .. }
                | UpstreamFailure::DeadlineExceeded(_)
        )
    }
}

impl fmt::Display for UpstreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "upstream {} {}: ", self.service, self.call)?;
        match &self.failure {
            UpstreamFailure::Connect(e) => write!(f, "cannot connect: {e}"),
            UpstreamFailure::Timeout(after) => write!(f, "timed out after {after:?}"),
            UpstreamFailure::Transport(e) => write!(f, "transport error: {e}"),
            UpstreamFailure::Status { status, .. } => write!(f, "answered {status}"),
            UpstreamFailure::NotJson { status, .. } => {
                write!(f, "answered {status} with a body that is not JSON")
            }
            UpstreamFailure::WrongShape { detail, .. } => {
                write!(f, "answered JSON of the wrong shape: {detail}")
            }
            UpstreamFailure::TooLarge { limit, .. } => write!(f, "body over {limit} bytes"),
            UpstreamFailure::CircuitOpen { retry_after } => {
                write!(f, "circuit open, not called (probes in {retry_after:?})")
            }
            UpstreamFailure::AtCapacity { max_concurrent } => {
                write!(f, "{max_concurrent} calls in flight, not called")
            }
            UpstreamFailure::DeadlineExceeded(budget) => {
                write!(f, "the request's deadline ({budget:?}) passed")
            }
        }
    }
}

impl std::error::Error for UpstreamError {}

/// Whole seconds for `Retry-After`, at least 1.
fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_millis().div_ceil(1000).max(1) as u64
}

impl From<UpstreamError> for ApiError {
    fn from(error: UpstreamError) -> ApiError {
        let code = match error.failure {
            UpstreamFailure::Timeout(_) | UpstreamFailure::DeadlineExceeded(_) => {
                code::UPSTREAM_TIMEOUT
            }
            _ => code::UPSTREAM_ERROR,
        };
        // Not called at all: the app refused, so 503 and when to come back, not 502.
        let unavailable = match error.failure {
            UpstreamFailure::CircuitOpen { retry_after } => Some(retry_after_secs(retry_after)),
            UpstreamFailure::AtCapacity { .. } => Some(1),
            _ => None,
        };
        let data = json!({ "data": error.client_data(), "status": error.status() });
        let api = ApiError::new(code, UPSTREAM_MSG).with_data(data);
        let api = match unavailable {
            Some(secs) => api
                .with_status(http::StatusCode::SERVICE_UNAVAILABLE)
                .with_retry_after(secs),
            None => api,
        };
        // An outage went to its service's outage log (`upstream::telemetry`).
        let outage = super::telemetry::is_outage(&error.failure);
        let api = api.with_source(error).expose();
        if outage {
            api.reported()
        } else {
            api
        }
    }
}
