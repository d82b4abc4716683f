//! `match` routes over real HTTP: every request part and body kind validated, every
//! violation reported at once, the response checked, uploads streamed, limits enforced.

use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

use crate::support::{send, Server};

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

fn paths(body: &Value) -> Vec<String> {
    body["data"]["errors"]
        .as_array()
        .expect("errors listed")
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn seed_add_and_greet() {
    let s = Server::demo();
    let (status, body) = send(
        client()
            .post(s.url("/api/add"))
            .json(&json!({"a": 40, "b": 2})),
    )
    .await;
    assert_eq!((status, body), (200, json!(42)));

    let (status, body) = send(
        client()
            .post(s.url("/api/greet"))
            .json(&json!({"name": "Modern.js"})),
    )
    .await;
    assert_eq!(
        (status, body),
        (200, json!({"message": "Hello Modern.js!"}))
    );

    let (status, body) = send(client().post(s.url("/api/greet")).json(&json!({"name": 0}))).await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({
            "code": 20001,
            "msg": "data.name: expected string, got number",
            "data": {"errors": [{"path": "data.name", "message": "expected string, got number"}]}
        })
    );
}

#[tokio::test]
async fn data_must_be_json() {
    let s = Server::demo();
    let (status, body) = send(
        client()
            .post(s.url("/api/add"))
            .header("content-type", "text/plain")
            .body(r#"{"a": 1, "b": 2}"#),
    )
    .await;
    assert_eq!(status, 415);
    assert_eq!(body["code"], 20010);
    let (status, body) = send(client().post(s.url("/api/add"))).await;
    assert_eq!(status, 400);
    assert_eq!(body["msg"], "data: expected object, got null");
    let (status, body) = send(
        client()
            .post(s.url("/api/add"))
            .header("content-type", "application/json")
            .body("{"),
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
}

#[tokio::test]
async fn params_query_headers_and_cookies_are_typed() {
    let s = Server::demo();
    let (status, body) = send(
        client()
            .get(s.url("/api/shop/7/orders?page=2&status=open&status=late&paid=false"))
            .header("x-tenant", "acme")
            .header("cookie", "theme=dark; session=s3cr3t"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({
            "shop": 7, "page": 2, "status": ["open", "late"], "paid": false,
            "tenant": "acme", "session": "s3cr3t", "totals": {"EUR": 12.5}
        })
    );
}

#[tokio::test]
async fn every_violation_is_reported_at_once() {
    let s = Server::demo();
    let (status, body) = send(
        client()
            .get(s.url("/api/shop/0/orders?page=0&paid=maybe"))
            .header("x-tenant", "ACME"),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], 20001);
    assert_eq!(
        paths(&body),
        [
            "params.shop",
            "query.page",
            "query.paid",
            "headers.x-tenant",
            "cookies.session"
        ]
    );
    let msg = body["msg"].as_str().unwrap();
    for part in [
        "params.shop: must be >= 1",
        "query.page: must be >= 1",
        "headers.x-tenant: must match the pattern `^[a-z]+$`",
        "cookies.session: is required",
    ] {
        assert!(msg.contains(part), "{part} in {msg}");
    }
    // Text that is not a number stays text, and the schema names it.
    let (status, body) = send(
        client()
            .get(s.url("/api/shop/x/orders?page=1"))
            .header("x-tenant", "a")
            .header("cookie", "session=1"),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["msg"], "params.shop: expected integer, got string");
}

#[tokio::test]
async fn text_body() {
    let s = Server::demo();
    let (status, body) = send(
        client()
            .post(s.url("/api/note"))
            .header("content-type", "text/plain; charset=utf-8")
            .body("héllo\nworld"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"chars": 11, "lines": 2, "shout": "HÉLLO\nWORLD"})
    );
    let (status, _) = send(client().post(s.url("/api/note")).json(&json!("x"))).await;
    assert_eq!(status, 415);
}

#[tokio::test]
async fn form_urlencoded_body() {
    let s = Server::demo();
    let (status, body) = send(client().post(s.url("/api/subscribe")).form(&[
        ("email", "a@example.com"),
        ("age", "30"),
        ("topics", "news"),
    ]))
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"email": "a@example.com", "age": 30, "topics": ["news"]})
    );
    let (status, body) = send(client().post(s.url("/api/subscribe")).form(&[
        ("email", "nope"),
        ("age", "7"),
        ("topics", "spam"),
    ]))
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        paths(&body),
        [
            "form_urlencoded.age",
            "form_urlencoded.email",
            "form_urlencoded.topics[0]"
        ]
    );
}

