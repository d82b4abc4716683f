#[bffkit::post(errors((200, 21001), (409, 21001, 3), "conflict", 700))]
pub async fn post() -> i64 {
    1
}

fn main() {}
