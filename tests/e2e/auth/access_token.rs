//! The server-side `access_token` (`stable_token`): cached, refreshed before it expires,
//! and shared through Redis so that two instances fetch it once per expiry.

use std::time::Duration;

use serde_json::{json, Value};

use super::fake_wechat::FakeWechat;
use super::redis_server::RedisServer;
use super::{start, wechat_login};
use crate::support::{send, Server};

async fn phone(s: &Server, token: &str, code: &str) -> (u16, Value) {
    send(
        reqwest::Client::new()
            .post(s.url("/api/wechat/phone"))
            .bearer_auth(token)
            .json(&json!({ "code": code })),
    )
    .await
}

/// Eight phone-number calls at once, alternating between `a` and `b`; all must succeed.
async fn eight_calls(a: &Server, b: &Server, token: &str) {
    let calls = (0..8).map(|i| phone(if i % 2 == 0 { a } else { b }, token, "phone-ok"));
    for (status, body) in futures_util::future::join_all(calls).await {
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["purePhoneNumber"], "13800138000");
    }
}

#[tokio::test]
async fn two_instances_on_one_redis_fetch_the_access_token_once_per_expiry() {
    let fake = FakeWechat::start();
    let redis = RedisServer::start();
    let mut env = fake.env();
    env.extend([
        ("BFFKIT_SESSION_STORE", "redis".to_owned()),
        ("BFFKIT_REDIS_URL", redis.url.clone()),
        // The fake's tokens last 7200 s: refreshing 7198 s early keeps each for 2 s.
        ("BFFKIT_WECHAT_TOKEN_REFRESH_BEFORE_SECS", "7198".to_owned()),
    ]);
    let (a, b) = (start(&env), start(&env));
    let token = wechat_login(&a, "ok-phone").await;

    eight_calls(&a, &b, &token).await;
    assert_eq!(fake.token_calls(), 1, "one fetch for both instances");
    eight_calls(&a, &b, &token).await;
    assert_eq!(fake.token_calls(), 1, "still fresh: no fetch");

    // Waiting for the refresh time to pass: a deadline, not an event.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    eight_calls(&a, &b, &token).await;
    assert_eq!(fake.token_calls(), 2, "one more fetch for the next period");

    let both = format!("{}{}", a.output(), b.output());
    assert!(
        !both.contains("ACCESS-"),
        "the access_token stays out of the logs"
    );
}

#[tokio::test]
async fn a_bad_phone_code_is_400_and_no_session_is_401() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    let token = wechat_login(&s, "ok-phone-2").await;
    let (status, body) = phone(&s, &token, "nope").await;
    assert_eq!(
        (status, body["code"].clone()),
        (400, json!(20000)),
        "{body}"
    );
    assert!(body["msg"].as_str().unwrap().starts_with("code:"), "{body}");
    let (status, _) = phone(&s, "not-a-session", "phone-ok").await;
    assert_eq!(status, 401);
    assert_eq!(fake.token_calls(), 1);
}

#[tokio::test]
async fn two_instances_on_one_sqlite_file_share_one_access_token() {
    let fake = FakeWechat::start();
    let mut env = fake.env();
    env.extend([
        ("BFFKIT_SESSION_STORE", "sqlite".to_owned()),
        (
            "BFFKIT_SESSION_SQLITE_PATH",
            super::temp_path("sessions.db").display().to_string(),
        ),
    ]);
    let (a, b) = (start(&env), start(&env));
    let token = wechat_login(&a, "ok-phone-3").await;
    eight_calls(&a, &b, &token).await;
    assert_eq!(fake.token_calls(), 1, "one fetch for both instances");
}

#[tokio::test]
async fn a_token_wechat_no_longer_accepts_is_fetched_again_once() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    let token = wechat_login(&s, "ok-phone-4").await;
    let (status, _) = phone(&s, &token, "phone-ok").await;
    assert_eq!((status, fake.token_calls()), (200, 1));

    // Someone else fetches a token: the fake then refuses the app's cached one (40001).
    let ca = std::fs::read(&crate::test_ca::get().ca_file).unwrap();
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&ca).unwrap())
        .build()
        .unwrap();
    let response = client
        .post(format!("{}/cgi-bin/stable_token", fake.base_url))
        .json(&json!({
            "grant_type": "client_credential",
            "appid": super::fake_wechat::APPID,
            "secret": super::fake_wechat::SECRET,
        }))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    assert_eq!(fake.token_calls(), 2);

    let (status, body) = phone(&s, &token, "phone-ok").await;
    assert_eq!(
        status, 200,
        "refused once, fetched again, then answered: {body}"
    );
    assert_eq!(fake.token_calls(), 3);
}
