//! Upstream services over real HTTP: local fake services that misbehave on purpose, and
//! the demo's aggregating handlers in front of them.

use std::time::{Duration, Instant};

use axum::extract::RawQuery;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::fake::{refused_url, serve, Log};
use crate::support::{send, Server};

const UPSTREAM_MSG: &str = "Third-party service error!";

/// The demo with its two upstreams pointed at `users` and `orders`.
pub fn demo(users: &str, orders: &str, extra: &[(&str, &str)]) -> Server {
    let mut env = vec![
        ("BFFKIT_UPSTREAM_USERS_URL", users),
        ("BFFKIT_UPSTREAM_ORDERS_URL", orders),
    ];
    env.extend_from_slice(extra);
    Server::start(&env)
}

/// A users service answering `/users/{id}` with Ada, logging each call.
async fn users_ok(log: &Log) -> String {
    let log = log.clone();
    serve(Router::new().route(
        "/users/{id}",
        get(
            move |axum::extract::Path(id): axum::extract::Path<u32>, headers: HeaderMap| async move {
                log.record(&headers, None);
                Json(json!({ "id": id, "name": "Ada" }))
            },
        ),
    ))
    .await
}

/// A users service whose `/users/{id}` answers `status` with `body` (raw bytes).
async fn users_answering(
    log: &Log,
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
) -> String {
    let log = log.clone();
    serve(Router::new().route(
        "/users/{id}",
        get(move |headers: HeaderMap| async move {
            log.record(&headers, None);
            (
                StatusCode::from_u16(status).unwrap(),
                [("content-type", content_type)],
                body,
            )
        }),
    ))
    .await
}

/// An orders service answering `/orders` with one order, logging each call.
async fn orders_ok(log: &Log) -> String {
    let log = log.clone();
    serve(Router::new().route(
        "/orders",
        get(
            move |headers: HeaderMap, RawQuery(query): RawQuery| async move {
                log.record(&headers, query.as_deref());
                Json(json!([{ "id": 1, "user_id": 7, "total": 9.5 }]))
            },
        ),
    ))
    .await
}

#[tokio::test]
async fn dashboard_aggregates_two_upstreams_and_propagates_headers() {
    let (users_log, orders_log) = (Log::default(), Log::default());
    let users = users_ok(&users_log).await;
    let orders = orders_ok(&orders_log).await;
    let s = demo(&users, &orders, &[]);
    let response = reqwest::Client::new()
        .get(s.url("/api/dashboard/7"))
        .header("x-request-id", "e2e-req-42")
        .header("authorization", "Bearer t0ken")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "e2e-req-42");
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({
            "user": { "id": 7, "name": "Ada" },
            "orders": { "status": "fulfilled", "value": [{ "id": 1, "user_id": 7, "total": 9.5 }] }
        })
    );
    assert_eq!((users_log.hits(), orders_log.hits()), (1, 1));
    assert_eq!(
        users_log.header(0, "x-request-id").as_deref(),
        Some("e2e-req-42")
    );
    assert_eq!(
        orders_log.header(0, "x-request-id").as_deref(),
        Some("e2e-req-42")
    );
    assert_eq!(orders_log.query(0).as_deref(), Some("user=7"));
    // Configured headers and forwarded ones go only where bffkit.toml says.
    assert_eq!(
        orders_log.header(0, "x-bff-client").as_deref(),
        Some("bffkit-demo")
    );
    assert_eq!(
        orders_log.header(0, "authorization").as_deref(),
        Some("Bearer t0ken")
    );
    assert_eq!(users_log.header(0, "authorization"), None);
}

#[tokio::test]
async fn a_generated_request_id_reaches_the_upstream_and_the_client() {
    let (users_log, orders_log) = (Log::default(), Log::default());
    let users = users_ok(&users_log).await;
    let orders = orders_ok(&orders_log).await;
    let s = demo(&users, &orders, &[]);
    let response = reqwest::get(s.url("/api/dashboard/1")).await.unwrap();
    assert_eq!(response.status(), 200);
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(id.len(), 36, "{id}");
    assert_eq!(users_log.header(0, "x-request-id"), Some(id));
}

