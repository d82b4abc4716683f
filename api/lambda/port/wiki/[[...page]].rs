//! `GET /api/port/wiki` and `GET /api/port/wiki/{*page}`: an optional catch-all in a
//! `match` route; `page` is empty when absent.

#[bffkit::schema]
pub struct WikiParams {
    pub page: String,
}

#[bffkit::schema]
pub struct WikiPage {
    pub page: String,
}

#[bffkit::api(match = {
    request: { params: WikiParams },
    response: WikiPage,
})]
pub async fn get(WikiParams { page }: WikiParams) -> WikiPage {
    WikiPage { page }
}
