//! The layer that sees each request under its route template, inside the router where the
//! matched route is known: it records the request's metrics and names its trace span
//! (`GET /api/user/{id}`).

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;

use crate::ops::metrics::{self, Open};

/// Records the request under its route template (unmatched: `unmatched`).
pub(crate) async fn record(request: Request, next: Next) -> Response {
    // The template is shared (`Arc<str>`): cloning it copies no text.
    let matched = request.extensions().get::<MatchedPath>().cloned();
    let route = matched.as_ref().map_or("unmatched", |m| m.as_str());
    #[cfg(feature = "otel")]
    crate::ops::traces::name_server_span(request.method(), route);
    let method = request.method().clone();
    let _in_flight = Open::request();
    let start = Instant::now();
    let response = next.run(request).await;
    metrics::request(
        &method,
        route,
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}
