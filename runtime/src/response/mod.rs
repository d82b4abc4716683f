//! Turning what a lambda returns into a response.
//!
//! A lambda may return any `Serialize` value (200 JSON), a `Result<T, E>` whose error
//! converts into [`ApiError`], an [`EventStream`](crate::stream::EventStream), or an axum
//! [`Response`] for full control. The generated code first splits a `Result` off
//! ([`returned`]), then calls `(&mut Responder(Some(value))).respond(ctx)` on the success:
//! method resolution picks [`RespondWith`] when it applies and falls back to
//! [`RespondJson`] (autoref specialization on the concrete type).

#[cfg(feature = "match")]
pub(crate) mod checked;
mod envelope;
pub(crate) mod returned;

#[cfg(feature = "match")]
pub(crate) use checked::CheckedResponse;

use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue};
use serde::Serialize;

pub use envelope::{success_json, Envelope, SUCCESS_MSG};

use crate::context::AppContext;
use crate::error::ApiError;

/// Holds a lambda's return value until it is answered.
pub struct Responder<T>(pub Option<T>);

/// Raw responses and streams.
pub trait RespondWith {
    /// Answers.
    fn respond(&mut self, ctx: &AppContext) -> Response;
}

/// Any other serializable value.
pub trait RespondJson {
    /// Answers.
    fn respond(&mut self, ctx: &AppContext) -> Response;
}

impl RespondWith for Responder<Response> {
    fn respond(&mut self, _ctx: &AppContext) -> Response {
        self.0.take().expect("responded once")
    }
}

impl<T: Serialize> RespondJson for &mut Responder<T> {
    fn respond(&mut self, ctx: &AppContext) -> Response {
        json(&self.0.take().expect("responded once"), ctx)
    }
}

/// A 200 JSON response: the value, or the value in the envelope when the app uses it.
pub fn json<T: Serialize + ?Sized>(value: &T, ctx: &AppContext) -> Response {
    match success_json(value, ctx.envelope()) {
        Ok(bytes) => json_response(bytes),
        Err(e) => {
            ApiError::internal(format!("failed to serialize the response: {e}")).into_response()
        }
    }
}

fn json_response(bytes: Vec<u8>) -> Response {
    let mut response = Response::new(axum::body::Body::from(bytes));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
