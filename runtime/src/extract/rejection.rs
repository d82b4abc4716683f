//! Any extractor's rejection, answered in the one JSON error shape.

use axum::response::{IntoResponse, Response};
use http::header;
use http_body_util::BodyExt;

use crate::error::{code, ApiError};

/// Keeps JSON rejections; turns others (axum's are plain text) into `{code, msg}`.
pub async fn into_json(rejection: impl IntoResponse) -> Response {
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
    let msg = if text.is_empty() {
        parts
            .status
            .canonical_reason()
            .unwrap_or("error")
            .to_owned()
    } else {
        text
    };
    let mut out = ApiError::new(code::for_status(parts.status), msg)
        .with_status(parts.status)
        .into_response();
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name, value.clone());
        }
    }
    out
}
