//! Cleartext HTTP/2 (prior knowledge) on the same port as HTTP/1.1, with every limit
//! still holding: a real HTTP/2 client (reqwest over hyper's h2), curl, and raw frames.

use std::io::{Read, Write};
use std::time::Duration;

use serde_json::json;

use crate::support::Server;

fn h2() -> reqwest::Client {
    reqwest::Client::builder()
        .http2_prior_knowledge()
        .build()
        .unwrap()
}

#[tokio::test]
async fn http2_and_http1_share_the_port() {
    let server = Server::demo();
    let response = h2()
        .get(server.url("/api/hello?name=h2"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.version(), reqwest::Version::HTTP_2);
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, json!({ "message": "Hello h2!" }));

    let response = reqwest::get(server.url("/api/hello")).await.unwrap();
    assert_eq!(response.version(), reqwest::Version::HTTP_11);
    assert_eq!(response.status(), 200);

    // A stream over HTTP/2.
    let text = h2()
        .get(server.url("/api/ticks?count=2"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.starts_with("id: 0\ndata: {\"n\":0}\n\n")
            && text.ends_with("event: end\ndata: null\n\n"),
        "{text}"
    );
}

#[tokio::test]
async fn the_batch_endpoint_works_over_http2() {
    let server = Server::demo();
    let response = h2()
        .post(server.url("/api/_batch"))
        .header("accept", "application/x-ndjson")
        .json(&json!({ "calls": [
            { "method": "GET", "path": "/api/hello", "query": { "name": "a" } },
            { "method": "POST", "path": "/api/greet", "body": { "name": "b" } },
        ] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.version(), reqwest::Version::HTTP_2);
    let text = response.text().await.unwrap();
    let mut lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    lines.sort_by_key(|l| l["index"].as_u64());
    assert_eq!(
        lines,
        vec![
            json!({ "index": 0, "status": 200, "body": { "message": "Hello a!" } }),
            json!({ "index": 1, "status": 200, "body": { "message": "Hello b!" } }),
        ]
    );
}

#[tokio::test]
async fn header_body_and_time_limits_hold_over_http2() {
    let server = Server::start(&[("BFFKIT_REQUEST_TIMEOUT_MS", "300")]);
    let client = h2();
    // Headers over the 16 KiB default: 431, as over HTTP/1.
    let response = client
        .get(server.url("/api/hello"))
        .header("x-big", "a".repeat(20 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 431);
    // Body over the 1 MiB default: 413 with the JSON error.
    let response = client
        .post(server.url("/api/greet"))
        .header("content-type", "application/json")
        .body(vec![b' '; 2 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    // The request timeout: 408.
    let response = client
        .get(server.url("/api/debug/slow?ms=3000"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 408);
    // The connection survived all three.
    let response = client.get(server.url("/api/hello")).send().await.unwrap();
    assert_eq!(
        (response.version(), response.status().as_u16()),
        (reqwest::Version::HTTP_2, 200)
    );
}

#[test]
fn a_stalled_http2_connection_is_closed() {
    let server = Server::start(&[("BFFKIT_HEADER_READ_TIMEOUT_MS", "200")]);
    let addr = server.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The preface and an empty SETTINGS frame, then nothing: no request ever starts.
    stream
        .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        .unwrap();
    stream.write_all(&[0, 0, 0, 4, 0, 0, 0, 0, 0]).unwrap();
    let mut received = Vec::new();
    // Reads the server's SETTINGS (and GOAWAY) until it closes; a timeout is a failure.
    let closed = loop {
        let mut buf = [0u8; 1024];
        match stream.read(&mut buf) {
            Ok(0) => break true,
            Ok(n) => received.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break true,
            Err(_) => break false,
        }
    };
    assert!(closed, "the stalled connection stayed open");
    // It spoke HTTP/2 before closing: its first frame is SETTINGS (type 4).
    assert_eq!(received.get(3), Some(&4), "{received:?}");
}

#[tokio::test]
async fn concurrent_streams_per_connection_are_limited() {
    let server = Server::start(&[("BFFKIT_HTTP2_MAX_STREAMS", "1")]);
    let client = h2();
    // One stream holds the connection's only slot...
    let mut ticks = client
        .get(server.url("/api/ticks?count=500&every_ms=20"))
        .send()
        .await
        .unwrap();
    assert_eq!(ticks.version(), reqwest::Version::HTTP_2);
    let waiting = tokio::spawn({
        let client = client.clone();
        let url = server.url("/api/hello");
        async move { client.get(url).send().await.unwrap().status() }
    });
    // ...so another request on it waits while the stream sends five more events.
    let mut events = 0;
    while events < 6 {
        let chunk = ticks.chunk().await.unwrap().expect("more events");
        events += chunk.windows(5).filter(|w| w == b"data:").count();
        assert!(
            !waiting.is_finished(),
            "a second stream ran beside the first"
        );
    }
    drop(ticks);
    assert_eq!(waiting.await.unwrap(), 200);
}

#[tokio::test]
async fn curl_speaks_http2_with_prior_knowledge() {
    let server = Server::demo();
    let url = server.url("/api/hello?name=curl");
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("curl")
            .args([
                "-sS",
                "--http2-prior-knowledge",
                "-w",
                "\n%{http_version}",
                &url,
            ])
            .output()
            .expect("curl is installed")
    })
    .await
    .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        text,
        "{\"message\":\"Hello curl!\"}\n2",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
