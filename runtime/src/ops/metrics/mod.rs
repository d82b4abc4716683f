//! Prometheus metrics through the [`metrics`](https://docs.rs/metrics) facade and
//! `metrics-exporter-prometheus` (feature `metrics`, on by default). Off until
//! `[metrics] enabled` (`BFFKIT_METRICS`); then `/metrics` serves the text format.
//!
//! Why `metrics`: it is a facade like `tracing`, so the app's own `metrics::counter!(…)`
//! land on the same `/metrics` page, and another exporter (OTLP, StatsD) is a different
//! recorder, not different call sites. Its registry is sharded and its handles are atomics:
//! no lock shared by every request. Every metric bffkit records is named in this file.
//!
//! The same metrics over OTLP (with the `otel` feature, while OTLP export is on and
//! `OTEL_METRICS_EXPORTER` allows it): a second recorder ([`otlp_recorder`]) writing into
//! OpenTelemetry instruments, installed beside the Prometheus one through metrics-util's
//! fan-out, so every handle records into both. Why a recorder rather than a periodic copy of
//! the Prometheus registry: that exporter does not expose its registry's values (only the
//! rendered text), and the SDK's reader, temporality and OTLP exporters (HTTP and gRPC,
//! with their `OTEL_*` variables) come with the OpenTelemetry crates. Why not a bridge crate
//! (metrics-exporter-opentelemetry and the like): they target opentelemetry 0.31. With OTLP
//! off nothing changes on the request path: the Prometheus recorder is installed alone.
//!
//! Recording is one relaxed atomic load while metrics are off (or without the feature,
//! nothing at all).

#[cfg(all(feature = "metrics", feature = "otel"))]
mod otlp_export;
#[cfg(all(feature = "metrics", feature = "otel"))]
mod otlp_recorder;

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a recorder is installed: the recording functions return at once otherwise,
/// before building any label.
static ENABLED: AtomicBool = AtomicBool::new(false);

#[cfg(feature = "metrics")]
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[cfg(feature = "metrics")]
const SIZE_BUCKETS: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0];

/// The histogram buckets of metric `name` over OTLP: those `prometheus_recorder` sets.
#[cfg(all(feature = "metrics", feature = "otel"))]
fn buckets(name: &str) -> Option<&'static [f64]> {
    if name.ends_with("duration_seconds") {
        Some(LATENCY_BUCKETS)
    } else if name == "bffkit_batch_size" {
        Some(SIZE_BUCKETS)
    } else {
        None
    }
}

/// The metrics page of this process.
#[derive(Clone)]
pub struct Metrics {
    #[cfg(feature = "metrics")]
    handle: metrics_exporter_prometheus::PrometheusHandle,
}

impl Metrics {
    /// Installs bffkit's recorder as the process's `metrics` recorder (once: a second app in
    /// the process shares it): Prometheus when `[metrics] enabled`, OTLP when `[otel]` and
    /// the `OTEL_*` variables ask for it, both through a fan-out when both are on. The
    /// `/metrics` page when `[metrics] enabled`; `None` otherwise, when the app installed its
    /// own recorder first, or without the `metrics` feature.
    pub(crate) fn install(config: &crate::config::Config) -> Option<Metrics> {
        #[cfg(feature = "metrics")]
        {
            use std::sync::OnceLock;

            /// What the first app installed: whether anything records, and the page.
            struct Installed {
                recording: bool,
                page: Option<metrics_exporter_prometheus::PrometheusHandle>,
            }
            static INSTALLED: OnceLock<Installed> = OnceLock::new();
            let otlp = config
                .otel
                .exports_metrics(&|name| std::env::var(name).ok());
            if !config.metrics.enabled && !otlp {
                return None;
            }
            let installed = INSTALLED.get_or_init(|| {
                let prometheus = config.metrics.enabled.then(prometheus_recorder);
                let page = prometheus.as_ref().map(|r| r.handle());
                #[cfg(feature = "otel")]
                let otlp = otlp.then(|| otlp_export::recorder(&config.otel)).flatten();
                #[cfg(not(feature = "otel"))]
                let otlp: Option<metrics_exporter_prometheus::PrometheusRecorder> = None;
                let set = match (prometheus, otlp) {
                    (Some(prometheus), Some(otlp)) => metrics::set_global_recorder(
                        metrics_util::layers::FanoutBuilder::default()
                            .add_recorder(prometheus)
                            .add_recorder(otlp)
                            .build(),
                    )
                    .is_ok(),
                    (Some(prometheus), None) => metrics::set_global_recorder(prometheus).is_ok(),
                    (None, Some(otlp)) => metrics::set_global_recorder(otlp).is_ok(),
                    // The OTLP exporter could not be built (logged): nothing to record for.
                    (None, None) => {
                        return Installed {
                            recording: false,
                            page: None,
                        }
                    }
                };
                if !set {
                    tracing::warn!(
                        "a `metrics` recorder is already installed: bffkit records into it, and /metrics stays empty"
                    );
                    return Installed {
                        recording: true,
                        page: None,
                    };
                }
                describe();
                Installed {
                    recording: true,
                    page,
                }
            });
            if installed.recording {
                ENABLED.store(true, Ordering::Relaxed);
            }
            installed
                .page
                .clone()
                .filter(|_| config.metrics.enabled)
                .map(|handle| Metrics { handle })
        }
        #[cfg(not(feature = "metrics"))]
        {
            let _ = config;
            None
        }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        #[cfg(feature = "metrics")]
        {
            self.handle.run_upkeep();
            self.handle.render()
        }
        #[cfg(not(feature = "metrics"))]
        {
            String::new()
        }
    }
}

