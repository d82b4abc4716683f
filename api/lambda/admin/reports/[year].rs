//! `GET /api/admin/reports/{year}`: under all three folder middleware.

use axum::Extension;
use serde_json::{json, Value};

use crate::lambda::_middleware::Trace;
use crate::lambda::admin::_middleware::Admin;

#[bffkit::get]
pub async fn get(
    year: u32,
    Extension(trace): Extension<Trace>,
    Extension(admin): Extension<Admin>,
) -> Value {
    json!({ "trace": trace.0, "admin": admin.0, "year": year })
}
