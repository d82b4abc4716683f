//! The tracer provider: the sampler, the resource, and the span exporter (OTLP/HTTP protobuf
//! encoded by bffkit, [`super::http_exporter`], or gRPC through opentelemetry-otlp with the
//! `otel-grpc` feature) behind the SDK's batch span processor (its own thread and bounded
//! queue, so a request only ever pushes a finished span onto a queue and never waits for the
//! collector).

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{
    BatchSpanProcessor, Sampler, SdkTracer, SdkTracerProvider, SpanData, SpanExporter,
};
use opentelemetry_sdk::Resource;

use super::http_exporter::HttpExporter;
use crate::config::{OtelConfig, OtlpProtocol, Signal};
use crate::ops::otlp::{resource, OtlpClient};
use crate::ops::FailureLog;

/// The collector, as a dependency whose outages are logged like any other.
static COLLECTOR: FailureLog = FailureLog::new("OTLP collector");

/// Builds the provider from `[otel]` and the `OTEL_*` variables (which win).
pub(super) fn provider(
    config: &OtelConfig,
    runtime: tokio::runtime::Handle,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<(SdkTracerProvider, SdkTracer), String> {
    let timeout = Duration::from_millis(config.export_timeout_ms);
    let processor = match config
        .protocol_for(Signal::Traces, var)
        .map_err(|e| e.to_string())?
    {
        OtlpProtocol::HttpProtobuf => {
            let client = Arc::new(OtlpClient::new(timeout, runtime)?);
            let exporter = HttpExporter::new(client, config.endpoint.as_deref(), timeout, var)
                .map_err(|e| format!("cannot create the OTLP exporter: {e}"))?;
            processor(exporter)
        }
        #[cfg(feature = "otel-grpc")]
        OtlpProtocol::Grpc => {
            use opentelemetry_otlp::WithExportConfig;

            let mut exporter = opentelemetry_otlp::SpanExporter::builder()
                .with_tonic()
                .with_timeout(timeout);
            if let Some(endpoint) = crate::ops::otlp::file_endpoint(config, Signal::Traces, var) {
                exporter = exporter.with_endpoint(endpoint);
            }
            processor(
                exporter
                    .build()
                    .map_err(|e| format!("cannot create the OTLP exporter: {e}"))?,
            )
        }
        // `protocol_for` answers grpc only with the feature.
        #[cfg(not(feature = "otel-grpc"))]
        OtlpProtocol::Grpc => return Err("OTLP over gRPC needs the `otel-grpc` feature".into()),
    };
    let mut builder = SdkTracerProvider::builder()
        .with_span_processor(processor)
        .with_resource(resource(config, var));
    // The SDK reads OTEL_TRACES_SAMPLER(_ARG) itself; bffkit.toml applies without them.
    if var("OTEL_TRACES_SAMPLER").is_none() {
        builder = builder.with_sampler(Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(
            config.sample_ratio,
        ))));
    }
    let provider = builder.build();
    let tracer = provider.tracer("bffkit");
    Ok((provider, tracer))
}

/// The batch span processor around `exporter`, counting what it sends and loses.
fn processor<E: SpanExporter + 'static>(exporter: E) -> BatchSpanProcessor {
    BatchSpanProcessor::builder(CountingExporter { inner: exporter }).build()
}

/// Counts what the OTLP exporter sends and what it loses, and logs collector outages.
#[derive(Debug)]
struct CountingExporter<E> {
    inner: E,
}

impl<E: SpanExporter> SpanExporter for CountingExporter<E> {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        let spans = batch.len();
        let result = self.inner.export(batch).await;
        match &result {
            Ok(()) => COLLECTOR.success(),
            Err(e) => COLLECTOR.failure(&format_args!("{spans} spans dropped: {e}")),
        }
        crate::ops::metrics::spans_exported(spans, result.is_ok());
        result
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}

/// The provider, kept to flush it on shutdown.
pub(super) static PROVIDER: OnceLock<SdkTracerProvider> = OnceLock::new();
