//! `POST /api/_batch`: calls run concurrently through the same router, stream back as
//! NDJSON in completion order (or a JSON array in call order), fail one by one, and the
//! batch itself refuses bad input with a 4xx naming the field.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::{send, Server};

fn slow(ms: u64) -> Value {
    json!({ "method": "GET", "path": "/api/debug/slow", "query": { "ms": ms.to_string() } })
}

fn hello(name: &str) -> Value {
    json!({ "method": "GET", "path": "/api/hello", "query": { "name": name } })
}

fn batch_request(s: &Server, calls: Value, ndjson: bool) -> reqwest::RequestBuilder {
    let accept = if ndjson {
        "application/x-ndjson"
    } else {
        "application/json"
    };
    reqwest::Client::new()
        .post(s.url("/api/_batch"))
        .header("accept", accept)
        .json(&json!({ "calls": calls }))
}

/// Reads an NDJSON answer line by line, noting when each line arrived.
async fn ndjson_lines(response: reqwest::Response, started: Instant) -> Vec<(Value, Duration)> {
    let mut response = response;
    let mut buf = Vec::new();
    let mut lines = Vec::new();
    while let Some(chunk) = response.chunk().await.expect("stream chunk") {
        buf.extend_from_slice(&chunk);
        while let Some(nl) = buf.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = buf.drain(..=nl).collect();
            let value = serde_json::from_slice(&line).expect("each line is JSON");
            lines.push((value, started.elapsed()));
        }
    }
    assert!(buf.is_empty(), "the stream ends with a newline");
    lines
}

#[tokio::test]
async fn ndjson_lines_arrive_in_completion_order_as_each_call_completes() {
    let s = Server::demo();
    let started = Instant::now();
    let response = batch_request(&s, json!([slow(600), hello("fast")]), true)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    let lines = ndjson_lines(response, started).await;
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0].0,
        json!({ "index": 1, "status": 200, "body": { "message": "Hello fast!" } })
    );
    assert_eq!(
        lines[1].0,
        json!({ "index": 0, "status": 200, "body": { "slept_ms": 600 } })
    );
    // The fast line was sent when it was ready, not held back until the slow call ended.
    assert!(
        lines[0].1 < Duration::from_millis(450),
        "fast line after {:?}",
        lines[0].1
    );
    assert!(lines[1].1 >= Duration::from_millis(600));
}

/// Each call answers its own 200 and body, and together they take about as long as the
/// slowest: run one after another they could not end before the sum of their delays.
#[tokio::test]
async fn calls_run_concurrently() {
    let s = Server::demo();
    let delays = [600, 600, 600];
    let started = Instant::now();
    let (status, body) = send(batch_request(&s, Value::from_iter(delays.map(slow)), false)).await;
    let elapsed = started.elapsed();
    assert_eq!(status, 200, "{body}");
    let expected: Vec<Value> = delays
        .iter()
        .enumerate()
        .map(|(index, ms)| json!({ "index": index, "status": 200, "body": { "slept_ms": ms } }))
        .collect();
    assert_eq!(body, Value::from(expected));
    let sequential = Duration::from_millis(delays.iter().sum());
    assert!(
        elapsed < sequential,
        "three 600 ms calls took {elapsed:?}, as long as one after another"
    );
}

#[tokio::test]
async fn without_ndjson_the_answer_is_an_array_in_call_order() {
    let s = Server::demo();
    let response = batch_request(&s, json!([slow(300), hello("b"), slow(50)]), false)
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!([
            { "index": 0, "status": 200, "body": { "slept_ms": 300 } },
            { "index": 1, "status": 200, "body": { "message": "Hello b!" } },
            { "index": 2, "status": 200, "body": { "slept_ms": 50 } },
        ])
    );
}

