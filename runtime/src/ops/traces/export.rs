//! The tracer provider: the sampler, the resource, and the span exporter (OTLP/HTTP protobuf,
//! [`super::http_exporter`]) behind the SDK's batch span processor (its own thread and bounded queue, so a request only ever
//! pushes a finished span onto a queue and never waits for the collector).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry::KeyValue;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{
    BatchSpanProcessor, Sampler, SdkTracer, SdkTracerProvider, SpanData, SpanExporter,
};
use opentelemetry_sdk::Resource;

use super::http_exporter::HttpExporter;
use crate::config::OtelConfig;
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
    let client = reqwest::Client::builder()
        .timeout(timeout)
        .build()
        .map_err(|e| format!("cannot create the OTLP HTTP client: {e}"))?;
    let client = Arc::new(OtlpClient { client, runtime });
    let exporter = HttpExporter::new(client, config.endpoint.as_deref(), timeout, var)
        .map_err(|e| format!("cannot create the OTLP exporter: {e}"))?;
    let processor = processor(exporter);
    let mut resource = Resource::builder();
    if var("OTEL_SERVICE_NAME").is_none() {
        if let Some(name) = &config.service_name {
            resource = resource.with_service_name(name.clone());
        }
    }
    // OTEL_RESOURCE_ATTRIBUTES (read by the builder) wins over bffkit.toml key by key.
    let from_env = var("OTEL_RESOURCE_ATTRIBUTES").unwrap_or_default();
    let set_by_env = |key: &str| {
        from_env
            .split(',')
            .any(|pair| pair.split('=').next().map(str::trim) == Some(key))
    };
    resource = resource.with_attributes(
        config
            .resource_attributes
            .iter()
            .filter(|(k, _)| !set_by_env(k))
            .map(|(k, v)| KeyValue::new(k.clone(), v.clone())),
    );
    let mut builder = SdkTracerProvider::builder()
        .with_span_processor(processor)
        .with_resource(resource.build());
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

/// The OTLP exporter's HTTP client: the app's reqwest on the app's tokio runtime (the batch
/// processor's thread only waits for the answer).
#[derive(Debug)]
struct OtlpClient {
    client: reqwest::Client,
    runtime: tokio::runtime::Handle,
}

type Sent = Result<http::Response<Bytes>, opentelemetry_http::HttpError>;

impl opentelemetry_http::HttpClient for OtlpClient {
    fn send_bytes<'a, 'b>(
        &'a self,
        request: http::Request<Bytes>,
    ) -> Pin<Box<dyn Future<Output = Sent> + Send + 'b>>
    where
        'a: 'b,
        Self: 'b,
    {
        let client = self.client.clone();
        let sent = self.runtime.spawn(async move {
            let request = reqwest::Request::try_from(request)?;
            let response = client.execute(request).await?;
            let mut answer = http::Response::builder().status(response.status());
            if let Some(headers) = answer.headers_mut() {
                *headers = response.headers().clone();
            }
            let body = response.bytes().await?;
            Ok::<_, opentelemetry_http::HttpError>(answer.body(body)?)
        });
        Box::pin(async move { sent.await? })
    }
}

/// The provider, kept to flush it on shutdown.
pub(super) static PROVIDER: OnceLock<SdkTracerProvider> = OnceLock::new();
