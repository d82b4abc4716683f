//! `GET /api/page/{id}`, endpoint (d): the user, their orders and recommendations from
//! three upstream services, called at once with reqwest and merged into one answer. An
//! upstream failure becomes the benchmark's one upstream error shape (bffkit's):
//! `502 {"code": 30000, "msg": "Third-party service error!", "data": {"data": <upstream
//! body>, "status": <upstream status or null>}}`, `504` and `30001` for a timeout.

use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Per-call timeout, the same for every contender.
const TIMEOUT: Duration = Duration::from_millis(1000);

/// One pooled client and the three services' base URLs (env `UPSTREAM_<NAME>_URL`).
#[derive(Clone)]
pub struct Upstreams {
    client: reqwest::Client,
    users: String,
    orders: String,
    recommendations: String,
}

impl Upstreams {
    pub fn from_env() -> Upstreams {
        let url = |name: &str| {
            std::env::var(format!("UPSTREAM_{name}_URL"))
                .unwrap_or_else(|_| "http://127.0.0.1:9".to_owned())
        };
        Upstreams {
            client: reqwest::Client::builder()
                .timeout(TIMEOUT)
                .build()
                .expect("the HTTP client builds"),
            users: url("USERS"),
            orders: url("ORDERS"),
            recommendations: url("RECOMMENDATIONS"),
        }
    }
}

#[derive(Deserialize, Serialize)]
pub struct User {
    id: u64,
    name: String,
    email: String,
}

#[derive(Deserialize, Serialize)]
pub struct Order {
    id: u64,
    total_cents: u64,
    status: String,
}

#[derive(Deserialize, Serialize)]
pub struct Pick {
    sku: String,
    title: String,
    price_cents: u64,
}

#[derive(Serialize)]
pub struct Page {
    user: User,
    orders: Vec<Order>,
    orders_total_cents: u64,
    recommendations: Vec<Pick>,
}

/// Why a call failed, as the client is told.
struct Failure {
    status: StatusCode,
    code: u32,
    data: Value,
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body =
            json!({ "code": self.code, "msg": "Third-party service error!", "data": self.data });
        (self.status, Json(body)).into_response()
    }
}

async fn call<T: DeserializeOwned>(
    client: &reqwest::Client,
    service: &str,
    url: String,
) -> Result<T, Failure> {
    let transport = |e: reqwest::Error| {
        let (status, code, what) = if e.is_timeout() {
            let what = format!("{service}: no answer within {} ms", TIMEOUT.as_millis());
            (StatusCode::GATEWAY_TIMEOUT, 30001, what)
        } else if e.is_connect() {
            (
                StatusCode::BAD_GATEWAY,
                30000,
                format!("{service}: could not connect"),
            )
        } else {
            (
                StatusCode::BAD_GATEWAY,
                30000,
                format!("{service}: connection failed"),
            )
        };
        Failure {
            status,
            code,
            data: json!({ "data": what, "status": null }),
        }
    };
    let response = client.get(url).send().await.map_err(transport)?;
    let status = response.status();
    let bytes = response.bytes().await.map_err(transport)?;
    let bad = |data: Value| Failure {
        status: StatusCode::BAD_GATEWAY,
        code: 30000,
        data: json!({ "data": data, "status": status.as_u16() }),
    };
    if !status.is_success() {
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        return Err(bad(body));
    }
    serde_json::from_slice(&bytes).map_err(|_| {
        bad(serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned())))
    })
}

pub async fn page(Path(id): Path<u64>, State(up): State<Upstreams>) -> Response {
    let (user, orders, recommendations) = tokio::join!(
        call::<User>(&up.client, "users", format!("{}/users/{id}", up.users)),
        call::<Vec<Order>>(
            &up.client,
            "orders",
            format!("{}/orders?user={id}", up.orders)
        ),
        call::<Vec<Pick>>(
            &up.client,
            "recommendations",
            format!("{}/recommendations?user={id}", up.recommendations)
        ),
    );
    // The first failure in the order user, orders, recommendations is the answer.
    let merged = (|| {
        let (user, orders, recommendations) = (user?, orders?, recommendations?);
        Ok::<_, Failure>(Page {
            user,
            orders_total_cents: orders.iter().map(|o| o.total_cents).sum(),
            orders,
            recommendations,
        })
    })();
    match merged {
        Ok(page) => Json(page).into_response(),
        Err(failure) => failure.into_response(),
    }
}
