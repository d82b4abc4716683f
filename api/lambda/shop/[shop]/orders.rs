//! `GET /api/shop/{shop}/orders`: params, query, headers and cookies together.

use std::collections::HashMap;

#[bffkit::schema]
pub struct ShopParams {
    #[schemars(range(min = 1))]
    pub shop: u32,
}

#[bffkit::schema]
pub struct OrderQuery {
    #[schemars(range(min = 1))]
    pub page: u32,
    #[serde(default)]
    pub status: Vec<String>,
    pub paid: Option<bool>,
}

#[bffkit::schema]
pub struct TenantHeaders {
    #[serde(rename = "x-tenant")]
    #[schemars(regex(pattern = r"^[a-z]+$"))]
    pub tenant: String,
}

#[bffkit::schema]
pub struct SessionCookies {
    pub session: String,
}

#[bffkit::schema]
pub struct OrderPage {
    pub shop: u32,
    pub page: u32,
    pub status: Vec<String>,
    pub paid: Option<bool>,
    pub tenant: String,
    pub session: String,
    pub totals: HashMap<String, f64>,
}

/// Lists a shop's orders.
#[bffkit::api(match = {
    request: { params: ShopParams, query: OrderQuery, headers: TenantHeaders, cookies: SessionCookies },
    response: OrderPage,
})]
pub async fn get(params: ShopParams, query: OrderQuery, headers: TenantHeaders, cookies: SessionCookies) -> OrderPage {
    OrderPage {
        shop: params.shop,
        page: query.page,
        status: query.status,
        paid: query.paid,
        tenant: headers.tenant,
        session: cookies.session,
        totals: HashMap::from([("EUR".to_owned(), 12.5)]),
    }
}
