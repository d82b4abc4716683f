//! Scale-out: two instances of the demo on one Redis behave as one app. Requests spread
//! round-robin across both see the same session state, and batches and the manifest
//! answer the same from either.

use serde_json::{json, Value};

use crate::auth::fake_wechat::FakeWechat;
use crate::auth::redis_server::RedisServer;
use crate::auth::{me, post_with_token, start, wechat_login};
use crate::support::{send, Server};

/// Both instances of one app: the same Redis, the same fake WeChat.
fn pair(redis: &RedisServer, fake: &FakeWechat) -> [Server; 2] {
    let mut env = fake.env();
    env.push(("BFFKIT_SESSION_STORE", "redis".to_owned()));
    env.push(("BFFKIT_REDIS_URL", redis.url.clone()));
    [start(&env), start(&env)]
}

#[tokio::test]
async fn sessions_are_one_state_across_two_instances() {
    let redis = RedisServer::start();
    let fake = FakeWechat::start();
    let instances = pair(&redis, &fake);
    let [a, b] = &instances;
    let mut token = wechat_login(a, "ok-scale").await;

    // 50 requests round-robin; every 10th is a refresh, on whichever instance is next.
    for i in 0..50 {
        let s = &instances[i % 2];
        if i % 10 == 9 {
            let (status, body) = post_with_token(s, "/api/auth/refresh", &token).await;
            assert_eq!(status, 200, "refresh #{i}: {body}");
            let rotated = body["token"].as_str().expect("a new token").to_owned();
            let other = &instances[(i + 1) % 2];
            assert_eq!(
                me(other, &token).await.0,
                401,
                "request {i}: the rotated-out token is refused by the other instance"
            );
            token = rotated;
            continue;
        }
        let (status, user) = me(s, &token).await;
        assert_eq!(
            (status, user["user_id"].clone()),
            (200, json!("openid-ok-scale")),
            "request {i} on instance {}",
            i % 2
        );
    }

    assert_eq!(post_with_token(a, "/api/auth/logout", &token).await.0, 200);
    let (status, body) = me(b, &token).await;
    assert_eq!(status, 401, "B refuses the token A logged out: {body}");
    assert_eq!(me(a, &token).await.0, 401);
    assert_eq!(
        post_with_token(b, "/api/auth/refresh", &token).await.0,
        401,
        "nor can B refresh it"
    );
}

#[tokio::test]
async fn manifest_and_batches_answer_the_same_from_either_instance() {
    let redis = RedisServer::start();
    let fake = FakeWechat::start();
    let [a, b] = pair(&redis, &fake);

    let (status_a, manifest_a) = a.get("/api/_manifest").await;
    let (status_b, manifest_b) = b.get("/api/_manifest").await;
    assert_eq!((status_a, status_b), (200, 200));
    assert!(manifest_a["paths"]
        .as_object()
        .is_some_and(|p| !p.is_empty()));
    assert_eq!(manifest_a, manifest_b, "one manifest for the app");

    let batch = |s: &Server| {
        let calls: Vec<Value> = ["ann", "bo", "cy"]
            .iter()
            .map(|name| json!({ "method": "GET", "path": "/api/hello", "query": { "name": name } }))
            .collect();
        reqwest::Client::new()
            .post(s.url("/api/_batch"))
            .header("accept", "application/json")
            .json(&json!({ "calls": calls }))
    };
    let (status_a, answers_a) = send(batch(&a)).await;
    let (status_b, answers_b) = send(batch(&b)).await;
    assert_eq!((status_a, status_b), (200, 200), "{answers_a} {answers_b}");
    assert_eq!(answers_a, answers_b, "a batch answers the same on A and B");
    assert!(
        answers_a.to_string().contains("bo"),
        "the batch ran its calls: {answers_a}"
    );
}
