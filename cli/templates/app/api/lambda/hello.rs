//! `GET /api/hello?name=..` and `POST /api/hello {"name": ..}`: the function's name
//! (through its attribute) picks the method, the file picks the path.

use bffkit::RequestOption;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::_utils::greet;

#[derive(Deserialize, JsonSchema)]
pub struct HelloQuery {
    /// Who to greet; the world when absent.
    pub name: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
pub struct HelloData {
    /// Who to greet.
    pub name: String,
}

#[derive(Serialize, JsonSchema)]
pub struct Greeting {
    pub message: String,
}

/// Greets the `name` in the query string.
#[bffkit::get]
pub async fn get(RequestOption { query, .. }: RequestOption<HelloQuery>) -> Greeting {
    Greeting {
        message: greet(query.name.as_deref().unwrap_or("world")),
    }
}

/// Greets the `name` in the JSON body.
#[bffkit::post]
pub async fn post(RequestOption { data, .. }: RequestOption<(), HelloData>) -> Greeting {
    Greeting {
        message: greet(&data.name),
    }
}
