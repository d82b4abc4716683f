//! Session lifecycle over HTTP: rotation, expiry, a restart on SQLite, two instances on
//! one Redis.

use std::time::Duration;

use serde_json::json;

use bffkit::auth::session::SessionToken;
use bffkit::auth::{SessionStore, SqliteStore};

use super::fake_wechat::FakeWechat;
use super::redis_server::RedisServer;
use super::{me, post_with_token, start, temp_path, wechat_login};

#[tokio::test]
async fn refresh_rotates_the_token() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    let old = wechat_login(&s, "ok-rotate").await;
    let (status, body) = post_with_token(&s, "/api/auth/refresh", &old).await;
    assert_eq!(status, 200, "{body}");
    let new = body["token"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert_eq!(me(&s, &old).await.0, 401, "the old token stops working");
    let (status, user) = me(&s, &new).await;
    assert_eq!(
        (status, user["user_id"].clone()),
        (200, json!("openid-ok-rotate"))
    );
    assert_eq!(post_with_token(&s, "/api/auth/refresh", &old).await.0, 401);
}

#[tokio::test]
async fn an_expired_session_is_refused() {
    let fake = FakeWechat::start();
    let mut env = fake.env();
    // Expiry is kept in whole seconds, so a 1 s TTL can end a moment after sign-in: 2 s
    // leaves at least one for the first call.
    env.push(("BFFKIT_SESSION_TTL_SECS", "2".to_owned()));
    let s = start(&env);
    let token = wechat_login(&s, "ok-short").await;
    assert_eq!(me(&s, &token).await.0, 200);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (status, body) = me(&s, &token).await;
    assert_eq!(
        (status, body["code"].clone()),
        (401, json!(20002)),
        "{body}"
    );
    assert_eq!(
        post_with_token(&s, "/api/auth/refresh", &token).await.0,
        401
    );
}

#[tokio::test]
async fn an_idle_session_is_refused() {
    let fake = FakeWechat::start();
    let mut env = fake.env();
    env.push(("BFFKIT_IDLE_TTL_SECS", "1".to_owned()));
    let s = start(&env);
    let token = wechat_login(&s, "ok-idle").await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(me(&s, &token).await.0, 401);
}

#[tokio::test]
async fn sqlite_sessions_survive_a_restart() {
    let fake = FakeWechat::start();
    let db = temp_path("sessions.db");
    let mut env = fake.env();
    env.push(("BFFKIT_SESSION_STORE", "sqlite".to_owned()));
    env.push(("BFFKIT_SESSION_SQLITE_PATH", db.display().to_string()));
    let first = start(&env);
    let token = wechat_login(&first, "ok-durable").await;
    assert_eq!(me(&first, &token).await.0, 200);
    drop(first);

    let second = start(&env);
    let (status, user) = me(&second, &token).await;
    assert_eq!(
        (status, user["user_id"].clone()),
        (200, json!("openid-ok-durable"))
    );
    assert_eq!(
        post_with_token(&second, "/api/auth/logout", &token).await.0,
        200
    );
    drop(second);

    let third = start(&env);
    assert_eq!(
        me(&third, &token).await.0,
        401,
        "logout survives a restart too"
    );
}

#[tokio::test]
async fn two_instances_share_sessions_through_redis() {
    let redis = RedisServer::start();
    let fake = FakeWechat::start();
    let mut env = fake.env();
    env.push(("BFFKIT_SESSION_STORE", "redis".to_owned()));
    env.push(("BFFKIT_REDIS_URL", redis.url.clone()));
    let a = start(&env);
    let b = start(&env);
    let token = wechat_login(&a, "ok-shared").await;
    let (status, user) = me(&b, &token).await;
    assert_eq!(
        (status, user["user_id"].clone()),
        (200, json!("openid-ok-shared"))
    );

    let (status, body) = post_with_token(&b, "/api/auth/refresh", &token).await;
    assert_eq!(status, 200, "{body}");
    let rotated = body["token"].as_str().unwrap().to_owned();
    assert_eq!(me(&a, &token).await.0, 401, "rotation on B is seen on A");
    assert_eq!(me(&a, &rotated).await.0, 200);

    assert_eq!(
        post_with_token(&a, "/api/auth/logout", &rotated).await.0,
        200
    );
    assert_eq!(me(&b, &rotated).await.0, 401, "logout on A is seen on B");
}

#[tokio::test]
async fn expired_sessions_are_deleted_without_being_used() {
    let fake = FakeWechat::start();
    let db = temp_path("sessions.db");
    let mut env = fake.env();
    env.push(("BFFKIT_SESSION_STORE", "sqlite".to_owned()));
    env.push(("BFFKIT_SESSION_SQLITE_PATH", db.display().to_string()));
    // At least a second before the first cleanup may delete it (expiry is in whole seconds).
    env.push(("BFFKIT_SESSION_TTL_SECS", "2".to_owned()));
    env.push(("BFFKIT_SESSION_CLEANUP_SECS", "1".to_owned()));
    let s = start(&env);
    let token = wechat_login(&s, "ok-cleanup").await;
    let hash = SessionToken::from_client(&token).hash();
    let store = SqliteStore::open(&db).unwrap();
    assert!(
        store.get(&hash).await.unwrap().is_some(),
        "stored under its hash"
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while store.get(&hash).await.unwrap().is_some() {
        assert!(
            std::time::Instant::now() < deadline,
            "the periodic cleanup never ran"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(s);
}

#[tokio::test]
async fn a_redis_outage_is_503_and_the_app_reconnects() {
    let mut redis = RedisServer::start();
    let fake = FakeWechat::start();
    let mut env = fake.env();
    env.push(("BFFKIT_SESSION_STORE", "redis".to_owned()));
    env.push(("BFFKIT_REDIS_URL", redis.url.clone()));
    let s = start(&env);
    let token = wechat_login(&s, "ok-outage").await;
    assert_eq!(me(&s, &token).await.0, 200);

    redis.stop();
    let (status, body) = me(&s, &token).await;
    assert_eq!(
        (status, body["code"].clone()),
        (503, json!(40002)),
        "{body}"
    );
    assert_eq!(
        body["msg"], "session store unavailable",
        "no internals: {body}"
    );

    redis.restart();
    assert_eq!(
        me(&s, &token).await.0,
        401,
        "the restarted Redis kept nothing"
    );
    let token = wechat_login(&s, "ok-outage-2").await;
    assert_eq!(me(&s, &token).await.0, 200);
}
