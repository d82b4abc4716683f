//! What the OTLP exports of traces and metrics share: the resource, the endpoint
//! `bffkit.toml` names, and the HTTP client (the app's reqwest 0.12 on the app's runtime,
//! not opentelemetry-http's reqwest 0.13).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use opentelemetry::KeyValue;
use opentelemetry_sdk::Resource;

use crate::config::{OtelConfig, OtlpProtocol, Signal};

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
