//! `POST /api/subscribe`: an `application/x-www-form-urlencoded` body.

#[bffkit::schema]
pub struct Subscription {
    #[schemars(email)]
    pub email: String,
    #[schemars(range(min = 13, max = 130))]
    pub age: u8,
    #[serde(default)]
    pub topics: Vec<Topic>,
}

#[bffkit::schema]
#[serde(rename_all = "lowercase")]
pub enum Topic {
    News,
    Offers,
}

/// Subscribes an address to topics.
#[bffkit::api(match = {
    request: { form_urlencoded: Subscription },
    response: Subscription,
})]
pub async fn post(form_urlencoded: Subscription) -> Subscription {
    form_urlencoded
}
