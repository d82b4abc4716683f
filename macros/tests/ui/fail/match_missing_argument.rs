#[bffkit::schema]
pub struct Add {
    pub a: i64,
}

#[bffkit::schema]
pub struct Page {
    pub page: u32,
}

#[bffkit::api(match = {
    request: { data: Add },
    response: i64,
})]
pub async fn post(query: Page) -> i64 {
    i64::from(query.page)
}

fn main() {}
