//! Rate limits against the running demo (`[rate_limit]` in its `bffkit.toml`: `greet` 10 at
//! once per address then one a second, `me` the same per user, `reports` in a folder's
//! `_middleware.rs`, and the sign-in default): 429s a client can act on, keys kept apart,
//! the sign-in flood cut before it reaches the platform, one limit across two instances on
//! a real Redis, and what a Redis outage does.

use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use reqwest::header::HeaderMap;
use serde_json::{json, Value};

use crate::auth::fake_wechat::FakeWechat;
use crate::auth::redis_server::RedisServer;
use crate::auth::{me, start, temp_path, wechat_login};
use crate::support::Server;

/// `POST /api/greet` as the client at `ip` (through the trusted loopback proxy).
async fn greet(s: &Server, ip: &str) -> (u16, HeaderMap, Value) {
    let response = reqwest::Client::new()
        .post(s.url("/api/greet"))
        .header("x-forwarded-for", ip)
        .json(&json!({ "name": "Ada" }))
        .send()
        .await
        .expect("request sent");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, headers, body)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no `{name}` in {headers:?}"))
}

/// Greets as `ip` until refused: how many were admitted, and the refusal.
async fn spend(s: &Server, ip: &str) -> (u32, HeaderMap, Value) {
    let mut admitted = 0;
    loop {
        let (status, headers, body) = greet(s, ip).await;
        match status {
            200 => admitted += 1,
            429 => return (admitted, headers, body),
            other => panic!("{other}: {body}"),
        }
        assert!(admitted < 100, "never refused");
    }
}

#[tokio::test]
async fn a_burst_gets_429_with_retry_after_and_ratelimit_fields_and_is_admitted_after_the_wait() {
    let s = Server::demo();
    let started = Instant::now();
    let (status, headers, _) = greet(&s, "198.51.100.1").await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "ratelimit-policy"), "greet;q=10;w=10");
    assert_eq!(header(&headers, "ratelimit"), "greet;r=9;t=1");
    let (admitted, headers, body) = spend(&s, "198.51.100.1").await;
    // 10 at once; one more for each second the burst took.
    let slack = started.elapsed().as_secs() as u32;
    assert!((9..=9 + slack).contains(&admitted), "{admitted}");
    assert_eq!(body["code"], 20011, "{body}");
    let msg = body["msg"].as_str().unwrap();
    assert!(msg.contains("`greet`") && msg.contains("retry in"), "{msg}");
    let wait: u64 = header(&headers, "retry-after").parse().unwrap();
    assert!((1..=1).contains(&wait), "one request a second: {wait}");
    assert_eq!(header(&headers, "ratelimit"), format!("greet;r=0;t={wait}"));
    assert_eq!(header(&headers, "ratelimit-policy"), "greet;q=10;w=10");
    // Told when, the client waits that long and is admitted.
    tokio::time::sleep(Duration::from_secs(wait)).await;
    assert_eq!(greet(&s, "198.51.100.1").await.0, 200);
    // A route without a limit carries no fields.
    let response = reqwest::get(s.url("/api/hello")).await.unwrap();
    assert!(!response.headers().contains_key("ratelimit"));
}

#[tokio::test]
async fn two_addresses_through_the_trusted_proxy_are_limited_apart() {
    let s = Server::demo();
    spend(&s, "198.51.100.1").await;
    assert_eq!(greet(&s, "198.51.100.1").await.0, 429);
    let (status, headers, _) = greet(&s, "198.51.100.2").await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "ratelimit"), "greet;r=9;t=1");
    // Forwarded (RFC 7239) names the client too.
    let response = reqwest::Client::new()
        .post(s.url("/api/greet"))
        .header("forwarded", "for=\"[2001:db8::9]:4711\"")
        .json(&json!({ "name": "Ada" }))
        .send()
        .await
        .unwrap();
    assert_eq!(header(response.headers(), "ratelimit"), "greet;r=9;t=1");

    // Without trusted proxies the header is the client's own claim, ignored: both
    // "addresses" are the one loopback peer.
    let s = Server::start(&[("BFFKIT_TRUSTED_PROXIES", "")]);
    spend(&s, "198.51.100.1").await;
    assert_eq!(greet(&s, "198.51.100.2").await.0, 429);
}

