//! `Last-Event-ID`: where a reconnecting client left off.

use axum::extract::FromRequestParts;
use http::request::Parts;

use crate::error::ApiError;

/// The `Last-Event-ID` header a reconnecting client sends (an extractor); `None` on a
/// first connection. A value that is not visible ASCII, or over 256 bytes, is a 400.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastEventId(pub Option<String>);

/// The header name, lowercase.
const HEADER: &str = "last-event-id";

/// Longest id accepted.
const MAX_LEN: usize = 256;

impl LastEventId {
    /// The id as a number, when it is one (bffkit numbers events).
    pub fn as_u64(&self) -> Option<u64> {
        self.0.as_deref().and_then(|id| id.parse().ok())
    }

    /// The id of the first event to send: one past the last one received, or 0.
    pub fn resume_from(&self) -> u64 {
        self.as_u64().map_or(0, |id| id.saturating_add(1))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for LastEventId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(HEADER) else {
            return Ok(LastEventId(None));
        };
        match value.to_str() {
            Ok(id) if id.len() <= MAX_LEN => Ok(LastEventId(Some(id.to_owned()))),
            _ => Err(ApiError::bad_request(format!(
                "header `{HEADER}` must be visible ASCII of at most {MAX_LEN} bytes"
            ))),
        }
    }
}
