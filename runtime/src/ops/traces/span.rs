//! The spans bffkit starts: the request's server span, child spans around store, sign-in
//! and batch work, and upstream client spans whose context goes out as `traceparent`.

// Apps without upstreams or sessions leave some of these unused.
#![allow(dead_code)]

use std::borrow::Cow;
use std::cell::RefCell;
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use http::HeaderMap;
use http_body::Body as _;
use opentelemetry::context::{ContextGuard, FutureExt as _};
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{SpanKind, Status, TraceContextExt, Tracer};
use opentelemetry::{Context, KeyValue, StringValue};
use opentelemetry_http::HeaderExtractor;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracer;

use super::body::TracedBody;
use super::export;
use crate::config::OtelConfig;
use crate::context::BatchedCall;

static TRACER: OnceLock<SdkTracer> = OnceLock::new();

/// Whether the sampler decides a child as its parent was decided (`parentbased_*`, bffkit's
/// default) or samples nothing: then a child of an unsampled span needs no span of its own.
static CHILDREN_FOLLOW_PARENT: OnceLock<bool> = OnceLock::new();

/// Whether spans are being exported.
pub(crate) fn enabled() -> bool {
    TRACER.get().is_some()
}

fn tracer() -> Option<&'static SdkTracer> {
    TRACER.get()
}

pub(super) fn init(config: &OtelConfig, var: &dyn Fn(&str) -> Option<String>) {
    let disabled = var("OTEL_SDK_DISABLED").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let asked = config.enabled
        || var("OTEL_EXPORTER_OTLP_ENDPOINT").is_some()
        || var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").is_some();
    if disabled || !asked || TRACER.get().is_some() {
        return;
    }
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        tracing::warn!("traces are not exported: the app is not served on a tokio runtime");
        return;
    };
    match export::provider(config, runtime, var) {
        Ok((provider, tracer)) => {
            let sampler = var("OTEL_TRACES_SAMPLER").unwrap_or_default();
            let _ = CHILDREN_FOLLOW_PARENT.set(
                sampler.is_empty()
                    || sampler.starts_with("parentbased_")
                    || sampler == "always_off",
            );
            opentelemetry::global::set_tracer_provider(provider.clone());
            let _ = export::PROVIDER.set(provider);
            let _ = TRACER.set(tracer);
        }
        Err(e) => tracing::error!("traces are not exported: {e}"),
    }
}

/// The request's span, current while the request is served.
pub(crate) struct ServerSpan {
    cx: Context,
}

impl ServerSpan {
    /// Starts the span of `request`: a child of its `traceparent` (a new trace without
    /// one), or of the batch request's span for a call of a batch. Named `GET` until the
    /// router names it by route template ([`name_server_span`]).
    pub(crate) fn start(request: &Request) -> Option<ServerSpan> {
        let tracer = tracer()?;
        let batched = request.extensions().get::<BatchedCall>().is_some();
        let parent = if batched {
            Context::current()
        } else if request.headers().contains_key("traceparent") {
            TraceContextPropagator::new().extract(&HeaderExtractor(request.headers()))
        } else {
            // What the propagator answers without one, without looking for both headers.
            Context::current()
        };
        let method = method_name(request.method());
        let span = tracer
            .span_builder(method.clone())
            .with_kind(if batched {
                SpanKind::Internal
            } else {
                SpanKind::Server
            })
            // Room for all its attributes, the route's and the status's too: one
            // allocation (wasted on an unsampled span) instead of the list growing twice.
            .with_attributes(Vec::with_capacity(8))
            .start_with_context(tracer, &parent);
        let cx = parent.with_span(span);
        // Attributes only for spans kept: at a low sampling ratio most are not.
        let span = cx.span();
        if span.is_recording() {
            let mut attributes = Vec::with_capacity(6);
            attributes.extend([
                KeyValue::new("http.request.method", method),
                KeyValue::new("url.path", request.uri().path().to_owned()),
                KeyValue::new(
                    "url.scheme",
                    if request.uri().scheme() == Some(&http::uri::Scheme::HTTPS) {
                        "https"
                    } else {
                        "http"
                    },
                ),
                KeyValue::new("network.protocol.version", protocol(request.version())),
            ]);
            if let Some(agent) = header(request.headers(), http::header::USER_AGENT) {
                attributes.push(KeyValue::new("user_agent.original", agent));
            }
            if let Some(call) = request.extensions().get::<BatchedCall>() {
                attributes.push(KeyValue::new("bffkit.batch.index", call.index as i64));
            }
            // One call: each takes the span's lock.
            span.set_attributes(attributes);
        }
        Some(ServerSpan { cx })
    }