/// Whether metrics are recorded (for `/metrics`, OTLP, or a recorder of the app's).
pub(crate) fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// The Prometheus recorder, with bffkit's buckets.
#[cfg(feature = "metrics")]
fn prometheus_recorder() -> metrics_exporter_prometheus::PrometheusRecorder {
    use metrics_exporter_prometheus::{Matcher, PrometheusBuilder};

    PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Suffix("duration_seconds".to_owned()),
            LATENCY_BUCKETS,
        )
        .and_then(|b| {
            b.set_buckets_for_metric(Matcher::Full("bffkit_batch_size".to_owned()), SIZE_BUCKETS)
        })
        .expect("bucket lists are not empty")
        .build_recorder()
}

/// Exports the metrics recorded since the last OTLP export (on shutdown).
pub(crate) async fn flush() {
    #[cfg(all(feature = "metrics", feature = "otel"))]
    otlp_export::flush().await;
}

#[cfg(feature = "metrics")]
fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        "bffkit_requests_total",
        "Requests by method, route template and status."
    );
    describe_histogram!(
        "bffkit_request_duration_seconds",
        Unit::Seconds,
        "Request latency by method, route template and status."
    );
    describe_gauge!(
        "bffkit_requests_in_flight",
        "Requests being served (batch calls included)."
    );
    describe_counter!(
        "bffkit_upstream_requests_total",
        "Upstream calls by service and outcome (`ok` or an error kind), retries included once."
    );
    describe_histogram!(
        "bffkit_upstream_duration_seconds",
        Unit::Seconds,
        "Upstream call latency by service, retries and backoff included."
    );
    describe_counter!(
        "bffkit_upstream_errors_total",
        "Failed upstream calls by service and kind: timeout, connect, transport, status, too_large, not_json, wrong_shape."
    );
    describe_counter!(
        "bffkit_upstream_retries_total",
        "Upstream attempts retried, by service."
    );
    describe_gauge!(
        "bffkit_upstream_breaker_state",
        "Circuit breaker state by service, set when it changes: 0 closed, 1 open, 2 half-open."
    );
    describe_counter!(
        "bffkit_upstream_breaker_openings_total",
        "Times a service's circuit breaker opened."
    );
    describe_histogram!("bffkit_batch_size", "Calls per batch request.");
    describe_gauge!(
        "bffkit_streams_open",
        "Streamed responses (SSE, NDJSON) being sent."
    );
    describe_gauge!("bffkit_websockets_open", "WebSocket sessions open.");
    describe_counter!(
        "bffkit_session_store_errors_total",
        "Session store operations that failed."
    );
    describe_counter!(
        "bffkit_otel_spans_exported_total",
        "Spans sent to the OTLP collector."
    );
    describe_counter!(
        "bffkit_otel_spans_dropped_total",
        "Spans lost because the OTLP export failed (collector down or refusing)."
    );
    describe_counter!(
        "bffkit_otel_metric_exports_failed_total",
        "OTLP metric exports that failed (collector down or refusing): their points are sent again, cumulative, by the next export."
    );
}

/// One request served: `route` is its template (`/api/user/{id}`), `unmatched` without one.
pub(crate) fn request(method: &http::Method, route: &str, status: u16, seconds: f64) {
    if !enabled() {
        return;
    }
    #[cfg(feature = "metrics")]
    handles::request(method, route, status, |h| {
        h.count.increment(1);
        h.latency.record(seconds);
    });
    #[cfg(not(feature = "metrics"))]
    let _ = (method, route, status, seconds);
}

