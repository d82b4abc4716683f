//! `GET /api/sleep?ms=N`: answers after `ms` milliseconds (capped at 5 s); the slow
//! handler of the batching benchmark.

use std::time::Duration;

use bffkit::RequestOption;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, JsonSchema)]
pub struct Delay {
    pub ms: u64,
}

#[derive(Serialize, JsonSchema)]
pub struct Slept {
    pub slept_ms: u64,
}

#[bffkit::get]
pub async fn get(RequestOption { query, .. }: RequestOption<Delay>) -> Slept {
    let ms = query.ms.min(5000);
    tokio::time::sleep(Duration::from_millis(ms)).await;
    Slept { slept_ms: ms }
}