#[tokio::test]
async fn optional_part_failing_is_reported_in_place() {
    let users_log = Log::default();
    let users = users_ok(&users_log).await;
    let orders = serve(Router::new().route(
        "/orders",
        get(|| async {
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({ "error": "db down" })),
            )
        }),
    ))
    .await;
    let s = demo(&users, &orders, &[("BFFKIT_UPSTREAM_ORDERS_RETRIES", "0")]);
    let (status, body) = s.get("/api/dashboard/7").await;
    assert_eq!(status, 200);
    assert_eq!(body["user"]["name"], "Ada");
    assert_eq!(
        body["orders"],
        json!({
            "status": "rejected",
            "reason": {
                "code": 30000,
                "msg": UPSTREAM_MSG,
                "data": { "data": { "error": "db down" }, "status": 500 }
            }
        })
    );
}

#[tokio::test]
async fn upstream_500_with_json_is_30000_carrying_status_and_body_after_retries() {
    let log = Log::default();
    let users = users_answering(
        &log,
        500,
        "application/json",
        br#"{"error":{"message":"BadRequest 400 Bad Request"}}"#.to_vec(),
    )
    .await;
    let s = demo(&users, &refused_url(), &[]);
    let (status, body) = s.get("/api/dashboard/7").await;
    assert_eq!(status, 502);
    assert_eq!(
        body,
        json!({
            "code": 30000,
            "msg": UPSTREAM_MSG,
            "data": { "data": { "error": { "message": "BadRequest 400 Bad Request" } }, "status": 500 }
        })
    );
    // `retries = 2` in bffkit.toml: three attempts for an idempotent GET.
    assert_eq!(log.hits(), 3);
}

#[tokio::test]
async fn upstream_4xx_is_not_retried() {
    let log = Log::default();
    let users = users_answering(&log, 404, "text/plain", b"no such user".to_vec()).await;
    let s = demo(&users, &refused_url(), &[]);
    let (status, body) = s.get("/api/dashboard/7").await;
    assert_eq!(status, 502);
    assert_eq!(
        body["data"],
        json!({ "data": "no such user", "status": 404 })
    );
    assert_eq!(log.hits(), 1);
}

#[tokio::test]
async fn refused_connection_is_30000_without_status() {
    let s = demo(&refused_url(), &refused_url(), &[]);
    let (status, body) = s.get("/api/dashboard/7").await;
    assert_eq!(status, 502);
    assert_eq!(
        body,
        json!({
            "code": 30000,
            "msg": UPSTREAM_MSG,
            "data": { "data": "users: could not connect", "status": null }
        })
    );
}

