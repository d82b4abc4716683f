//! JSON answers for unknown paths (404) and known paths with the wrong method (405).

use axum::response::{IntoResponse, Response};
use http::{Method, Uri};

use super::{code, ApiError};

pub(crate) async fn not_found(method: Method, uri: Uri) -> Response {
    ApiError::new(
        code::NOT_FOUND,
        format!("no route for {method} {}", uri.path()),
    )
    .into_response()
}

/// axum has already set `Allow`; this keeps it and adds the JSON body.
pub(crate) async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    ApiError::new(
        code::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on {}", uri.path()),
    )
    .into_response()
}
