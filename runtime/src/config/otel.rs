//! `[otel]`: OpenTelemetry trace export (feature `otel`). The standard `OTEL_*` variables
//! win over these keys.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ConfigError;

/// `[otel]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OtelConfig {
    /// Export traces over OTLP/HTTP protobuf. Setting `OTEL_EXPORTER_OTLP_ENDPOINT` turns it
    /// on too; `OTEL_SDK_DISABLED=true` turns it off. Off by default.
    pub enabled: bool,
    /// The collector's base URL (`http://collector:4318`; spans go to `/v1/traces`);
    /// `OTEL_EXPORTER_OTLP_ENDPOINT` wins. Default `http://localhost:4318`.
    pub endpoint: Option<String>,
    /// `service.name`; `OTEL_SERVICE_NAME` wins. Default `unknown_service`.
    pub service_name: Option<String>,
    /// The fraction of new traces sampled (a trace continued from a `traceparent` follows
    /// its parent's decision): `parentbased_traceidratio`. `OTEL_TRACES_SAMPLER`/`_ARG`
    /// win. Default 1.0.
    pub sample_ratio: f64,
    /// Extra resource attributes (`deployment.environment.name = "prod"`);
    /// `OTEL_RESOURCE_ATTRIBUTES` wins key by key.
    pub resource_attributes: BTreeMap<String, String>,
    /// How long one export may take before its spans count as dropped, in ms. Default 10000.
    pub export_timeout_ms: u64,
}

impl Default for OtelConfig {
    fn default() -> Self {
        OtelConfig {
            enabled: false,
            endpoint: None,
            service_name: None,
            sample_ratio: 1.0,
            resource_attributes: BTreeMap::new(),
            export_timeout_ms: 10_000,
        }
    }
}

impl OtelConfig {
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, detail: String| ConfigError {
            source: format!("otel.{key}"),
            detail,
        };
        if self.enabled && !cfg!(feature = "otel") {
            return Err(bad(
                "enabled",
                "traces need bffkit's `otel` feature: `bffkit = { version = \"0.1\", features = [\"otel\"] }`".to_owned(),
            ));
        }
        if !(0.0..=1.0).contains(&self.sample_ratio) {
            return Err(bad(
                "sample_ratio",
                format!("{}: expected a number from 0.0 to 1.0", self.sample_ratio),
            ));
        }
        if let Some(endpoint) = &self.endpoint {
            if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
                return Err(bad(
                    "endpoint",
                    format!("`{endpoint}` is not an http(s) URL"),
                ));
            }
        }
        if self.export_timeout_ms == 0 {
            return Err(bad("export_timeout_ms", "must be more than 0".to_owned()));
        }
        Ok(())
    }
}
