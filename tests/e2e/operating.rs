//! Operating the demo: `/metrics` read by Prometheus's own parser, and logs that stay
//! readable while a dependency (the Redis session store, an upstream service) is down.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::auth::fake_wechat::FakeWechat;
use crate::auth::redis_server::RedisServer;
use crate::auth::{me, start, wechat_login};
use crate::fake::{serve, Log};
use crate::support::{send, Server};

/// `/metrics` parsed by `prometheus_client.parser` (Python, installed by scripts/setup):
/// `{family: {"type": .., "samples": [[name, labels, value], ..]}}`.
fn parse_prometheus(text: &str) -> Value {
    const SCRIPT: &str = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    out[family.name] = {"type": family.type,
                        "samples": [[s.name, s.labels, s.value] for s in family.samples]}
print(json.dumps(out))
"#;
    let mut child = std::process::Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 (scripts/setup)");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the Prometheus parser refused the page (install prometheus-client with scripts/setup): {}\n{text}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The value of the sample `name` whose labels include `labels`.
fn sample(families: &Value, family: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    families[family]["samples"]
        .as_array()?
        .iter()
        .find(|s| s[0] == name && labels.iter().all(|(k, v)| s[1][k].as_str() == Some(v)))
        .and_then(|s| s[2].as_f64())
}

/// A users service whose first `failures` calls answer 503.
async fn flaky_users(failures: usize) -> String {
    let calls = Arc::new(AtomicUsize::new(0));
    serve(Router::new().route(
        "/users/{id}",
        get(move |axum::extract::Path(id): axum::extract::Path<u32>| {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            async move {
                if n < failures {
                    (StatusCode::SERVICE_UNAVAILABLE, Json(json!({}))).into_response()
                } else {
                    Json(json!({ "id": id, "name": "Ada" })).into_response()
                }
            }
        }),
    ))
    .await
}

async fn orders_ok() -> String {
    let log = Log::default();
    serve(Router::new().route(
        "/orders",
        get(move |headers: HeaderMap| async move {
            log.record(&headers, None);
            Json(json!([]))
        }),
    ))
    .await
}

#[tokio::test]
async fn the_metrics_page_parses_and_has_every_metric_after_traffic() {
    let users = flaky_users(1).await;
    let orders = orders_ok().await;
    let s = Server::start(&[
        ("BFFKIT_METRICS", "1"),
        ("BFFKIT_UPSTREAM_USERS_URL", &users),
        ("BFFKIT_UPSTREAM_ORDERS_URL", &orders),
    ]);
    // An upstream fan-out whose first users attempt fails and is retried.
    assert_eq!(s.get("/api/dashboard/7").await.0, 200);
    assert_eq!(s.get("/api/item/x/1").await.0, 400);
    let (status, _) = send(
        reqwest::Client::new()
            .post(s.url("/api/_batch"))
            .json(&json!({
                "calls": [
                    { "method": "GET", "path": "/api/hello", "query": { "name": "a" } },
                    { "method": "GET", "path": "/api/hello", "query": { "name": "b" } },
                ]
            })),
    )
    .await;
    assert_eq!(status, 200);
    let stream = reqwest::get(s.url("/api/ticks/countdown?from=2"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(stream.contains("event: end"), "{stream}");

    let text = reqwest::get(s.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let m = parse_prometheus(&text);
    let route = ("route", "/api/dashboard/{user_id}");
    assert_eq!(m["bffkit_requests"]["type"], "counter", "{text}");
    assert_eq!(
        sample(
            &m,
            "bffkit_requests",
            "bffkit_requests_total",
            &[("method", "GET"), route, ("status", "200")]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &m,
            "bffkit_requests",
            "bffkit_requests_total",
            &[("route", "/api/item/{level}/{id}"), ("status", "400")]
        ),
        Some(1.0),
        "{text}"
    );
    // Batch calls count as requests of their own routes.
    assert_eq!(
        sample(
            &m,
            "bffkit_requests",
            "bffkit_requests_total",
            &[("route", "/api/hello"), ("status", "200")]
        ),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        m["bffkit_request_duration_seconds"]["type"], "histogram",
        "{text}"
    );
    assert_eq!(
        sample(
            &m,
            "bffkit_request_duration_seconds",
            "bffkit_request_duration_seconds_bucket",
            &[route, ("le", "+Inf")]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(m["bffkit_requests_in_flight"]["type"], "gauge", "{text}");
    // The scrape itself is the one request in flight.
    assert_eq!(
        sample(
            &m,
            "bffkit_requests_in_flight",
            "bffkit_requests_in_flight",
            &[]
        ),
        Some(1.0),
        "{text}"
    );
    let users = ("service", "users");
    assert_eq!(
        sample(
            &m,
            "bffkit_upstream_requests",
            "bffkit_upstream_requests_total",
            &[users, ("outcome", "ok")]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &m,
            "bffkit_upstream_retries",
            "bffkit_upstream_retries_total",
            &[users]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &m,
            "bffkit_upstream_duration_seconds",
            "bffkit_upstream_duration_seconds_count",
            &[("service", "orders")]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(&m, "bffkit_batch_size", "bffkit_batch_size_sum", &[]),
        Some(2.0),
        "{text}"
    );
    // 0, or 1 if the server has not dropped the finished stream's body yet.
    assert!(
        sample(&m, "bffkit_streams_open", "bffkit_streams_open", &[]).is_some(),
        "{text}"
    );
}

#[tokio::test]
async fn upstream_errors_are_counted_by_kind() {
    let s = Server::start(&[
        ("BFFKIT_METRICS", "1"),
        ("BFFKIT_UPSTREAM_USERS_URL", &crate::fake::refused_url()),
        ("BFFKIT_UPSTREAM_ORDERS_URL", &orders_ok().await),
    ]);
    assert_eq!(s.get("/api/dashboard/7").await.0, 502);
    let text = reqwest::get(s.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let m = parse_prometheus(&text);
    assert_eq!(
        sample(
            &m,
            "bffkit_upstream_errors",
            "bffkit_upstream_errors_total",
            &[("service", "users"), ("kind", "connect")]
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &m,
            "bffkit_upstream_retries",
            "bffkit_upstream_retries_total",
            &[("service", "users")]
        ),
        Some(2.0),
        "{text}"
    );
}

/// Sends `request()` from 8 tasks until `window` has passed; the statuses seen.
async fn load(
    window: Duration,
    request: impl Fn() -> reqwest::RequestBuilder + Send + Sync + 'static,
) -> Vec<u16> {
    let request = Arc::new(request);
    let until = Instant::now() + window;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let request = request.clone();
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                while Instant::now() < until && statuses.len() < 5_000 {
                    statuses.push(send(request()).await.0);
                }
                statuses
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.extend(task.await.unwrap());
    }
    statuses
}

/// The app's ERROR and WARN lines (text format).
fn loud_lines(output: &str) -> Vec<&str> {
    output
        .lines()
        .filter(|l| l.contains(" ERROR ") || l.contains(" WARN "))
        .collect()
}

#[tokio::test]
async fn a_session_store_outage_logs_a_few_lines_not_one_a_request() {
    let mut redis = RedisServer::start();
    let fake = FakeWechat::start();
    let mut env = fake.env();
    env.push(("BFFKIT_SESSION_STORE", "redis".to_owned()));
    env.push(("BFFKIT_REDIS_URL", redis.url.clone()));
    env.push(("BFFKIT_LOG_OUTAGE_SUMMARY_SECS", "1".to_owned()));
    env.push(("BFFKIT_METRICS", "1".to_owned()));
    let s = start(&env);
    let token = wechat_login(&s, "ok-quiet-outage").await;
    assert_eq!(me(&s, &token).await.0, 200);

    let before = s.output().len();
    redis.stop();
    let url = s.url("/api/me");
    let statuses = load(Duration::from_secs(4), move || {
        reqwest::Client::new().get(&url).bearer_auth(&token)
    })
    .await;
    let refused = statuses.iter().filter(|s| **s == 503).count();
    assert!(refused >= 100, "{refused} requests answered 503");
    redis.restart();
    // The first call that works again logs the recovery.
    wechat_login(&s, "ok-after-outage").await;
    let output = s.wait_for_output("session store recovered", 1)[before..].to_owned();

    let loud = loud_lines(&output);
    assert!(
        loud.len() <= 8,
        "{} ERROR/WARN lines for {refused} failed requests:\n{}",
        loud.len(),
        loud.join("\n")
    );
    assert_eq!(
        output.matches("session store unavailable").count(),
        1,
        "the first failure, once: {output}"
    );
    assert!(
        output.matches("session store still unavailable").count() >= 2,
        "a summary a second: {output}"
    );
    assert!(
        !output.contains("request failed"),
        "no line per request: {output}"
    );
    let errors = reqwest::get(s.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let m = parse_prometheus(&errors);
    let counted = sample(
        &m,
        "bffkit_session_store_errors",
        "bffkit_session_store_errors_total",
        &[],
    );
    assert!(counted >= Some(refused as f64), "{counted:?} < {refused}");
}

#[tokio::test]
async fn an_upstream_outage_logs_a_few_lines_not_one_a_request() {
    let down = Arc::new(AtomicBool::new(false));
    let answering = down.clone();
    let users = serve(Router::new().route(
        "/users/{id}",
        get(move |axum::extract::Path(id): axum::extract::Path<u32>| {
            let down = answering.load(Ordering::SeqCst);
            async move {
                if down {
                    StatusCode::SERVICE_UNAVAILABLE.into_response()
                } else {
                    Json(json!({ "id": id, "name": "Ada" })).into_response()
                }
            }
        }),
    ))
    .await;
    let s = Server::start(&[
        ("BFFKIT_UPSTREAM_USERS_URL", &users),
        ("BFFKIT_UPSTREAM_ORDERS_URL", &orders_ok().await),
        ("BFFKIT_LOG_OUTAGE_SUMMARY_SECS", "1"),
        // Every call reaches the failing service (the breaker's own lines are counted in
        // resilience::brownout_…), and it answers again as soon as it is back.
        ("BFFKIT_UPSTREAM_USERS_BREAKER", "0"),
    ]);
    assert_eq!(s.get("/api/dashboard/1").await.0, 200);

    let before = s.output().len();
    down.store(true, Ordering::SeqCst);
    let url = s.url("/api/dashboard/1");
    let statuses = load(Duration::from_secs(3), move || {
        reqwest::Client::new().get(&url)
    })
    .await;
    let failed = statuses.iter().filter(|s| **s == 502).count();
    assert!(failed >= 30, "{failed} requests answered 502");
    down.store(false, Ordering::SeqCst);
    assert_eq!(s.get("/api/dashboard/1").await.0, 200);
    let output = s.wait_for_output("upstream users recovered", 1)[before..].to_owned();

    let loud = loud_lines(&output);
    assert!(
        loud.len() <= 6,
        "{} ERROR/WARN lines for {failed} failed requests:\n{}",
        loud.len(),
        loud.join("\n")
    );
    assert_eq!(
        output.matches("upstream users unavailable").count(),
        1,
        "{output}"
    );
    assert!(
        output.matches("upstream users still unavailable").count() >= 1,
        "{output}"
    );
}
