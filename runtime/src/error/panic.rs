//! A panicking handler answers 500 and the server keeps serving.

use std::any::Any;

use axum::response::{IntoResponse, Response};

use super::{code, ApiError};

/// What a caught panic (or any unexpected failure) answers, for the manifest.
pub(crate) fn statuses(out: &mut crate::error::Statuses) {
    out.add(crate::error::ErrorStatus::coded(
        code::INTERNAL,
        "Server error",
    ));
}

pub(crate) fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a handler panicked");
    tracing::error!(panic = detail, "handler panicked");
    ApiError::new(code::INTERNAL, format!("handler panicked: {detail}")).into_response()
}
