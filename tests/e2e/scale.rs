//! Scale-out: two instances of the demo on one Redis behave as one app. Requests spread
//! round-robin across both see the same session state, and a batch on one instance uses
//! a session made on the other; an instance on the memory store does not.

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
    // The demo limits `/api/me` per user, shared through Redis too (rate_limit.rs tests
    // that); these tests are about sessions, and make more calls than it allows.
    env.push(("BFFKIT_RATE_LIMIT", "false".to_owned()));
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

/// `POST /api/_batch` with a bearer token: two calls to `/api/me`, which reads the session
/// from the store. Each call's status and user.
async fn batch_me(s: &Server, token: &str) -> Vec<(u64, Value)> {
    let calls =
        json!([{ "method": "GET", "path": "/api/me" }, { "method": "GET", "path": "/api/me" }]);
    let (status, body) = send(
        reqwest::Client::new()
            .post(s.url("/api/_batch"))
            .header("accept", "application/json")
            .bearer_auth(token)
            .json(&json!({ "calls": calls })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body.as_array()
        .expect("one result per call")
        .iter()
        .map(|r| (r["status"].as_u64().unwrap(), r["body"]["user_id"].clone()))
        .collect()
}

/// Only the store is shared: a session made on A is found by B's batch calls (which
/// read it from Redis), while an instance of the same app on the memory store refuses it.
/// So this fails if either instance of the pair keeps sessions in memory.
#[tokio::test]
async fn a_session_made_on_one_instance_is_used_by_a_batch_on_the_other() {
    let redis = RedisServer::start();
    let fake = FakeWechat::start();
    let [a, b] = pair(&redis, &fake);
    let token = wechat_login(&a, "ok-batch").await;
    let signed_in = (200, json!("openid-ok-batch"));
    assert_eq!(batch_me(&b, &token).await, [signed_in.clone(), signed_in]);

    // The control: the same app, the same WeChat, its sessions in memory.
    let mut env = fake.env();
    env.push(("BFFKIT_SESSION_STORE", "memory".to_owned()));
    let alone = start(&env);
    assert_eq!(
        batch_me(&alone, &token).await,
        [(401, Value::Null), (401, Value::Null)],
        "an instance on the memory store does not know A's session"
    );
    // And B's own sign-in is A's to use: the state is one, both ways.
    let token = wechat_login(&b, "ok-batch-b").await;
    assert_eq!(
        batch_me(&a, &token).await[0],
        (200, json!("openid-ok-batch-b"))
    );
}
