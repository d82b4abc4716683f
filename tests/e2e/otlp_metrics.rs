//! Metrics exported over OTLP/HTTP protobuf to a real receiver: a local HTTP server that
//! decodes what the demo sends with the official protobuf types (`opentelemetry-proto`),
//! while `/metrics` serves the same metrics to Prometheus.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::common::v1::KeyValue;
use opentelemetry_proto::tonic::metrics::v1::metric::Data;
use opentelemetry_proto::tonic::metrics::v1::number_data_point::Value as Number;
use opentelemetry_proto::tonic::metrics::v1::{AggregationTemporality, Metric};
use prost::Message;
use serde_json::json;
use tokio::sync::Notify;

use crate::fake::serve;
use crate::support::Server;

/// The metric exports a receiver got.
#[derive(Clone, Default)]
pub(crate) struct Exports {
    requests: Arc<Mutex<Vec<ExportMetricsServiceRequest>>>,
    arrived: Arc<Notify>,
}

/// One data point as received: its attributes, and its value (a sum's or gauge's) or count
/// (a histogram's).
#[derive(Clone, Debug)]
pub(crate) struct Point {
    pub(crate) service: String,
    pub(crate) attributes: BTreeMap<String, String>,
    pub(crate) value: f64,
    pub(crate) metric: Metric,
}

fn text(attributes: &[KeyValue]) -> BTreeMap<String, String> {
    attributes
        .iter()
        .map(|kv| {
            let value = match kv.value.as_ref().and_then(|v| v.value.as_ref()) {
                Some(AnyValue::StringValue(s)) => s.clone(),
                Some(AnyValue::IntValue(i)) => i.to_string(),
                other => format!("{other:?}"),
            };
            (kv.key.clone(), value)
        })
        .collect()
}

impl Exports {
    pub(crate) fn keep(&self, request: ExportMetricsServiceRequest) {
        self.requests.lock().unwrap().push(request);
        self.arrived.notify_waiters();
    }

    /// The points of metric `name` in the latest export that has it (exports are
    /// cumulative: the latest holds everything so far).
    pub(crate) fn points(&self, name: &str) -> Vec<Point> {
        let requests = self.requests.lock().unwrap();
        for request in requests.iter().rev() {
            let mut points = Vec::new();
            for resource in &request.resource_metrics {
                let service = resource
                    .resource
                    .as_ref()
                    .map(|r| text(&r.attributes))
                    .and_then(|a| a.get("service.name").cloned())
                    .unwrap_or_default();
                for metric in resource
                    .scope_metrics
                    .iter()
                    .flat_map(|s| &s.metrics)
                    .filter(|m| m.name == name)
                {
                    let mut point = |attributes: &[KeyValue], value: f64| {
                        points.push(Point {
                            service: service.clone(),
                            attributes: text(attributes),
                            value,
                            metric: metric.clone(),
                        })
                    };
                    match &metric.data {
                        Some(Data::Sum(sum)) => {
                            for p in &sum.data_points {
                                point(&p.attributes, number(&p.value));
                            }
                        }
                        Some(Data::Gauge(gauge)) => {
                            for p in &gauge.data_points {
                                point(&p.attributes, number(&p.value));
                            }
                        }
                        Some(Data::Histogram(histogram)) => {
                            for p in &histogram.data_points {
                                point(&p.attributes, p.count as f64);
                            }
                        }
                        other => panic!("{name}: unexpected data {other:?}"),
                    }
                }
            }
            if !points.is_empty() {
                return points;
            }
        }
        Vec::new()
    }

    /// Waits (up to 20 s) until `done` holds for the exports; true if it did.
    pub(crate) async fn wait_for(&self, done: impl Fn(&Exports) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let arrived = self.arrived.notified();
            if done(self) {
                return true;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return false;
            }
        }
    }
}

fn number(value: &Option<Number>) -> f64 {
    match value {
        Some(Number::AsInt(i)) => *i as f64,
        Some(Number::AsDouble(d)) => *d,
        None => f64::NAN,
    }
}

/// An OTLP/HTTP receiver on a free port: metrics kept, spans accepted and dropped.
struct Receiver {
    base: String,
    exports: Exports,
    up: Arc<AtomicBool>,
}

impl Receiver {
    async fn start() -> Receiver {
        let exports = Exports::default();
        let up = Arc::new(AtomicBool::new(true));
        let (kept, serving) = (exports.clone(), up.clone());
        let accepted = || {
            (
                StatusCode::OK,
                [("content-type", "application/x-protobuf")],
                Vec::<u8>::new(),
            )
        };
        let router = Router::new()
            .route(
                "/v1/metrics",
                post(move |headers: HeaderMap, body: Bytes| async move {
                    if !serving.load(Ordering::SeqCst) {
                        let mut answer = accepted();
                        answer.0 = StatusCode::SERVICE_UNAVAILABLE;
                        return answer;
                    }
                    assert_eq!(headers["content-type"], "application/x-protobuf");
                    kept.keep(ExportMetricsServiceRequest::decode(body).expect("OTLP protobuf"));
                    accepted()
                }),
            )
            .route("/v1/traces", post(move || async move { accepted() }));
        let base = serve(router).await;
        Receiver { base, exports, up }
    }
}

