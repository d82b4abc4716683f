#[bffkit::get(errors(42u8))]
pub async fn get() -> i64 {
    1
}

fn main() {}
