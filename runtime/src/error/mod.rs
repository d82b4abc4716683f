//! The one error type every failure becomes, and its JSON body `{code, msg, data?}`.

pub mod code;
mod declared;
pub(crate) mod fallback;
pub(crate) mod panic;
mod statuses;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};
use serde::Serialize;
use serde_json::Value;

pub use code::ErrorCode;
pub use declared::{DeclaredError, IntoDeclaredError};

use crate::request_id;
pub(crate) use fallback::{method_not_allowed, not_found};
pub(crate) use panic::panic_response;
pub(crate) use statuses::{DocumentedRejection, ErrorBody, ErrorStatus, Statuses};

/// An error answered to the client as `{"code": .., "msg": .., "data"?: ..}` with a status.
///
/// Convert into it with `?` from the framework's failures and from your own types
/// (`impl From<MyError> for ApiError`).
///
/// Server errors (5xx) keep their message and data to the logs when the app does not
/// expose internal errors (the default in release builds): the client gets a generic
/// message with the request id instead. Errors meant for clients, such as upstream
/// failures, opt out with [`ApiError::expose`].
///
/// # Example
///
/// ```
/// use bffkit::{code, ApiError, ErrorCode};
/// use http::StatusCode;
/// use serde_json::json;
///
/// let error = ApiError::new(code::NOT_FOUND, "no user 7").with_data(json!({ "id": 7 }));
/// assert_eq!(error.status(), StatusCode::NOT_FOUND);
/// assert_eq!(error.code(), 20005);
/// assert_eq!(error.to_json(), json!({ "code": 20005, "msg": "no user 7", "data": { "id": 7 } }));
///
/// // An app's own code, kept out of the built-in ranges.
/// const TODO_EXISTS: ErrorCode = ErrorCode::new(21002, StatusCode::CONFLICT, "TODO_EXISTS");
/// let error = ApiError::new(TODO_EXISTS, "a todo with this title exists");
/// assert_eq!((error.status(), error.code()), (StatusCode::CONFLICT, 21002));
///
/// // The framework's rejections convert with `?` or `From`.
/// let error = ApiError::from(bffkit::extract::LimitRejection::Timeout { ms: 30_000 });
/// assert_eq!(error.code(), code::TIMEOUT.code);
/// ```
#[derive(Clone)]
pub struct ApiError {
    status: StatusCode,
    code: u32,
    msg: Cow<'static, str>,
    data: Option<Value>,
    exposed: bool,
    /// Its cause was logged already, as an outage ([`crate::ops::FailureLog`]): logged
    /// per request at debug level only.
    reported: bool,
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
    /// Seconds for a `Retry-After` header (503 from an open circuit breaker).
    retry_after: Option<u64>,
}

#[derive(Serialize)]
struct Body<'a> {
    code: u32,
    msg: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a Value>,
}

impl ApiError {
    /// An error with a code from [`code`] (or your own) and a message for the client.
    pub fn new(code: ErrorCode, msg: impl Into<Cow<'static, str>>) -> ApiError {
        ApiError {
            status: code.status,
            code: code.code,
            msg: msg.into(),
            data: None,
            exposed: false,
            reported: false,
            source: None,
            retry_after: None,
        }
    }

    /// 400 `BAD_REQUEST`.
    pub fn bad_request(msg: impl Into<Cow<'static, str>>) -> ApiError {
        ApiError::new(code::BAD_REQUEST, msg)
    }

    /// 404 `NOT_FOUND`.
    pub fn not_found(msg: impl Into<Cow<'static, str>>) -> ApiError {
        ApiError::new(code::NOT_FOUND, msg)
    }

    /// 500 `INTERNAL`: the message is logged; clients of release builds see a generic one.
    pub fn internal(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> ApiError {
        let source: Arc<dyn std::error::Error + Send + Sync> = Arc::from(error.into());
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: code::INTERNAL.code,
            msg: Cow::Owned(source.to_string()),
            data: None,
            exposed: false,
            reported: false,
            source: Some(source),
            retry_after: None,
        }
    }

