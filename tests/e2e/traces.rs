//! Traces exported over OTLP/HTTP protobuf to a real receiver: a local HTTP server that
//! decodes what the demo sends with the official OpenTelemetry protobuf types
//! (`opentelemetry-proto`), and fake upstreams that record the `traceparent` they get.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message;
use serde_json::{json, Value};
use tokio::sync::Notify;

use crate::fake::{serve, Log};
use crate::support::{send, Server};

/// A span as received, with its resource's `service.name`.
#[derive(Clone, Debug)]
struct Received {
    service: String,
    span: Span,
}

impl Received {
    fn trace_id(&self) -> String {
        hex(&self.span.trace_id)
    }
    fn span_id(&self) -> String {
        hex(&self.span.span_id)
    }
    fn parent_id(&self) -> String {
        hex(&self.span.parent_span_id)
    }
    fn kind(&self) -> SpanKind {
        SpanKind::try_from(self.span.kind).unwrap_or(SpanKind::Unspecified)
    }
    /// An attribute as text (strings as they are, integers in decimal).
    fn attribute(&self, key: &str) -> Option<String> {
        let value = self.span.attributes.iter().find(|kv| kv.key == key)?;
        match value.value.as_ref()?.value.as_ref()? {
            AnyValue::StringValue(s) => Some(s.clone()),
            AnyValue::IntValue(i) => Some(i.to_string()),
            other => Some(format!("{other:?}")),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An OTLP/HTTP receiver on a free port: `POST /v1/traces` with protobuf bodies.
struct Receiver {
    base: String,
    /// While false, kept-alive connections get 503 (new ones are refused).
    up: Arc<std::sync::atomic::AtomicBool>,
    spans: Arc<Mutex<Vec<Received>>>,
    arrived: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    async fn start() -> Receiver {
        let spans: Arc<Mutex<Vec<Received>>> = Arc::default();
        let arrived = Arc::new(Notify::new());
        let up = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let (kept, notify, serving) = (spans.clone(), arrived.clone(), up.clone());
        let router = Router::new().route(
            "/v1/traces",
            post(move |headers: HeaderMap, body: Bytes| async move {
                if !serving.load(std::sync::atomic::Ordering::SeqCst) {
                    return (
                        axum::http::StatusCode::SERVICE_UNAVAILABLE,
                        [("content-type", "text/plain")],
                        Vec::new(),
                    );
                }
                assert_eq!(headers["content-type"], "application/x-protobuf");
                let request = ExportTraceServiceRequest::decode(body).expect("OTLP protobuf");
                let mut kept = kept.lock().unwrap();
                for resource in request.resource_spans {
                    let service = resource
                        .resource
                        .iter()
                        .flat_map(|r| &r.attributes)
                        .find(|kv| kv.key == "service.name")
                        .and_then(|kv| match kv.value.as_ref()?.value.as_ref()? {
                            AnyValue::StringValue(s) => Some(s.clone()),
                            _ => None,
                        })
                        .unwrap_or_default();
                    for scope in resource.scope_spans {
                        for span in scope.spans {
                            kept.push(Received {
                                service: service.clone(),
                                span,
                            });
                        }
                    }
                }
                notify.notify_waiters();
                // An empty ExportTraceServiceResponse: everything accepted.
                (
                    axum::http::StatusCode::OK,
                    [("content-type", "application/x-protobuf")],
                    Vec::<u8>::new(),
                )
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Receiver {
            base,
            up,
            spans,
            arrived,
            task,
        }
    }

    /// Waits (up to 20 s) until the spans of `trace_id` satisfy `done`; those spans.
    async fn wait_for(&self, trace_id: &str, done: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let arrived = self.arrived.notified();
            let trace: Vec<Received> = self
                .spans
                .lock()
                .unwrap()
                .iter()
                .filter(|s| s.trace_id() == trace_id)
                .cloned()
                .collect();
            if done(&trace) {
                return trace;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!("trace {trace_id} incomplete after 20 s: {trace:#?}");
            }
        }
    }

    /// Stops answering: the port refuses connections.
    fn stop(&self) {
        self.up.store(false, std::sync::atomic::Ordering::SeqCst);
        self.task.abort();
    }
}

/// The demo exporting to `receiver`, every 100 ms, its upstreams at `users` and `orders`.
fn demo(receiver: &Receiver, users: &str, orders: &str, extra: &[(&str, &str)]) -> Server {
    let mut env = vec![
        ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.base.as_str()),
        ("OTEL_SERVICE_NAME", "bffkit-demo-e2e"),
        ("OTEL_BSP_SCHEDULE_DELAY", "100"),
        ("BFFKIT_UPSTREAM_USERS_URL", users),
        ("BFFKIT_UPSTREAM_ORDERS_URL", orders),
    ];
    env.extend_from_slice(extra);
    Server::start(&env)
}

/// Fake users and orders services recording each call's headers.
async fn upstreams(users_log: &Log, orders_log: &Log) -> (String, String) {
    let log = users_log.clone();
    let users = serve(Router::new().route(
        "/users/{id}",
        get(
            move |axum::extract::Path(id): axum::extract::Path<u32>, headers: HeaderMap| async move {
                log.record(&headers, None);
                Json(json!({ "id": id, "name": "Ada" }))
            },
        ),
    ))
    .await;
    let log = orders_log.clone();
    let orders = serve(Router::new().route(
        "/orders",
        get(move |headers: HeaderMap| async move {
            log.record(&headers, None);
            Json(json!([{ "id": 1, "user_id": 7, "total": 9.5 }]))
        }),
    ))
    .await;
    (users, orders)
}

const INCOMING_TRACE: &str = "0af7651916cd43dd8448eb211c80319c";
const INCOMING_PARENT: &str = "b7ad6b7169203331";

#[tokio::test]
async fn a_fan_out_request_is_one_trace_with_a_child_span_per_upstream_call() {
    let receiver = Receiver::start().await;
    let (users_log, orders_log) = (Log::default(), Log::default());
    let (users, orders) = upstreams(&users_log, &orders_log).await;
    let s = demo(&receiver, &users, &orders, &[]);

    let response = reqwest::Client::new()
        .get(s.url("/api/dashboard/7"))
        .header(
            "traceparent",
            format!("00-{INCOMING_TRACE}-{INCOMING_PARENT}-01"),
        )
        .header("tracestate", "vendor=abc")
        .header("x-request-id", "trace-req-1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "trace-req-1");

    let trace = receiver
        .wait_for(INCOMING_TRACE, |spans| spans.len() >= 3)
        .await;
    let server: Vec<&Received> = trace
        .iter()
        .filter(|s| s.kind() == SpanKind::Server)
        .collect();
    assert_eq!(server.len(), 1, "{trace:#?}");
    let server = server[0];
    assert_eq!(server.service, "bffkit-demo-e2e");
    // Named by the route template, never the raw path; a child of the caller's span.
    assert_eq!(server.span.name, "GET /api/dashboard/{user_id}");
    assert_eq!(
        server.attribute("http.route").as_deref(),
        Some("/api/dashboard/{user_id}")
    );
    assert_eq!(
        server.attribute("http.request.method").as_deref(),
        Some("GET")
    );
    assert_eq!(
        server.attribute("url.path").as_deref(),
        Some("/api/dashboard/7")
    );
    assert_eq!(
        server.attribute("http.response.status_code").as_deref(),
        Some("200")
    );
    assert_eq!(server.parent_id(), INCOMING_PARENT);

    let clients: Vec<&Received> = trace
        .iter()
        .filter(|s| s.kind() == SpanKind::Client)
        .collect();
    assert_eq!(clients.len(), 2, "one span per upstream call: {trace:#?}");
    let mut services: Vec<String> = clients
        .iter()
        .map(|c| c.attribute("peer.service").unwrap_or_default())
        .collect();
    services.sort();
    assert_eq!(services, ["orders", "users"]);
    for client in &clients {
        assert_eq!(client.parent_id(), server.span_id());
        assert_eq!(client.span.name, "GET");
        assert_eq!(
            client.attribute("http.response.status_code").as_deref(),
            Some("200")
        );
    }

    // Each upstream got the trace, with its own call's span as the parent.
    for (log, service) in [(&users_log, "users"), (&orders_log, "orders")] {
        let traceparent = log.header(0, "traceparent").expect("traceparent sent");
        let parts: Vec<&str> = traceparent.split('-').collect();
        assert_eq!(parts[1], INCOMING_TRACE, "{traceparent}");
        let call = clients
            .iter()
            .find(|c| c.attribute("peer.service").as_deref() == Some(service))
            .unwrap();
        assert_eq!(parts[2], call.span_id(), "{traceparent}");
        assert_eq!(parts[3], "01", "sampled: {traceparent}");
        assert_eq!(log.header(0, "tracestate").as_deref(), Some("vendor=abc"));
        assert_eq!(
            log.header(0, "x-request-id").as_deref(),
            Some("trace-req-1")
        );
    }

    // Without a traceparent, the request starts its own trace and passes it on.
    let (status, _) = s.get("/api/dashboard/8").await;
    assert_eq!(status, 200);
    let traceparent = users_log
        .header(1, "traceparent")
        .expect("traceparent sent");
    let started = traceparent.split('-').nth(1).unwrap().to_owned();
    assert_ne!(started, INCOMING_TRACE);
    let trace = receiver.wait_for(&started, |spans| spans.len() >= 3).await;
    let root = trace
        .iter()
        .find(|s| s.kind() == SpanKind::Server)
        .expect("a server span");
    assert!(root.span.parent_span_id.is_empty(), "{root:#?}");
}

#[tokio::test]
async fn each_call_of_a_batch_is_a_child_span_of_the_batch_request() {
    let receiver = Receiver::start().await;
    let (users_log, orders_log) = (Log::default(), Log::default());
    let (users, orders) = upstreams(&users_log, &orders_log).await;
    let s = demo(&receiver, &users, &orders, &[]);
    let calls = json!([
        { "method": "GET", "path": "/api/hello", "query": { "name": "a" } },
        { "method": "GET", "path": "/api/dashboard/3" },
        { "method": "GET", "path": "/api/hello", "query": { "name": "b" } },
    ]);
    let (status, body) = send(
        reqwest::Client::new()
            .post(s.url("/api/_batch"))
            .header(
                "traceparent",
                format!("00-{INCOMING_TRACE}-{INCOMING_PARENT}-01"),
            )
            .json(&json!({ "calls": calls })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.as_array().unwrap().iter().all(|c| c["status"] == 200),
        "{body}"
    );

    // The batch span, three call spans, and the dashboard call's two upstream calls.
    let trace = receiver
        .wait_for(INCOMING_TRACE, |spans| spans.len() >= 6)
        .await;
    let batch = trace
        .iter()
        .find(|s| s.kind() == SpanKind::Server)
        .expect("the batch request's span");
    assert_eq!(batch.span.name, "POST /api/_batch");
    assert_eq!(batch.parent_id(), INCOMING_PARENT);
    let calls: Vec<&Received> = trace
        .iter()
        .filter(|s| s.kind() == SpanKind::Internal && s.parent_id() == batch.span_id())
        .collect();
    let mut names: Vec<&str> = calls.iter().map(|c| c.span.name.as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "GET /api/dashboard/{user_id}",
            "GET /api/hello",
            "GET /api/hello"
        ],
        "{trace:#?}"
    );
    let mut indexes: Vec<String> = calls
        .iter()
        .map(|c| c.attribute("bffkit.batch.index").unwrap_or_default())
        .collect();
    indexes.sort();
    assert_eq!(indexes, ["0", "1", "2"]);
    let dashboard = calls
        .iter()
        .find(|c| c.span.name.starts_with("GET /api/dashboard"))
        .unwrap();
    let upstream_calls = trace
        .iter()
        .filter(|s| s.kind() == SpanKind::Client && s.parent_id() == dashboard.span_id())
        .count();
    assert_eq!(upstream_calls, 2, "{trace:#?}");
}

/// `bffkit_otel_spans_dropped_total` (0 when absent) from `/metrics`.
async fn dropped(s: &Server) -> f64 {
    let text = reqwest::get(s.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("bffkit_otel_spans_dropped_total "))
        .map_or(0.0, |v| v.trim().parse().unwrap())
}

#[tokio::test]
async fn with_the_collector_down_requests_still_answer_and_dropped_spans_are_counted() {
    let receiver = Receiver::start().await;
    let (users_log, orders_log) = (Log::default(), Log::default());
    let (users, orders) = upstreams(&users_log, &orders_log).await;
    let s = demo(&receiver, &users, &orders, &[("BFFKIT_METRICS", "1")]);
    let (status, _) = s.get("/api/dashboard/1").await;
    assert_eq!(status, 200);
    let traceparent = users_log
        .header(0, "traceparent")
        .expect("traceparent sent");
    let trace_id = traceparent.split('-').nth(1).unwrap().to_owned();
    receiver.wait_for(&trace_id, |spans| spans.len() >= 3).await;
    assert_eq!(dropped(&s).await, 0.0);

    receiver.stop();
    for n in 0..20 {
        let (status, body) = s.get(&format!("/api/dashboard/{n}")).await;
        assert_eq!(status, 200, "{body}");
    }
    // The next exports fail: their spans are counted as dropped, and the collector's
    // outage is logged once, not once per export.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while dropped(&s).await < 60.0 {
        assert!(
            std::time::Instant::now() < deadline,
            "dropped spans not counted: {}",
            dropped(&s).await
        );
        let _ = s.get("/api/hello?name=x").await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let output = s.wait_for_output("OTLP collector unavailable", 1);
    assert_eq!(
        output.matches("OTLP collector unavailable").count(),
        1,
        "{output}"
    );
}

#[tokio::test]
async fn json_log_lines_carry_the_trace_and_span_ids() {
    let receiver = Receiver::start().await;
    let users = crate::fake::refused_url();
    let (_, orders) = upstreams(&Log::default(), &Log::default()).await;
    let s = demo(&receiver, &users, &orders, &[("BFFKIT_LOG_FORMAT", "json")]);
    let (status, _) = send(
        reqwest::Client::new()
            .get(s.url("/api/dashboard/1"))
            .header(
                "traceparent",
                format!("00-{INCOMING_TRACE}-{INCOMING_PARENT}-01"),
            ),
    )
    .await;
    assert_eq!(status, 502);
    // The users service is down: its first failure is logged, inside the request.
    let output = s.wait_for_output("upstream users unavailable", 1);
    let line: Value = output
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|l| l["message"] == "upstream users unavailable")
        .expect("a JSON line");
    assert_eq!(line["trace_id"], INCOMING_TRACE, "{line}");
    assert_eq!(line["level"], "ERROR", "{line}");
    let trace = receiver
        .wait_for(INCOMING_TRACE, |spans| {
            spans.iter().any(|s| s.kind() == SpanKind::Server)
        })
        .await;
    let users_call = trace
        .iter()
        .find(|s| s.attribute("peer.service").as_deref() == Some("users"))
        .expect("the users call's span");
    assert_eq!(line["span_id"], users_call.span_id(), "{line}");
    assert_eq!(
        users_call.attribute("error.type").as_deref(),
        Some("connect")
    );
    assert!(line["request_id"].is_string(), "{line}");
}

#[tokio::test]
async fn sign_in_and_session_store_calls_are_spans_of_the_request() {
    let receiver = Receiver::start().await;
    let fake = crate::auth::fake_wechat::FakeWechat::start();
    let mut env = fake.env();
    env.push(("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.base.clone()));
    env.push(("OTEL_BSP_SCHEDULE_DELAY", "100".to_owned()));
    let s = crate::auth::start(&env);
    let (status, body) = send(
        reqwest::Client::new()
            .post(s.url("/api/auth/wechat/login"))
            .header(
                "traceparent",
                format!("00-{INCOMING_TRACE}-{INCOMING_PARENT}-01"),
            )
            .json(&json!({ "code": "ok-traced" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let trace = receiver
        .wait_for(INCOMING_TRACE, |spans| {
            spans.iter().any(|s| s.kind() == SpanKind::Server)
        })
        .await;
    let server = trace.iter().find(|s| s.kind() == SpanKind::Server).unwrap();
    assert_eq!(server.span.name, "POST /api/auth/wechat/login");
    let mut children: Vec<&str> = trace
        .iter()
        .filter(|s| s.parent_id() == server.span_id())
        .map(|s| s.span.name.as_str())
        .collect();
    children.sort();
    assert_eq!(
        children,
        ["session_store create", "wechat jscode2session"],
        "{trace:#?}"
    );

    // A phone-number call: the access_token fetch and the phone-number call are spans of
    // the request too (the token's cache lookups in the store as well).
    let token = body["token"].as_str().expect("a token");
    let (status, body) = send(
        reqwest::Client::new()
            .post(s.url("/api/wechat/phone"))
            .bearer_auth(token)
            .header(
                "traceparent",
                format!("00-{PHONE_TRACE}-{INCOMING_PARENT}-01"),
            )
            .json(&json!({ "code": "phone-ok" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let trace = receiver
        .wait_for(PHONE_TRACE, |spans| {
            spans.iter().any(|s| s.kind() == SpanKind::Server)
        })
        .await;
    let server = trace.iter().find(|s| s.kind() == SpanKind::Server).unwrap();
    assert_eq!(server.span.name, "POST /api/wechat/phone");
    let children: Vec<&Received> = trace
        .iter()
        .filter(|s| s.parent_id() == server.span_id())
        .collect();
    let named = |name: &str| {
        let found: Vec<&&Received> = children.iter().filter(|s| s.span.name == name).collect();
        assert_eq!(found.len(), 1, "one {name} span: {trace:#?}");
        found[0]
    };
    let fetched = named("wechat stable_token");
    let asked = named("wechat getuserphonenumber");
    // The token is fetched before the number is asked with it.
    assert!(
        fetched.span.end_time_unix_nano <= asked.span.start_time_unix_nano,
        "{trace:#?}"
    );
    assert_eq!(fake.token_calls(), 1);

    // A code WeChat refuses: the phone-number span says so.
    let (status, body) = send(
        reqwest::Client::new()
            .post(s.url("/api/wechat/phone"))
            .bearer_auth(token)
            .header(
                "traceparent",
                format!("00-{REFUSED_TRACE}-{INCOMING_PARENT}-01"),
            )
            .json(&json!({ "code": "nope" })),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let trace = receiver
        .wait_for(REFUSED_TRACE, |spans| {
            spans.iter().any(|s| s.kind() == SpanKind::Server)
        })
        .await;
    let asked = trace
        .iter()
        .find(|s| s.span.name == "wechat getuserphonenumber")
        .expect("the phone-number span");
    let status = asked.span.status.as_ref().expect("a status");
    assert_eq!(status.code, 2, "error: {asked:#?}");
    assert!(status.message.contains("40029"), "{asked:#?}");
}

const PHONE_TRACE: &str = "1af7651916cd43dd8448eb211c80319d";
const REFUSED_TRACE: &str = "2af7651916cd43dd8448eb211c80319e";

const STREAM_TRACE: &str = "3af7651916cd43dd8448eb211c80319f";
const BATCH_TRACE: &str = "4af7651916cd43dd8448eb211c803190";
const LEFT_TRACE: &str = "5af7651916cd43dd8448eb211c803191";

fn traced(request: reqwest::RequestBuilder, trace_id: &str) -> reqwest::RequestBuilder {
    request.header("traceparent", format!("00-{trace_id}-{INCOMING_PARENT}-01"))
}

/// The one server span of `trace_id`, once it has arrived.
async fn server_span(receiver: &Receiver, trace_id: &str) -> Received {
    let trace = receiver
        .wait_for(trace_id, |spans| {
            spans.iter().any(|s| s.kind() == SpanKind::Server)
        })
        .await;
    trace
        .into_iter()
        .find(|s| s.kind() == SpanKind::Server)
        .unwrap()
}

fn duration(span: &Received) -> Duration {
    Duration::from_nanos(span.span.end_time_unix_nano - span.span.start_time_unix_nano)
}

#[tokio::test]
async fn a_streamed_response_s_span_ends_when_its_body_ends() {
    let receiver = Receiver::start().await;
    let (users, orders) = upstreams(&Log::default(), &Log::default()).await;
    let s = demo(&receiver, &users, &orders, &[]);

    // Server-Sent Events: 11 ticks 20 ms apart, so the body takes at least 200 ms.
    let response = traced(
        reqwest::Client::new().get(s.url("/api/ticks?count=11&every_ms=20")),
        STREAM_TRACE,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(text.ends_with("event: end\ndata: null\n\n"), "{text}");
    let server = server_span(&receiver, STREAM_TRACE).await;
    assert_eq!(server.span.name, "GET /api/ticks");
    assert_eq!(
        server.attribute("http.response.status_code").as_deref(),
        Some("200")
    );
    assert!(
        duration(&server) >= Duration::from_millis(200),
        "ended before its body: {:?}",
        duration(&server)
    );

    // A streamed batch (NDJSON): the batch's span lasts until its slowest call's line.
    let calls = json!([
        { "method": "GET", "path": "/api/debug/slow", "query": { "ms": "300" } },
        { "method": "GET", "path": "/api/hello", "query": { "name": "a" } },
    ]);
    let (status, _) = send(traced(
        reqwest::Client::new()
            .post(s.url("/api/_batch"))
            .header("accept", "application/x-ndjson")
            .json(&json!({ "calls": calls })),
        BATCH_TRACE,
    ))
    .await;
    assert_eq!(status, 200);
    let trace = receiver
        .wait_for(BATCH_TRACE, |spans| spans.len() >= 3)
        .await;
    let batch = trace
        .iter()
        .find(|s| s.kind() == SpanKind::Server)
        .expect("the batch's span");
    let slow = trace
        .iter()
        .find(|s| s.span.name == "GET /api/debug/slow")
        .expect("the slow call's span");
    assert!(duration(batch) >= Duration::from_millis(300), "{batch:#?}");
    assert!(
        batch.span.end_time_unix_nano >= slow.span.end_time_unix_nano,
        "the batch ended before its call: {trace:#?}"
    );
}

#[tokio::test]
async fn a_stream_the_client_leaves_ends_its_span_with_an_event_saying_so() {
    let receiver = Receiver::start().await;
    let (users, orders) = upstreams(&Log::default(), &Log::default()).await;
    let s = demo(&receiver, &users, &orders, &[]);
    // 500 ticks 20 ms apart: 10 s, unless the client leaves.
    let mut response = traced(
        reqwest::Client::new().get(s.url("/api/ticks?count=500&every_ms=20")),
        LEFT_TRACE,
    )
    .send()
    .await
    .unwrap();
    let first = response.chunk().await.unwrap().expect("a first event");
    assert!(first.starts_with(b"id: 0\n"), "{first:?}");
    drop(response);

    let server = server_span(&receiver, LEFT_TRACE).await;
    assert!(
        server
            .span
            .events
            .iter()
            .any(|e| e.name == "client went away"),
        "{server:#?}"
    );
    assert!(duration(&server) < Duration::from_secs(9), "{server:#?}");
    assert_eq!(
        server.attribute("http.response.status_code").as_deref(),
        Some("200")
    );
}

#[tokio::test]
async fn an_unsampled_request_passes_its_trace_on_unsampled_and_exports_nothing() {
    let receiver = Receiver::start().await;
    let (users_log, orders_log) = (Log::default(), Log::default());
    let (users, orders) = upstreams(&users_log, &orders_log).await;
    let s = demo(&receiver, &users, &orders, &[]);
    const UNSAMPLED: &str = "6af7651916cd43dd8448eb211c803192";
    // The caller decided not to sample: every upstream call says so, in the same trace.
    let (status, _) = send(
        reqwest::Client::new()
            .get(s.url("/api/dashboard/7"))
            .header(
                "traceparent",
                format!("00-{UNSAMPLED}-{INCOMING_PARENT}-00"),
            ),
    )
    .await;
    assert_eq!(status, 200);
    for log in [&users_log, &orders_log] {
        let traceparent = log.header(0, "traceparent").expect("traceparent sent");
        let parts: Vec<&str> = traceparent.split('-').collect();
        assert_eq!(parts[1], UNSAMPLED, "{traceparent}");
        assert_eq!(parts[3], "00", "unsampled: {traceparent}");
        assert_ne!(parts[2], INCOMING_PARENT, "our span, not the caller's");
        assert_eq!(parts[2].len(), 16);
    }
    // A sampled request after it is exported, and nothing of the unsampled one came first.
    let (status, _) = send(
        reqwest::Client::new()
            .get(s.url("/api/dashboard/8"))
            .header(
                "traceparent",
                format!("00-{INCOMING_TRACE}-{INCOMING_PARENT}-01"),
            ),
    )
    .await;
    assert_eq!(status, 200);
    receiver
        .wait_for(INCOMING_TRACE, |spans| spans.len() >= 3)
        .await;
    let unsampled = receiver
        .spans
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.trace_id() == UNSAMPLED)
        .count();
    assert_eq!(unsampled, 0);
}
