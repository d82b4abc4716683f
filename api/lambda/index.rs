//! `api/lambda/index.rs` → `GET /api`.

use serde::Serialize;

#[derive(Serialize)]
pub struct Index {
    pub name: &'static str,
    pub routes: &'static str,
}

#[bffkit::get]
pub async fn get() -> Index {
    Index { name: "bffkit demo", routes: "run `cargo run -- routes` to list them" }
}