#[tokio::test]
async fn a_failing_call_fails_only_its_own_line() {
    let s = Server::demo();
    let calls = json!([
        hello("ok"),
        { "method": "GET", "path": "/api/does/not/exist" },
        { "method": "POST", "path": "/api/hello", "body": { "name": 0 } },
        { "method": "GET", "path": "/api/debug/fail" },
        { "method": "GET", "path": "/api/debug/panic" },
        { "method": "DELETE", "path": "/api/hello" },
        { "method": "POST", "path": "/api/echo", "body": { "kept": [1, 2] } },
    ]);
    for ndjson in [false, true] {
        let response = batch_request(&s, calls.clone(), ndjson)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let text = response.text().await.unwrap();
        let mut lines: Vec<Value> = if ndjson {
            text.lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        } else {
            serde_json::from_str(&text).unwrap()
        };
        lines.sort_by_key(|l| l["index"].as_u64());
        let status_and_code: Vec<(u64, Value)> = lines
            .iter()
            .map(|l| (l["status"].as_u64().unwrap(), l["body"]["code"].clone()))
            .collect();
        assert_eq!(
            status_and_code,
            vec![
                (200, Value::Null),
                (404, json!(20005)),
                (400, json!(20000)),
                (409, json!(20008)),
                (500, json!(40000)),
                (405, json!(20006)),
                (200, Value::Null),
            ]
        );
        assert_eq!(lines[0]["body"], json!({ "message": "Hello ok!" }));
        assert_eq!(
            lines[2]["body"]["msg"],
            "data.name: invalid type: integer `0`, expected a string"
        );
        assert_eq!(
            lines[3]["body"],
            json!({ "code": 20008, "msg": "this handler always fails", "data": { "reason": "demo" } })
        );
        assert_eq!(lines[6]["body"], json!({ "kept": [1, 2] }));
    }
    // The panic did not take the server down.
    assert_eq!(s.get("/api/hello").await.0, 200);
}

#[tokio::test]
async fn batch_size_is_limited() {
    let s = Server::demo();
    let calls = |n: usize| Value::Array((0..n).map(|i| hello(&i.to_string())).collect());
    let (status, body) = send(batch_request(&s, calls(50), false)).await;
    assert_eq!(status, 200);
    assert_eq!(body.as_array().unwrap().len(), 50);
    assert_eq!(body[49]["body"]["message"], "Hello 49!");
    let (status, body) = send(batch_request(&s, calls(51), true)).await;
    assert_eq!(status, 413);
    assert_eq!(
        body,
        json!({ "code": 20009, "msg": "batch has 51 calls; the limit is 50" })
    );
}

