//! `[cors]`: off by default; explicit origins answered, others not; a wildcard with
//! credentials refused at start-up naming the key.

use std::process::Command;

use crate::support::Server;

async fn preflight(server: &Server, origin: &str) -> reqwest::Response {
    reqwest::Client::new()
        .request(reqwest::Method::OPTIONS, server.url("/api/hello"))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .await
        .unwrap()
}

fn allowed_origin(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("access-control-allow-origin")
        .map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn off_by_default() {
    let server = Server::demo();
    let response = reqwest::Client::new()
        .get(server.url("/api/hello"))
        .header("Origin", "http://localhost:5173")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(allowed_origin(&response), None);
}

#[tokio::test]
async fn listed_origins_are_allowed_with_credentials() {
    let server = Server::start(&[
        (
            "BFFKIT_CORS_ORIGINS",
            "http://localhost:5173, http://127.0.0.1:5173",
        ),
        ("BFFKIT_CORS_CREDENTIALS", "1"),
    ]);
    let response = preflight(&server, "http://localhost:5173").await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(
        allowed_origin(&response).as_deref(),
        Some("http://localhost:5173")
    );
    let headers = response.headers();
    assert_eq!(headers["access-control-allow-credentials"], "true");
    assert!(headers["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));

    let response = reqwest::Client::new()
        .get(server.url("/api/hello"))
        .header("Origin", "http://127.0.0.1:5173")
        .send()
        .await
        .unwrap();
    assert_eq!(
        allowed_origin(&response).as_deref(),
        Some("http://127.0.0.1:5173")
    );

    let other = preflight(&server, "http://evil.test").await;
    assert_eq!(allowed_origin(&other), None);
}

#[test]
fn wildcard_with_credentials_is_refused_at_start_up() {
    let output = Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .env("PORT", "0")
        .env("BFFKIT_CORS_ORIGINS", "*")
        .env("BFFKIT_CORS_CREDENTIALS", "1")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cors.origins") && stderr.contains("credentials"),
        "{stderr}"
    );
}
