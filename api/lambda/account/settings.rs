//! `GET /api/account/settings`: `#[get(auth)]` requires a session without taking the user
//! as an argument (use the `CurrentUser` extractor when the handler needs to know who).

use serde_json::{json, Value};

/// The signed-in user's settings.
#[bffkit::get(auth)]
pub async fn get() -> Value {
    json!({ "theme": "light", "language": "zh-CN" })
}