#[tokio::test]
async fn the_limit_and_the_endpoint_are_configurable() {
    let s = Server::start(&[("BFFKIT_BATCH_MAX_CALLS", "2")]);
    let (status, body) = send(batch_request(
        &s,
        json!([hello("a"), hello("b"), hello("c")]),
        false,
    ))
    .await;
    assert_eq!(
        (status, body["msg"].as_str().unwrap()),
        (413, "batch has 3 calls; the limit is 2")
    );
    drop(s);
    let s = Server::start(&[("BFFKIT_BATCH_ENABLED", "false")]);
    let (status, _) = send(batch_request(&s, json!([hello("a")]), false)).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn malformed_batches_are_400_naming_the_field() {
    let s = Server::demo();
    let client = reqwest::Client::new();
    let post = |body: &str| {
        client
            .post(s.url("/api/_batch"))
            .header("content-type", "application/json")
            .body(body.to_owned())
    };
    let cases = [
        ("{\"calls\": [", "batch: malformed JSON"),
        ("[]", "batch: expected an object"),
        ("{}", "calls: missing field"),
        ("{\"calls\": 3}", "calls: expected an array of calls"),
        ("{\"calls\": [], \"extra\": 1}", "extra: unknown field"),
        (
            "{\"calls\": [\"GET /api/hello\"]}",
            "calls[0]: expected an object",
        ),
        (
            r#"{"calls": [{"method": "GET", "path": "/api/hello"}, {"path": "/api/hello"}]}"#,
            "calls[1].method: missing field",
        ),
        (
            r#"{"calls": [{"method": 1, "path": "/api/hello"}]}"#,
            "calls[0].method: expected a string",
        ),
        (
            r#"{"calls": [{"method": "GET", "path": "/a"}, {"method": "GET", "path": "/b"}, {"method": "GET", "path": "/c"}, {"method": "YANK", "path": "/api/hello"}]}"#,
            "calls[3].method: `YANK` is not an HTTP method",
        ),
        (
            r#"{"calls": [{"method": "GET"}]}"#,
            "calls[0].path: missing field",
        ),
        (
            r#"{"calls": [{"method": "GET", "path": "api/hello"}]}"#,
            "calls[0].path: must start with `/`",
        ),
        (
            r#"{"calls": [{"method": "GET", "path": "/api/hello?name=x"}]}"#,
            "calls[0].path: must not contain `?`",
        ),
        (
            r#"{"calls": [{"method": "GET", "path": "/api/hello", "query": {"name": {"a": 1}}}]}"#,
            "calls[0].query.name: expected a string or an array of strings",
        ),
        (
            r#"{"calls": [{"method": "GET", "path": "/api/hello", "query": [1]}]}"#,
            "calls[0].query: expected an object",
        ),
        (
            r#"{"calls": [{"method": "GET", "path": "/api/hello", "headers": {}}]}"#,
            "calls[0].headers: unknown field",
        ),
    ];
    for (body, expected) in cases {
        let (status, answer) = send(post(body)).await;
        assert_eq!(status, 400, "{body} → {answer}");
        assert_eq!(answer["code"], 20000, "{body} → {answer}");
        let msg = answer["msg"].as_str().unwrap();
        assert!(msg.starts_with(expected), "{body} → {msg}");
    }
    let (status, answer) = send(
        client
            .post(s.url("/api/_batch"))
            .header("content-type", "text/plain")
            .body(r#"{"calls": []}"#),
    )
    .await;
    assert_eq!((status, answer["code"].clone()), (415, json!(20010)));
    let (status, _) = send(client.get(s.url("/api/_batch"))).await;
    assert_eq!(status, 405);
}

#[tokio::test]
async fn the_body_limit_applies_to_the_batch() {
    let s = Server::start(&[("BFFKIT_BODY_LIMIT", "200")]);
    let big = "x".repeat(300);
    let (status, body) = send(batch_request(
        &s,
        json!([{ "method": "POST", "path": "/api/echo", "body": big }]),
        false,
    ))
    .await;
    assert_eq!((status, body["code"].clone()), (413, json!(20009)));
}

#[tokio::test]
async fn batch_headers_apply_to_every_call() {
    let s = Server::demo();
    let headers_call = json!({ "method": "GET", "path": "/api/debug/headers" });
    let posted = json!({ "method": "GET", "path": "/api/debug/headers", "body": {} });
    let (status, body) = send(
        batch_request(&s, json!([headers_call, headers_call, posted]), false)
            .header("authorization", "Bearer token-1")
            .header("cookie", "sid=abc")
            .header("x-request-id", "req-42"),
    )
    .await;
    assert_eq!(status, 200);
    let expected = json!({
        "authorization": "Bearer token-1",
        "cookie": "sid=abc",
        "x-request-id": "req-42",
        "accept": "application/json",
    });
    assert_eq!(body[0]["body"], expected);
    assert_eq!(body[1]["body"], expected);
    // The batch's own content type is not inherited; a call with a body gets JSON's.
    let mut with_body = expected.clone();
    with_body["content-type"] = json!("application/json");
    assert_eq!(body[2]["body"], with_body);
}

#[tokio::test]
async fn a_batch_cannot_call_itself() {
    let s = Server::demo();
    let inner =
        json!({ "method": "POST", "path": "/api/_batch", "body": { "calls": [hello("x")] } });
    let (status, body) = send(batch_request(&s, json!([hello("a"), inner]), false)).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["msg"],
        "calls[1].path: a batch cannot call the batch endpoint `/api/_batch`"
    );
}

#[tokio::test]
async fn layers_see_the_batch_request_and_each_call() {
    let s = Server::demo();
    let client = reqwest::Client::new();
    send(client.delete(s.url("/api/debug/requests"))).await;
    let (status, _) = send(batch_request(
        &s,
        json!([hello("a"), hello("b"), slow(1)]),
        true,
    ))
    .await;
    assert_eq!(status, 200);
    let (_, counts) = s.get("/api/debug/requests").await;
    assert_eq!(
        counts,
        json!({
            "http": { "/api/_batch": 1 },
            "batched": { "/api/hello": 2, "/api/debug/slow": 1 },
        })
    );
}
