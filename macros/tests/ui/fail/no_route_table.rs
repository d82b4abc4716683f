#[bffkit::schema]
pub struct Add {
    pub a: i64,
    pub b: i64,
}

#[bffkit::api(match = {
    request: { data: Add },
    response: i64,
})]
pub async fn post(Add { a, b }: Add) -> i64 {
    a + b
}

fn main() {}
