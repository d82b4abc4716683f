//! Answering a batch: NDJSON lines in completion order, or one JSON array in call order.

use std::convert::Infallible;
use std::future::Future;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::stream::{FuturesUnordered, StreamExt};
use http::{header, HeaderValue};

use super::dispatch::CallOutcome;

/// The media type of the streamed answer.
pub(crate) const NDJSON: &str = "application/x-ndjson";

/// Streams one line per call the moment it completes. The status (200) and headers go out
/// before the first line, so calls can no longer change them.
pub(crate) fn ndjson<F>(calls: impl IntoIterator<Item = F>) -> Response
where
    F: Future<Output = CallOutcome> + Send + 'static,
{
    let lines = calls
        .into_iter()
        .collect::<FuturesUnordered<F>>()
        .map(|outcome| Ok::<_, Infallible>(line(&outcome)));
    let mut response = Body::from_stream(lines).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(NDJSON));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Stops buffering proxies (nginx) from holding lines back.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

/// Waits for every call, then answers the outcomes in call order.
pub(crate) async fn array<F>(calls: impl IntoIterator<Item = F>) -> Response
where
    F: Future<Output = CallOutcome>,
{
    let mut outcomes: Vec<CallOutcome> = calls
        .into_iter()
        .collect::<FuturesUnordered<F>>()
        .collect()
        .await;
    outcomes.sort_by_key(|o| o.index);
    let mut response = axum::Json(outcomes).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn line(outcome: &CallOutcome) -> Bytes {
    let mut bytes = serde_json::to_vec(outcome).unwrap_or_else(|_| {
        format!(
            r#"{{"index":{},"status":500,"body":{{"code":40000,"msg":"unserializable result"}}}}"#,
            outcome.index
        )
        .into_bytes()
    });
    bytes.push(b'\n');
    Bytes::from(bytes)
}
