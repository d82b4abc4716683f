//! `POST /api/echo`: a JSON body checked by hand (`name` 1–50 chars, `age` 0–150,
//! `tags`), echoed back. `/api/echo-match` is the `#[api(match)]` variant.

use bffkit::{ApiError, RequestOption};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize, JsonSchema)]
pub struct Person {
    pub name: String,
    pub age: i64,
    pub tags: Vec<String>,
}

#[bffkit::post]
pub async fn post(
    RequestOption { data, .. }: RequestOption<(), Person>,
) -> Result<Person, ApiError> {
    let len = data.name.chars().count();
    if !(1..=50).contains(&len) {
        return Err(ApiError::bad_request(format!(
            "data.name: must be 1 to 50 characters, got {len}"
        )));
    }
    if !(0..=150).contains(&data.age) {
        return Err(ApiError::bad_request(format!(
            "data.age: must be between 0 and 150, got {}",
            data.age
        )));
    }
    Ok(data)
}
