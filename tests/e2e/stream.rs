//! Streams from lambdas over real HTTP: SSE by default, NDJSON by `Accept`, resuming with
//! `Last-Event-ID`, typed error events, per-item validation, keep-alives, and a client
//! that hangs up stopping the producer.

use serde_json::{json, Value};

use crate::support::Server;

/// One Server-Sent Event: its `event` (or `message`), `id` and parsed `data`.
#[derive(Debug, PartialEq)]
struct Event {
    event: String,
    id: Option<String>,
    data: Value,
}

/// Parses a whole SSE body; comments (keep-alives) are counted, not returned.
fn parse_sse(text: &str) -> (Vec<Event>, usize) {
    let mut events = Vec::new();
    let mut comments = 0;
    for block in text.split("\n\n").filter(|b| !b.is_empty()) {
        let mut event = Event {
            event: "message".to_owned(),
            id: None,
            data: Value::Null,
        };
        let mut fields = 0;
        for line in block.lines() {
            if line.starts_with(':') {
                comments += 1;
                continue;
            }
            let (name, value) = line.split_once(": ").expect("field: value");
            fields += 1;
            match name {
                "event" => event.event = value.to_owned(),
                "id" => event.id = Some(value.to_owned()),
                "data" => event.data = serde_json::from_str(value).expect("JSON data"),
                other => panic!("unexpected field {other}"),
            }
        }
        if fields > 0 {
            events.push(event);
        }
    }
    (events, comments)
}

fn tick(id: u64) -> Event {
    Event {
        event: "message".to_owned(),
        id: Some(id.to_string()),
        data: json!({ "n": id }),
    }
}

fn end() -> Event {
    Event {
        event: "end".to_owned(),
        id: None,
        data: Value::Null,
    }
}

async fn read(server: &Server, path: &str, headers: &[(&str, &str)]) -> (u16, String, String) {
    let mut request = reqwest::Client::new().get(server.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request sent");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, response.text().await.expect("body"))
}

#[tokio::test]
async fn a_stream_is_served_as_numbered_server_sent_events() {
    let server = Server::demo();
    let (status, content_type, text) = read(&server, "/api/ticks?count=3", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/event-stream");
    let (events, _) = parse_sse(&text);
    assert_eq!(events, vec![tick(0), tick(1), tick(2), end()]);

    // A plain (not `match`) lambda returning `Result<EventStream<u32>, ApiError>`.
    let (_, _, text) = read(&server, "/api/ticks/countdown?from=2", &[]).await;
    let data: Vec<Value> = parse_sse(&text).0.into_iter().map(|e| e.data).collect();
    assert_eq!(data, vec![json!(2), json!(1), json!(0), Value::Null]);
    // Its `Err` is an ordinary JSON error before any event.
    let (status, content_type, text) = read(&server, "/api/ticks/countdown?from=200", &[]).await;
    assert_eq!((status, content_type.as_str()), (400, "application/json"));
    assert!(text.contains("at most 100"), "{text}");
}

#[tokio::test]
async fn ndjson_when_the_client_accepts_it() {
    let server = Server::demo();
    let (status, content_type, text) = read(
        &server,
        "/api/ticks?count=2",
        &[("accept", "application/x-ndjson")],
    )
    .await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/x-ndjson")
    );
    let lines: Vec<Value> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines,
        vec![
            json!({ "id": "0", "data": { "n": 0 } }),
            json!({ "id": "1", "data": { "n": 1 } }),
            json!({ "end": true }),
        ]
    );
}

#[tokio::test]
async fn an_item_that_fails_ends_the_stream_with_a_typed_error_event() {
    let server = Server::demo();
    let (status, _, text) = read(&server, "/api/ticks?count=5&fail_at=2", &[]).await;
    assert_eq!(status, 200);
    let (events, _) = parse_sse(&text);
    assert_eq!(&events[..2], &[tick(0), tick(1)]);
    assert_eq!(events.len(), 3, "nothing after the error: {events:?}");
    assert_eq!(events[2].event, "api-error");
    assert_eq!(
        events[2].data,
        json!({ "code": 20008, "msg": "tick 2 failed on purpose", "status": 409 })
    );

    let (_, _, text) = read(
        &server,
        "/api/ticks?count=5&fail_at=1",
        &[("accept", "application/x-ndjson")],
    )
    .await;
    let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["error"]["code"], 20008);
}

