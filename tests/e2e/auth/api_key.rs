//! The `ApiKey` guard on a server-to-server route.

use serde_json::json;

use super::start;
use crate::support::send;

#[tokio::test]
async fn only_a_configured_key_passes() {
    let s = start(&[
        ("BFFKIT_API_KEYS", "key-one, key-two".to_owned()),
        ("BFFKIT_API_KEY_HEADER", "bg-key".to_owned()),
    ]);
    let client = reqwest::Client::new();
    let failed = json!({ "msg": "bg-key is auth failed", "code": 20004 });
    assert_eq!(
        send(client.get(s.url("/api/partner/ping"))).await,
        (401, failed.clone())
    );
    for wrong in ["key-three", "key-on", "KEY-ONE", "key-one,key-two", ""] {
        let request = client
            .get(s.url("/api/partner/ping"))
            .header("bg-key", wrong);
        assert_eq!(send(request).await, (401, failed.clone()), "{wrong:?}");
    }
    let other_header = client
        .get(s.url("/api/partner/ping"))
        .header("x-api-key", "key-one");
    assert_eq!(send(other_header).await.0, 401);
    for right in ["key-one", "key-two"] {
        let request = client
            .get(s.url("/api/partner/ping"))
            .header("bg-key", right);
        assert_eq!(send(request).await, (200, json!({ "ok": true })));
    }
}

#[tokio::test]
async fn without_configured_keys_everything_is_refused() {
    let s = start(&[]);
    let request = reqwest::Client::new()
        .get(s.url("/api/partner/ping"))
        .header("x-api-key", "");
    assert_eq!(
        send(request).await,
        (
            401,
            json!({ "msg": "x-api-key is auth failed", "code": 20004 })
        )
    );
}

#[test]
fn the_manifest_lists_401_on_guarded_routes() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_bffkit-demo"))
        .arg("manifest")
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for path in ["/api/me", "/api/partner/ping"] {
        assert!(
            doc["paths"][path]["get"]["responses"]["401"].is_object(),
            "{path}"
        );
    }
    assert!(doc["paths"]["/api/hello"]["get"]["responses"]["401"].is_null());
}