#[tokio::test]
async fn two_users_are_limited_apart() {
    let fake = FakeWechat::start();
    let s = start(&fake.env());
    let ann = wechat_login(&s, "ok-ann").await;
    let bob = wechat_login(&s, "ok-bob").await;
    let mut admitted = 0;
    loop {
        let (status, body) = me(&s, &ann).await;
        match status {
            200 => admitted += 1,
            429 => {
                assert_eq!(body["code"], 20011);
                break;
            }
            other => panic!("{other}: {body}"),
        }
        assert!(admitted < 100, "never refused");
    }
    assert!(admitted >= 10, "{admitted}");
    let (status, body) = me(&s, &bob).await;
    assert_eq!(
        (status, body["user_id"].clone()),
        (200, json!("openid-ok-bob"))
    );
}

#[tokio::test]
async fn the_sign_in_flood_is_cut_to_the_configured_rate_before_the_platform() {
    let fake = FakeWechat::start();
    let mut env = fake.env();
    env.push(("BFFKIT_SIGN_IN_RATE_LIMIT", "5".to_owned()));
    let s = start(&env);
    let client = reqwest::Client::new();
    let started = Instant::now();
    // 200 sign-ins over 8 connections at once, as the abuser did.
    let posts = (0..200).map(|i| {
        let request = client
            .post(s.url("/api/auth/wechat/login"))
            .json(&json!({ "code": format!("ok-flood-{i}") }));
        async move { request.send().await.unwrap() }
    });
    let mut statuses = Vec::new();
    let mut posts = futures_util::stream::iter(posts).buffer_unordered(8);
    while let Some(response) = posts.next().await {
        if response.status() == 429 {
            assert!(response.headers().contains_key("retry-after"));
            assert_eq!(
                header(response.headers(), "ratelimit-policy"),
                "sign-in;q=5;w=60"
            );
        }
        statuses.push(response.status().as_u16());
    }
    let admitted = statuses.iter().filter(|s| **s == 200).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(admitted + refused, 200, "{statuses:?}");
    // 5 at once, then one every 12 s.
    let allowed = 5 + started.elapsed().as_secs() as usize / 12;
    assert!((5..=allowed).contains(&admitted), "{admitted} admitted");
    assert_eq!(
        fake.calls(),
        admitted,
        "only admitted sign-ins reach WeChat"
    );
}

/// A configuration file over the demo's: `greet` 10 an hour, so no request is admitted
/// again while the test runs.
fn slow_greet() -> String {
    let path = temp_path("rate.toml");
    std::fs::write(
        &path,
        "[rate_limit.routes.greet]\npath = \"/api/greet\"\nrequests = 10\nperiod_secs = 3600\n",
    )
    .unwrap();
    path.display().to_string()
}

#[tokio::test]
async fn two_instances_on_one_redis_enforce_one_limit() {
    let redis = RedisServer::start();
    let config = slow_greet();
    let env = [
        ("BFFKIT_RATE_LIMIT_STORE", "redis"),
        ("BFFKIT_REDIS_URL", redis.url.as_str()),
        ("BFFKIT_CONFIG", config.as_str()),
    ];
    let one = Server::start(&env);
    let two = Server::start(&env);
    let mut admitted = [0, 0];
    for round in 0..15 {
        for (i, s) in [&one, &two].into_iter().enumerate() {
            let (status, headers, body) = greet(s, "203.0.113.5").await;
            match status {
                200 => admitted[i] += 1,
                429 => assert_eq!(
                    header(&headers, "ratelimit"),
                    format!("greet;r=0;t={}", header(&headers, "retry-after"))
                ),
                other => panic!("round {round}: {other} {body}"),
            }
        }
    }
    // Each instance alone would admit 10.
    assert_eq!(admitted[0] + admitted[1], 10, "{admitted:?}");
    assert!(admitted[0] > 0 && admitted[1] > 0, "{admitted:?}");
}

