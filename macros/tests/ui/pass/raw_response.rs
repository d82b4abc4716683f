// Full control: an axum response, an `impl Serialize`, and a `Result` of a response.
use axum::response::{IntoResponse, Response};
use bffkit::ApiError;

#[bffkit::get]
pub async fn get() -> Response {
    "plain".into_response()
}

#[bffkit::post]
pub async fn post() -> impl serde::Serialize {
    ["made"]
}

#[bffkit::put]
pub async fn put() -> Result<Response, ApiError> {
    Ok("plain".into_response())
}

fn main() {}