#[tokio::test]
async fn slow_upstream_times_out_as_30001() {
    let users = serve(Router::new().route(
        "/users/{id}",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            Json(json!({ "id": 1, "name": "late" }))
        }),
    ))
    .await;
    let s = demo(
        &users,
        &refused_url(),
        &[
            ("BFFKIT_UPSTREAM_USERS_TIMEOUT_MS", "300"),
            ("BFFKIT_UPSTREAM_USERS_RETRIES", "0"),
        ],
    );
    let started = Instant::now();
    let (status, body) = s.get("/api/dashboard/7").await;
    let took = started.elapsed();
    assert_eq!(status, 504);
    assert_eq!(
        body,
        json!({
            "code": 30001,
            "msg": UPSTREAM_MSG,
            "data": { "data": "users: no answer within 300 ms", "status": null }
        })
    );
    // The 300 ms timeout, plus a generous margin for a loaded machine.
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[tokio::test]
async fn invalid_json_is_30000_with_the_text() {
    let log = Log::default();
    let users = users_answering(&log, 200, "text/html", b"<html>oops</html>".to_vec()).await;
    let s = demo(&users, &refused_url(), &[]);
    let (status, body) = s.get("/api/dashboard/7").await;
    assert_eq!(status, 502);
    assert_eq!(
        body["data"],
        json!({ "data": "<html>oops</html>", "status": 200 })
    );
    assert_eq!(log.hits(), 1, "a bad body is not retried");
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_30000_with_the_body() {
    let log = Log::default();
    let users = users_answering(&log, 200, "application/json", br#"{"id":"seven"}"#.to_vec()).await;
    let s = demo(&users, &refused_url(), &[]);
    let (status, body) = s.get("/api/dashboard/7").await;
    assert_eq!(status, 502);
    assert_eq!(body["code"], 30000);
    assert_eq!(
        body["data"],
        json!({ "data": { "id": "seven" }, "status": 200 })
    );
}

#[tokio::test]
async fn huge_body_is_cut_off_at_the_cap() {
    let log = Log::default();
    // 5 MiB of valid JSON, over the default 4 MiB cap.
    let mut huge = b"[".to_vec();
    huge.extend(std::iter::repeat_n(b"0,".as_slice(), 5 * 1024 * 512).flatten());
    huge.extend_from_slice(b"0]");
    let users = users_answering(&log, 200, "application/json", huge).await;
    let s = demo(&users, &refused_url(), &[]);
    let (status, body) = s.get("/api/dashboard/7").await;
    assert_eq!(status, 502);
    assert_eq!(
        body["data"],
        json!({ "data": "users: response body over 4194304 bytes", "status": 200 })
    );
}

#[tokio::test]
async fn flaky_then_healthy_succeeds_on_retry() {
    let log = Log::default();
    let counted = log.clone();
    let users = serve(Router::new().route(
        "/users/{id}",
        get(move |headers: HeaderMap| async move {
            if counted.record(&headers, None) <= 2 {
                (StatusCode::SERVICE_UNAVAILABLE, "warming up").into_response()
            } else {
                Json(json!({ "id": 7, "name": "Ada" })).into_response()
            }
        }),
    ))
    .await;
    let orders = orders_ok(&Log::default()).await;
    let s = demo(&users, &orders, &[]);
    let (status, body) = s.get("/api/dashboard/7").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user"]["name"], "Ada");
    assert_eq!(log.hits(), 3);
}

#[tokio::test]
async fn post_is_never_retried() {
    let log = Log::default();
    let counted = log.clone();
    let orders = serve(Router::new().route(
        "/orders",
        post(move |headers: HeaderMap| async move {
            counted.record(&headers, None);
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "error": "busy" })),
            )
        }),
    ))
    .await;
    let s = demo(&refused_url(), &orders, &[]);
    let (status, body) = send(
        reqwest::Client::new()
            .post(s.url("/api/orders"))
            .json(&json!({ "item": "book" })),
    )
    .await;
    assert_eq!(status, 502);
    assert_eq!(
        body["data"],
        json!({ "data": { "error": "busy" }, "status": 503 })
    );
    assert_eq!(log.hits(), 1);
}

#[tokio::test]
async fn loader_sends_distinct_ids_in_one_batch() {
    let orders = serve(Router::new().route(
        "/orders/recent",
        get(|| async {
            Json(json!([
                { "id": 1, "user_id": 1, "total": 1.0 },
                { "id": 2, "user_id": 2, "total": 2.0 },
                { "id": 3, "user_id": 1, "total": 3.0 },
                { "id": 4, "user_id": 3, "total": 4.0 },
            ]))
        }),
    ))
    .await;
    let log = Log::default();
    let counted = log.clone();
    let users = serve(Router::new().route(
        "/users",
        get(
            move |headers: HeaderMap, RawQuery(query): RawQuery| async move {
                counted.record(&headers, query.as_deref());
                let ids = query.unwrap_or_default();
                let ids = ids.trim_start_matches("ids=");
                let users: Vec<Value> = ids
                    .split(',')
                    .filter_map(|id| id.parse::<u32>().ok())
                    .filter(|id| *id != 3)
                    .map(|id| json!({ "id": id, "name": format!("user{id}") }))
                    .collect();
                Json(users)
            },
        ),
    ))
    .await;
    let s = demo(&users, &orders, &[]);
    let (status, body) = s.get("/api/orders/recent").await;
    assert_eq!(status, 200, "{body}");
    let buyers: Vec<Value> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["buyer"].clone())
        .collect();
    assert_eq!(
        buyers,
        [json!("user1"), json!("user2"), json!("user1"), Value::Null]
    );
    assert_eq!(log.hits(), 1);
    let query = log.query(0).unwrap();
    let mut ids: Vec<&str> = query.trim_start_matches("ids=").split(',').collect();
    ids.sort();
    assert_eq!(ids, ["1", "2", "3"]);
}
