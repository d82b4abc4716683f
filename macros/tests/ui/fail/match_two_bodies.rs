#[bffkit::schema]
pub struct Add {
    pub a: i64,
}

#[bffkit::api(match = {
    request: { data: Add, form_urlencoded: Add },
    response: i64,
})]
pub async fn post(data: Add, form_urlencoded: Add) -> i64 {
    data.a + form_urlencoded.a
}

fn main() {}
