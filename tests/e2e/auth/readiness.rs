//! `/readyz` follows the session store: 503 naming `session_store` while Redis is down or
//! the SQLite file has lost its sessions table, 200 again as soon as it is back.

use serde_json::json;

use super::redis_server::RedisServer;
use super::start;

#[tokio::test]
async fn readyz_flips_to_503_while_redis_is_stopped_and_back_when_it_restarts() {
    let mut redis = RedisServer::start();
    let s = start(&[
        ("BFFKIT_SESSION_STORE", "redis".to_owned()),
        ("BFFKIT_REDIS_URL", redis.url.clone()),
    ]);
    let (status, body) = s.get("/readyz").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["checks"]["session_store"], json!({ "ok": true }));

    redis.stop();
    let (status, body) = s.get("/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "not ready");
    assert_eq!(body["checks"]["session_store"]["ok"], false, "{body}");
    let error = body["checks"]["session_store"]["error"].as_str().unwrap();
    assert!(error.contains("redis"), "{error}");

    redis.restart();
    let (status, body) = s.get("/readyz").await;
    assert_eq!(status, 200, "recovered on the first probe: {body}");
    assert_eq!(body["checks"]["session_store"], json!({ "ok": true }));
}

#[tokio::test]
async fn readyz_reports_the_sqlite_and_memory_stores_ready() {
    let path = super::temp_path("sessions.db");
    let s = start(&[
        ("BFFKIT_SESSION_STORE", "sqlite".to_owned()),
        ("BFFKIT_SESSION_SQLITE_PATH", path.display().to_string()),
    ]);
    let (status, body) = s.get("/readyz").await;
    assert_eq!(
        (status, body["checks"]["session_store"].clone()),
        (200, json!({ "ok": true }))
    );
    let s = start(&[]);
    let (status, body) = s.get("/readyz").await;
    assert_eq!(
        (status, body["checks"]["session_store"].clone()),
        (200, json!({ "ok": true }))
    );
}

#[tokio::test]
async fn readyz_flips_to_503_while_the_sqlite_table_is_gone_and_back_when_it_returns() {
    let path = super::temp_path("sessions.db");
    let s = start(&[
        ("BFFKIT_SESSION_STORE", "sqlite".to_owned()),
        ("BFFKIT_SESSION_SQLITE_PATH", path.display().to_string()),
    ]);
    let (status, body) = s.get("/readyz").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["checks"]["session_store"], json!({ "ok": true }));

    // Another connection to the same file takes the sessions table away, as a botched
    // migration or a replaced file would.
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute_batch("ALTER TABLE bffkit_sessions RENAME TO bffkit_sessions_away")
        .unwrap();
    let (status, body) = s.get("/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "not ready");
    assert_eq!(body["checks"]["session_store"]["ok"], false, "{body}");
    let error = body["checks"]["session_store"]["error"].as_str().unwrap();
    assert!(error.contains("bffkit_sessions"), "{error}");

    db.execute_batch("ALTER TABLE bffkit_sessions_away RENAME TO bffkit_sessions")
        .unwrap();
    let (status, body) = s.get("/readyz").await;
    assert_eq!(status, 200, "recovered on the first probe: {body}");
    assert_eq!(body["checks"]["session_store"], json!({ "ok": true }));
}
