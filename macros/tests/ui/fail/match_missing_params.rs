// Routed at `/api/shop/{shop}/orders`: `match` must read `params`.
#[bffkit::schema]
pub struct Page {
    pub page: u32,
}

#[bffkit::api(match = { request: { query: Page }, response: u32 })]
pub async fn get(query: Page) -> u32 {
    query.page
}

fn main() {}