/// The demo with its users and orders upstreams, exporting to `receiver` every 100 ms.
async fn demo(receiver: &Receiver, extra: &[(&str, &str)]) -> Server {
    let users = serve(Router::new().route(
        "/users/{id}",
        axum::routing::get(|| async { Json(json!({ "id": 7, "name": "Ada" })) }),
    ))
    .await;
    let orders = serve(Router::new().route(
        "/orders",
        axum::routing::get(|| async { Json(json!([{ "id": 1, "user_id": 7, "total": 9.5 }])) }),
    ))
    .await;
    let mut env = vec![
        ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.base.as_str()),
        ("OTEL_SERVICE_NAME", "bffkit-demo-metrics"),
        ("OTEL_METRIC_EXPORT_INTERVAL", "100"),
        ("BFFKIT_UPSTREAM_USERS_URL", users.as_str()),
        ("BFFKIT_UPSTREAM_ORDERS_URL", orders.as_str()),
    ];
    env.extend_from_slice(extra);
    Server::start(&env)
}

const DASHBOARD: [(&str, &str); 3] = [
    ("method", "GET"),
    ("route", "/api/dashboard/{user_id}"),
    ("status", "200"),
];

fn with(point: &Point, attributes: &[(&str, &str)]) -> bool {
    attributes
        .iter()
        .all(|(k, v)| point.attributes.get(*k).map(String::as_str) == Some(*v))
}

#[tokio::test]
async fn request_and_upstream_metrics_arrive_over_otlp_as_on_the_prometheus_page() {
    let receiver = Receiver::start().await;
    let s = demo(&receiver, &[("BFFKIT_METRICS", "1")]).await;
    for n in 0..3 {
        let (status, body) = s.get(&format!("/api/dashboard/{n}")).await;
        assert_eq!(status, 200, "{body}");
    }
    let arrived = receiver
        .exports
        .wait_for(|e| {
            e.points("bffkit_requests_total")
                .iter()
                .any(|p| with(p, &DASHBOARD) && p.value >= 3.0)
                && !e.points("bffkit_upstream_requests_total").is_empty()
        })
        .await;
    let exports = &receiver.exports;
    assert!(
        arrived,
        "requests: {:#?}",
        exports.points("bffkit_requests_total")
    );

    // The request counter: a cumulative monotonic sum by route template, method, status.
    let requests = exports.points("bffkit_requests_total");
    let dashboard = requests.iter().find(|p| with(p, &DASHBOARD)).unwrap();
    assert_eq!(dashboard.value, 3.0, "{requests:#?}");
    assert_eq!(dashboard.service, "bffkit-demo-metrics");
    assert_eq!(
        dashboard.metric.description,
        "Requests by method, route template and status."
    );
    let Some(Data::Sum(sum)) = &dashboard.metric.data else {
        panic!("{dashboard:#?}")
    };
    assert!(sum.is_monotonic);
    assert_eq!(
        sum.aggregation_temporality,
        AggregationTemporality::Cumulative as i32
    );

    // The latency histogram: the same attributes, in seconds, with /metrics' buckets.
    let latency = exports.points("bffkit_request_duration_seconds");
    let dashboard = latency.iter().find(|p| with(p, &DASHBOARD));
    let dashboard = dashboard.unwrap_or_else(|| panic!("{latency:#?}"));
    assert_eq!(dashboard.value, 3.0, "three requests counted");
    assert_eq!(dashboard.metric.unit, "s");
    let Some(Data::Histogram(histogram)) = &dashboard.metric.data else {
        panic!("{dashboard:#?}")
    };
    assert_eq!(
        histogram.data_points[0].explicit_bounds,
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]
    );

    // An upstream metric: each call to users and orders, by outcome.
    let upstream = exports.points("bffkit_upstream_requests_total");
    for service in ["users", "orders"] {
        let calls = upstream
            .iter()
            .find(|p| with(p, &[("service", service), ("outcome", "ok")]))
            .unwrap_or_else(|| panic!("{service}: {upstream:#?}"));
        assert_eq!(calls.value, 3.0, "{upstream:#?}");
    }

    // The same handles feed /metrics (through the fan-out).
    let page = s.text("/metrics").await;
    assert!(
        page.contains(
            r#"bffkit_requests_total{method="GET",route="/api/dashboard/{user_id}",status="200"} 3"#
        ),
        "{page}"
    );
}

// Multi-threaded: the receiver keeps answering while the test blocks on the demo's output.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_collector_down_requests_answer_and_failed_exports_are_counted_and_logged_once() {
    let receiver = Receiver::start().await;
    let s = demo(&receiver, &[("BFFKIT_METRICS", "1")]).await;
    let (status, _) = s.get("/api/hello?name=a").await;
    assert_eq!(status, 200);
    assert!(
        receiver
            .exports
            .wait_for(|e| !e.points("bffkit_requests_total").is_empty())
            .await
    );

    receiver.up.store(false, Ordering::SeqCst);
    let failed = |page: &str| {
        page.lines()
            .find_map(|l| l.strip_prefix("bffkit_otel_metric_exports_failed_total "))
            .map_or(0.0, |v| v.trim().parse::<f64>().unwrap())
    };
    // Exports every 100 ms fail from now on; requests keep answering meanwhile.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let (status, _) = s.get("/api/hello?name=b").await;
        assert_eq!(status, 200);
        if failed(&s.text("/metrics").await) >= 3.0 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{}", s.output());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let output = s.wait_for_output("OTLP collector (metrics) unavailable", 1);
    assert_eq!(
        output
            .matches("OTLP collector (metrics) unavailable")
            .count(),
        1,
        "{output}"
    );

    receiver.up.store(true, Ordering::SeqCst);
    s.wait_for_output("OTLP collector (metrics) recovered", 1);
}