fn patterned(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i % 251) as u8 ^ (i >> 12) as u8)
        .collect()
}

fn fnv1a(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[tokio::test]
async fn multipart_upload_of_several_megabytes() {
    let s = Server::demo();
    let bytes = patterned(6 * 1024 * 1024 + 13);
    let form = Form::new().text("title", "report").part(
        "file",
        Part::bytes(bytes.clone())
            .file_name("report.bin")
            .mime_str("application/octet-stream")
            .unwrap(),
    );
    let (status, body) = send(client().post(s.url("/api/upload")).multipart(form)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"title": "report", "file_name": "report.bin", "size": bytes.len(), "fnv1a": fnv1a(&bytes)})
    );

    // Text fields are validated like any other part.
    let form = Form::new().text("title", "");
    let (status, body) = send(client().post(s.url("/api/upload")).multipart(form)).await;
    assert_eq!(status, 400);
    assert_eq!(paths(&body), ["form_data.file", "form_data.title"]);
}

#[tokio::test]
async fn multipart_limits_are_413() {
    let s = Server::start(&[
        ("BFFKIT_MULTIPART_PART_BYTES", "100000"),
        ("BFFKIT_MULTIPART_PARTS", "3"),
    ]);
    let form = Form::new()
        .text("title", "big")
        .part("file", Part::bytes(patterned(200_000)).file_name("big.bin"));
    let (status, body) = send(client().post(s.url("/api/upload")).multipart(form)).await;
    assert_eq!(status, 413);
    assert_eq!(
        body["msg"],
        "form_data.file: the part is larger than 100000 bytes (limits.multipart_part_bytes)"
    );

    let form = (0..4).fold(Form::new(), |f, i| f.text(format!("extra{i}"), "x"));
    let (status, body) = send(client().post(s.url("/api/upload")).multipart(form)).await;
    assert_eq!(status, 413);
    assert_eq!(
        body["msg"],
        "form_data: more than 3 parts (limits.multipart_parts)"
    );
}

#[tokio::test]
async fn response_breaking_its_schema_is_500() {
    let s = Server::demo();
    let (status, body) = s.get("/api/broken").await;
    assert_eq!(status, 500);
    assert_eq!(body["code"], 40001);
    // Debug builds (the tests') name the path and the rule.
    assert_eq!(
        body["msg"],
        "the handler's response breaks its schema: response.label: must be at least 1 character; \
         response.value: must be <= 10"
    );
}

#[tokio::test]
async fn recursive_type_round_trips() {
    let s = Server::demo();
    let tree = json!({"name": "root", "subcategories": [
        {"name": "a", "subcategories": [{"name": "a1", "subcategories": []}]},
        {"name": "b", "subcategories": []}
    ]});
    let (status, body) = send(client().post(s.url("/api/category")).json(&tree)).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"nodes": 4, "tree": tree}));

    let bad =
        json!({"name": "root", "subcategories": [{"name": "a", "subcategories": [{"name": ""}]}]});
    let (status, body) = send(client().post(s.url("/api/category")).json(&bad)).await;
    assert_eq!(status, 400);
    assert_eq!(
        paths(&body),
        [
            "data.subcategories[0].subcategories[0].name",
            "data.subcategories[0].subcategories[0].subcategories"
        ]
    );
}

#[tokio::test]
async fn sums_that_overflow_are_400s_not_panics() {
    let s = Server::demo();
    let (status, body) = send(
        client()
            .post(s.url("/api/add"))
            .json(&json!({"a": i64::MIN, "b": -1})),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], 20001);
    assert!(
        body["msg"].as_str().unwrap().starts_with("data: "),
        "{body}"
    );
}

#[tokio::test]
async fn a_whole_float_is_an_integer() {
    // JSON Schema's `integer` accepts `1.0`, so the typed value must read it too.
    let s = Server::demo();
    let (status, body) = send(
        client()
            .post(s.url("/api/add"))
            .json(&json!({"a": 1.0, "b": 2})),
    )
    .await;
    assert_eq!((status, body), (200, json!(3)));
    let (status, body) = send(
        client()
            .post(s.url("/api/add"))
            .json(&json!({"a": 1.5, "b": 2})),
    )
    .await;
    assert_eq!(status, 400, "{body}");
}
