//! Upstream resilience as an operator sees it: the demo with one upstream black-holed (it
//! reads requests and never answers) under concurrent load. The circuit breaker fails
//! calls at once and spares the dead service, a route on the healthy service keeps its
//! latency, the retry budget caps the extra load of retries, and a route's deadline bounds
//! its upstream calls.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::fake::{refused_url, serve, BlackHole, Log};
use crate::upstream::demo;

const USER: &str = r#"{"id":7,"name":"Ada"}"#;

/// The demo's `timeout_ms` for both services (bffkit.toml).
const TIMEOUT: Duration = Duration::from_secs(1);

/// An orders service answering `GET /orders` and `POST /orders`.
async fn orders_ok() -> String {
    serve(
        Router::new().route(
            "/orders",
            get(|| async { Json(json!([{ "id": 1, "user_id": 7, "total": 9.5 }])) })
                .post(|| async { Json(json!({ "id": 2 })) }),
        ),
    )
    .await
}

/// One answer seen by a client.
struct Answer {
    started: Instant,
    done: Instant,
    status: u16,
    retry_after: Option<String>,
    body: Value,
}

impl Answer {
    fn took(&self) -> Duration {
        self.done - self.started
    }
}

async fn fetch(request: reqwest::RequestBuilder) -> Answer {
    let started = Instant::now();
    let response = request.send().await.expect("the app answers");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.json().await.unwrap_or(Value::Null);
    Answer {
        started,
        done: Instant::now(),
        status,
        retry_after,
        body,
    }
}

/// `clients` tasks requesting `url` in a loop (pausing `pace` between requests) until
/// `stop`; every answer goes to the receiver.
fn load(
    url: &str,
    clients: usize,
    pace: Duration,
    stop: &Arc<AtomicBool>,
) -> (
    mpsc::UnboundedReceiver<Answer>,
    Vec<tokio::task::JoinHandle<()>>,
) {
    let (tx, rx) = mpsc::unbounded_channel();
    let http = reqwest::Client::new();
    let tasks = (0..clients)
        .map(|_| {
            let (tx, http, url, stop) = (tx.clone(), http.clone(), url.to_owned(), stop.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::SeqCst) {
                    let _ = tx.send(fetch(http.get(&url)).await);
                    if !pace.is_zero() {
                        tokio::time::sleep(pace).await;
                    }
                }
            })
        })
        .collect();
    (rx, tasks)
}