    /// Makes the span current until the guard drops (around each poll of the request).
    pub(crate) fn attach(&self) -> ContextGuard {
        self.cx.clone().attach()
    }

    /// Records the response's status (5xx is an error, 4xx is the client's) and ends the
    /// span: now for a body sent whole, when the body ends for a streamed one.
    pub(crate) fn respond(self, response: Response) -> Response {
        let span = self.cx.span();
        let status = response.status().as_u16();
        span.set_attribute(KeyValue::new(
            "http.response.status_code",
            i64::from(status),
        ));
        if status >= 500 {
            span.set_attribute(KeyValue::new("error.type", status.to_string()));
            span.set_status(Status::error(""));
        }
        let body = response.body();
        if body.is_end_stream() || body.size_hint().exact().is_some() {
            self.end();
            return response;
        }
        response.map(|body| Body::new(TracedBody::new(body, self)))
    }

    /// Ends the span.
    pub(super) fn end(self) {
        self.cx.span().end();
    }

    /// The span's context.
    pub(super) fn context(&self) -> &Context {
        &self.cx
    }
}

/// Names the current server span by the route template the router matched.
pub(crate) fn name_server_span(method: &http::Method, route: &str) {
    if !enabled() || route == "unmatched" {
        return;
    }
    let cx = Context::current();
    let span = cx.span();
    if span.is_recording() {
        span.update_name(route_name(method, route));
        span.set_attribute(KeyValue::new("http.route", shared(route)));
    }
}

/// `GET /api/user/{id}`, made once per method and route template and kept for the process
/// (route templates are the app's, a bounded set; unmatched requests are not named), so a
/// span's name costs no allocation, nor a free after its export.
fn route_name(method: &http::Method, route: &str) -> &'static str {
    type Names = Vec<(http::Method, &'static str, &'static str)>;
    static ALL: Mutex<Names> = Mutex::new(Vec::new());
    thread_local! {
        static SEEN: RefCell<Names> = const { RefCell::new(Vec::new()) };
    }
    let find = |names: &Names| {
        names
            .iter()
            .find(|(m, r, _)| m == method && *r == route)
            .map(|(_, _, name)| *name)
    };
    SEEN.with(|seen| {
        if let Some(name) = find(&seen.borrow()) {
            return name;
        }
        let mut all = ALL.lock().unwrap_or_else(|e| e.into_inner());
        let name = find(&all).unwrap_or_else(|| {
            let name: &'static str = Box::leak(format!("{method} {route}").into_boxed_str());
            let route: &'static str = &name[method.as_str().len() + 1..];
            all.push((method.clone(), route, name));
            name
        });
        let route: &'static str = &name[method.as_str().len() + 1..];
        seen.borrow_mut().push((method.clone(), route, name));
        name
    })
}

