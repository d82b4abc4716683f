//! The three upstream services endpoint (d) of the benchmark fans out to, in one process
//! on one thread (bench/run pins it to the load generator's core, away from the server):
//!
//! - users: `GET /users/{id}` → `{"id", "name", "email"}` after 1 ms;
//! - orders: `GET /orders?user={id}` → three orders after 2 ms;
//! - recommendations: `GET /recommendations?user={id}` → four picks after 3 ms.
//!
//! The orders service fails for user 503: a 503 with `{"error": "orders service
//! unavailable"}`, so the correctness check can see every contender map one failing
//! upstream to the same error answer.
//!
//! Each service listens on its own port (`127.0.0.1:0`); the process prints
//! `upstreams: users=URL orders=URL recommendations=URL`.

use std::time::Duration;

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

/// The user whose orders service is down.
const FAILING_USER: u64 = 503;

const USERS_DELAY: Duration = Duration::from_millis(1);
const ORDERS_DELAY: Duration = Duration::from_millis(2);
const RECOMMENDATIONS_DELAY: Duration = Duration::from_millis(3);

#[derive(Deserialize)]
struct ForUser {
    user: u64,
}

async fn user(Path(id): Path<u64>) -> Response {
    tokio::time::sleep(USERS_DELAY).await;
    Json(json!({
        "id": id,
        "name": format!("User {id}"),
        "email": format!("user{id}@example.com"),
    }))
    .into_response()
}

async fn orders(Query(q): Query<ForUser>) -> Response {
    tokio::time::sleep(ORDERS_DELAY).await;
    let id = q.user;
    if id == FAILING_USER {
        let body = json!({ "error": "orders service unavailable" });
        return (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
    }
    Json(json!([
        { "id": id * 100 + 1, "total_cents": 1250, "status": "shipped" },
        { "id": id * 100 + 2, "total_cents": 4999, "status": "processing" },
        { "id": id * 100 + 3, "total_cents": 800, "status": "delivered" },
    ]))
    .into_response()
}

async fn recommendations(Query(q): Query<ForUser>) -> Response {
    tokio::time::sleep(RECOMMENDATIONS_DELAY).await;
    let id = q.user;
    let picks: Vec<_> = (1..=4)
        .map(|n| {
            json!({
                "sku": format!("sku-{id}-{n}"),
                "title": format!("Pick {n} for user {id}"),
                "price_cents": 500 * n,
            })
        })
        .collect();
    Json(picks).into_response()
}

async fn serve(router: Router) -> std::io::Result<(String, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let url = format!("http://{}", listener.local_addr()?);
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            eprintln!("upstream server failed: {e}");
        }
    });
    Ok((url, task))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let (users, a) = serve(Router::new().route("/users/{id}", get(user))).await?;
    let (orders, b) = serve(Router::new().route("/orders", get(orders))).await?;
    let (recs, c) = serve(Router::new().route("/recommendations", get(recommendations))).await?;
    println!("upstreams: users={users} orders={orders} recommendations={recs}");
    let _ = tokio::join!(a, b, c);
    Ok(())
}
