//! `GET /api/debug/fail`: a handler that returns an error, as the seed's "throw in the
//! server, catch in the client" example; answers 409 `{code: 20008, msg, data}`.

use bffkit::{code, ApiError};
use serde_json::{json, Value};

#[bffkit::get]
pub async fn get() -> Result<Value, ApiError> {
    Err(ApiError::new(code::CONFLICT, "this handler always fails").with_data(json!({ "reason": "demo" })))
}