#[tokio::test]
async fn a_redis_outage_fails_open_or_closed_as_configured_and_is_logged_once() {
    let mut redis = RedisServer::start();
    let config = slow_greet();
    let with = |rule: &'static str| {
        Server::start(&[
            ("BFFKIT_RATE_LIMIT_STORE", "redis"),
            ("BFFKIT_REDIS_URL", redis.url.as_str()),
            ("BFFKIT_CONFIG", config.as_str()),
            ("BFFKIT_RATE_LIMIT_ON_STORE_ERROR", rule),
        ])
    };
    let open = with("open");
    let closed = with("closed");
    assert_eq!(greet(&open, "203.0.113.6").await.0, 200);
    assert_eq!(greet(&closed, "203.0.113.7").await.0, 200);
    redis.stop();
    for _ in 0..5 {
        let (status, headers, body) = greet(&open, "203.0.113.6").await;
        assert_eq!(status, 200, "{body}");
        assert!(
            !headers.contains_key("ratelimit"),
            "not counted while Redis is down"
        );
        let (status, headers, body) = greet(&closed, "203.0.113.7").await;
        assert_eq!(
            (status, body["code"].clone()),
            (503, json!(40002)),
            "{body}"
        );
        assert_eq!(header(&headers, "retry-after"), "1");
    }
    for (s, rule) in [(&open, "admitting"), (&closed, "refusing")] {
        let output = s.wait_for_output("rate limit store: Redis failed", 1);
        assert_eq!(
            output.matches("rate limit store: Redis failed").count(),
            1,
            "{output}"
        );
        assert!(output.contains(rule), "{output}");
    }
    redis.restart();
    for s in [&open, &closed] {
        // The first call after the restart may still meet the broken connection.
        let mut status = 0;
        for _ in 0..5 {
            let (got, headers, _) = greet(s, "203.0.113.8").await;
            status = got;
            if got == 200 && headers.contains_key("ratelimit") {
                break;
            }
        }
        assert_eq!(status, 200);
        s.wait_for_output("rate limit store: Redis answers again", 1);
    }
}

