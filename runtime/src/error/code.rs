//! The numeric error codes, and the HTTP status each one answers with.
//!
//! `10000` is success (used by the envelope), `2xxxx` are client errors, `3xxxx` upstream
//! failures and `4xxxx` server errors. Apps add their own codes with [`ErrorCode::new`];
//! keep them out of the ranges listed here (e.g. `21000` and up).

use http::StatusCode;

/// A numeric error code paired with its HTTP status and a stable name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    /// The number clients switch on.
    pub code: u32,
    /// The HTTP status sent with it.
    pub status: StatusCode,
    /// A stable upper-case name for docs and logs.
    pub name: &'static str,
}

impl ErrorCode {
    /// Declares an app-specific code.
    pub const fn new(code: u32, status: StatusCode, name: &'static str) -> ErrorCode {
        ErrorCode { code, status, name }
    }
}

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $code:literal, $status:ident;)*) => {
        $( $(#[$doc])* pub const $name: ErrorCode = ErrorCode::new($code, StatusCode::$status, stringify!($name)); )*
        /// Every built-in code, for documentation and the manifest.
        pub const ALL: &[ErrorCode] = &[$($name),*];
    };
}

/// Codes also answered with another status than their own: 30000 with 503 when the app
/// did not call the service at all (its circuit breaker is open, or it is at capacity).
pub const OTHER_STATUSES: &[(ErrorCode, StatusCode)] =
    &[(UPSTREAM_ERROR, StatusCode::SERVICE_UNAVAILABLE)];

/// The success code carried by the envelope.
pub const SUCCESS: u32 = 10000;

codes! {
    /// The request is malformed: bad JSON, a bad path parameter, a bad query string.
    BAD_REQUEST = 20000, BAD_REQUEST;
    /// The request is well-formed but breaks the endpoint's schema.
    VALIDATION_FAILED = 20001, BAD_REQUEST;
    /// No valid session.
    UNAUTHORIZED = 20002, UNAUTHORIZED;
    /// Signed in, but not allowed.
    FORBIDDEN = 20003, FORBIDDEN;
    /// A server-to-server API key is missing or wrong.
    INVALID_API_KEY = 20004, UNAUTHORIZED;
    /// No route matches the path.
    NOT_FOUND = 20005, NOT_FOUND;
    /// The route exists, but not for this method.
    METHOD_NOT_ALLOWED = 20006, METHOD_NOT_ALLOWED;
    /// The request took too long.
    TIMEOUT = 20007, REQUEST_TIMEOUT;
    /// The request conflicts with the current state.
    CONFLICT = 20008, CONFLICT;
    /// The body, a part or a batch is over its limit.
    PAYLOAD_TOO_LARGE = 20009, PAYLOAD_TOO_LARGE;
    /// The body's content type is not the one the endpoint reads.
    UNSUPPORTED_MEDIA_TYPE = 20010, UNSUPPORTED_MEDIA_TYPE;
    /// Rate limited.
    TOO_MANY_REQUESTS = 20011, TOO_MANY_REQUESTS;
    /// The URI is over its limit.
    URI_TOO_LONG = 20012, URI_TOO_LONG;
    /// The headers are over their limit.
    HEADERS_TOO_LARGE = 20013, REQUEST_HEADER_FIELDS_TOO_LARGE;
    /// An upstream service failed; `data` carries its status and body.
    UPSTREAM_ERROR = 30000, BAD_GATEWAY;
    /// An upstream service did not answer in time.
    UPSTREAM_TIMEOUT = 30001, GATEWAY_TIMEOUT;
    /// An unexpected server failure; details are logged, not sent.
    INTERNAL = 40000, INTERNAL_SERVER_ERROR;
    /// The handler's response broke its own schema.
    RESPONSE_VALIDATION_FAILED = 40001, INTERNAL_SERVER_ERROR;
    /// The server cannot serve now (starting, draining, a store is down).
    SERVICE_UNAVAILABLE = 40002, SERVICE_UNAVAILABLE;
}

/// The built-in code for a status, used when a response carries no code of its own.
pub fn for_status(status: StatusCode) -> ErrorCode {
    ALL.iter()
        .find(|c| c.status == status)
        .copied()
        .unwrap_or(if status.is_server_error() {
            INTERNAL
        } else {
            BAD_REQUEST
        })
}
