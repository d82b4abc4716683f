// GET on `/api/item/{id}`: the path parameter first, then a `RequestOption`.
use bffkit::{ApiError, RequestOption};

#[bffkit::schema]
pub struct Fields {
    pub fields: Option<String>,
}

#[bffkit::schema]
pub struct Item {
    pub id: u32,
    pub fields: Option<String>,
}

/// One item.
#[bffkit::get]
pub async fn get(id: u32, RequestOption { query, .. }: RequestOption<Fields>) -> Result<Item, ApiError> {
    Ok(Item {
        id,
        fields: query.fields,
    })
}

fn main() {}
