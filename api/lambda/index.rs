//! `api/lambda/index.rs` → `GET /api`.

use schemars::JsonSchema;
use serde::Serialize;

#[derive(Serialize, JsonSchema)]
pub struct Index {
    pub name: &'static str,
    pub routes: &'static str,
}

#[bffkit::get]
pub async fn get() -> Index {
    Index { name: "bffkit demo", routes: "run `cargo run -- routes` to list them" }
}
