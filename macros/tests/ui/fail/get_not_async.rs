#[bffkit::get]
pub fn get() -> i64 {
    1
}

fn main() {}