/// Runs `future` in a child span `name` of the current span (none outside a request);
/// an `Err` marks the span as failed.
pub(crate) fn in_span<F, T, E>(name: &'static str, future: F) -> impl Future<Output = F::Output>
where
    F: Future<Output = Result<T, E>>,
    E: std::fmt::Display,
{
    let cx = tracer().and_then(|tracer| {
        let parent = recorded_parent()?;
        Some({
            let span = tracer
                .span_builder(name)
                .with_kind(SpanKind::Internal)
                .start_with_context(tracer, &parent);
            parent.with_span(span)
        })
    });
    async move {
        let Some(cx) = cx else {
            return future.await;
        };
        let result = future.with_context(cx.clone()).await;
        let span = cx.span();
        if let Err(e) = &result {
            span.set_status(Status::error(e.to_string()));
        }
        span.end();
        result
    }
}

/// Runs `future` with the current span current, wherever it is polled.
pub(crate) fn carry<F: Future>(future: F) -> impl Future<Output = F::Output> {
    future.with_current_context()
}

/// The current context, when a child span of it is worth starting: it has a span, and that
/// span is sampled or its children are sampled apart from it. Under an unsampled parent whose
/// children follow it, the child would be unsampled too: the parent's context stands for
/// it (its `traceparent` carries the parent's span id and the unsampled flag), which saves
/// the ids, the span and the context a child costs.
fn recorded_parent() -> Option<Context> {
    let parent = Context::current();
    if !parent.has_active_span() {
        return None;
    }
    let sampled = parent.span().span_context().is_sampled();
    (sampled || !children_follow_parent()).then_some(parent)
}

fn children_follow_parent() -> bool {
    CHILDREN_FOLLOW_PARENT.get() == Some(&true)
}

/// The span of one upstream call (retries included: each retry is an event on it).
pub(crate) struct CallSpan {
    cx: Option<Context>,
}

impl CallSpan {
    /// A client span for `method base/path` to the service `service`, a child of the
    /// current one.
    pub(crate) fn start(service: &str, method: &http::Method, base: &str, path: &str) -> CallSpan {
        let cx = tracer().and_then(|tracer| {
            let parent = recorded_parent()?;
            let attributes = || {
                // Written by hand: `format!` costs more than the rest of the span.
                let path = path.trim_start_matches('/');
                let mut url = String::with_capacity(base.len() + 1 + path.len());
                url.push_str(base);
                url.push('/');
                url.push_str(path);
                // Room for the answer's status too (`answered`).
                let mut attributes = Vec::with_capacity(6);
                attributes.push(KeyValue::new("http.request.method", method_name(method)));
                attributes.push(KeyValue::new("peer.service", shared(service)));
                if let Some((host, port)) = host_port(base) {
                    attributes.push(KeyValue::new("server.address", shared(host)));
                    attributes.push(KeyValue::new("server.port", i64::from(port)));
                }
                attributes.push(KeyValue::new("url.full", url));
                attributes
            };
            let builder = tracer
                .span_builder(method_name(method))
                .with_kind(SpanKind::Client);
            // Sampled for sure: the attributes go in with the span (no lock, no copy).
            if parent.span().span_context().is_sampled() && children_follow_parent() {
                let span = builder
                    .with_attributes(attributes())
                    .start_with_context(tracer, &parent);
                return Some(parent.with_span(span));
            }
            let cx = parent.with_span(builder.start_with_context(tracer, &parent));
            let span = cx.span();
            if span.is_recording() {
                span.set_attributes(attributes());
            }
            Some(cx)
        });
        CallSpan { cx }
    }

    /// The `traceparent` (and `tracestate`) the call sends: its span's, or under an unsampled
    /// parent whose children follow it, the parent's. Given by the span rather than found as
    /// the current context: making the call's context current around each poll of the call
    /// cost more than the rest of its span.
    pub(crate) fn traceparent(&self) -> Option<(http::HeaderValue, Option<http::HeaderValue>)> {
        match &self.cx {
            Some(cx) => traceparent_of(cx),
            None => traceparent(),
        }
    }

    /// Records the status the upstream answered with.
    pub(crate) fn answered(&self, status: u16) {
        if let Some(cx) = &self.cx {
            cx.span().set_attribute(KeyValue::new(
                "http.response.status_code",
                i64::from(status),
            ));
        }
    }

    /// Records a retry of the call as an event on its span.
    pub(crate) fn retry_event(&self, attempt: u32, reason: &str) {
        if let Some(cx) = &self.cx {
            cx.span().add_event(
                "retry",
                vec![
                    KeyValue::new("http.request.resend_count", i64::from(attempt)),
                    KeyValue::new("reason", reason.to_owned()),
                ],
            );
        }
    }

    /// Makes the call's span current until the guard drops (to log about the call).
    pub(crate) fn attach(&self) -> Option<ContextGuard> {
        self.cx.clone().map(Context::attach)
    }

    /// Ends the span, with the failure's kind and detail if it failed.
    pub(crate) fn finish(self, error: Option<(&'static str, String)>) {
        let Some(cx) = self.cx else { return };
        let span = cx.span();
        if let Some((kind, detail)) = error {
            span.set_attribute(KeyValue::new("error.type", kind));
            span.set_status(Status::error(detail));
        }
        span.end();
    }
}

/// The current span's `traceparent` and, when the caller sent one, `tracestate` (W3C Trace
/// Context); outside a span none. Written by hand: the SDK propagator's `format!` and
/// header-name parsing cost more than the rest of the call's span.
pub(crate) fn traceparent() -> Option<(http::HeaderValue, Option<http::HeaderValue>)> {
    if !enabled() {
        return None;
    }
    traceparent_of(&Context::current())
}

/// `cx`'s `traceparent` and `tracestate`.
fn traceparent_of(cx: &Context) -> Option<(http::HeaderValue, Option<http::HeaderValue>)> {
    let span = cx.span();
    let context = span.span_context();
    if !context.is_valid() {
        return None;
    }
    let mut value = [b'-'; 55];
    value[..2].copy_from_slice(b"00");
    hex(&mut value[3..35], &context.trace_id().to_bytes());
    hex(&mut value[36..52], &context.span_id().to_bytes());
    hex(&mut value[53..55], &[context.trace_flags().to_u8()]);
    let state = context.trace_state().header();
    let state = (!state.is_empty())
        .then(|| http::HeaderValue::from_str(&state).ok())
        .flatten();
    // A shared (reference-counted) value: reqwest clones the request's headers for its
    // redirect and retry policies, and a copied one would be copied again on the first clone.
    let value = http::HeaderValue::from_maybe_shared(bytes::Bytes::from_owner(value)).ok()?;
    Some((value, state))
}

/// The current span's trace and span ids (hex), for log lines.
pub(crate) fn current_ids() -> Option<(String, String)> {
    if !enabled() {
        return None;
    }
    let cx = Context::current();
    let span = cx.span();
    let context = span.span_context();
    context.is_valid().then(|| {
        (
            context.trace_id().to_string(),
            context.span_id().to_string(),
        )
    })
}

/// Writes `bytes` as lowercase hex into `out` (twice as long).
fn hex(out: &mut [u8], bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (pair, byte) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = DIGITS[usize::from(byte >> 4)];
        pair[1] = DIGITS[usize::from(byte & 0xf)];
    }
}

/// `server.address` and `server.port` of a base URL (`http://users:8080/v1`). Read by
/// hand (no `split_once("://")`): it runs for every sampled upstream call.
fn host_port(base: &str) -> Option<(&str, u16)> {
    let bytes = base.as_bytes();
    let colon = bytes.iter().position(|b| *b == b':')?;
    let scheme = &base[..colon];
    let rest = base[colon + 1..].strip_prefix("//")?;
    let authority = match rest.bytes().position(|b| b == b'/') {
        Some(end) => &rest[..end],
        None => rest,
    };
    let last = |byte: u8| authority.bytes().rposition(|b| b == byte);
    let authority = last(b'@').map_or(authority, |at| &authority[at + 1..]);
    let last = |byte: u8| authority.bytes().rposition(|b| b == byte);
    // An IPv6 address is in brackets; the port, if any, follows them.
    match last(b':').filter(|colon| last(b']').is_none_or(|end| end < *colon)) {
        Some(colon) => authority[colon + 1..]
            .parse()
            .ok()
            .map(|port| (&authority[..colon], port)),
        None => Some((authority, if scheme == "https" { 443 } else { 80 })),
    }
}

/// `text` as a shared string: upstream names and hosts repeat, so each span takes a
/// reference instead of a copy to allocate (and to free after the export). A short list per
/// thread: apps have a handful of upstreams, and a bounded set of routes.
fn shared(text: &str) -> StringValue {
    thread_local! {
        static SEEN: RefCell<Vec<StringValue>> = const { RefCell::new(Vec::new()) };
    }
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if let Some(value) = seen.iter().find(|v| v.as_str() == text) {
            return value.clone();
        }
        let value = StringValue::from(Arc::<str>::from(text));
        if seen.len() < 128 {
            seen.push(value.clone());
        }
        value
    })
}

