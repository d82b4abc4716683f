//! `POST /api/sum`: a deprecated route.

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
pub async fn post(data: Numbers) -> i64 {
    data.numbers.iter().sum()
}