/// A gauge held up by one for as long as the guard lives (requests in flight, open
/// streams, WebSockets), so a dropped future still brings it down.
pub(crate) struct Open {
    #[cfg(feature = "metrics")]
    gauge: Option<&'static metrics::Gauge>,
}

impl Open {
    #[cfg(feature = "metrics")]
    fn new(cell: &'static std::sync::OnceLock<metrics::Gauge>, name: &'static str) -> Open {
        let gauge = enabled().then(|| cell.get_or_init(|| metrics::gauge!(name)));
        if let Some(gauge) = gauge {
            gauge.increment(1.0);
        }
        Open { gauge }
    }

    /// A request being served.
    pub(crate) fn request() -> Open {
        #[cfg(feature = "metrics")]
        {
            static GAUGE: std::sync::OnceLock<metrics::Gauge> = std::sync::OnceLock::new();
            Open::new(&GAUGE, "bffkit_requests_in_flight")
        }
        #[cfg(not(feature = "metrics"))]
        Open {}
    }

    /// A stream being sent.
    pub(crate) fn stream() -> Open {
        #[cfg(feature = "metrics")]
        {
            static GAUGE: std::sync::OnceLock<metrics::Gauge> = std::sync::OnceLock::new();
            Open::new(&GAUGE, "bffkit_streams_open")
        }
        #[cfg(not(feature = "metrics"))]
        Open {}
    }

    /// A WebSocket session.
    #[cfg_attr(not(feature = "ws"), allow(dead_code))]
    pub(crate) fn websocket() -> Open {
        #[cfg(feature = "metrics")]
        {
            static GAUGE: std::sync::OnceLock<metrics::Gauge> = std::sync::OnceLock::new();
            Open::new(&GAUGE, "bffkit_websockets_open")
        }
        #[cfg(not(feature = "metrics"))]
        Open {}
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        #[cfg(feature = "metrics")]
        if let Some(gauge) = self.gauge {
            gauge.decrement(1.0);
        }
    }
}

/// One upstream call finished: `error` is `None` or its kind (`timeout`, `status`, …).
#[cfg_attr(not(feature = "upstream"), allow(dead_code))]
pub(crate) fn upstream_call(service: &str, seconds: f64, error: Option<&'static str>) {
    if !enabled() {
        return;
    }
    #[cfg(feature = "metrics")]
    handles::upstream(service, |h| {
        h.outcome(error.unwrap_or("ok")).increment(1);
        h.latency.record(seconds);
        if let Some(kind) = error {
            h.error(kind).increment(1);
        }
    });
    #[cfg(not(feature = "metrics"))]
    let _ = (service, seconds, error);
}

/// An upstream attempt is retried.
#[cfg_attr(not(feature = "upstream"), allow(dead_code))]
pub(crate) fn upstream_retry(service: &str) {
    if !enabled() {
        return;
    }
    #[cfg(feature = "metrics")]
    handles::upstream(service, |h| h.retries.increment(1));
    #[cfg(not(feature = "metrics"))]
    let _ = service;
}

/// A service's circuit breaker changed state: `bffkit_upstream_breaker_state` (0 closed,
/// 1 open, 2 half-open) and, on opening, `bffkit_upstream_breaker_openings_total`. Changes
/// are rare, so the labels are built each time.
#[cfg_attr(not(feature = "upstream"), allow(dead_code))]
pub(crate) fn breaker_changed(service: &str, state: u8, opened: bool) {
    if !enabled() {
        return;
    }
    #[cfg(feature = "metrics")]
    {
        let service = service.to_owned();
        metrics::gauge!("bffkit_upstream_breaker_state", "service" => service.clone())
            .set(f64::from(state));
        if opened {
            metrics::counter!("bffkit_upstream_breaker_openings_total", "service" => service)
                .increment(1);
        }
    }
    #[cfg(not(feature = "metrics"))]
    let _ = (service, state, opened);
}

/// A batch request with `calls` calls.
pub(crate) fn batch(calls: usize) {
    if !enabled() {
        return;
    }
    #[cfg(feature = "metrics")]
    metrics::histogram!("bffkit_batch_size").record(calls as f64);
    #[cfg(not(feature = "metrics"))]
    let _ = calls;
}

/// A session store operation failed.
#[cfg_attr(not(feature = "auth"), allow(dead_code))]
pub(crate) fn session_store_error() {
    #[cfg(feature = "metrics")]
    if enabled() {
        metrics::counter!("bffkit_session_store_errors_total").increment(1);
    }
}

