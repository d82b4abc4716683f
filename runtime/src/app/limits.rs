//! Request-level limits: query string length and total request time.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::LimitsConfig;
use crate::error::{code, ApiError};

/// Rejects over-long query strings (414) and requests that take too long (408).
pub(crate) async fn enforce(
    State(limits): State<LimitsConfig>,
    request: Request,
    next: Next,
) -> Response {
    let query_len = request.uri().query().map_or(0, str::len);
    if query_len > limits.query_bytes {
        return ApiError::new(
            code::URI_TOO_LONG,
            format!(
                "query string is {query_len} bytes; the limit is {}",
                limits.query_bytes
            ),
        )
        .into_response();
    }
    let timeout = Duration::from_millis(limits.request_timeout_ms);
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            code::TIMEOUT,
            format!(
                "the request took longer than the limit of {} ms",
                limits.request_timeout_ms
            ),
        )
        .into_response(),
    }
}
