//! `POST /api/add`: seed 001's first schema function, `data { a, b }` → `a + b`; a sum
//! outside `i64` is a 400 naming `data`.

use bffkit::{code, ApiError};

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
pub async fn post(AddData { a, b }: AddData) -> Result<i64, ApiError> {
    a.checked_add(b)
        .ok_or_else(|| ApiError::new(code::VALIDATION_FAILED, format!("data: {a} + {b} does not fit in a 64-bit integer")))
}
