//! Answering an `EventStream`: the handler's value becomes a response carrying the
//! pending stream (a response extension); the lambda service, which saw the request's
//! `Accept`, then gives it its body.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use http::{header, HeaderValue};
use serde::Serialize;

use super::body::{Format, JsonItems, StreamBody};
use super::EventStream;
use crate::context::AppContext;
use crate::context::BatchedCall;
use crate::error::ApiError;
use crate::request_id::ScopeSnapshot;
use crate::response::{RespondWith, Responder};

/// A stream waiting for its format. Extensions must be `Clone + Sync`, hence the mutex.
#[derive(Clone)]
pub(crate) struct PendingStream(Arc<Mutex<Option<(JsonItems, u64)>>>);

impl PendingStream {
    pub(crate) fn response(items: JsonItems, first_id: u64) -> Response {
        let mut response = Response::new(Body::empty());
        response
            .extensions_mut()
            .insert(PendingStream(Arc::new(Mutex::new(Some((items, first_id))))));
        response
    }
}

impl<T: Serialize + Send + 'static> EventStream<T> {
    /// Each item serialized to JSON.
    fn into_json(self) -> (JsonItems, u64) {
        let items = self.items.map(|item| {
            item.and_then(|value| {
                serde_json::to_vec(&value).map_err(|e| {
                    ApiError::internal(format!("failed to serialize a stream item: {e}"))
                })
            })
        });
        (items.boxed(), self.first_id)
    }
}

impl<T: Serialize + Send + 'static> RespondWith for Responder<EventStream<T>> {
    fn respond(&mut self, _ctx: &AppContext) -> Response {
        let (items, first_id) = self.0.take().expect("responded once").into_json();
        PendingStream::response(items, first_id)
    }
}

/// What of the request decides how a stream is answered, noted before the handler takes
/// the request.
#[derive(Clone, Copy)]
pub(crate) struct StreamRequest {
    ndjson: bool,
    batched: bool,
    keep_alive_ms: u64,
}

impl StreamRequest {
    pub(crate) fn of(request: &Request, ctx: &AppContext) -> StreamRequest {
        let ndjson = request
            .headers()
            .get(header::ACCEPT)
            .is_some_and(|accept| contains(accept.as_bytes(), b"application/x-ndjson"));
        StreamRequest {
            ndjson,
            batched: request.extensions().get::<BatchedCall>().is_some(),
            keep_alive_ms: ctx.config().stream.keep_alive_ms,
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Gives a pending stream its body; other responses pass through untouched.
pub(crate) fn finish(mut response: Response, request: StreamRequest) -> Response {
    let Some(pending) = response.extensions_mut().remove::<PendingStream>() else {
        return response;
    };
    let Some((items, first_id)) = pending.0.lock().ok().and_then(|mut p| p.take()) else {
        return ApiError::internal("a stream was answered twice").into_response();
    };
    if request.batched {
        return ApiError::bad_request(
            "this operation answers a stream, which cannot be batched: call it directly",
        )
        .into_response();
    }
    let format = if request.ndjson {
        Format::Ndjson
    } else {
        Format::Sse
    };
    let keep_alive =
        (request.keep_alive_ms > 0).then(|| Duration::from_millis(request.keep_alive_ms));
    let body = StreamBody::new(items, format, first_id, keep_alive, ScopeSnapshot::take());
    *response.body_mut() = Body::new(body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // nginx buffers responses unless told not to.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}
