//! JSON answers for unknown paths (404) and known paths with the wrong method (405).

use axum::response::{IntoResponse, Response};
use http::{Method, Uri};

use super::{code, ApiError};

/// What the router's fallbacks answer, for the manifest.
pub(crate) fn statuses(out: &mut crate::error::Statuses) {
    use crate::error::ErrorStatus;
    out.add(ErrorStatus::coded(code::NOT_FOUND, "Not found"));
    out.add(ErrorStatus::coded(
        code::METHOD_NOT_ALLOWED,
        "Method not allowed",
    ));
}

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