    /// Attaches JSON `data` for the client.
    pub fn with_data(mut self, data: impl Serialize) -> ApiError {
        self.data = serde_json::to_value(data).ok();
        self
    }

    /// Keeps the underlying error for the log line and `Error::source`.
    pub fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> ApiError {
        self.source = Some(Arc::new(source));
        self
    }

    /// Sends the message and data to clients even for a 5xx in release builds.
    pub fn expose(mut self) -> ApiError {
        self.exposed = true;
        self
    }

    /// Marks the cause as logged already (by a [`FailureLog`](crate::ops::FailureLog)):
    /// the per-request line drops to debug level, so an outage does not log every request.
    #[cfg_attr(not(any(feature = "auth", feature = "upstream")), allow(dead_code))]
    pub(crate) fn reported(mut self) -> ApiError {
        self.reported = true;
        self
    }

    /// Overrides the HTTP status.
    pub fn with_status(mut self, status: StatusCode) -> ApiError {
        self.status = status;
        self
    }

    /// Sends `Retry-After: <secs>` with the answer: when trying again makes sense.
    pub fn with_retry_after(mut self, secs: u64) -> ApiError {
        self.retry_after = Some(secs);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The numeric code.
    pub fn code(&self) -> u32 {
        self.code
    }

    /// The message.
    pub fn msg(&self) -> &str {
        &self.msg
    }

    /// The JSON data, if any.
    pub fn data(&self) -> Option<&Value> {
        self.data.as_ref()
    }

    /// The body clients see, `{code, msg, data?}`, as JSON (for batch lines and
    /// aggregated results).
    pub fn to_json(&self) -> Value {
        let (msg, data) = self.public_parts();
        let mut body = serde_json::json!({ "code": self.code, "msg": msg });
        if let Some(data) = data {
            body["data"] = data.clone();
        }
        body
    }

    /// Hidden server errors answer a generic message that names the request id.
    fn public_parts(&self) -> (Cow<'_, str>, Option<&Value>) {
        if self.status.is_server_error() && !self.exposed && !request_id::exposes_internal() {
            let msg = match request_id::current() {
                Some(id) => format!("Internal server error (request id {id})"),
                None => "Internal server error".to_owned(),
            };
            (Cow::Owned(msg), None)
        } else {
            (Cow::Borrowed(&self.msg), self.data.as_ref())
        }
    }

    /// Logs server errors with the request id, through `tracing` when a subscriber is
    /// installed and to stderr otherwise, so hidden messages are never lost.
    pub(crate) fn log(&self) {
        if !self.status.is_server_error() {
            return;
        }
        let id = request_id::current();
        let id = id.as_ref().map_or("-", |id| id.as_str());
        let detail = match &self.source {
            Some(source) if source.to_string() != self.msg => format!("{}: {source}", self.msg),
            _ => self.msg.to_string(),
        };
        if self.reported {
            tracing::debug!(request_id = id, code = self.code, status = %self.status, msg = %detail, "request failed");
        } else if tracing::dispatcher::has_been_set() {
            tracing::error!(request_id = id, code = self.code, status = %self.status, msg = %detail, "request failed");
        } else {
            eprintln!(
                "bffkit: request failed request_id={id} code={} status={} msg={detail}",
                self.code,
                self.status.as_u16(),
            );
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("msg", &self.msg)
            .field("data", &self.data)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.status, self.msg)
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// The code an error response carries, for the debug-build check that handlers answer only
/// the errors they declare.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AnsweredCode(pub u32);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.log();
        let (msg, data) = self.public_parts();
        let body = Body {
            code: self.code,
            msg: &msg,
            data,
        };
        let bytes = serde_json::to_vec(&body)
            .unwrap_or_else(|_| br#"{"code":40000,"msg":"error"}"#.to_vec());
        let mut response = (self.status, bytes).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response.extensions_mut().insert(AnsweredCode(self.code));
        response
    }
}
