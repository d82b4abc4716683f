// bffkit is a dev-dependency here without its `auth` feature.

#[bffkit::get(auth)]
pub async fn get() -> i64 {
    1
}

#[bffkit::schema]
pub struct Add {
    pub a: i64,
}

#[bffkit::api(auth, match = { request: { data: Add }, response: i64 })]
pub async fn post(Add { a }: Add) -> i64 {
    a
}

fn main() {}
