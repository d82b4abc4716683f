// A `_` file is compiled, not routed: its handler stays a plain function.
#[bffkit::get]
pub async fn get() -> i64 {
    1
}

fn main() {
    let _ = get();
}
