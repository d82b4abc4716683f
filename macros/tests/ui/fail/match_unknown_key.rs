#[bffkit::schema]
pub struct Add {
    pub a: i64,
}

#[bffkit::api(match = {
    request: { data: Add, json: Add },
    response: i64,
    summary: "adds",
})]
pub async fn post(data: Add) -> i64 {
    data.a
}

fn main() {}