fn percentile(mut took: Vec<Duration>, p: f64) -> Duration {
    took.sort();
    took[((took.len() - 1) as f64 * p).round() as usize]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brownout_the_breaker_fails_fast_spares_the_dead_service_and_closes_when_it_returns() {
    const CLIENTS: usize = 16;
    const COOL_DOWN: Duration = Duration::from_secs(2);
    let users = BlackHole::start(USER, false).await;
    // `orders` refuses at once (and is optional): the answer's time is the server's alone,
    // not a call back into this busy test process.
    let s = demo(
        &users.url,
        &refused_url(),
        &[
            ("BFFKIT_UPSTREAM_USERS_BREAKER_COOL_DOWN_MS", "2000"),
            ("BFFKIT_METRICS", "true"),
        ],
    );
    let url = s.url("/api/dashboard/7");
    let stop = Arc::new(AtomicBool::new(false));
    // Each client pauses 100 ms between answers: steady load that leaves the debug build
    // CPU to answer, so latency measures waiting, not queueing on a shared machine.
    let (mut answers, tasks) = load(&url, CLIENTS, Duration::from_millis(100), &stop);

    // Every client's first call hangs for the 1 s timeout; five failures open the breaker.
    let first_503 = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            let answer = answers.recv().await.unwrap();
            if answer.status == 503 {
                return answer;
            }
        }
    })
    .await
    .expect("the breaker opened within 20 s");
    let opened = first_503.done;
    // While it is open (the phase is about time: one second, within the cool-down).
    tokio::time::sleep_until((opened + Duration::from_secs(1)).into()).await;
    stop.store(true, Ordering::SeqCst);
    for task in tasks {
        task.await.unwrap();
    }
    let mut after = Vec::new();
    while let Ok(answer) = answers.try_recv() {
        if answer.started >= opened {
            after.push(answer);
        }
    }
    assert!(after.len() >= 50, "only {} answers while open", after.len());
    let slowest = after.iter().map(Answer::took).max().unwrap();
    assert!(
        slowest < TIMEOUT / 2,
        "an answer waited {slowest:?} while open"
    );
    for answer in &after {
        assert_eq!(answer.status, 503, "{}", answer.body);
        let detail = answer.body["data"]["data"].as_str().unwrap_or_default();
        assert!(detail.starts_with("users: circuit open"), "{}", answer.body);
        assert_eq!(answer.body["code"], 30000);
        let retry_after: u64 = answer.retry_after.as_deref().unwrap().parse().unwrap();
        assert!((1..=2).contains(&retry_after), "Retry-After {retry_after}");
    }
    // The median within 50 ms, and none near the 1 s the dead service would cost (above:
    // under half of it). The tail is left out of the 50 ms: the debug build shares two
    // busy cores with the other tests, and its p90 reached 100 ms there (the release build
    // answers with a p99 of 27 ms at 64 connections: BENCHMARKS.md).
    let p50 = percentile(after.iter().map(Answer::took).collect(), 0.5);
    let p90 = percentile(after.iter().map(Answer::took).collect(), 0.9);
    eprintln!(
        "brownout: {} answers while open: p50 {p50:?}, p90 {p90:?}",
        after.len()
    );
    assert!(
        p50 <= Duration::from_millis(50),
        "median {p50:?} while open ({} answers)",
        after.len()
    );
    // One call per client before the breaker opened, plus what the retry budget allows
    // (its floor, 10 a window), and no probe yet: the cool-down has not ended.
    let reached = users.requests();
    assert!(
        (CLIENTS..=CLIENTS + 10).contains(&reached),
        "{reached} calls reached the dead service"
    );
    // An open breaker leaves the instance ready: routes on other services still work.
    let (status, _) = s.get("/readyz").await;
    assert_eq!(status, 200);
    // Its state is on the metrics page.
    let metrics = s.text("/metrics").await;
    assert!(
        metrics.contains("bffkit_upstream_breaker_state{service=\"users\"} 1"),
        "{metrics}"
    );

    // The service returns: the first call after the cool-down is a probe, and it succeeds.
    users.revive();
    let http = reqwest::Client::new();
    loop {
        let answer = fetch(http.get(&url)).await;
        if answer.status == 200 {
            assert_eq!(answer.body["user"]["name"], "Ada");
            break;
        }
        assert_eq!(answer.status, 503, "{}", answer.body);
        assert!(
            answer.done < opened + COOL_DOWN + TIMEOUT,
            "still {} {:?} after the cool-down and a probe",
            answer.status,
            answer.done - opened
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for _ in 0..20 {
        let answer = fetch(http.get(&url)).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
    }
    let metrics = s.text("/metrics").await;
    assert!(
        metrics.contains("bffkit_upstream_breaker_state{service=\"users\"} 0")
            && metrics.contains("bffkit_upstream_breaker_openings_total{service=\"users\"} 1"),
        "{metrics}"
    );
    // Each change logged once, not once a request.
    let output = tokio::task::spawn_blocking(move || {
        let output = s.wait_for_output("circuit breaker closed", 1);
        drop(s);
        output
    })
    .await
    .unwrap();
    let about_users = |change: &str| {
        output
            .lines()
            .filter(|line| line.contains(change) && line.contains("service=\"users\""))
            .count()
    };
    assert_eq!(about_users("circuit breaker opened"), 1, "{output}");
    assert_eq!(about_users("circuit breaker cool-down over"), 1, "{output}");
    assert_eq!(about_users("circuit breaker closed"), 1, "{output}");
    // Hundreds of refused calls, a handful of loud lines: the breaker's opening, the
    // outage's first failure and its summaries (upstream::telemetry), not one a request.
    let loud = output
        .lines()
        .filter(|l| l.contains(" ERROR ") || l.contains(" WARN "))
        .count();
    assert!(loud <= 12, "{loud} ERROR/WARN lines:\n{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_route_on_the_healthy_service_keeps_its_latency_while_another_is_black_holed() {
    let users = BlackHole::start(USER, true).await;
    let orders = orders_ok().await;
    let s = demo(&users.url, &orders, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    // Steady traffic on the two-upstream route, the same before and after.
    let (mut answers, tasks) = load(
        &s.url("/api/dashboard/7"),
        8,
        Duration::from_millis(10),
        &stop,
    );
    let http = reqwest::Client::new();
    let orders_url = s.url("/api/orders");
    let measure = || async {
        let mut took = Vec::new();
        for _ in 0..400 {
            let answer = fetch(http.post(&orders_url).json(&json!({ "item": "book" }))).await;
            assert_eq!(answer.status, 200, "{}", answer.body);
            took.push(answer.took());
        }
        percentile(took, 0.99)
    };
    measure().await; // warm-up
    let baseline = measure().await;
    users.black_hole();
    let black_holed = measure().await;
    stop.store(true, Ordering::SeqCst);
    for task in tasks {
        task.await.unwrap();
    }
    let mut failed = 0;
    while let Ok(answer) = answers.try_recv() {
        failed += usize::from(answer.status >= 500);
    }
    assert!(failed > 0, "users was never seen failing");
    // 1.5× the baseline, with 10 ms of grace for a busy shared machine.
    let allowed = baseline
        .mul_f64(1.5)
        .max(baseline + Duration::from_millis(10));
    assert!(
        black_holed <= allowed,
        "p99 {black_holed:?} with users black-holed, {baseline:?} before"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_failing_half_its_calls_gets_at_most_a_fifth_more_calls_than_asked() {
    const ASKED: usize = 300;
    let log = Log::default();
    let counted = log.clone();
    let users = serve(Router::new().route(
        "/users/{id}",
        get(move |headers: HeaderMap| async move {
            if counted.record(&headers, None) % 2 == 1 {
                (StatusCode::INTERNAL_SERVER_ERROR, "flaky").into_response()
            } else {
                Json(json!({ "id": 7, "name": "Ada" })).into_response()
            }
        }),
    ))
    .await;
    let orders = orders_ok().await;
    // The breaker off: at a 50% failure rate it would open and hide the budget.
    let s = demo(&users, &orders, &[("BFFKIT_UPSTREAM_USERS_BREAKER", "0")]);
    let http = reqwest::Client::new();
    let url = s.url("/api/dashboard/7");
    use futures_util::StreamExt;
    let statuses: Vec<u16> = futures_util::stream::iter(0..ASKED)
        .map(|_| {
            let request = http.get(&url);
            async move { fetch(request).await.status }
        })
        .buffer_unordered(10)
        .collect()
        .await;
    let calls = log.hits();
    assert!(
        calls as f64 <= ASKED as f64 * 1.2,
        "{calls} calls for {ASKED} asked"
    );
    assert!(calls > ASKED + 10, "retries still happen: {calls} calls");
    assert!(statuses.iter().filter(|s| **s == 200).count() > ASKED / 2);
}

#[tokio::test]
async fn a_route_deadline_bounds_the_attempts_on_a_hanging_upstream() {
    let users = BlackHole::start(USER, false).await;
    let orders = orders_ok().await;
    let file = std::env::temp_dir().join(format!("bffkit-deadline-{}.toml", std::process::id()));
    std::fs::write(&file, "[deadlines]\n\"/api/dashboard/{user_id}\" = 500\n").unwrap();
    let s = demo(
        &users.url,
        &orders,
        &[("BFFKIT_CONFIG", file.to_str().unwrap())],
    );
    let answer = fetch(reqwest::Client::new().get(s.url("/api/dashboard/7"))).await;
    let _ = std::fs::remove_file(&file);
    assert_eq!(answer.status, 504, "{}", answer.body);
    assert_eq!(
        answer.body,
        json!({
            "code": 30001,
            "msg": "Third-party service error!",
            "data": { "data": "users: no answer within the request's deadline (500 ms)", "status": null }
        })
    );
    // About 500 ms; without the deadline, three 1 s timeouts and two backoffs.
    let took = answer.took();
    assert!(
        took >= Duration::from_millis(450) && took < TIMEOUT,
        "took {took:?}"
    );
    assert_eq!(users.requests(), 1, "no retry past the deadline");
}

#[tokio::test]
async fn an_optional_upstream_behind_an_open_breaker_is_reported_in_place() {
    let users = BlackHole::start(USER, true).await;
    let s = demo(&users.url, &refused_url(), &[]);
    // Three refused attempts, then two more: five in a row open the breaker.
    for _ in 0..2 {
        let (status, body) = s.get("/api/dashboard/7").await;
        assert_eq!(status, 200);
        assert_eq!(
            body["orders"]["reason"]["data"]["data"],
            "orders: could not connect"
        );
    }
    let (status, body) = s.get("/api/dashboard/7").await;
    assert_eq!(status, 200);
    assert_eq!(body["user"]["name"], "Ada");
    assert_eq!(
        body["orders"],
        json!({
            "status": "rejected",
            "reason": {
                "code": 30000,
                "msg": "Third-party service error!",
                "data": {
                    "data": "orders: circuit open after repeated failures, not called (retry in 5 s)",
                    "status": null
                }
            }
        })
    );
}
