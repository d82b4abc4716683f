// Not in the route index and not a `_` helper: handlers belong in lambda files.
#[bffkit::get]
pub async fn get() -> i64 {
    1
}

fn main() {}
