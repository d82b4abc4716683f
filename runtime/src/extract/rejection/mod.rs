//! How reading a request fails: one type per way of failing, each with its status, its
//! code and the field it names, and each converting into [`ApiError`], as axum's
//! `extract::rejection` does.
//!
//! - [`PathRejection`]: a path parameter (`params.id: ...`);
//! - [`QueryRejection`]: the query string (`query.page: ...`);
//! - [`BodyRejection`]: the body, its media type or its JSON (`data.items[2]: ...`);
#![cfg_attr(
    feature = "match",
    doc = "- [`MatchRejection`]: the parts of a `match` route that break their schemas;"
)]
//! - [`LimitRejection`]: a size, depth, count or time limit of `[limits]` or `[batch]`.
//!
//! The batch endpoint's own refusals are `batch::call::BatchRejection`, listed the same way.
//!
//! ```
//! use bffkit::extract::rejection::LimitRejection;
//! use bffkit::{code, ApiError};
//!
//! let rejection = LimitRejection::BodyTooLarge { limit: 1024 };
//! assert_eq!(rejection.status(), 413);
//! let error = ApiError::from(rejection);
//! assert_eq!(error.code(), code::PAYLOAD_TOO_LARGE.code);
//! assert_eq!(error.msg(), "request body is larger than the limit of 1024 bytes");
//! ```

mod body;
mod limit;
#[cfg(feature = "match")]
mod matched;
mod path;
mod query;

use std::any::Any;

use axum::extract::rejection as axum_rejection;
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};
use http_body_util::BodyExt;

pub use body::BodyRejection;
pub use limit::LimitRejection;
#[cfg(feature = "match")]
pub use matched::MatchRejection;
pub use path::PathRejection;
pub use query::QueryRejection;

use crate::error::{code, ApiError};

/// The code of `BodyRejection::TeapotForTest`, a variant only unit tests have.
#[cfg(test)]
const TEAPOT_FOR_TEST: crate::ErrorCode =
    crate::ErrorCode::new(29418, StatusCode::IM_A_TEAPOT, "TEAPOT_FOR_TEST");

/// The parts every rejection of this module shares: the status from its code, `Display`
/// as the message, and the conversions into [`ApiError`] and a response.
macro_rules! rejection {
    ($name:ident) => {
        impl $name {
            /// The HTTP status it answers with.
            pub fn status(&self) -> http::StatusCode {
                self.code().status
            }

            /// The message clients get in `msg`.
            pub fn body_text(&self) -> String {
                self.to_string()
            }
        }

        impl std::error::Error for $name {}

        impl From<$name> for crate::error::ApiError {
            fn from(rejection: $name) -> crate::error::ApiError {
                rejection.into_api_error()
            }
        }

        impl axum::response::IntoResponse for $name {
            fn into_response(self) -> axum::response::Response {
                crate::error::ApiError::from(self).into_response()
            }
        }
    };
}
pub(crate) use rejection;

/// `code()`, and every status the type can answer for the manifest, from one table: a
/// pattern, its code and what the status means to a client. The match is exhaustive, so
/// a new variant needs an arm, and its status is in the manifest with no other edit.
/// `nested Variant(Inner)` (one or more) delegates to a rejection type inside.
macro_rules! codes {
    (
        $name:ident $(, nested $variant:ident($inner:ty))*;
        $( $(#[$attr:meta])* $pat:pat => $code:expr, $meaning:expr; )+
    ) => {
        impl $name {
            /// The code it answers with, which gives the status.
            pub fn code(&self) -> crate::error::ErrorCode {
                self.documented().0
            }

            /// Its code and what the status means, as the manifest documents it.
            pub(crate) fn documented(&self) -> (crate::error::ErrorCode, &'static str) {
                match self {
                    $( $name::$variant(inner) => inner.documented(), )*
                    $( $(#[$attr])* $pat => ($code, $meaning), )+
                }
            }
        }

        impl crate::error::DocumentedRejection for $name {
            fn statuses(out: &mut crate::error::Statuses) {
                // Its own table first: where a nested type shares a status, the outer
                // type's meaning is the more general one.
                $( $(#[$attr])* out.add(crate::error::ErrorStatus::coded($code, $meaning)); )+
                $( <$inner as crate::error::DocumentedRejection>::statuses(out); )*
            }
        }
    };
}
pub(crate) use codes;

/// axum's own rejections, read through their `status()` and `body_text()`.
macro_rules! axum_rejections {
    ($rejection:expr, $($ty:ty),* $(,)?) => {
        $(
            if let Some(r) = ($rejection as &dyn Any).downcast_ref::<$ty>() {
                return Some((r.status(), r.body_text()));
            }
        )*
    };
}

fn axum_rejection(rejection: &dyn Any) -> Option<(StatusCode, String)> {
    axum_rejections!(
        rejection,
        axum_rejection::JsonRejection,
        axum_rejection::QueryRejection,
        axum_rejection::PathRejection,
        axum_rejection::BytesRejection,
        axum_rejection::StringRejection,
        axum_rejection::ExtensionRejection,
        axum_rejection::MatchedPathRejection,
        axum_rejection::RawPathParamsRejection,
        axum_rejection::NestedPathRejection,
    );
    None
}

/// Any extractor's rejection in the one JSON error shape: bffkit's own and [`ApiError`] as
/// they are, axum's from their status and text, and others (plain-text responses) from
/// the body they answer.
pub async fn into_json<R: IntoResponse + 'static>(rejection: R) -> Response {
    let any: &dyn Any = &rejection;
    if let Some((status, text)) = axum_rejection(any) {
        return error_for(status, text).into_response();
    }
    let response = rejection.into_response();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = match http_body_util::Limited::new(body, 64 * 1024)
        .collect()
        .await
    {
        Ok(bytes) => String::from_utf8_lossy(&bytes.to_bytes()).into_owned(),
        Err(_) => String::new(),
    };
    let mut out = error_for(parts.status, text).into_response();
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name, value.clone());
        }
    }
    out
}

/// The built-in code for `status`, with `text` (or the status's reason) as the message.
fn error_for(status: StatusCode, text: String) -> ApiError {
    let msg = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_owned()
    } else {
        text
    };
    ApiError::new(code::for_status(status), msg).with_status(status)
}
