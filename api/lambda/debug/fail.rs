//! `GET /api/debug/fail`: a handler that returns an error, as the seed's "throw in the
//! server, catch in the client" example; answers 409 `{code: 20008, msg, data}`, which
//! `errors: [409]` documents in the manifest.

use bffkit::{code, ApiError};
use serde_json::{json, Value};

/// Always fails with 409 CONFLICT.
#[bffkit::api(match = {
    request: {},
    response: Value,
    errors: [409],
})]
pub async fn get() -> Result<Value, ApiError> {
    Err(ApiError::new(code::CONFLICT, "this handler always fails").with_data(json!({ "reason": "demo" })))
}
