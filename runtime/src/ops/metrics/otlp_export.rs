//! The meter provider behind [`OtlpRecorder`](super::otlp_recorder::OtlpRecorder): the SDK's
//! periodic reader (its own thread: every `OTEL_METRIC_EXPORT_INTERVAL`, or
//! `[otel] metrics_interval_ms`, it collects the instruments and exports them) and
//! opentelemetry-otlp's metric exporter, over HTTP/protobuf through the app's reqwest as
//! traces are, or gRPC with `otel-grpc`. A request never waits for an export: it only
//! records into its series' instruments.

use std::sync::OnceLock;
use std::time::Duration;

use opentelemetry::metrics::MeterProvider as _;
use opentelemetry_otlp::{Protocol, WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::metrics::data::ResourceMetrics;
use opentelemetry_sdk::metrics::exporter::PushMetricExporter;
use opentelemetry_sdk::metrics::{PeriodicReader, SdkMeterProvider, Temporality};

use super::otlp_recorder::OtlpRecorder;
use crate::config::{OtelConfig, OtlpProtocol, Signal};
use crate::ops::otlp::{file_endpoint, resource, OtlpClient};
use crate::ops::FailureLog;

/// The collector, for metrics: its outages are logged like any other dependency's.
static COLLECTOR: FailureLog = FailureLog::new("OTLP collector (metrics)");

/// The provider, kept to export what is left on shutdown.
static PROVIDER: OnceLock<SdkMeterProvider> = OnceLock::new();

/// The recorder exporting over OTLP, when `[otel]` and the `OTEL_*` variables ask for it
/// (once a process).
pub(super) fn recorder(config: &OtelConfig) -> Option<OtlpRecorder> {
    let var = |name: &str| std::env::var(name).ok();
    if !config.exports_metrics(&var) || PROVIDER.get().is_some() {
        return None;
    }
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        tracing::warn!(
            "metrics are not exported over OTLP: the app is not served on a tokio runtime"
        );
        return None;
    };
    match provider(config, runtime, &var) {
        Ok(provider) => {
            let meter = provider.meter("bffkit");
            let _ = PROVIDER.set(provider);
            Some(OtlpRecorder::new(meter))
        }
        Err(e) => {
            tracing::error!("metrics are not exported over OTLP: {e}");
            None
        }
    }
}

/// Exports what was recorded since the last export (on shutdown), waiting at most a few
/// seconds.
pub(crate) async fn flush() {
    if let Some(provider) = PROVIDER.get().cloned() {
        let _ = tokio::task::spawn_blocking(move || provider.force_flush()).await;
    }
}

fn provider(
    config: &OtelConfig,
    runtime: tokio::runtime::Handle,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<SdkMeterProvider, String> {
    let timeout = Duration::from_millis(config.export_timeout_ms);
    let exporter = match config
        .protocol_for(Signal::Metrics, var)
        .map_err(|e| e.to_string())?
    {
        OtlpProtocol::HttpProtobuf => {
            let mut exporter = opentelemetry_otlp::MetricExporter::builder()
                .with_http()
                .with_http_client(OtlpClient::new(timeout, runtime)?)
                .with_protocol(Protocol::HttpBinary)
                .with_timeout(timeout);
            if let Some(endpoint) = file_endpoint(config, Signal::Metrics, var) {
                exporter = exporter.with_endpoint(endpoint);
            }
            exporter.build()
        }
        #[cfg(feature = "otel-grpc")]
        OtlpProtocol::Grpc => {
            let mut exporter = opentelemetry_otlp::MetricExporter::builder()
                .with_tonic()
                .with_timeout(timeout);
            if let Some(endpoint) = file_endpoint(config, Signal::Metrics, var) {
                exporter = exporter.with_endpoint(endpoint);
            }
            exporter.build()
        }
        // `protocol_for` answers grpc only with the feature.
        #[cfg(not(feature = "otel-grpc"))]
        OtlpProtocol::Grpc => return Err("OTLP over gRPC needs the `otel-grpc` feature".into()),
    }
    .map_err(|e| format!("cannot create the OTLP metric exporter: {e}"))?;
    let mut reader = PeriodicReader::builder(CountingExporter { inner: exporter });
    // The builder reads OTEL_METRIC_EXPORT_INTERVAL itself; bffkit.toml applies without it.
    if var("OTEL_METRIC_EXPORT_INTERVAL").is_none() {
        reader = reader.with_interval(Duration::from_millis(config.metrics_interval_ms));
    }
    Ok(SdkMeterProvider::builder()
        .with_reader(reader.build())
        .with_resource(resource(config, var))
        .build())
}

/// Counts failed exports and logs collector outages.
#[derive(Debug)]
struct CountingExporter<E> {
    inner: E,
}

impl<E: PushMetricExporter> PushMetricExporter for CountingExporter<E> {
    async fn export(&self, metrics: &ResourceMetrics) -> OTelSdkResult {
        let result = self.inner.export(metrics).await;
        match &result {
            Ok(()) => COLLECTOR.success(),
            Err(e) => COLLECTOR.failure(&format_args!("metrics not exported: {e}")),
        }
        super::metric_export(result.is_ok());
        result
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn temporality(&self) -> Temporality {
        self.inner.temporality()
    }
}
