//! Each routing rule of the seed, served by the demo app.

use serde_json::json;

use crate::support::{send, Server};

#[tokio::test]
async fn index_rs_serves_its_folder() {
    let s = Server::demo();
    let (status, body) = s.get("/api").await;
    assert_eq!(status, 200);
    assert_eq!(body["name"], "bffkit demo");
    assert_eq!(
        s.get("/api/user").await.1,
        json!({ "users": ["alice", "bob"] })
    );
}

#[tokio::test]
async fn nested_files_nest() {
    let s = Server::demo();
    let (status, body) = s.get("/api/user/list?page=2&size=2").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({ "page": 2, "size": 2, "users": ["user2", "user3"] })
    );
}

#[tokio::test]
async fn dynamic_folder_and_file() {
    let s = Server::demo();
    let (status, body) = s.get("/api/user/alice/info").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({ "username": "alice", "greeting": "Hello alice!" })
    );
    let (status, body) = s.get("/api/user/username/rename").await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({ "action": "rename", "method": "GET" }));
}

#[tokio::test]
async fn path_params_are_percent_decoded_and_typed() {
    let s = Server::demo();
    assert_eq!(s.get("/api/user/a%20b/info").await.1["username"], "a b");
    assert_eq!(
        s.get("/api/item/3/42").await,
        (200, json!({ "level": 3, "id": 42, "title": "item 42" }))
    );
}

#[tokio::test]
async fn catch_all_takes_the_rest_of_the_path() {
    let s = Server::demo();
    let (status, body) = s.get("/api/files/a/b/c.txt").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({ "path": "a/b/c.txt", "segments": ["a", "b", "c.txt"] })
    );
    assert_eq!(
        s.get("/api/files").await.0,
        404,
        "a catch-all needs at least one segment"
    );
}

#[tokio::test]
async fn helper_modules_and_test_files_are_not_routes() {
    let s = Server::demo();
    assert_eq!(s.get("/api/_utils").await.0, 404);
    assert_eq!(s.get("/api/hello.test").await.0, 404);
    assert_eq!(
        s.get("/api/hello").await,
        (200, json!({ "message": "Hello world!" }))
    );
}

#[tokio::test]
async fn every_method_reaches_its_handler() {
    let s = Server::demo();
    let client = reqwest::Client::new();
    for method in ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"] {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let (status, body) = send(client.request(m, s.url("/api/methods"))).await;
        assert_eq!(status, 200, "{method}");
        assert_eq!(body["method"], method);
    }
    let head = client.head(s.url("/api/methods")).send().await.unwrap();
    assert_eq!(head.status(), 200, "GET routes answer HEAD");
}

#[tokio::test]
async fn extractors_follow_path_params() {
    let s = Server::demo();
    let (status, body) = send(
        reqwest::Client::new()
            .put(s.url("/api/methods"))
            .header("user-agent", "e2e-agent"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["agent"], "e2e-agent");
}

#[tokio::test]
async fn request_option_reads_query_and_data() {
    let s = Server::demo();
    let client = reqwest::Client::new();
    assert_eq!(
        s.get("/api/hello?name=Rust").await.1,
        json!({ "message": "Hello Rust!" })
    );
    let (status, body) = send(
        client
            .post(s.url("/api/hello"))
            .json(&json!({ "name": "Modern.js" })),
    )
    .await;
    assert_eq!(
        (status, body),
        (200, json!({ "message": "Hello Modern.js!" }))
    );
    let (status, body) = send(
        client
            .post(s.url("/api/user/username/rename"))
            .json(&json!({ "to": "x" })),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({ "action": "rename", "method": "POST", "data": { "to": "x" } })
    );
    let (status, body) = send(
        client
            .put(s.url("/api/item/1/7"))
            .json(&json!({ "title": "new" })),
    )
    .await;
    assert_eq!(
        (status, body),
        (200, json!({ "level": 1, "id": 7, "title": "new" }))
    );
}
