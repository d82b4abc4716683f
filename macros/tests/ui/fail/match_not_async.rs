#[bffkit::schema]
pub struct Add {
    pub a: i64,
}

#[bffkit::api(match = {
    request: { data: Add, body: Vec<u8> },
})]
pub fn post(data: Add) -> i64 {
    data.a
}

fn main() {}
