//! `GET /api/broken`: a handler whose value breaks its own response schema, to show
//! output validation (500 `RESPONSE_VALIDATION_FAILED`).

#[bffkit::schema]
pub struct Score {
    #[schemars(range(max = 10))]
    pub value: u32,
    #[schemars(length(min = 1))]
    pub label: String,
}

/// Returns a score out of range.
#[bffkit::api(match = {
    request: {},
    response: Score,
})]
pub async fn get() -> Score {
    Score { value: 42, label: String::new() }
}
