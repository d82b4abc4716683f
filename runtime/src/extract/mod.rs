//! Turning a request into a lambda's arguments.

pub(crate) mod body;
pub(crate) mod depth;
mod located;
#[cfg(feature = "match")]
pub(crate) mod matcher;
pub(crate) mod path_params;
mod query_arrays;
pub mod rejection;
mod request_option;
mod state;
mod upload;

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::Response;
use http::request::Parts;

// For the sign-in routes and WebSocket messages (features `auth`, `ws`).
#[cfg(any(feature = "auth", feature = "ws"))]
pub(crate) use located::json as json_located;
#[cfg(feature = "match")]
pub(crate) use located::located_path;
// Codegen plumbing: reached by generated code through `__private` only.
/// One part of a `match` request that breaks its schema, as [`MatchRejection::Invalid`] lists them.
#[cfg(feature = "match")]
pub use crate::schema::Violation;
pub(crate) use path_params::PathParams;
pub use path_params::Segments;
#[cfg(feature = "match")]
pub use rejection::MatchRejection;
pub use rejection::{BodyRejection, LimitRejection, PathRejection, QueryRejection};
pub use request_option::RequestOption;
pub use state::State;
pub use upload::UploadedFile;

use crate::context::AppContext;

/// Runs a parts extractor; a rejection becomes the JSON error response.
pub(crate) async fn from_parts<T>(parts: &mut Parts, ctx: &AppContext) -> Result<T, Response>
where
    T: FromRequestParts<AppContext>,
    T::Rejection: 'static,
{
    match T::from_request_parts(parts, ctx).await {
        Ok(value) => Ok(value),
        Err(rejection) => Err(rejection::into_json(rejection).await),
    }
}

/// Runs the last extractor, which may read the body.
pub(crate) async fn from_request<T, M>(
    parts: Parts,
    body: Body,
    ctx: &AppContext,
) -> Result<T, Response>
where
    T: FromRequest<AppContext, M>,
    T::Rejection: 'static,
{
    match T::from_request(Request::from_parts(parts, body), ctx).await {
        Ok(value) => Ok(value),
        Err(rejection) => Err(rejection::into_json(rejection).await),
    }
}
