//! `api/lambda/index.rs` → `GET /api`: an index file answers for its folder.

use schemars::JsonSchema;
use serde::Serialize;

#[derive(Serialize, JsonSchema)]
pub struct Index {
    pub app: String,
    pub version: String,
}

/// Names the app and its version.
#[bffkit::get]
pub async fn get() -> Index {
    Index {
        app: env!("CARGO_PKG_NAME").to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }
}
