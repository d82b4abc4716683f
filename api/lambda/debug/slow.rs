//! `GET /api/debug/slow?ms=100`: answers after a delay (capped at 5 s); used to show
//! graceful shutdown and streaming.

use std::time::Duration;

use bffkit::RequestOption;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize, JsonSchema)]
pub struct Delay {
    pub ms: u64,
}

#[bffkit::get]
pub async fn get(RequestOption { query, .. }: RequestOption<Delay>) -> Value {
    let ms = query.ms.min(5000);
    tokio::time::sleep(Duration::from_millis(ms)).await;
    json!({ "slept_ms": ms })
}
