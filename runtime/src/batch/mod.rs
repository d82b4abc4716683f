//! The batch endpoint: many calls in one HTTP request, answered as they complete.
//!
//! `POST {prefix}/_batch` (`/api/_batch` by default) with `content-type: application/json`:
//!
//! ```json
//! {"calls": [{"method": "GET", "path": "/api/hello", "query": {"name": "ann"}},
//!            {"method": "GET", "path": "/api/user/list", "query": {"page": "1", "tag": ["a", "b"]}},
//!            {"method": "POST", "path": "/api/echo", "body": {"any": "JSON"}}]}
//! ```
//!
//! - Each call goes through the **same router** as a direct request: your layers
//!   ([`App::layer`](crate::App::layer)), extractors, validation and errors all apply.
//!   A call's request carries the batch request's headers (`authorization`, `cookie`,
//!   `x-request-id`, ...) except those describing the batch's own body; a call with a
//!   `body` gets `content-type: application/json`. No request extension is copied; the
//!   calls are the batch's client's for rate limits, and layers can spot batched calls by
//!   the [`BatchedCall`] extension. A call over a rate limit gets its 429 in its own slot.
//! - The calls run concurrently. If the client goes away mid-stream, the calls still
//!   running are cancelled, as a direct request's handler would be.
//! - With `accept: application/x-ndjson` the answer is `application/x-ndjson`: one line
//!   `{"index": 1, "status": 200, "body": ...}` per call, written the moment that call
//!   completes (completion order, not call order). Otherwise the answer is a JSON array of
//!   the same objects in call order, sent when every call is done.
//! - `body` is the call's JSON response (a string when the response is not JSON) and is
//!   left out when the response had none. A failing call (404, 400, a handler error, a
//!   panic answered 500) fails only its own line; the batch itself answers 200.
//!
//! Limits and refusals, each a `{code, msg}` error naming the field:
//! - more than `[batch] max_calls` calls (default 50, env `BFFKIT_BATCH_MAX_CALLS`): 413,
//!   code 20009, `batch has 51 calls; the limit is 50`;
//! - malformed JSON, a missing `calls`, a call without a valid `method`, a `path` not
//!   starting with `/`, a query value that is not a string or an array of strings, or
//!   a call to the batch endpoint itself: 400 (`calls[3].method: ...`);
//! - the body limit (`[limits] body_bytes`) applies to the batch body: 413;
//! - a body that is not `application/json`: 415, so that a cross-site form cannot post
//!   JSON calls.
//!
//! **Headers and cookies.** Only the status and body of a call reach the client. Once a
//! batch starts streaming its headers are already sent, so a call cannot set response
//! headers or cookies (tRPC's streaming batches have the same rule); the array answer
//! drops them too. Call endpoints that set cookies (sign-in) directly, not in a batch.
//!
//! Turn the endpoint off with `[batch] enabled = false` (env `BFFKIT_BATCH_ENABLED`).

mod call;
mod dispatch;
mod reply;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::extract::{ConnectInfo, Request, State};
use axum::response::{IntoResponse, Response};
use axum::Router;
use bffkit_contract::manifest::BuiltinEndpoint;
use http::header;

pub use crate::context::BatchedCall;

use self::call::BatchRejection;
use crate::config::Config;
use crate::error::ApiError;
use crate::extract::body;
use crate::extract::rejection::BodyRejection;
use crate::merged::{Method, RouteDoc, Routes};

/// The batch route's path for a route prefix: `/api` → `/api/_batch`.
pub(crate) fn batch_path(prefix: &str) -> String {
    BuiltinEndpoint::Batch.path(prefix)
}

/// The route, given the endpoint as its state. It answers through the app's router, so its
/// calls meet every layer a direct request does.
pub(crate) fn routes(prefix: &str, max_calls: usize) -> Routes<Arc<BatchEndpoint>> {
    Routes::default().documented(
        Method::Post,
        &batch_path(prefix),
        |State(endpoint): State<Arc<BatchEndpoint>>, request: Request| async move {
            endpoint.handle(request).await
        },
        RouteDoc::new()
            .summary(
                "Runs several calls through the same router; NDJSON stream with accept: application/x-ndjson",
            )
            .json_body_with::<call::Calls>(move |schema| call::Calls::limit(schema, max_calls))
            .rejection::<BatchRejection>()
            .response::<Vec<dispatch::CallOutcome>>()
            .response_also::<dispatch::CallOutcome>(reply::NDJSON)
            .response_description("One result per call")
            .internal(),
    )
}

/// The batch handler's settings and the finished app router it sends calls through.
pub(crate) struct BatchEndpoint {
    max_calls: usize,
    body_limit: usize,
    path: String,
    /// Set once the whole app (this route included) is built. The route then holds the
    /// router that holds the route: a cycle that lives exactly as long as the app.
    router: OnceLock<Router>,
}

impl BatchEndpoint {
    pub(crate) fn new(config: &Config) -> Arc<BatchEndpoint> {
        Arc::new(BatchEndpoint {
            path: batch_path(&config.routes.prefix),
            max_calls: config.batch.max_calls,
            body_limit: config.limits.body_bytes,
            router: OnceLock::new(),
        })
    }

    /// Gives the endpoint the finished app router, layers included.
    pub(crate) fn bind(&self, router: Router) {
        let _ = self.router.set(router);
    }

    async fn handle(&self, request: Request) -> Response {
        let (parts, body) = request.into_parts();
        let calls = match self.calls(&parts.headers, body).await {
            Ok(calls) => calls.0,
            Err(e) => return e.into_response(),
        };
        let Some(router) = self.router.get() else {
            return ApiError::internal("the batch endpoint was called before the app was built")
                .into_response();
        };
        crate::ops::metrics::batch(calls.len());
        let headers = dispatch::inherited_headers(&parts.headers);
        // The client's address, for the calls' rate limits.
        let peer = crate::serve::peer::current().or_else(|| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| *addr)
        });
        let runs = calls.into_iter().enumerate().map(|(index, call)| {
            // Streamed replies run the calls after this handler returns: each keeps
            // the batch request's trace span as its parent.
            crate::ops::traces::carry(dispatch::run(
                router.clone(),
                headers.clone(),
                peer,
                index,
                call,
            ))
        });
        if wants_ndjson(&parts.headers) {
            reply::ndjson(runs)
        } else {
            reply::array(runs).await
        }
    }
}

impl BatchEndpoint {
    /// The calls of a batch body, or why it is refused.
    async fn calls(
        &self,
        headers: &http::HeaderMap,
        body: axum::body::Body,
    ) -> Result<call::Calls, BatchRejection> {
        if !body::is_json(headers) {
            return Err(BodyRejection::NotJson {
                part: "batch".to_owned(),
            }
            .into());
        }
        let bytes = body::read_limited(headers, body, self.body_limit).await?;
        call::parse(&bytes, self.max_calls, &self.path)
    }
}

fn wants_ndjson(headers: &http::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains(reply::NDJSON))
}
