//! Alipay sign-in against a fake gateway that verifies the RSA2 signature.

use serde_json::json;

use super::fake_alipay::{self, access_token_for, env, fixture, APP_ID};
use super::{me, post_json, post_with_token, start};

#[tokio::test]
async fn a_signed_exchange_signs_in() {
    let fake = fake_alipay::start();
    let s = start(&env(&fake.gateway, "alipay_app_private_key.pem"));
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
    assert_eq!(fake.requests(), 1);
}

#[tokio::test]
async fn an_invalid_code_is_401() {
    let gateway = fake_alipay::start().gateway;
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
    let gateway = fake_alipay::start().gateway;
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
    let gateway = fake_alipay::start().gateway;
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

/// Signs in with `auth_code`: (status, body).
async fn login(s: &crate::support::Server, auth_code: &str) -> (u16, serde_json::Value) {
    post_json(
        s,
        "/api/auth/alipay/login",
        json!({ "auth_code": auth_code }),
    )
    .await
}

#[tokio::test]
async fn a_tampered_answer_a_wrong_sign_or_no_sign_is_502_and_opens_no_session() {
    let gateway = fake_alipay::start().gateway;
    let s = start(&env(&gateway, "alipay_app_private_key.pem"));
    for (code, why) in [
        ("tampered-1", "does not match"),
        ("badsign-1", "does not match"),
        ("nosign-1", "no `sign`"),
    ] {
        let (status, body) = login(&s, code).await;
        assert_eq!(
            (status, body["code"].clone()),
            (502, json!(30000)),
            "{code}: {body}"
        );
        let msg = body["msg"].as_str().unwrap();
        assert!(
            msg.contains("failed verification") && msg.contains(why),
            "{code}: {msg}"
        );
        assert!(body.get("token").is_none(), "{code}: {body}");
        assert!(!body.to_string().contains("ACCESSTOKEN"), "{body}");
    }
    let log = s.wait_for_output("Alipay's answer failed signature verification", 3);
    assert!(!log.contains("ACCESSTOKEN"));
}

#[tokio::test]
async fn without_alipays_public_key_sign_in_is_502_and_the_start_up_log_says_why() {
    let gateway = fake_alipay::start().gateway;
    let env: Vec<_> = env(&gateway, "alipay_app_private_key.pem")
        .into_iter()
        .filter(|(k, _)| *k != "BFFKIT_ALIPAY_PUBLIC_KEY_PATH")
        .collect();
    let s = start(&env);
    s.wait_for_output("every Alipay sign-in will fail", 1);
    let (status, body) = login(&s, "good-1").await;
    assert_eq!(
        (status, body["code"].clone()),
        (502, json!(30000)),
        "{body}"
    );
    assert!(
        body["msg"]
            .as_str()
            .unwrap()
            .contains("BFFKIT_ALIPAY_PUBLIC_KEY_PATH"),
        "{body}"
    );
    assert!(body.get("token").is_none());
}

#[tokio::test]
async fn an_answer_verified_with_the_wrong_public_key_is_502() {
    let gateway = fake_alipay::start().gateway;
    let mut env = env(&gateway, "alipay_app_private_key.pem");
    // The app's own public key is not Alipay's: a common configuration mistake.
    env[2].1 = fixture("alipay_app_public_key.pem");
    let s = start(&env);
    let (status, body) = login(&s, "good-1").await;
    assert_eq!(
        (status, body["code"].clone()),
        (502, json!(30000)),
        "{body}"
    );
}

#[tokio::test]
async fn refresh_renews_alipays_tokens_with_the_refresh_token_grant_in_every_store() {
    let redis = super::redis_server::RedisServer::start();
    let sqlite = super::temp_path("sessions.db").display().to_string();
    for store in [
        vec![],
        vec![
            ("BFFKIT_SESSION_STORE", "sqlite".to_owned()),
            ("BFFKIT_SESSION_SQLITE_PATH", sqlite),
        ],
        vec![
            ("BFFKIT_SESSION_STORE", "redis".to_owned()),
            ("BFFKIT_REDIS_URL", redis.url.clone()),
        ],
    ] {
        refresh_renews_alipays_tokens(store).await;
    }
}

async fn refresh_renews_alipays_tokens(store: Vec<(&'static str, String)>) {
    let fake = fake_alipay::start();
    let mut env = env(&fake.gateway, "alipay_app_private_key.pem");
    env.extend(store);
    let s = start(&env);
    let (status, body) = login(&s, "good-refresh").await;
    assert_eq!(status, 200, "{body}");
    let old = body["token"].as_str().unwrap().to_owned();
    assert_eq!(fake.refreshes(), 0);

    let (status, body) = post_with_token(&s, "/api/auth/refresh", &old).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(fake.refreshes(), 1, "one refresh_token grant");
    let new = body["token"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    let (status, user) = me(&s, &new).await;
    assert_eq!(
        (status, user["user_id"].clone()),
        (200, json!("208812")),
        "{user}"
    );
    let (status, _) = me(&s, &old).await;
    assert_eq!(status, 401);

    // The renewed refresh token is the one used next time.
    let (status, body) = post_with_token(&s, "/api/auth/refresh", &new).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(fake.refreshes(), 2);
    assert!(
        !s.output().contains("REFRESH"),
        "tokens stay out of the log"
    );
}

#[tokio::test]
async fn a_tampered_refresh_token_answer_is_502_and_leaves_the_session_as_it_was() {
    let fake = fake_alipay::start();
    let s = start(&env(&fake.gateway, "alipay_app_private_key.pem"));
    let (status, body) = login(&s, "good-x-tamperlater").await;
    assert_eq!(status, 200, "{body}");
    let token = body["token"].as_str().unwrap().to_owned();
    let (status, body) = post_with_token(&s, "/api/auth/refresh", &token).await;
    assert_eq!(
        (status, body["code"].clone()),
        (502, json!(30000)),
        "{body}"
    );
    assert!(
        body["msg"]
            .as_str()
            .unwrap()
            .contains("failed verification"),
        "{body}"
    );
    assert!(body.get("token").is_none());
    let (status, _) = me(&s, &token).await;
    assert_eq!(status, 200, "the session was not rotated");
}