/// Spans handed to the OTLP exporter: `exported` or, when the export failed, dropped.
#[cfg_attr(not(feature = "otel"), allow(dead_code))]
pub(crate) fn spans_exported(spans: usize, exported: bool) {
    if !enabled() {
        return;
    }
    #[cfg(feature = "metrics")]
    if exported {
        metrics::counter!("bffkit_otel_spans_exported_total").increment(spans as u64);
    } else {
        metrics::counter!("bffkit_otel_spans_dropped_total").increment(spans as u64);
    }
    #[cfg(not(feature = "metrics"))]
    let _ = (spans, exported);
}

/// One OTLP metric export finished: counted when it failed.
#[cfg_attr(not(feature = "otel"), allow(dead_code))]
pub(crate) fn metric_export(exported: bool) {
    #[cfg(feature = "metrics")]
    if !exported && enabled() {
        metrics::counter!("bffkit_otel_metric_exports_failed_total").increment(1);
    }
    #[cfg(not(feature = "metrics"))]
    let _ = exported;
}

/// Metric handles kept per thread, so a request finds its counters without building labels
/// or taking the registry's (sharded) lock: a hash of the route and a short scan.
#[cfg(feature = "metrics")]
mod handles {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use metrics::{Counter, Histogram, Label};

    pub(super) struct Request {
        method: http::Method,
        status: u16,
        pub(super) count: Counter,
        pub(super) latency: Histogram,
    }

    pub(super) struct Upstream {
        service: String,
        outcomes: Vec<(&'static str, Counter)>,
        errors: Vec<(&'static str, Counter)>,
        pub(super) latency: Histogram,
        pub(super) retries: Counter,
    }

    impl Upstream {
        pub(super) fn outcome(&mut self, outcome: &'static str) -> &Counter {
            let service = self.service.clone();
            cached(&mut self.outcomes, outcome, || {
                metrics::counter!(
                    "bffkit_upstream_requests_total",
                    "service" => service,
                    "outcome" => outcome
                )
            })
        }

        pub(super) fn error(&mut self, kind: &'static str) -> &Counter {
            let service = self.service.clone();
            cached(
                &mut self.errors,
                kind,
                || metrics::counter!("bffkit_upstream_errors_total", "service" => service, "kind" => kind),
            )
        }
    }

    fn cached<'a>(
        list: &'a mut Vec<(&'static str, Counter)>,
        key: &'static str,
        make: impl FnOnce() -> Counter,
    ) -> &'a Counter {
        let at = match list.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                list.push((key, make()));
                list.len() - 1
            }
        };
        &list[at].1
    }

    thread_local! {
        static REQUESTS: RefCell<HashMap<String, Vec<Request>>> = RefCell::new(HashMap::new());
        static UPSTREAMS: RefCell<Vec<Upstream>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn request(
        method: &http::Method,
        route: &str,
        status: u16,
        record: impl FnOnce(&Request),
    ) {
        REQUESTS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if !cache.contains_key(route) {
                cache.insert(route.to_owned(), Vec::new());
            }
            let Some(handles) = cache.get_mut(route) else {
                return;
            };
            if let Some(h) = handles
                .iter()
                .find(|h| h.status == status && h.method == method)
            {
                return record(h);
            }
            let labels = vec![
                Label::new("method", method.as_str().to_owned()),
                Label::new("route", route.to_owned()),
                Label::new("status", status.to_string()),
            ];
            let h = Request {
                method: method.clone(),
                status,
                count: metrics::counter!("bffkit_requests_total", labels.clone()),
                latency: metrics::histogram!("bffkit_request_duration_seconds", labels),
            };
            record(&h);
            handles.push(h);
        });
    }

    pub(super) fn upstream(service: &str, record: impl FnOnce(&mut Upstream)) {
        UPSTREAMS.with(|cache| {
            let mut cache = cache.borrow_mut();
            let at = match cache.iter().position(|u| u.service == service) {
                Some(at) => at,
                None => {
                    let name = service.to_owned();
                    cache.push(Upstream {
                        service: name.clone(),
                        outcomes: Vec::new(),
                        errors: Vec::new(),
                        latency: metrics::histogram!(
                            "bffkit_upstream_duration_seconds",
                            "service" => name.clone()
                        ),
                        retries: metrics::counter!("bffkit_upstream_retries_total", "service" => name),
                    });
                    cache.len() - 1
                }
            };
            record(&mut cache[at]);
        });
    }
}
