//! What an upstream call reports: its span (with `traceparent` sent along), its metrics
//! (`bffkit_upstream_*`), and its service's outage log. `client.rs` calls in here at the
//! start and end of a call, per attempt and per retry.

use std::time::Instant;

use super::error::{UpstreamError, UpstreamFailure};
use crate::ops::{metrics, FailureLog};

/// One call in flight: when it started, and its span.
pub(super) struct Call {
    started: Instant,
    #[cfg(feature = "otel")]
    span: crate::ops::traces::CallSpan,
}

impl Call {
    /// Starts timing (and tracing) `method url`.
    pub(super) fn start(service: &str, method: &http::Method, base: &str, path: &str) -> Call {
        #[cfg(feature = "otel")]
        let span = crate::ops::traces::CallSpan::start(service, method, base, path);
        #[cfg(not(feature = "otel"))]
        let _ = (service, method, base, path);
        Call {
            started: Instant::now(),
            #[cfg(feature = "otel")]
            span,
        }
    }

    /// Adds the call's `traceparent` to an attempt.
    pub(super) fn inject(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        #[cfg(feature = "otel")]
        {
            // Names as constants: from a `&str`, reqwest would parse and allocate them per call.
            const TRACEPARENT: http::HeaderName = http::HeaderName::from_static("traceparent");
            const TRACESTATE: http::HeaderName = http::HeaderName::from_static("tracestate");
            if let Some((traceparent, state)) = self.span.traceparent() {
                let request = request.header(TRACEPARENT, traceparent);
                return match state {
                    Some(state) => request.header(TRACESTATE, state),
                    None => request,
                };
            }
        }
        request
    }

    /// Records that attempt `attempt` of the call to `service` is retried.
    pub(super) fn retry(&self, service: &str, attempt: u32) {
        metrics::upstream_retry(service);
        #[cfg(feature = "otel")]
        self.span.retry_event(attempt, "retryable failure");
        #[cfg(not(feature = "otel"))]
        let _ = attempt;
    }

    /// Records the status the upstream answered.
    pub(super) fn answered(&self, status: u16) {
        #[cfg(feature = "otel")]
        self.span.answered(status);
        #[cfg(not(feature = "otel"))]
        let _ = status;
    }

    /// Records the outcome: metrics, the span's end, and the service's outage log (a 4xx
    /// is the caller's business, not an outage: debug level).
    pub(super) fn finish(
        self,
        service: &str,
        failures: &FailureLog,
        error: Option<&UpstreamError>,
    ) {
        let seconds = self.started.elapsed().as_secs_f64();
        let kind = error.map(|e| kind(&e.failure));
        // Lines logged about the call carry its span's id.
        #[cfg(feature = "otel")]
        let current = self.span.attach();
        metrics::upstream_call(service, seconds, kind);
        match error {
            None => failures.success(),
            Some(e) if is_outage(&e.failure) => failures.failure(e),
            Some(e) => tracing::debug!(error = %e, "upstream call failed"),
        }
        #[cfg(feature = "otel")]
        {
            drop(current);
            self.span
                .finish(error.map(|e| (kind.unwrap_or("error"), e.to_string())));
        }
    }
}

/// The failure's kind, a metric label and the span's `error.type`.
fn kind(failure: &UpstreamFailure) -> &'static str {
    match failure {
        UpstreamFailure::Connect(_) => "connect",
        UpstreamFailure::Timeout(_) => "timeout",
        UpstreamFailure::Transport(_) => "transport",
        UpstreamFailure::Status { .. } => "status",
        UpstreamFailure::NotJson { .. } => "not_json",
        UpstreamFailure::WrongShape { .. } => "wrong_shape",
        UpstreamFailure::TooLarge { .. } => "too_large",
        UpstreamFailure::CircuitOpen { .. } => "circuit_open",
        UpstreamFailure::AtCapacity { .. } => "at_capacity",
        UpstreamFailure::DeadlineExceeded(_) => "deadline",
    }
}

/// Whether the failure says the service is down (rather than that it refused this call).
pub(super) fn is_outage(failure: &UpstreamFailure) -> bool {
    match failure {
        UpstreamFailure::Status { status, .. } => *status >= 500 || *status == 429,
        _ => true,
    }
}
