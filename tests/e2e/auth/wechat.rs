//! WeChat sign-in: the whole flow, every errcode, bad input, and `session_key` secrecy.

use serde_json::json;

use super::fake_alipay::{self, access_token_for};
use super::fake_wechat::{self, session_key_for, FakeWechat};
use super::{me, post_json, post_with_token, start, temp_path, wechat_login};
use crate::support::send;

#[tokio::test]
async fn login_call_protected_route_logout_then_refused() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    let (status, body) = post_json(
        &s,
        "/api/auth/wechat/login",
        json!({ "code": "ok-union-1" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let token = body["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 43, "256 bits in base64url: {token}");
    assert!(body["expires_at"].as_i64().unwrap() > body["idle_expires_at"].as_i64().unwrap() - 1);
    assert_eq!(
        body.as_object().unwrap().len(),
        3,
        "token and expiries only: {body}"
    );

    let (status, user) = me(&s, &token).await;
    assert_eq!(status, 200, "{user}");
    assert_eq!(user["provider"], "wechat");
    assert_eq!(user["user_id"], "openid-ok-union-1");
    assert_eq!(user["unionid"], "unionid-ok-union-1");

    let (status, body) = post_with_token(&s, "/api/auth/logout", &token).await;
    assert_eq!((status, body), (200, json!({ "revoked": true })));
    let (status, body) = me(&s, &token).await;
    assert_eq!(status, 401);
    assert_eq!(body["code"], 20002);
    assert!(
        body["msg"].as_str().unwrap().starts_with("sign in first:"),
        "{body}"
    );
    let (status, _) = post_with_token(&s, "/api/auth/logout", &token).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn protected_route_without_or_with_a_bad_token_is_401() {
    let s = start(&[]);
    let (status, body) = s.get("/api/me").await;
    assert_eq!(status, 401);
    assert_eq!(body["code"], 20002);
    assert!(
        body["msg"]
            .as_str()
            .unwrap()
            .contains("Authorization: Bearer"),
        "{body}"
    );
    let (status, body) = me(&s, "not-a-real-token").await;
    assert_eq!((status, body["code"].clone()), (401, json!(20002)));
    let response = reqwest::Client::new()
        .get(s.url("/api/me"))
        .header("authorization", "Basic abc")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn every_errcode_maps_to_its_status() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    let cases = [
        ("invalid", 401, 20002, "40029"),
        ("used", 401, 20002, "40163"),
        ("limited", 429, 20011, "45011"),
        ("risky", 403, 20003, "40226"),
        ("odd", 502, 30000, "61000"),
        ("slow", 504, 30001, "in time"),
    ];
    for (code, status, app_code, mentions) in cases {
        let (got, body) = post_json(&s, "/api/auth/wechat/login", json!({ "code": code })).await;
        assert_eq!(
            (got, body["code"].clone()),
            (status, json!(app_code)),
            "{code}: {body}"
        );
        assert!(
            body["msg"].as_str().unwrap().contains(mentions),
            "{code}: {body}"
        );
        assert!(body["token"].is_null());
    }
    let (_, odd) = post_json(&s, "/api/auth/wechat/login", json!({ "code": "odd" })).await;
    assert_eq!(odd["data"]["errcode"], 61000);
    let odd = odd.to_string();
    assert!(
        !odd.contains(super::fake_wechat::SECRET),
        "the secret leaked: {odd}"
    );
    assert!(odd.contains("secret=***"), "{odd}");
}

#[tokio::test]
async fn busy_is_retried_once() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    let (status, body) = post_json(
        &s,
        "/api/auth/wechat/login",
        json!({ "code": "busy-once-1" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(fake.calls(), 2, "one failure, one retry");

    let (status, body) = post_json(&s, "/api/auth/wechat/login", json!({ "code": "busy" })).await;
    assert_eq!(
        (status, body["code"].clone()),
        (503, json!(40002)),
        "{body}"
    );
    assert_eq!(fake.calls(), 4, "busy twice, then given up");
}

#[tokio::test]
async fn bad_login_bodies_are_400_naming_data_code() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    for body in [
        json!({}),
        json!({ "code": "" }),
        json!({ "code": "  " }),
        json!({ "code": 42 }),
    ] {
        let (status, answer) = post_json(&s, "/api/auth/wechat/login", body.clone()).await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert_eq!(answer["code"], 20000);
        assert!(
            answer["msg"].as_str().unwrap().contains("data.code"),
            "{body}: {answer}"
        );
    }
    let (status, answer) = crate::support::send(
        reqwest::Client::new()
            .post(s.url("/api/auth/wechat/login"))
            .header("content-type", "application/json")
            .body("{\"code\":"),
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(fake.calls(), 0, "no bad input reached WeChat");
}

#[tokio::test]
async fn unconfigured_wechat_says_what_to_set() {
    let s = start(&[]);
    let (status, body) = post_json(&s, "/api/auth/wechat/login", json!({ "code": "ok-1" })).await;
    assert_eq!(status, 503);
    assert!(
        body["msg"]
            .as_str()
            .unwrap()
            .contains("BFFKIT_WECHAT_APPID"),
        "{body}"
    );
}

/// The `session_key` is stored (so the app has it) but is in no response or output.
#[tokio::test]
async fn session_key_never_leaves_the_server() {
    let fake = FakeWechat::start();
    let db = temp_path("sessions.db");
    let mut env = fake.env();
    env.push(("BFFKIT_SESSION_STORE", "sqlite".to_owned()));
    env.push(("BFFKIT_SESSION_SQLITE_PATH", db.display().to_string()));
    let s = start(&env);
    let mut bodies = Vec::new();
    let (_, login) = post_json(
        &s,
        "/api/auth/wechat/login",
        json!({ "code": "ok-union-7" }),
    )
    .await;
    let token = login["token"].as_str().unwrap().to_owned();
    bodies.push(login);
    bodies.push(me(&s, &token).await.1);
    let (_, refreshed) = post_with_token(&s, "/api/auth/refresh", &token).await;
    let token = refreshed["token"].as_str().unwrap().to_owned();
    bodies.push(refreshed);
    for code in ["invalid", "odd", "busy-once-7", "slow"] {
        bodies.push(
            post_json(&s, "/api/auth/wechat/login", json!({ "code": code }))
                .await
                .1,
        );
    }
    bodies.push(post_with_token(&s, "/api/auth/logout", &token).await.1);

    let key = session_key_for("ok-union-7");
    let stored: Vec<u8> = ["", "-wal"]
        .iter()
        .flat_map(|suffix| std::fs::read(format!("{}{suffix}", db.display())).unwrap_or_default())
        .collect();
    let key_for_busy = session_key_for("busy-once-7");
    assert!(
        stored
            .windows(key_for_busy.len())
            .any(|w| w == key_for_busy.as_bytes()),
        "the session_key is kept server-side"
    );
    for body in &bodies {
        let text = body.to_string();
        assert!(
            !text.contains("SESSIONKEY"),
            "a session_key in a response: {text}"
        );
    }
    let output = s.output();
    assert!(
        output.contains("listening on"),
        "output was captured: {output}"
    );
    assert!(
        !output.contains(&key) && !output.contains("SESSIONKEY"),
        "{output}"
    );
}

/// The manifest is built from the routes, never from configuration or sessions: fetched
/// after both platforms handed out their secrets, it holds none of them.
#[tokio::test]
async fn the_manifest_holds_no_app_secret_session_key_or_platform_token() {
    let wechat = FakeWechat::start();
    let alipay = fake_alipay::start();
    let session_secret_key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    let mut env = wechat.env();
    env.extend(fake_alipay::env(
        &alipay.gateway,
        "alipay_app_private_key.pem",
    ));
    env.push(("BFFKIT_SESSION_SECRET_KEY", session_secret_key.to_owned()));
    let s = start(&env);

    let token = wechat_login(&s, "ok-manifest").await;
    // The phone number call makes the server fetch its `access_token`.
    let (status, body) = send(
        reqwest::Client::new()
            .post(s.url("/api/wechat/phone"))
            .bearer_auth(&token)
            .json(&json!({ "code": "phone-ok" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(wechat.token_calls(), 1);
    let (status, body) = post_json(
        &s,
        "/api/auth/alipay/login",
        json!({ "auth_code": "good-manifest" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let (status, manifest) = s.get("/api/_manifest").await;
    assert_eq!(status, 200);
    let manifest = manifest.to_string();
    // The manifest does describe the sign-in routes these secrets pass through.
    assert!(manifest.contains("/api/auth/wechat/login"));
    assert!(manifest.contains("/api/auth/alipay/login"));
    let private_key =
        std::fs::read_to_string(fake_alipay::fixture("alipay_app_private_key.pem")).unwrap();
    let private_key_line = private_key.lines().nth(1).unwrap();
    for secret in [
        fake_wechat::SECRET,
        &session_key_for("ok-manifest"),
        "ACCESS-1",
        &access_token_for("good-manifest"),
        "REFRESHgood-manifest",
        private_key_line,
        session_secret_key,
    ] {
        assert!(!manifest.contains(secret), "the manifest holds `{secret}`");
    }
}

#[tokio::test]
async fn auth_attribute_requires_a_session() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    let (status, body) = s.get("/api/account/settings").await;
    assert_eq!(
        (status, body["code"].as_i64()),
        (401, Some(20002)),
        "{body}"
    );
    let (_, login) = post_json(&s, "/api/auth/wechat/login", json!({ "code": "ok-attr" })).await;
    let token = login["token"].as_str().unwrap();
    let response = reqwest::Client::new()
        .get(s.url("/api/account/settings"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (_, manifest) = s.get("/api/_manifest").await;
    let op = &manifest["paths"]["/api/account/settings"]["get"];
    assert!(
        op["responses"]["401"].is_object(),
        "the manifest documents the 401: {op}"
    );
}
