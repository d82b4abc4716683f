//! Platform secrets at rest: with `BFFKIT_SESSION_SECRET_KEY`, the `session_key` and the
//! shared `access_token` are not readable in the SQLite file or in Redis.

use std::process::Command;

use serde_json::json;

use super::fake_wechat::{session_key_for, FakeWechat, APPID};
use super::redis_server::RedisServer;
use super::wechat_data::{encrypt, profile};
use super::{start, temp_path, wechat_login};
use crate::support::send;

/// base64 of 32 bytes.
const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

/// Everything SQLite wrote for `db` (the file and its write-ahead log).
fn sqlite_bytes(db: &std::path::Path) -> String {
    let mut all = Vec::new();
    for suffix in ["", "-wal"] {
        let path = format!("{}{suffix}", db.display());
        all.extend(std::fs::read(&path).unwrap_or_default());
    }
    String::from_utf8_lossy(&all).into_owned()
}

#[tokio::test]
async fn the_session_key_is_encrypted_in_the_sqlite_file_only_with_a_key() {
    let fake = FakeWechat::start();
    for (key, readable) in [(None, true), (Some(KEY), false)] {
        let db = temp_path("sessions.db");
        let mut env = fake.env();
        env.push(("BFFKIT_SESSION_STORE", "sqlite".to_owned()));
        env.push(("BFFKIT_SESSION_SQLITE_PATH", db.display().to_string()));
        if let Some(key) = key {
            env.push(("BFFKIT_SESSION_SECRET_KEY", key.to_owned()));
        }
        let s = start(&env);
        let token = wechat_login(&s, "ok-rest-1").await;
        let stored = sqlite_bytes(&db);
        assert!(stored.contains("openid-ok-rest-1"), "the record is there");
        assert_eq!(
            stored.contains(&session_key_for("ok-rest-1")),
            readable,
            "key {key:?}"
        );
        // Sealed or not, the server still decrypts the user's data with it.
        let (data, iv) = encrypt(&session_key_for("ok-rest-1"), &profile(APPID));
        let (status, body) = send(
            reqwest::Client::new()
                .post(s.url("/api/wechat/profile"))
                .bearer_auth(&token)
                .json(&json!({ "encryptedData": data, "iv": iv })),
        )
        .await;
        assert_eq!(
            (status, body["nickName"].clone()),
            (200, json!("Band")),
            "{body}"
        );
    }
}

fn redis_cli(redis: &RedisServer, args: &[&str]) -> String {
    let port = redis.url.rsplit(':').next().unwrap().trim_end_matches('/');
    let output = Command::new("redis-cli")
        .args(["-p", port])
        .args(args)
        .output()
        .expect("redis-cli (scripts/setup installs redis-tools)");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn redis_holds_no_readable_session_key_or_access_token_with_a_key() {
    let fake = FakeWechat::start();
    let redis = RedisServer::start();
    let mut env = fake.env();
    env.extend([
        ("BFFKIT_SESSION_STORE", "redis".to_owned()),
        ("BFFKIT_REDIS_URL", redis.url.clone()),
        ("BFFKIT_SESSION_SECRET_KEY", KEY.to_owned()),
    ]);
    let s = start(&env);
    let token = wechat_login(&s, "ok-rest-2").await;
    let (status, body) = send(
        reqwest::Client::new()
            .post(s.url("/api/wechat/phone"))
            .bearer_auth(&token)
            .json(&json!({ "code": "phone-ok" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let keys = redis_cli(&redis, &["--scan", "--pattern", "bffkit:*"]);
    let mut values = String::new();
    for key in keys.lines().filter(|k| !k.is_empty()) {
        values.push_str(&redis_cli(&redis, &["GET", key]));
    }
    assert!(
        values.contains("openid-ok-rest-2"),
        "the session is there: {keys}"
    );
    assert!(values.contains("enc:v1:"), "{values}");
    assert!(!values.contains(&session_key_for("ok-rest-2")), "{values}");
    assert!(!values.contains("ACCESS-"), "{values}");
    assert!(!s.output().contains("ACCESS-") && !s.output().contains(&session_key_for("ok-rest-2")));
}

#[test]
fn a_malformed_key_stops_the_app_naming_it() {
    let output = Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .env("PORT", "0")
        .env("BFFKIT_SESSION_SECRET_KEY", "too-short")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("auth.secret_key"), "{stderr}");
    assert!(
        !stderr.contains("too-short"),
        "the value is not echoed: {stderr}"
    );
}
