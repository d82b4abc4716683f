// Generic, `impl Trait` arguments and `self` are refused, all reported at once.
#[bffkit::get]
pub async fn get<T>(value: impl Into<String>) -> String {
    value.into()
}

fn main() {}
