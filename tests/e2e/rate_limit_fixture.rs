//! Rate limits in an app without a root middleware (the demo has one over every route):
//! there each lambda checks its own limits, with the client's address kept beside the
//! connection; a folder whose middleware wraps its routes gets the check before that
//! middleware. Keys by address (over HTTP/1.1 and HTTP/2), by a key the app computes, and
//! per call of a batch.

use serde_json::{json, Value};

use crate::auth::temp_path;
use crate::fixture_app::FixtureApp;
use crate::support::Server;

const MAIN: &str = r#"bffkit::include_routes!();

fn main() -> std::process::ExitCode {
    bffkit::App::new()
        .rate_limit_key("tenant", |parts| {
            parts.headers.get("x-tenant")?.to_str().ok().map(str::to_owned)
        })
        .run()
}
"#;

const ANSWER: &str = r#"#[bffkit::get]
pub async fn get() -> String {
    "ok".to_owned()
}
"#;

/// Counts the requests it lets through; limited to one an hour per address.
const GUARDED_MIDDLEWARE: &str = r#"use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bffkit::middleware::Next;
use bffkit::rate_limit::RateLimit;
use bffkit::Middleware;

pub static RAN: AtomicUsize = AtomicUsize::new(0);

pub fn middleware() -> Middleware {
    Middleware::from_fn(|request, next: Next| {
        RAN.fetch_add(1, Ordering::SeqCst);
        next.run(request)
    })
    .limit(RateLimit::new("guarded", 1, Duration::from_secs(3600)))
}
"#;

/// How many requests the `guarded/` middleware ran for.
const RAN: &str = r#"#[bffkit::get]
pub async fn get() -> String {
    crate::lambda::guarded::_middleware::RAN
        .load(std::sync::atomic::Ordering::SeqCst)
        .to_string()
}
"#;

/// No trusted proxies: `X-Forwarded-For` is the client's own claim, and the connection's
/// address is the client.
const CONFIG: &str = r#"[rate_limit]
fields_on_success = true

[rate_limit.routes.hello]
path = "/api/hello"
requests = 3
period_secs = 3600

[rate_limit.routes.batched]
path = "/api/batched"
requests = 3
period_secs = 3600

[rate_limit.routes.tenant]
path = "/api/tenant"
requests = 1
period_secs = 3600
key = "app:tenant"
"#;

async fn get(client: &reqwest::Client, s: &Server, path: &str, header: (&str, &str)) -> u16 {
    client
        .get(s.url(path))
        .header(header.0, header.1)
        .send()
        .await
        .expect("request sent")
        .status()
        .as_u16()
}

#[tokio::test]
async fn lambdas_check_their_own_limits_by_connection_app_key_and_batch_call() {
    let app = FixtureApp::write(
        "rate-limit-fixture",
        "",
        "",
        MAIN,
        &[
            ("hello.rs", ANSWER),
            ("batched.rs", ANSWER),
            ("tenant.rs", ANSWER),
            ("free.rs", ANSWER),
            ("ran.rs", RAN),
            ("guarded/_middleware.rs", GUARDED_MIDDLEWARE),
            ("guarded/item.rs", ANSWER),
        ],
    );
    let built = app.cargo(&["build"]);
    assert!(
        built.status.success(),
        "the fixture does not build:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let config = temp_path("rate.toml");
    std::fs::write(&config, CONFIG).unwrap();
    let s = Server::start_binary(
        app.binary().to_str().unwrap(),
        &[("BFFKIT_CONFIG", config.to_str().unwrap())],
    );
    let h1 = reqwest::Client::new();
    let h2 = reqwest::Client::builder()
        .http2_prior_knowledge()
        .build()
        .unwrap();

    // One peer whatever it claims, over either protocol: three admitted, the fourth refused.
    let response = h1
        .get(s.url("/api/hello"))
        .header("x-forwarded-for", "198.51.100.1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["ratelimit"], "hello;r=2;t=1200");
    assert_eq!(response.headers()["ratelimit-policy"], "hello;q=3;w=3600");
    let claims = ["198.51.100.2", "198.51.100.3"];
    for claim in claims {
        assert_eq!(
            get(&h2, &s, "/api/hello", ("x-forwarded-for", claim)).await,
            200
        );
    }
    let response = h2
        .get(s.url("/api/hello"))
        .header("x-forwarded-for", "198.51.100.4")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], 20011, "{body}");
    // A route without limits carries no fields.
    let response = h1.get(s.url("/api/free")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(!response.headers().contains_key("ratelimit"));

    // The app's key: one an hour per tenant.
    assert_eq!(get(&h1, &s, "/api/tenant", ("x-tenant", "a")).await, 200);
    assert_eq!(get(&h1, &s, "/api/tenant", ("x-tenant", "a")).await, 429);
    assert_eq!(get(&h1, &s, "/api/tenant", ("x-tenant", "b")).await, 200);

    // A batch's calls, each in its own slot, counted for the batch's client: three of five
    // admitted, and the client's quota is spent for its direct requests too.
    let calls: Vec<Value> = (0..5)
        .map(|_| json!({ "method": "GET", "path": "/api/batched" }))
        .collect();
    for streamed in [false, true] {
        let mut request = h1.post(s.url("/api/_batch"));
        if streamed {
            request = request.header("accept", "application/x-ndjson");
        }
        let response = request
            .json(&json!({ "calls": calls }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let text = response.text().await.unwrap();
        let statuses: Vec<u64> = if streamed {
            text.lines()
                .map(|line| {
                    serde_json::from_str::<Value>(line).unwrap()["status"]
                        .as_u64()
                        .unwrap()
                })
                .collect()
        } else {
            let results: Vec<Value> = serde_json::from_str(&text).unwrap();
            results
                .iter()
                .map(|r| r["status"].as_u64().unwrap())
                .collect()
        };
        let admitted = statuses.iter().filter(|s| **s == 200).count();
        let refused = statuses.iter().filter(|s| **s == 429).count();
        let expected = if streamed { 0 } else { 3 };
        assert_eq!((admitted, refused), (expected, 5 - expected), "{text}");
    }
    assert_eq!(
        get(&h1, &s, "/api/batched", ("x-forwarded-for", "192.0.2.9")).await,
        429
    );

    // A folder middleware that wraps its routes runs only for what the limit admits.
    assert_eq!(
        get(&h1, &s, "/api/guarded/item", ("accept", "*/*")).await,
        200
    );
    assert_eq!(
        get(&h1, &s, "/api/guarded/item", ("accept", "*/*")).await,
        429
    );
    let ran = h1.get(s.url("/api/ran")).send().await.unwrap();
    assert_eq!(ran.text().await.unwrap().trim_matches('"'), "1");
}
