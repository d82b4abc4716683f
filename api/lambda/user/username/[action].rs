//! `/api/user/username/{action}`: a dynamic file, and several methods in one file.

use bffkit::RequestOption;
use serde_json::{json, Value};

#[bffkit::get]
pub async fn get(action: String) -> Value {
    json!({ "action": action, "method": "GET" })
}

#[bffkit::post]
pub async fn post(action: String, RequestOption { data, .. }: RequestOption<(), Value>) -> Value {
    json!({ "action": action, "method": "POST", "data": data })
}
