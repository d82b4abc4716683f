//! Running one call of a batch through the app's router, as if it were its own request.

use axum::body::Body;
use std::net::SocketAddr;

use axum::extract::Request;
use axum::Router;
use http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::Serialize;
use serde_json::Value;
use tower::ServiceExt;

use super::call::BatchCall;
use crate::error::{code, ApiError};

use crate::context::BatchedCall;

// The result of one call: a line of the NDJSON stream, an item of the JSON array. (No
// doc comment on the type: it would become the schema's description.)
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[schemars(inline)]
pub(crate) struct CallOutcome {
    pub index: usize,
    pub status: u16,
    /// Absent when the call answered with an empty body
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

/// Headers of the batch request that describe its own body or connection, not the calls'.
const NOT_INHERITED: [HeaderName; 7] = [
    header::CONTENT_LENGTH,
    header::CONTENT_TYPE,
    header::CONTENT_ENCODING,
    header::TRANSFER_ENCODING,
    header::ACCEPT,
    header::CONNECTION,
    header::EXPECT,
];

/// The batch request's headers that every call gets (auth, cookies, request ids, ...).
pub(crate) fn inherited_headers(batch: &HeaderMap) -> HeaderMap {
    let mut headers = batch.clone();
    for name in &NOT_INHERITED {
        headers.remove(name);
    }
    headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    headers
}

/// Sends the call through `router` (every layer, extractor and error of a direct request).
pub(crate) async fn run(
    router: Router,
    headers: HeaderMap,
    peer: Option<SocketAddr>,
    index: usize,
    call: BatchCall,
) -> CallOutcome {
    let mut request = Request::new(match &call.body {
        Some(body) => Body::from(serde_json::to_vec(body).unwrap_or_default()),
        None => Body::empty(),
    });
    *request.method_mut() = call.method;
    *request.uri_mut() = call.uri;
    *request.headers_mut() = headers;
    if call.body.is_some() {
        request.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    request.extensions_mut().insert(BatchedCall { index });
    let routed = router.oneshot(request);
    // The batch's client is each call's client (for rate limits), wherever the call runs.
    let answered = match peer {
        Some(peer) => crate::serve::peer::scope(peer, routed).await,
        None => routed.await,
    };
    let response = match answered {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => CallOutcome {
            index,
            status: parts.status.as_u16(),
            body: body_value(&parts.headers, &bytes),
        },
        Err(e) => {
            let error = ApiError::new(
                code::INTERNAL,
                format!("failed to read the response of call {index}: {e}"),
            );
            CallOutcome {
                index,
                status: StatusCode::INTERNAL_SERVER_ERROR.as_u16(),
                body: Some(error_body(&error)),
            }
        }
    }
}

/// JSON bodies as JSON; anything else (or JSON that doesn't parse) as a string.
fn body_value(headers: &HeaderMap, bytes: &[u8]) -> Option<Value> {
    if bytes.is_empty() {
        return None;
    }
    if crate::extract::body::is_json(headers) {
        if let Ok(value) = serde_json::from_slice(bytes) {
            return Some(value);
        }
    }
    Some(Value::String(String::from_utf8_lossy(bytes).into_owned()))
}

fn error_body(error: &ApiError) -> Value {
    serde_json::json!({ "code": error.code(), "msg": error.msg() })
}
