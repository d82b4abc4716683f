//! Outgoing HTTPS: the app verifies certificates, trusts the test CA only when
//! `BFFKIT_TLS_CA_FILES` names it, and says what is wrong when it does not.

use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::auth::fake_wechat::FakeWechat;
use crate::auth::{fake_alipay, fake_platform};
use crate::auth::{me, post_json, start, wechat_login};
use crate::support::Server;

#[tokio::test]
async fn wechat_sign_in_works_over_verified_tls_with_the_ca_trusted() {
    let fake = FakeWechat::start();
    assert!(fake.base_url.starts_with("https://127.0.0.1:"));
    let s = start(&fake.env());
    let token = wechat_login(&s, "ok-tls").await;
    let (status, user) = me(&s, &token).await;
    assert_eq!(
        (status, user["user_id"].clone()),
        (200, json!("openid-ok-tls"))
    );
    assert_eq!(fake.calls(), 1);
}

#[tokio::test]
async fn wechat_sign_in_without_the_ca_fails_saying_the_certificate_is_not_trusted() {
    let fake = FakeWechat::start();
    let env: Vec<_> = fake
        .env()
        .into_iter()
        .filter(|(k, _)| *k != "BFFKIT_TLS_CA_FILES")
        .collect();
    let s = start(&env);
    let (status, body) = post_json(&s, "/api/auth/wechat/login", json!({ "code": "ok-1" })).await;
    assert_eq!(
        (status, body["code"].clone()),
        (502, json!(30000)),
        "{body}"
    );
    let msg = body["msg"].as_str().unwrap();
    assert!(msg.starts_with("cannot reach WeChat"), "{msg}");
    assert!(msg.contains("UnknownIssuer"), "{msg}");
    assert!(msg.contains("BFFKIT_TLS_CA_FILES"), "{msg}");
    assert!(!msg.contains(crate::auth::fake_wechat::SECRET), "{msg}");
    assert_eq!(fake.calls(), 0, "the handshake failed before any request");
    // The first failure of the platform, on its outage log (ops::FailureLog).
    s.wait_for_output("WeChat API unavailable", 1);
}

#[tokio::test]
async fn alipay_sign_in_without_the_ca_fails_saying_the_certificate_is_not_trusted() {
    let fake = fake_alipay::start();
    let env: Vec<_> = fake_alipay::env(&fake.gateway, "alipay_app_private_key.pem")
        .into_iter()
        .filter(|(k, _)| *k != "BFFKIT_TLS_CA_FILES")
        .collect();
    let s = start(&env);
    let response = reqwest::Client::new()
        .post(s.url("/api/auth/alipay/login"))
        .json(&json!({ "auth_code": "good-1" }))
        .send()
        .await
        .unwrap();
    assert!(
        response.headers().get("set-cookie").is_none(),
        "{:?}",
        response.headers()
    );
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        (status, body["code"].clone()),
        (502, json!(30000)),
        "{body}"
    );
    assert!(body.get("token").is_none(), "{body}");
    let msg = body["msg"].as_str().unwrap();
    assert!(msg.starts_with("cannot reach Alipay"), "{msg}");
    assert!(msg.contains("UnknownIssuer"), "{msg}");
    assert!(msg.contains("BFFKIT_TLS_CA_FILES"), "{msg}");
    assert_eq!(
        fake.requests(),
        0,
        "the handshake failed before any request"
    );
    s.wait_for_output("Alipay gateway unavailable", 1);
}

#[tokio::test]
async fn an_unreadable_ca_file_stops_the_app_naming_the_key() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .env("PORT", "0")
        .env("HOST", "127.0.0.1")
        .env("BFFKIT_TLS_CA_FILES", "/nonexistent/ca.pem")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("tls.ca_files") && stderr.contains("/nonexistent/ca.pem"),
        "{stderr}"
    );
}

/// The demo with both upstreams at an HTTPS fake answering `/users/{id}` and `/orders`.
fn upstream_demo(trust: bool) -> Server {
    let router = Router::new()
        .route(
            "/users/{id}",
            get(|| async { Json(json!({ "id": 7, "name": "Ada" })) }),
        )
        .route("/orders", get(|| async { Json(json!([])) }));
    let url = format!("https://{}", fake_platform::serve(router));
    let mut env = vec![
        ("BFFKIT_UPSTREAM_USERS_URL", url.clone()),
        ("BFFKIT_UPSTREAM_ORDERS_URL", url),
    ];
    if trust {
        env.push(crate::test_ca::trust_env());
    }
    start(&env)
}

#[tokio::test]
async fn upstream_calls_speak_verified_https() {
    let s = upstream_demo(true);
    let (status, body) = s.get("/api/dashboard/7").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user"], json!({ "id": 7, "name": "Ada" }));

    let s = upstream_demo(false);
    let (status, body) = s.get("/api/dashboard/7").await;
    assert_eq!(
        (status, body["code"].clone()),
        (502, json!(30000)),
        "{body}"
    );
}
