//! `POST /api/signup`: a schema function. The request and the response are checked
//! against their JSON Schemas: bad input is a 400 naming every failing field, a response
//! that breaks its own schema a 500. The constraints are written once, as attributes.

#[bffkit::schema]
pub struct SignUp {
    /// 3 to 20 characters.
    #[schemars(length(min = 3, max = 20))]
    pub name: String,
    /// At least 13.
    #[schemars(range(min = 13))]
    pub age: u8,
}

#[bffkit::schema]
pub struct Welcome {
    pub message: String,
}

/// Signs someone up.
#[bffkit::api(match = {
    request: { data: SignUp },
    response: Welcome,
})]
pub async fn post(data: SignUp) -> Welcome {
    Welcome {
        message: format!("Welcome, {} ({})!", data.name, data.age),
    }
}
