//! The success envelope (`BFFKIT_ENVELOPE`) for every kind of response, app-defined
//! error codes, and 5xx bodies that hide their message behind the request id.

use serde_json::{json, Value};

use crate::support::{send, Server};

/// Every kind of response, with the envelope on or off: (status, body) in a fixed order.
async fn every_kind(s: &Server) -> Vec<(u16, Value)> {
    let client = reqwest::Client::new();
    let title = format!("todo-{}", s.pid());
    vec![
        s.get("/api/hello?name=Ada").await,
        send(client.post(s.url("/api/hello")).json(&json!({ "name": 0 }))).await,
        s.get("/api/nope").await,
        send(client.delete(s.url("/api/hello"))).await,
        send(
            client
                .post(s.url("/api/todo"))
                .json(&json!({ "title": title })),
        )
        .await,
        send(
            client
                .post(s.url("/api/todo"))
                .json(&json!({ "title": title })),
        )
        .await,
        s.get("/api/debug/panic").await,
    ]
}

/// The answers every error gets, envelope or not.
fn errors(title: &str) -> Vec<(u16, Value)> {
    vec![
        (400, json!({ "code": 20000, "msg": "data.name: invalid type: integer `0`, expected a string" })),
        (404, json!({ "code": 20005, "msg": "no route for GET /api/nope" })),
        (405, json!({ "code": 20006, "msg": "DELETE is not allowed on /api/hello" })),
    ]
    .into_iter()
    .chain([(
        409,
        json!({
            "code": 21001,
            "msg": format!("a todo titled `{title}` already exists"),
            "data": { "title": title }
        }),
    )])
    .collect()
}

#[tokio::test]
async fn envelope_off_answers_bare_values() {
    let s = Server::demo();
    let title = format!("todo-{}", s.pid());
    let got = every_kind(&s).await;
    assert_eq!(got[0], (200, json!({ "message": "Hello Ada!" })));
    assert_eq!(got[4], (200, json!({ "id": 1, "title": title })));
    let errors = errors(&title);
    assert_eq!(&got[1..4], &errors[..3]);
    assert_eq!(got[5], errors[3]);
    assert_eq!(got[6].0, 500);
    assert_eq!(got[6].1["code"], 40000);
}

#[tokio::test]
async fn envelope_on_wraps_successes_only() {
    let s = Server::start(&[("BFFKIT_ENVELOPE", "1")]);
    let title = format!("todo-{}", s.pid());
    let got = every_kind(&s).await;
    assert_eq!(
        got[0],
        (
            200,
            json!({ "data": { "message": "Hello Ada!" }, "msg": "Success!", "code": 10000 })
        )
    );
    assert_eq!(
        got[4],
        (
            200,
            json!({ "data": { "id": 1, "title": title }, "msg": "Success!", "code": 10000 })
        )
    );
    let errors = errors(&title);
    assert_eq!(&got[1..4], &errors[..3]);
    assert_eq!(got[5], errors[3]);
    assert_eq!(got[6].0, 500);
    assert_eq!(got[6].1["code"], 40000);
    assert!(got[6].1.get("data").is_none());
}

#[tokio::test]
async fn envelope_on_keeps_upstream_errors_in_the_seed_shape() {
    let s = Server::start(&[
        ("BFFKIT_ENVELOPE", "1"),
        ("BFFKIT_UPSTREAM_USERS_URL", &crate::fake::refused_url()),
    ]);
    let (status, body) = s.get("/api/dashboard/1").await;
    assert_eq!(status, 502);
    assert_eq!(
        body,
        json!({
            "data": { "data": "users: could not connect", "status": null },
            "msg": "Third-party service error!",
            "code": 30000
        })
    );
}

#[tokio::test]
async fn hidden_internal_errors_name_the_request_id() {
    let s = Server::start(&[
        ("BFFKIT_EXPOSE_ERRORS", "0"),
        ("BFFKIT_UPSTREAM_USERS_URL", &crate::fake::refused_url()),
    ]);
    let response = reqwest::Client::new()
        .get(s.url("/api/debug/panic"))
        .header("x-request-id", "req-panic-1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["x-request-id"], "req-panic-1");
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "code": 40000, "msg": "Internal server error (request id req-panic-1)" })
    );
    // Upstream failures are meant for clients and stay visible.
    let (status, body) = s.get("/api/dashboard/1").await;
    assert_eq!(status, 502);
    assert_eq!(body["data"]["data"], "users: could not connect");
    // Without hiding (debug default) the panic message is sent.
    let open = Server::demo();
    let (_, body) = open.get("/api/debug/panic").await;
    assert_eq!(body["msg"], "handler panicked: this handler always panics");
}
