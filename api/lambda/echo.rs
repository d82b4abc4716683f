//! `POST /api/echo`: returns the JSON body; shows the body limit (413 past 1 MiB).

use bffkit::RequestOption;
use serde_json::Value;

#[bffkit::post]
pub async fn post(RequestOption { data, .. }: RequestOption<(), Value>) -> Value {
    data
}
