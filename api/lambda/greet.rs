//! `POST /api/greet`: seed 001's `hello`, `data { name }` → `{ message }`.
//! `{"name": 0}` gets 400 naming `data.name`.

#[bffkit::schema]
pub struct GreetData {
    #[schemars(length(min = 1, max = 50))]
    pub name: String,
}

#[bffkit::schema]
pub struct Greeting {
    pub message: String,
}

/// Greets someone by name.
#[bffkit::api(match = {
    request: { data: GreetData },
    response: Greeting,
})]
pub async fn post(data: GreetData) -> Greeting {
    Greeting { message: format!("Hello {}!", data.name) }
}
