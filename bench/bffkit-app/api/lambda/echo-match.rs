//! `POST /api/echo-match`: the `(c)` row. The same person as `/api/echo`, but the
//! constraints live on the type, are checked by `#[api(match)]` against its JSON Schema,
//! and the response is validated before it is sent.

#[bffkit::schema]
pub struct CheckedPerson {
    #[schemars(length(min = 1, max = 50))]
    pub name: String,
    #[schemars(range(min = 0, max = 150))]
    pub age: i64,
    pub tags: Vec<String>,
}

#[bffkit::api(match = {
    request: { data: CheckedPerson },
    response: CheckedPerson,
})]
pub async fn post(data: CheckedPerson) -> CheckedPerson {
    data
}
