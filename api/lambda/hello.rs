//! `GET /api/hello?name=..` and `POST /api/hello {"name": ..}`.

use bffkit::RequestOption;
use serde::{Deserialize, Serialize};

use super::_utils::greet;

#[derive(Deserialize)]
pub struct HelloQuery {
    pub name: Option<String>,
}

#[derive(Deserialize)]
pub struct HelloData {
    pub name: String,
}

#[derive(Serialize)]
pub struct Greeting {
    pub message: String,
}

#[bffkit::get]
pub async fn get(RequestOption { query, .. }: RequestOption<HelloQuery>) -> Greeting {
    Greeting { message: greet(query.name.as_deref().unwrap_or("world")) }
}

#[bffkit::post]
pub async fn post(RequestOption { data, .. }: RequestOption<(), HelloData>) -> Greeting {
    Greeting { message: greet(&data.name) }
}