/// The method's name, not copied for the standard ones.
fn method_name(method: &http::Method) -> Cow<'static, str> {
    const STANDARD: [(http::Method, &str); 9] = [
        (http::Method::GET, "GET"),
        (http::Method::POST, "POST"),
        (http::Method::PUT, "PUT"),
        (http::Method::DELETE, "DELETE"),
        (http::Method::PATCH, "PATCH"),
        (http::Method::HEAD, "HEAD"),
        (http::Method::OPTIONS, "OPTIONS"),
        (http::Method::CONNECT, "CONNECT"),
        (http::Method::TRACE, "TRACE"),
    ];
    STANDARD
        .iter()
        .find(|(standard, _)| standard == method)
        .map_or_else(
            || Cow::Owned(method.as_str().to_owned()),
            |(_, name)| Cow::Borrowed(*name),
        )
}

fn protocol(version: http::Version) -> &'static str {
    match version {
        http::Version::HTTP_10 => "1.0",
        http::Version::HTTP_2 => "2",
        http::Version::HTTP_3 => "3",
        _ => "1.1",
    }
}

fn header(headers: &HeaderMap, name: http::header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::host_port;

    #[test]
    fn host_and_port_of_a_base_url() {
        assert_eq!(host_port("http://users:8080/v1"), Some(("users", 8080)));
        assert_eq!(
            host_port("https://api.example.com"),
            Some(("api.example.com", 443))
        );
        assert_eq!(host_port("http://user:pw@h/x"), Some(("h", 80)));
        assert_eq!(host_port("http://[::1]:9/"), Some(("[::1]", 9)));
        assert_eq!(host_port("http://[::1]/"), Some(("[::1]", 80)));
        assert_eq!(host_port("http://h:notaport"), None);
        assert_eq!(host_port("users:8080"), None);
    }
}
