//! `POST /api/sum`: a deprecated route; a sum outside `i64` is a 400 naming `data`.

use bffkit::{code, ApiError};

#[bffkit::schema]
pub struct Numbers {
    #[schemars(length(max = 100))]
    pub numbers: Vec<i64>,
}

/// Sums numbers.
#[bffkit::api(match = {
    request: { data: Numbers },
    response: i64,
    deprecated: "use POST /api/add",
})]
pub async fn post(data: Numbers) -> Result<i64, ApiError> {
    data.numbers
        .iter()
        .try_fold(0i64, |sum, n| sum.checked_add(*n))
        .ok_or_else(|| ApiError::new(code::VALIDATION_FAILED, "data.numbers: the sum does not fit in a 64-bit integer"))
}
