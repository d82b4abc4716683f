//! Hostile input over real HTTP: every case gets a 4xx (or the connection is cut), the
//! server stays healthy afterwards, and its memory returns near its baseline.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{send, Server};

fn host(server: &Server) -> String {
    server.base.trim_start_matches("http://").to_owned()
}

/// Sends raw bytes and reads until the server closes or 5 s pass.
fn raw(server: &Server, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(host(server)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream.write_all(request).unwrap();
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn status_of(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

async fn assert_healthy(server: &Server) {
    assert_eq!(
        server.get("/api/hello").await.0,
        200,
        "the server stays healthy"
    );
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test]
async fn invalid_utf8_in_a_json_body_is_400() {
    let s = Server::demo();
    let body = b"{\"name\": \"\xff\xfe\"}".to_vec();
    let request = reqwest::Client::new()
        .post(s.url("/api/hello"))
        .header("content-type", "application/json")
        .body(body);
    let (status, body) = send(request).await;
    assert_eq!(status, 400);
    assert!(body["msg"].as_str().unwrap().starts_with("data"), "{body}");
    assert_healthy(&s).await;
}

#[tokio::test]
async fn wrong_content_types_are_415() {
    let s = Server::demo();
    for content_type in [
        "text/plain",
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/jsonx",
    ] {
        let request = reqwest::Client::new()
            .post(s.url("/api/hello"))
            .header("content-type", content_type)
            .body("{\"name\":\"a\"}");
        assert_eq!(send(request).await.0, 415, "{content_type}");
    }
    assert_healthy(&s).await;
}

#[tokio::test]
async fn truncated_chunked_body_is_refused() {
    let s = Server::demo();
    let response = raw(
        &s,
        b"POST /api/echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n10\r\n[1,2,",
    );
    let status = status_of(&response);
    assert!(status == 0 || (400..500).contains(&status), "{response}");
    assert_healthy(&s).await;
}

#[tokio::test]
async fn ten_megabytes_of_brackets_is_413_or_400_never_a_crash() {
    let s = Server::demo();
    let brackets = vec![b'['; 10 * 1024 * 1024];
    // The server answers 413 from the declared length without reading the body, then closes;
    // send only the head so that the client is not still writing when it does.
    let mut stream = TcpStream::connect(host(&s)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let head = format!(
        "POST /api/echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        brackets.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut buf = [0u8; 512];
    let n = stream.read(&mut buf).unwrap();
    let response = String::from_utf8_lossy(&buf[..n]);
    assert_eq!(status_of(&response), 413, "{response}");
    assert!(response.contains("20009"), "{response}");
    let big = Server::start(&[("BFFKIT_BODY_LIMIT", "20000000")]);
    let request = reqwest::Client::new()
        .post(big.url("/api/echo"))
        .header("content-type", "application/json")
        .body(brackets);
    let (status, body) = send(request).await;
    assert_eq!(
        (status, body["msg"].as_str().unwrap()),
        (400, "data: JSON is nested deeper than 64 levels")
    );
    assert_healthy(&s).await;
    assert_healthy(&big).await;
}

#[tokio::test]
async fn duplicate_query_keys_are_400() {
    let s = Server::demo();
    let (status, body) = s.get("/api/user/list?page=1&page=2").await;
    assert_eq!(status, 400);
    assert!(body["msg"].as_str().unwrap().contains("page"), "{body}");
}

#[tokio::test]
async fn path_traversal_in_params_is_400() {
    let s = Server::demo();
    for path in [
        "/api/user/..%2F..%2Fetc/info",
        "/api/files/..%2F..%2Fetc%2Fpasswd",
        "/api/files/a/../../b",
        "/api/user/../info",
    ] {
        let (status, _) = s.get(path).await;
        assert!((400..500).contains(&status), "{path}: {status}");
    }
    let (status, body) = s.get("/api/user/..%2F..%2Fetc/info").await;
    assert_eq!(
        (status, body["msg"].as_str().unwrap()),
        (400, "params.username: `..` segments are not allowed")
    );
}

#[tokio::test]
async fn huge_numbers_are_400() {
    let s = Server::demo();
    assert_eq!(s.get("/api/item/1/99999999999999999999999999").await.0, 400);
    assert_eq!(
        s.get("/api/user/list?page=99999999999999999999").await.0,
        400
    );
    let request = reqwest::Client::new()
        .put(s.url("/api/item/1/1"))
        .header("content-type", "application/json")
        .body(r#"{"title": 1e999}"#);
    assert_eq!(send(request).await.0, 400);
    assert_healthy(&s).await;
}

#[tokio::test]
async fn nul_bytes_are_400() {
    let s = Server::demo();
    let (status, body) = s.get("/api/user/a%00b/info").await;
    assert_eq!(
        (status, body["msg"].as_str().unwrap()),
        (400, "params.username: contains a NUL byte")
    );
    let response = raw(&s, b"GET /api/hel\0lo HTTP/1.1\r\nhost: x\r\n\r\n");
    assert_eq!(status_of(&response), 400, "{response}");
    assert_healthy(&s).await;
}

#[tokio::test]
async fn oversized_headers_are_431() {
    let s = Server::demo();
    let request = format!(
        "GET /api/hello HTTP/1.1\r\nhost: x\r\nx-big: {}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    assert_eq!(status_of(&raw(&s, request.as_bytes())), 431);
    assert_healthy(&s).await;
}

#[tokio::test]
async fn overlong_query_is_414_json() {
    let s = Server::demo();
    let (status, body) = s
        .get(&format!("/api/hello?name={}", "a".repeat(9000)))
        .await;
    assert_eq!(status, 414);
    assert_eq!(body["code"], 20012);
}

#[tokio::test]
async fn slow_clients_are_cut_off() {
    let s = Server::start(&[("BFFKIT_HEADER_READ_TIMEOUT_MS", "1000")]);
    let mut stream = TcpStream::connect(host(&s)).unwrap();
    let start = Instant::now();
    let mut cut = false;
    for byte in
        b"GET /api/hello HTTP/1.1\r\nhost: slow\r\nx-pad: aaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
    {
        if stream.write_all(&[*byte]).is_err() {
            cut = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
        if start.elapsed() > Duration::from_secs(4) {
            break;
        }
    }
    if !cut {
        stream
            .set_read_timeout(Some(Duration::from_secs(1)))
            .unwrap();
        let mut buf = [0u8; 256];
        // Closed (EOF or reset) counts; a read that merely times out means still open.
        cut = match stream.read(&mut buf) {
            Ok(0) => true,
            Ok(n) => String::from_utf8_lossy(&buf[..n]).contains(" 408 "),
            Err(e) => !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
        };
    }
    assert!(
        cut,
        "a client sending one byte every 250 ms must be cut off within two 1 s stall periods"
    );
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_healthy(&s).await;
}

#[tokio::test]
async fn slow_requests_time_out_with_408() {
    let s = Server::start(&[("BFFKIT_REQUEST_TIMEOUT_MS", "300")]);
    let (status, body) = s.get("/api/debug/slow?ms=2000").await;
    assert_eq!(status, 408);
    assert_eq!(body["code"], 20007);
    assert_healthy(&s).await;
}

#[tokio::test]
async fn memory_returns_near_its_baseline() {
    let s = Server::start(&[("BFFKIT_BODY_LIMIT", "20000000")]);
    assert_healthy(&s).await;
    let baseline = rss_kib(s.pid());
    let client = reqwest::Client::new();
    let brackets = vec![b'['; 10 * 1024 * 1024];
    let mut wide = b"[".to_vec();
    for i in 0..400_000 {
        wide.extend_from_slice(format!("{i},").as_bytes());
    }
    wide.extend_from_slice(b"0]");
    for _ in 0..10 {
        let request = client
            .post(s.url("/api/echo"))
            .header("content-type", "application/json")
            .body(brackets.clone());
        assert_eq!(send(request).await.0, 400);
        let request = client
            .post(s.url("/api/hello"))
            .header("content-type", "application/json")
            .body(wide.clone());
        assert_eq!(send(request).await.0, 400);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = rss_kib(s.pid());
    assert!(
        after < baseline + 48 * 1024,
        "RSS grew from {baseline} KiB to {after} KiB"
    );
    let _: Value = s.get("/api").await.1;
}

#[tokio::test]
async fn match_routes_apply_the_json_depth_limit_too() {
    let s = Server::demo();
    let deep = format!(
        "{{\"a\": {}1{}, \"b\": 2}}",
        "[".repeat(100),
        "]".repeat(100)
    );
    let request = reqwest::Client::new()
        .post(s.url("/api/add"))
        .header("content-type", "application/json")
        .body(deep);
    let (status, body) = send(request).await;
    assert_eq!(
        (status, body["msg"].as_str().unwrap()),
        (400, "data: JSON is nested deeper than 64 levels")
    );
}
