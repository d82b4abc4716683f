//! `POST /api/greet`: seed 001's `hello`, `data { name }` → `{ message }`.
//! `{"name": 0}` gets 400 naming `data.name`.

#[bffkit::schema]
pub struct GreetData {
    #[schemars(length(min = 1, max = 50))]
    pub name: String,
}

#[bffkit::schema]
pub struct Welcome {
    pub message: String,
}

/// Greets someone by name.
#[bffkit::api(match = {
    request: { data: GreetData },
    response: Welcome,
})]
pub async fn post(data: GreetData) -> Welcome {
    Welcome { message: format!("Hello {}!", data.name) }
}
