//! `GET /api/partner/ping`: a server-to-server route, guarded by an API key
//! (`[auth] api_keys`, env `BFFKIT_API_KEYS`) in the `[auth] api_key_header` header.

use bffkit::auth::ApiKey;
use schemars::JsonSchema;
use serde::Serialize;

#[derive(Serialize, JsonSchema)]
pub struct Pong {
    pub ok: bool,
}

/// Answers callers holding a configured API key.
#[bffkit::get]
pub async fn get(_key: ApiKey) -> Pong {
    Pong { ok: true }
}