#[tokio::test]
async fn match_routes_check_every_item_against_its_schema() {
    let server = Server::demo();
    let (_, _, text) = read(&server, "/api/ticks?count=5&bad_at=1", &[]).await;
    let (events, _) = parse_sse(&text);
    assert_eq!(events[0], tick(0));
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[1].event, "api-error");
    assert_eq!(events[1].data["code"], 40001);
    assert_eq!(events[1].data["data"]["errors"][0]["path"], "item.n");
    // Logged with the request id, like any server error (the line may follow the answer).
    let logged = server.wait_for_output("a stream item breaks its schema", 1);
    let line = logged
        .lines()
        .find(|line| line.contains("a stream item breaks its schema"))
        .unwrap();
    assert!(line.contains("request_id"), "{line}");
}

#[tokio::test]
async fn last_event_id_resumes_after_the_last_event_seen() {
    let server = Server::demo();
    let (_, _, text) = read(&server, "/api/ticks?count=5", &[("last-event-id", "2")]).await;
    let (events, _) = parse_sse(&text);
    assert_eq!(events, vec![tick(3), tick(4), end()]);

    let long = "9".repeat(300);
    let (status, _, text) = read(&server, "/api/ticks", &[("last-event-id", &long)]).await;
    assert_eq!(status, 400);
    assert!(text.contains("last-event-id"), "{text}");
}

#[tokio::test]
async fn quiet_streams_get_keep_alive_comments() {
    // Ticks come every 20 ms; keep-alives after 3 ms of quiet fall between them.
    let server = Server::start(&[("BFFKIT_STREAM_KEEP_ALIVE_MS", "3")]);
    let (_, _, text) = read(&server, "/api/ticks?count=4&every_ms=20", &[]).await;
    let (events, comments) = parse_sse(&text);
    assert_eq!(events, vec![tick(0), tick(1), tick(2), tick(3), end()]);
    assert!(comments >= 3, "{comments} keep-alives in {text:?}");
}

#[tokio::test]
async fn a_client_that_hangs_up_stops_the_producer() {
    let server = Server::demo();
    let mut response = reqwest::Client::new()
        .get(server.url("/api/ticks?count=500&every_ms=20&run=hang-up"))
        .send()
        .await
        .unwrap();
    let mut seen = String::new();
    while parse_sse(&seen).0.len() < 3 {
        let chunk = response.chunk().await.unwrap().expect("more events");
        seen.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    drop(response);
    // The server answers once the run's stream is dropped (or after 8 s).
    let (status, body) = server
        .get("/api/ticks/stopped?run=hang-up&wait_ms=8000")
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["stopped"], true, "{body}");
    let sent = body["sent"].as_u64().unwrap();
    assert!((3..20).contains(&sent), "{sent} ticks made");
}

#[tokio::test]
async fn streams_cannot_be_batched() {
    let server = Server::demo();
    let (status, body) = crate::support::send(
        reqwest::Client::new()
            .post(server.url("/api/_batch"))
            .json(&json!({ "calls": [{ "method": "GET", "path": "/api/ticks" }] })),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body[0]["status"], 400);
    assert!(
        body[0]["body"]["msg"]
            .as_str()
            .unwrap()
            .contains("cannot be batched"),
        "{body}"
    );
}

#[tokio::test]
async fn curl_reads_events_as_they_come() {
    let server = Server::demo();
    let url = server.url("/api/ticks?count=2");
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("curl")
            .args(["-sN", &url])
            .output()
            .expect("curl is installed")
    })
    .await
    .unwrap();
    assert!(output.status.success());
    let (events, _) = parse_sse(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(events, vec![tick(0), tick(1), end()]);
}

#[tokio::test]
async fn shutdown_cuts_open_streams_off_so_clients_reconnect_elsewhere() {
    let mut server = Server::demo();
    let mut response = reqwest::Client::new()
        .get(server.url("/api/ticks?count=500&every_ms=20"))
        .send()
        .await
        .unwrap();
    let mut seen = String::new();
    while parse_sse(&seen).0.is_empty() {
        let chunk = response.chunk().await.unwrap().expect("an event");
        seen.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    server.terminate();
    // The stream ends (no `end` event: it was cut off) and the server exits.
    while let Some(chunk) = response.chunk().await.unwrap() {
        seen.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    let (events, _) = parse_sse(&seen);
    assert!(
        events.len() < 500 && events.iter().all(|e| e.event == "message"),
        "{events:?}"
    );
    let status = tokio::task::spawn_blocking(move || server.wait())
        .await
        .unwrap();
    assert!(status.success(), "{status:?}");
}