#[tokio::test]
async fn a_batch_call_over_its_limit_gets_429_in_its_own_slot() {
    let s = Server::demo();
    let mut calls: Vec<Value> = (0..12)
        .map(|_| json!({ "method": "POST", "path": "/api/greet", "body": { "name": "b" } }))
        .collect();
    calls.push(json!({ "method": "GET", "path": "/api/hello" }));
    let response = reqwest::Client::new()
        .post(s.url("/api/_batch"))
        .header("x-forwarded-for", "192.0.2.44")
        .json(&json!({ "calls": calls }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let results: Vec<Value> = response.json().await.unwrap();
    let status = |i: usize| results[i]["status"].as_u64().unwrap();
    let refused: Vec<&Value> = results[..12]
        .iter()
        .filter(|r| r["status"] == 429)
        .collect();
    assert!((1..=2).contains(&refused.len()), "{results:?}");
    assert_eq!(refused[0]["body"]["code"], 20011);
    assert_eq!(status(12), 200, "the other calls are answered");
    // The calls were counted for the batch's client: its quota is spent (a fresh one
    // would leave 9), another client's is whole.
    let (_, headers, _) = greet(&s, "192.0.2.44").await;
    let remaining: u32 = header(&headers, "ratelimit")
        .split(";r=")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(remaining < 5, "{remaining}");
    assert_eq!(
        header(&greet(&s, "192.0.2.45").await.1, "ratelimit"),
        "greet;r=9;t=1"
    );
}

#[tokio::test]
async fn the_manifest_lists_429_and_the_limits_of_each_limited_operation() {
    let s = Server::demo();
    let (status, doc) = s.get("/api/_manifest").await;
    assert_eq!(status, 200);
    let op = |path: &str, method: &str| doc["paths"][path][method].clone();
    let greet = op("/api/greet", "post");
    assert_eq!(
        greet["x-bffkit-rate-limit"],
        json!([{ "name": "greet", "requests": 10, "period_secs": 10, "burst": 10, "key": "ip" }])
    );
    let too_many = &greet["responses"]["429"];
    assert_eq!(
        too_many["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ApiError"
    );
    assert_eq!(too_many["headers"]["Retry-After"]["required"], true);
    assert_eq!(
        op("/api/me", "get")["x-bffkit-rate-limit"][0]["key"],
        "user"
    );
    // A folder's `_middleware.rs` limit, beside the folder's own 429.
    let reports = op("/api/admin/reports/{year}", "get");
    assert_eq!(reports["x-bffkit-rate-limit"][0]["name"], "reports");
    assert!(reports["responses"]["429"]["x-bffkit-middleware"].is_array());
    // The sign-in default.
    let login = op("/api/auth/wechat/login", "post");
    assert_eq!(
        login["x-bffkit-rate-limit"],
        json!([{ "name": "sign-in", "requests": 20, "period_secs": 60, "burst": 20, "key": "ip" }])
    );
    assert!(op("/api/auth/logout", "post")
        .get("x-bffkit-rate-limit")
        .is_none());
    let hello = op("/api/hello", "get");
    assert!(hello.get("x-bffkit-rate-limit").is_none());
    assert!(hello["responses"].get("429").is_none());
}

#[tokio::test]
async fn with_fields_on_success_off_only_the_429_carries_the_fields() {
    let s = Server::start(&[("BFFKIT_RATE_LIMIT_FIELDS", "0")]);
    let (status, headers, _) = greet(&s, "198.51.100.3").await;
    assert_eq!(status, 200);
    assert!(!headers.contains_key("ratelimit") && !headers.contains_key("ratelimit-policy"));
    let (_, headers, _) = spend(&s, "198.51.100.3").await;
    assert_eq!(header(&headers, "ratelimit-policy"), "greet;q=10;w=10");
    assert_eq!(
        header(&headers, "ratelimit"),
        format!("greet;r=0;t={}", header(&headers, "retry-after"))
    );
}

/// How many times Redis ran `command` since its statistics were last reset.
fn redis_calls(redis: &RedisServer, command: &str) -> u64 {
    let output = std::process::Command::new("redis-cli")
        .args(["-u", &redis.url, "INFO", "commandstats"])
        .output()
        .expect("redis-cli is missing: install redis-server (scripts/setup)");
    let stats = String::from_utf8_lossy(&output.stdout);
    stats
        .lines()
        .find_map(|line| line.strip_prefix(&format!("cmdstat_{command}:calls=")))
        .and_then(|rest| rest.split(',').next())
        .map_or(0, |calls| calls.parse().unwrap())
}

#[tokio::test]
async fn a_user_keyed_limit_and_the_handler_read_the_session_once() {
    let redis = RedisServer::start();
    let fake = FakeWechat::start();
    let mut env = fake.env();
    env.push(("BFFKIT_SESSION_STORE", "redis".to_owned()));
    env.push(("BFFKIT_REDIS_URL", redis.url.clone()));
    // Counters in memory: Redis sees only the session store's commands.
    env.push(("BFFKIT_RATE_LIMIT_STORE", "memory".to_owned()));
    let s = start(&env);
    let token = wechat_login(&s, "ok-once").await;
    let reset = std::process::Command::new("redis-cli")
        .args(["-u", &redis.url, "CONFIG", "RESETSTAT"])
        .output()
        .unwrap();
    assert!(reset.status.success());
    // `/api/me` is limited per user: the limit's key and the handler's `CurrentUser` share
    // one read of the session.
    for _ in 0..2 {
        let (status, body) = me(&s, &token).await;
        assert_eq!(status, 200, "{body}");
    }
    assert_eq!(
        redis_calls(&redis, "get"),
        2,
        "one read for each of two requests"
    );
    // A token without a session is looked up once too, and refused.
    let (status, _) = me(&s, "not-a-session").await;
    assert_eq!(status, 401);
    assert_eq!(redis_calls(&redis, "get"), 3);
}
