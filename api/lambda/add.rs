//! `POST /api/add`: seed 001's first schema function, `data { a, b }` → `a + b`.

#[bffkit::schema]
pub struct AddData {
    pub a: i64,
    pub b: i64,
}

/// Adds two numbers.
#[bffkit::api(match = {
    request: { data: AddData },
    response: i64,
    description: "Adds `a` and `b`.",
})]
pub async fn post(AddData { a, b }: AddData) -> i64 {
    a + b
}
