//! `GET /api/port/pages` and `GET /api/port/pages/{*slug}`: the rest as segments.

use serde_json::{json, Value};

#[bffkit::get]
pub async fn get(slug: bffkit::Segments) -> Value {
    json!({ "segments": slug, "depth": slug.len() })
}
