#[bffkit::get(bogus)]
pub async fn get() -> i64 {
    1
}

fn main() {}
