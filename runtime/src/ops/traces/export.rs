//! The tracer provider: the sampler, the resource, and the OTLP exporter (HTTP/protobuf, or
//! gRPC with the `otel-grpc` feature) behind the SDK's batch span processor (its own thread
//! and bounded queue, so a request only ever pushes a finished span onto a queue and never
//! waits for the collector).

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;
use std::time::Duration;

use bytes::Bytes;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry::KeyValue;
use opentelemetry_otlp::{Protocol, WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{
    BatchSpanProcessor, Sampler, SdkTracer, SdkTracerProvider, SpanData, SpanExporter,
};
use opentelemetry_sdk::Resource;

use crate::config::{OtelConfig, OtlpProtocol, Signal};
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
    let exporter = match config
        .protocol_for(Signal::Traces, var)
        .map_err(|e| e.to_string())?
    {
        OtlpProtocol::HttpProtobuf => {
            let mut exporter = opentelemetry_otlp::SpanExporter::builder()
                .with_http()
                .with_http_client(OtlpClient::new(timeout, runtime)?)
                .with_protocol(Protocol::HttpBinary)
                .with_timeout(timeout);
            if let Some(endpoint) = file_endpoint(config, Signal::Traces, var) {
                exporter = exporter.with_endpoint(endpoint);
            }
            exporter.build()
        }
        #[cfg(feature = "otel-grpc")]
        OtlpProtocol::Grpc => {
            let mut exporter = opentelemetry_otlp::SpanExporter::builder()
                .with_tonic()
                .with_timeout(timeout);
            if let Some(endpoint) = file_endpoint(config, Signal::Traces, var) {
                exporter = exporter.with_endpoint(endpoint);
            }
            exporter.build()
        }
        // `protocol_for` answers grpc only with the feature.
        #[cfg(not(feature = "otel-grpc"))]
        OtlpProtocol::Grpc => return Err("OTLP over gRPC needs the `otel-grpc` feature".into()),
    }
    .map_err(|e| format!("cannot create the OTLP exporter: {e}"))?;
    let processor = BatchSpanProcessor::builder(CountingExporter { inner: exporter }).build();
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

/// `service.name` and the other resource attributes: `OTEL_SERVICE_NAME` and
/// `OTEL_RESOURCE_ATTRIBUTES` (read by the builder) win over bffkit.toml key by key.
pub(crate) fn resource(config: &OtelConfig, var: &dyn Fn(&str) -> Option<String>) -> Resource {
    let mut resource = Resource::builder();
    if var("OTEL_SERVICE_NAME").is_none() {
        if let Some(name) = &config.service_name {
            resource = resource.with_service_name(name.clone());
        }
    }
    let from_env = var("OTEL_RESOURCE_ATTRIBUTES").unwrap_or_default();
    let set_by_env = |key: &str| {
        from_env
            .split(',')
            .any(|pair| pair.split('=').next().map(str::trim) == Some(key))
    };
    resource
        .with_attributes(
            config
                .resource_attributes
                .iter()
                .filter(|(k, _)| !set_by_env(k))
                .map(|(k, v)| KeyValue::new(k.clone(), v.clone())),
        )
        .build()
}

/// `[otel] endpoint` as the URL of `signal`'s exports, when no variable names one (the
/// exporter reads those itself). Over HTTP it is a base URL, as
/// `OTEL_EXPORTER_OTLP_ENDPOINT`: traces go to `/v1/traces`, metrics to `/v1/metrics`.
pub(crate) fn file_endpoint(
    config: &OtelConfig,
    signal: Signal,
    var: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let (signal_var, path) = match signal {
        Signal::Traces => ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "/v1/traces"),
        Signal::Metrics => ("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "/v1/metrics"),
    };
    if var("OTEL_EXPORTER_OTLP_ENDPOINT").is_some() || var(signal_var).is_some() {
        return None;
    }
    let endpoint = config.endpoint.as_deref()?.trim_end_matches('/');
    match config.protocol_for(signal, var) {
        Ok(OtlpProtocol::Grpc) => Some(endpoint.to_owned()),
        _ => Some(format!("{endpoint}{path}")),
    }
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
pub(crate) struct OtlpClient {
    client: reqwest::Client,
    runtime: tokio::runtime::Handle,
}

impl OtlpClient {
    pub(crate) fn new(
        timeout: Duration,
        runtime: tokio::runtime::Handle,
    ) -> Result<OtlpClient, String> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|e| format!("cannot create the OTLP HTTP client: {e}"))?;
        Ok(OtlpClient { client, runtime })
    }
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
