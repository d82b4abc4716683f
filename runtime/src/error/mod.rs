//! The one error type every failure becomes, and its JSON body `{code, msg, data?}`.

pub mod code;
mod fallback;
mod panic;

use std::borrow::Cow;
use std::fmt;

use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};
use serde::Serialize;
use serde_json::Value;

pub use code::ErrorCode;
pub(crate) use fallback::{method_not_allowed, not_found};
pub(crate) use panic::panic_response;

/// An error answered to the client as `{"code": .., "msg": .., "data"?: ..}` with a status.
///
/// Convert into it with `?` from the framework's failures and from your own types
/// (`impl From<MyError> for ApiError`).
pub struct ApiError {
    status: StatusCode,
    code: u32,
    msg: Cow<'static, str>,
    data: Option<Value>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
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
            source: None,
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
        let source = error.into();
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: code::INTERNAL.code,
            msg: Cow::Owned(source.to_string()),
            data: None,
            source: Some(source),
        }
    }

    /// Attaches JSON `data` for the client.
    pub fn with_data(mut self, data: impl Serialize) -> ApiError {
        self.data = serde_json::to_value(data).ok();
        self
    }

    /// Overrides the HTTP status.
    pub fn with_status(mut self, status: StatusCode) -> ApiError {
        self.status = status;
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

    /// Server errors in release builds hide their message: it may hold internals.
    fn public_msg(&self) -> &str {
        if self.status.is_server_error() && !cfg!(debug_assertions) {
            "Internal server error"
        } else {
            &self.msg
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

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(code = self.code, status = %self.status, msg = %self.msg, "request failed");
        }
        let data = if self.status.is_server_error() && !cfg!(debug_assertions) {
            None
        } else {
            self.data.as_ref()
        };
        let body = Body {
            code: self.code,
            msg: self.public_msg(),
            data,
        };
        let bytes = serde_json::to_vec(&body)
            .unwrap_or_else(|_| br#"{"code":40000,"msg":"error"}"#.to_vec());
        let mut response = (self.status, bytes).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}
