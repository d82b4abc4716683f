// Routed at `/api/match_params_on_static_route`: no dynamic segments, so no `params`.
#[bffkit::schema]
pub struct Params {
    pub id: String,
}

#[bffkit::api(match = { request: { params: Params }, response: String })]
pub async fn get(params: Params) -> String {
    params.id
}

fn main() {}
