//! One suite, every `SessionStore`: memory, SQLite (a file) and Redis (a real server).

use bffkit::auth::session::{now, SessionToken};
use bffkit::auth::{
    MemoryStore, RedisStore, SessionRecord, SessionStore, SessionUser, SqliteStore,
};

use super::redis_server::RedisServer;
use super::temp_path;

fn record(token: &SessionToken, expires_in: i64, idle_in: i64) -> SessionRecord {
    let now = now();
    SessionRecord {
        token_hash: token.hash(),
        user: SessionUser {
            provider: "wechat".to_owned(),
            user_id: "openid-1".to_owned(),
            unionid: Some("unionid-1".to_owned()),
        },
        platform_secret: Some("session-key-1".to_owned()),
        created_at: now,
        expires_at: now + expires_in,
        idle_expires_at: now + idle_in,
    }
}

async fn suite(store: &dyn SessionStore) {
    let a = SessionToken::generate().unwrap();
    let a_record = record(&a, 3600, 600);
    store.create(&a_record).await.unwrap();
    assert_eq!(store.get(&a.hash()).await.unwrap(), Some(a_record.clone()));
    let unknown = SessionToken::generate().unwrap();
    assert_eq!(store.get(&unknown.hash()).await.unwrap(), None);

    // touch moves the idle expiry only.
    let later = a_record.idle_expires_at + 100;
    assert!(store.touch(&a.hash(), later).await.unwrap());
    let touched = store.get(&a.hash()).await.unwrap().unwrap();
    assert_eq!(touched.idle_expires_at, later);
    assert_eq!(touched.expires_at, a_record.expires_at);
    assert!(!store.touch(&unknown.hash(), later).await.unwrap());

    // rotate: the old hash is gone, the record lives on under the new one.
    let b = SessionToken::generate().unwrap();
    let rotated = store
        .rotate(&a.hash(), &b.hash(), later + 1)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rotated.token_hash, b.hash());
    assert_eq!(rotated.user, a_record.user);
    assert_eq!(rotated.platform_secret.as_deref(), Some("session-key-1"));
    assert_eq!(rotated.idle_expires_at, later + 1);
    assert_eq!(store.get(&a.hash()).await.unwrap(), None);
    assert_eq!(store.get(&b.hash()).await.unwrap(), Some(rotated));
    assert!(store
        .rotate(&a.hash(), &unknown.hash(), later)
        .await
        .unwrap()
        .is_none());

    // revoke.
    assert!(store.revoke(&b.hash()).await.unwrap());
    assert!(!store.revoke(&b.hash()).await.unwrap());
    assert_eq!(store.get(&b.hash()).await.unwrap(), None);

    // delete_expired drops sessions past either expiry, keeps live ones.
    let live = SessionToken::generate().unwrap();
    let idle_gone = SessionToken::generate().unwrap();
    let live_record = record(&live, 3600, 600);
    store.create(&live_record).await.unwrap();
    store.create(&record(&idle_gone, 3600, 1)).await.unwrap();
    let at = now() + 5;
    store.delete_expired(at).await.unwrap();
    // Redis expires keys by itself (EXAT), so check at the store's clock, too.
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    store.delete_expired(now()).await.unwrap();
    assert_eq!(store.get(&idle_gone.hash()).await.unwrap(), None);
    assert_eq!(store.get(&live.hash()).await.unwrap(), Some(live_record));
}

#[tokio::test]
async fn memory_store() {
    suite(&MemoryStore::new()).await;
}

#[tokio::test]
async fn sqlite_store() {
    let path = temp_path("store.db");
    suite(&SqliteStore::open(&path).unwrap()).await;
    // A second open of the same file sees what the first wrote.
    let token = SessionToken::generate().unwrap();
    let first = SqliteStore::open(&path).unwrap();
    first.create(&record(&token, 60, 60)).await.unwrap();
    drop(first);
    let second = SqliteStore::open(&path).unwrap();
    assert!(second.get(&token.hash()).await.unwrap().is_some());
}

#[tokio::test]
async fn redis_store() {
    let redis = RedisServer::start();
    suite(&RedisStore::open(&redis.url).unwrap()).await;
}

#[tokio::test]
async fn redis_keys_carry_their_expiry_and_only_hashes() {
    let redis = RedisServer::start();
    let store = RedisStore::open(&redis.url).unwrap();
    let token = SessionToken::generate().unwrap();
    store.create(&record(&token, 3600, 600)).await.unwrap();
    let redis_cli = |args: &[&str]| {
        let output = std::process::Command::new("redis-cli")
            .args(["-u", &redis.url])
            .args(args)
            .output()
            .expect("redis-cli is missing: install redis-server (scripts/setup)");
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    };
    let keys = redis_cli(&["--scan"]);
    assert!(keys.contains(token.hash().as_str()), "{keys}");
    assert!(
        !keys.contains(token.as_str()),
        "the raw token is stored: {keys}"
    );
    let key = format!("bffkit:session:{}", token.hash().as_str());
    let ttl: i64 = redis_cli(&["TTL", &key]).parse().unwrap();
    assert!(
        (590..=600).contains(&ttl),
        "the key expires with the idle expiry: {ttl}"
    );
    let value = redis_cli(&["GET", &key]);
    assert!(
        !value.contains(token.as_str()),
        "the raw token is stored: {value}"
    );
}
