// Each `request` part binds one argument; the body is plain text.
#[bffkit::schema]
pub struct Add {
    pub a: i64,
}

#[bffkit::api(match = { request: { data: Add }, response: i64 })]
pub async fn post(data: Add, Add { a }: Add) -> i64 {
    data.a + a
}

#[bffkit::api(match = { request: { body: Vec<u8> }, response: usize })]
pub async fn put(body: Vec<u8>) -> usize {
    body.len()
}

fn main() {}
