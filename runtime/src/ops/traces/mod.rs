//! Distributed traces: W3C Trace Context in and out, and OpenTelemetry spans exported over
//! OTLP/HTTP protobuf (feature `otel`; without it every function here is a no-op and no
//! OpenTelemetry crate is compiled).
//!
//! With the feature, traces are exported when `[otel] enabled = true` or
//! `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, unless
//! `OTEL_SDK_DISABLED=true`. Each request gets a server span named by its route template
//! (`GET /api/user/{id}`), a child of the incoming `traceparent` when there is one; each
//! upstream call a client span whose context goes out as `traceparent`; each batch call,
//! session-store operation and sign-in call a child span.
//!
//! The spans are the OpenTelemetry API's own, not `tracing` spans bridged: a span costs
//! the same whatever the log level, and log filtering never drops one.

#[cfg(feature = "otel")]
mod body;
#[cfg(feature = "otel")]
mod encode;
#[cfg(feature = "otel")]
mod export;
#[cfg(feature = "otel")]
mod http_exporter;
#[cfg(feature = "otel")]
mod span;

// Upstream calls and session stores use some of these: apps without them, none.
#[cfg(feature = "otel")]
#[allow(unused_imports)]
pub(crate) use span::{
    carry, current_ids, enabled, in_span, name_server_span, traceparent, CallSpan, ServerSpan,
};

use crate::config::OtelConfig;

/// Starts exporting traces if `[otel]` and the environment ask for it (once a process).
pub(crate) fn init(config: &OtelConfig) {
    #[cfg(feature = "otel")]
    span::init(config, &|name| std::env::var(name).ok());
    #[cfg(not(feature = "otel"))]
    let _ = config;
}

/// Sends the spans still queued (on shutdown), waiting at most a few seconds.
pub(crate) async fn flush() {
    #[cfg(feature = "otel")]
    if let Some(provider) = export::PROVIDER.get().cloned() {
        let _ = tokio::task::spawn_blocking(move || provider.force_flush()).await;
    }
}

#[cfg(not(feature = "otel"))]
mod off {
    //! The same names without the feature, doing nothing.

    use std::future::Future;

    /// Without the feature traces are never exported.
    pub(crate) fn enabled() -> bool {
        false
    }

    /// The request's span: there is none.
    pub(crate) enum ServerSpan {}

    impl ServerSpan {
        pub(crate) fn start(_request: &axum::extract::Request) -> Option<ServerSpan> {
            None
        }
        pub(crate) fn attach(&self) {
            match *self {}
        }
        pub(crate) fn respond(
            self,
            _response: axum::response::Response,
        ) -> axum::response::Response {
            match self {}
        }
    }

    /// Runs `future` as it is.
    pub(crate) fn carry<F: Future>(future: F) -> F {
        future
    }

    /// Runs `future` as it is.
    #[allow(dead_code)]
    pub(crate) fn in_span<F: Future>(_name: &'static str, future: F) -> F {
        future
    }

    /// No trace ids to log.
    pub(crate) fn current_ids() -> Option<(String, String)> {
        None
    }
}

#[cfg(not(feature = "otel"))]
#[allow(unused_imports)]
pub(crate) use off::{carry, current_ids, enabled, in_span, ServerSpan};
