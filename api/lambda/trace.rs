//! `GET /api/trace`: outside `admin/`, so only the root middleware runs.

use axum::Extension;
use serde_json::{json, Value};

use crate::lambda::_middleware::Trace;

#[bffkit::get]
pub async fn get(Extension(trace): Extension<Trace>) -> Value {
    json!({ "trace": trace.0 })
}
