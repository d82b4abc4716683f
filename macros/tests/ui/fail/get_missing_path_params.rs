// Routed at `/api/item/{level}/{id}`: the first two arguments must be the path parameters.
#[bffkit::get]
pub async fn get(level: String) -> String {
    level
}

fn main() {}
