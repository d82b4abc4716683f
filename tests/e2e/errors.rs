//! Client mistakes are 4xx JSON naming what is wrong; a panic is a 500 and the server lives on.

use serde_json::json;

use crate::support::{send, Server};

#[tokio::test]
async fn unknown_route_is_404_json() {
    let s = Server::demo();
    let (status, body) = s.get("/api/does/not/exist").await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({ "code": 20005, "msg": "no route for GET /api/does/not/exist" })
    );
}

#[tokio::test]
async fn wrong_method_is_405_with_allow() {
    let s = Server::demo();
    let response = reqwest::Client::new()
        .delete(s.url("/api/hello"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    let allow = response.headers()["allow"].to_str().unwrap().to_owned();
    for method in ["GET", "POST"] {
        assert!(allow.contains(method), "{allow}");
    }
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], 20006);
}

#[tokio::test]
async fn wrong_json_types_name_the_field() {
    let s = Server::demo();
    let (status, body) = send(
        reqwest::Client::new()
            .post(s.url("/api/hello"))
            .json(&json!({ "name": 0 })),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({ "code": 20000, "msg": "data.name: invalid type: integer `0`, expected a string" })
    );
}

#[tokio::test]
async fn missing_fields_and_malformed_json_are_400() {
    let s = Server::demo();
    let client = reqwest::Client::new();
    let (status, body) = send(client.post(s.url("/api/hello")).json(&json!({}))).await;
    assert_eq!(
        (status, body["msg"].as_str().unwrap()),
        (400, "data: missing field `name`")
    );
    let (status, body) = send(
        client
            .post(s.url("/api/hello"))
            .header("content-type", "application/json")
            .body("{\"name\": "),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["msg"]
            .as_str()
            .unwrap()
            .starts_with("data: malformed JSON"),
        "{body}"
    );
    let (status, body) = send(client.post(s.url("/api/hello"))).await;
    assert_eq!(
        (status, body["msg"].as_str().unwrap()),
        (400, "data: a JSON body is required")
    );
}

#[tokio::test]
async fn non_json_content_type_is_415() {
    let s = Server::demo();
    let request = reqwest::Client::new()
        .post(s.url("/api/hello"))
        .header("content-type", "text/plain")
        .body("{}");
    let (status, body) = send(request).await;
    assert_eq!(status, 415);
    assert_eq!(body["code"], 20010);
}

#[tokio::test]
async fn bad_path_params_name_the_parameter() {
    let s = Server::demo();
    let (status, body) = s.get("/api/item/x/1").await;
    assert_eq!(status, 400);
    assert_eq!(
        body["msg"],
        "params.level: `x` is not valid: invalid digit found in string"
    );
    let (status, body) = s.get("/api/item/1/99999999999999999999999").await;
    assert_eq!(status, 400);
    assert!(
        body["msg"].as_str().unwrap().starts_with("params.id:"),
        "{body}"
    );
}

#[tokio::test]
async fn bad_query_names_the_key() {
    let s = Server::demo();
    let (status, body) = s.get("/api/user/list?page=-1").await;
    assert_eq!(status, 400);
    assert!(
        body["msg"].as_str().unwrap().starts_with("query.page:"),
        "{body}"
    );
    let (status, body) = s.get("/api/user/list").await;
    assert_eq!(
        (status, body["msg"].as_str().unwrap()),
        (400, "query: missing field `page`")
    );
}

#[tokio::test]
async fn handler_errors_keep_their_status_and_code() {
    let s = Server::demo();
    assert_eq!(
        s.get("/api/item/1/0").await,
        (
            404,
            json!({ "code": 20005, "msg": "item 1/0 does not exist" })
        )
    );
}

#[tokio::test]
async fn body_over_the_limit_is_413() {
    // A small limit keeps the whole body in the socket buffers, so the client has finished
    // writing when the server answers early (the 1 MiB default is in hostile.rs).
    let s = Server::start(&[("BFFKIT_BODY_LIMIT", "1000")]);
    let big = format!("[\"{}\"]", "x".repeat(1010));
    let request = reqwest::Client::new()
        .post(s.url("/api/echo"))
        .header("content-type", "application/json")
        .body(big);
    let (status, body) = send(request).await;
    assert_eq!(status, 413);
    assert_eq!(body["code"], 20009);
    let (status, _) = send(
        reqwest::Client::new()
            .post(s.url("/api/echo"))
            .json(&json!([1, 2])),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn panic_is_500_json_and_the_server_keeps_serving() {
    let s = Server::demo();
    let (status, body) = s.get("/api/debug/panic").await;
    assert_eq!(status, 500);
    assert_eq!(body["code"], 40000);
    assert_eq!(s.get("/api").await.0, 200);
}
