//! Alipay sign-in against a fake gateway that verifies the RSA2 signature.

use serde_json::json;

use super::fake_alipay::{self, access_token_for, fixture, APP_ID};
use super::{me, post_json, start};

fn env(gateway: &str, key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("BFFKIT_ALIPAY_APP_ID", APP_ID.to_owned()),
        ("BFFKIT_ALIPAY_PRIVATE_KEY_PATH", fixture(key)),
        ("BFFKIT_ALIPAY_GATEWAY", gateway.to_owned()),
        crate::test_ca::trust_env(),
    ]
}

#[tokio::test]
async fn a_signed_exchange_signs_in() {
    let gateway = fake_alipay::start();
    let s = start(&env(&gateway, "alipay_app_private_key.pem"));
    let (status, body) = post_json(
        &s,
        "/api/auth/alipay/login",
        json!({ "auth_code": "good-123" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(!body.to_string().contains(&access_token_for("good-123")));
    let token = body["token"].as_str().unwrap();
    let (status, user) = me(&s, token).await;
    assert_eq!(status, 200, "{user}");
    assert_eq!(
        (user["provider"].clone(), user["user_id"].clone()),
        (json!("alipay"), json!("20888"))
    );
    assert!(!s.output().contains("ACCESSTOKEN"));
}

#[tokio::test]
async fn an_invalid_code_is_401() {
    let gateway = fake_alipay::start();
    let s = start(&env(&gateway, "alipay_app_private_key.pem"));
    let (status, body) = post_json(
        &s,
        "/api/auth/alipay/login",
        json!({ "auth_code": "expired" }),
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (401, json!(20002)),
        "{body}"
    );
    assert!(
        body["msg"].as_str().unwrap().contains("isv.code-invalid"),
        "{body}"
    );
}

#[tokio::test]
async fn a_request_signed_with_another_key_is_refused_by_the_gateway() {
    let gateway = fake_alipay::start();
    let s = start(&env(&gateway, "other_private_key.pem"));
    let (status, body) = post_json(
        &s,
        "/api/auth/alipay/login",
        json!({ "auth_code": "good-1" }),
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (502, json!(30000)),
        "{body}"
    );
    assert_eq!(body["data"]["sub_code"], "isv.invalid-signature");
}

#[tokio::test]
async fn bad_bodies_are_400_naming_data_auth_code() {
    let gateway = fake_alipay::start();
    let s = start(&env(&gateway, "alipay_app_private_key.pem"));
    for body in [
        json!({}),
        json!({ "auth_code": "" }),
        json!({ "auth_code": [] }),
    ] {
        let (status, answer) = post_json(&s, "/api/auth/alipay/login", body.clone()).await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert!(
            answer["msg"].as_str().unwrap().contains("data.auth_code"),
            "{answer}"
        );
    }
}

#[tokio::test]
async fn an_unreadable_key_stops_the_app_at_start() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .env("PORT", "0")
        .env("BFFKIT_ALIPAY_APP_ID", APP_ID)
        .env(
            "BFFKIT_ALIPAY_PRIVATE_KEY_PATH",
            fixture("alipay_app_public_key.pem"),
        )
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("auth.alipay private key"), "{stderr}");
}
