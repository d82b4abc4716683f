// `match` on `/api/shop/{shop}/orders` with params, query and data; errors declared both
// ways.
use bffkit::ApiError;

#[bffkit::schema]
pub struct ShopParams {
    pub shop: String,
}

#[bffkit::schema]
pub struct Page {
    pub page: Option<u32>,
}

#[bffkit::schema]
pub struct NewOrder {
    pub items: Vec<String>,
}

#[bffkit::schema]
pub struct Order {
    pub shop: String,
    pub items: Vec<String>,
}

#[bffkit::api(errors(404), match = {
    request: { params: ShopParams, query: Page, data: NewOrder },
    response: Order,
    errors: [409, (422, 42201)],
    description: "Places an order.",
})]
pub async fn post(params: ShopParams, _query: Page, NewOrder { items }: NewOrder) -> Result<Order, ApiError> {
    Ok(Order {
        shop: params.shop,
        items,
    })
}

fn main() {}
