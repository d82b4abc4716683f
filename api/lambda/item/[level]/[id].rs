//! `/api/item/{level}/{id}`: two typed path parameters, then the request option.

use bffkit::{code, ApiError, RequestOption};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize, JsonSchema)]
pub struct Patch {
    pub title: String,
}

#[derive(Serialize, JsonSchema)]
pub struct Item {
    pub level: u8,
    pub id: u64,
    pub title: String,
}

#[bffkit::get(errors(code::NOT_FOUND))]
pub async fn get(level: u8, id: u64) -> Result<Item, ApiError> {
    if id == 0 {
        return Err(ApiError::not_found(format!("item {level}/{id} does not exist")));
    }
    Ok(Item { level, id, title: format!("item {id}") })
}

#[bffkit::put]
pub async fn put(level: u8, id: u64, RequestOption { data, .. }: RequestOption<(), Patch>) -> Item {
    Item { level, id, title: data.title }
}
