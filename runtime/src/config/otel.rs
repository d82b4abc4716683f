//! `[otel]`: OpenTelemetry export of traces and metrics (feature `otel`). The standard
//! `OTEL_*` variables win over these keys.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ConfigError;

/// How OTLP is sent: `[otel] protocol`, `OTEL_EXPORTER_OTLP_PROTOCOL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum OtlpProtocol {
    /// `http/protobuf`: HTTP POSTs of protobuf, through the app's HTTP client.
    #[default]
    #[serde(rename = "http/protobuf")]
    HttpProtobuf,
    /// `grpc`: OTLP/gRPC through tonic (feature `otel-grpc`).
    #[serde(rename = "grpc")]
    Grpc,
}

impl OtlpProtocol {
    fn parse(text: &str) -> Result<OtlpProtocol, String> {
        match text.trim() {
            "http/protobuf" => Ok(OtlpProtocol::HttpProtobuf),
            "grpc" => Ok(OtlpProtocol::Grpc),
            "http/json" => {
                Err("`http/json` is not supported: use `http/protobuf` or `grpc`".to_owned())
            }
            other => Err(format!("`{other}`: expected `http/protobuf` or `grpc`")),
        }
    }

    /// An error naming the feature when this protocol is not compiled in.
    fn compiled_in(self) -> Result<OtlpProtocol, String> {
        if self == OtlpProtocol::Grpc && !cfg!(feature = "otel-grpc") {
            return Err("OTLP over gRPC needs bffkit's `otel-grpc` feature: `bffkit = { version = \"0.1\", features = [\"otel-grpc\"] }`".to_owned());
        }
        Ok(self)
    }
}

/// The OTLP signals bffkit exports, as the `OTEL_EXPORTER_OTLP_<SIGNAL>_*` variables name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signal {
    Traces,
    Metrics,
}

impl Signal {
    fn var(self, suffix: &str) -> String {
        let signal = match self {
            Signal::Traces => "TRACES",
            Signal::Metrics => "METRICS",
        };
        format!("OTEL_EXPORTER_OTLP_{signal}_{suffix}")
    }
}

/// `[otel]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OtelConfig {
    /// Export traces (and, with `metrics`, metrics) over OTLP. Setting
    /// `OTEL_EXPORTER_OTLP_ENDPOINT` turns it on too; `OTEL_SDK_DISABLED=true` turns it off.
    /// Off by default.
    pub enabled: bool,
    /// The collector's base URL (`http://collector:4318`: spans go to `/v1/traces`,
    /// metrics to `/v1/metrics`; over gRPC `http://collector:4317`);
    /// `OTEL_EXPORTER_OTLP_ENDPOINT` wins. Default `http://localhost:4318` (4317 for gRPC).
    pub endpoint: Option<String>,
    /// `http/protobuf` (the default) or `grpc` (feature `otel-grpc`);
    /// `OTEL_EXPORTER_OTLP_PROTOCOL` and `OTEL_EXPORTER_OTLP_{TRACES,METRICS}_PROTOCOL` win.
    pub protocol: OtlpProtocol,
    /// Export the metrics `/metrics` shows over OTLP as well (with the `metrics` feature)
    /// while export is on; `OTEL_METRICS_EXPORTER` (`otlp`, `none`) wins. Default true.
    pub metrics: bool,
    /// How often metrics are exported, in ms; `OTEL_METRIC_EXPORT_INTERVAL` wins. Default
    /// 60000.
    pub metrics_interval_ms: u64,
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
            protocol: OtlpProtocol::HttpProtobuf,
            metrics: true,
            metrics_interval_ms: 60_000,
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
        if self.metrics_interval_ms == 0 {
            return Err(bad("metrics_interval_ms", "must be more than 0".to_owned()));
        }
        self.protocol
            .compiled_in()
            .map_err(|detail| bad("protocol", detail))?;
        Ok(())
    }

    /// Whether traces are exported: `enabled`, or a traces endpoint in the environment;
    /// never with `OTEL_SDK_DISABLED=true`.
    pub(crate) fn exports_traces(&self, var: &dyn Fn(&str) -> Option<String>) -> bool {
        self.exports(Signal::Traces, var)
    }

    /// Whether metrics are exported over OTLP: as traces (or with a metrics endpoint), and
    /// `metrics` (which `OTEL_METRICS_EXPORTER` sets).
    pub(crate) fn exports_metrics(&self, var: &dyn Fn(&str) -> Option<String>) -> bool {
        self.metrics
            && cfg!(all(feature = "metrics", feature = "otel"))
            && self.exports(Signal::Metrics, var)
    }

    fn exports(&self, signal: Signal, var: &dyn Fn(&str) -> Option<String>) -> bool {
        let disabled = var("OTEL_SDK_DISABLED").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let asked = self.enabled
            || var("OTEL_EXPORTER_OTLP_ENDPOINT").is_some()
            || var(&signal.var("ENDPOINT")).is_some();
        asked && !disabled
    }

    /// The protocol for `signal`: `OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL`, then
    /// `OTEL_EXPORTER_OTLP_PROTOCOL`, then `protocol`.
    pub(crate) fn protocol_for(
        &self,
        signal: Signal,
        var: &dyn Fn(&str) -> Option<String>,
    ) -> Result<OtlpProtocol, ConfigError> {
        let from_env = [
            signal.var("PROTOCOL"),
            "OTEL_EXPORTER_OTLP_PROTOCOL".to_owned(),
        ]
        .into_iter()
        .find_map(|name| var(&name).map(|value| (name, value)));
        let Some((name, value)) = from_env else {
            return self.protocol.compiled_in().map_err(|detail| ConfigError {
                source: "otel.protocol".to_owned(),
                detail,
            });
        };
        OtlpProtocol::parse(&value)
            .and_then(OtlpProtocol::compiled_in)
            .map_err(|detail| ConfigError {
                source: format!("env {name}"),
                detail,
            })
    }

    /// Reads the standard variables that stand for keys of the configuration:
    /// `OTEL_METRICS_EXPORTER` (a list: `otlp` sets `metrics`, `none` clears it, and
    /// `prometheus` turns `/metrics` on), then checks the protocol of each signal exported,
    /// so a wrong one stops start-up.
    pub(super) fn apply_env(
        config: &mut super::Config,
        var: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        if let Some(list) = var("OTEL_METRICS_EXPORTER") {
            let mut otlp = false;
            for exporter in list.split(',').map(str::trim) {
                match exporter {
                    "otlp" => otlp = true,
                    "prometheus" => config.metrics.enabled = true,
                    "none" | "" => {}
                    other => {
                        return Err(ConfigError {
                            source: "env OTEL_METRICS_EXPORTER".to_owned(),
                            detail: format!("`{other}`: expected `otlp`, `prometheus` or `none`"),
                        })
                    }
                }
            }
            config.otel.metrics = otlp;
        }
        let otel = &config.otel;
        if otel.exports_traces(var) {
            otel.protocol_for(Signal::Traces, var)?;
        }
        if otel.exports_metrics(var) {
            otel.protocol_for(Signal::Metrics, var)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::config::Config;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn the_signal_protocol_wins_over_the_general_one_and_the_file() {
        let config = OtelConfig::default();
        let var = env(&[
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "http/json"),
        ]);
        assert_eq!(
            config.protocol_for(Signal::Traces, &var).unwrap(),
            OtlpProtocol::HttpProtobuf
        );
        let error = config.protocol_for(Signal::Metrics, &var).unwrap_err();
        assert_eq!(error.source, "env OTEL_EXPORTER_OTLP_METRICS_PROTOCOL");
        assert!(error.detail.contains("not supported"), "{}", error.detail);
    }

    #[test]
    fn grpc_without_the_feature_stops_start_up_naming_it() {
        let mut config = Config::default();
        let var = env(&[
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"),
            ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc"),
        ]);
        let applied = OtelConfig::apply_env(&mut config, &var);
        if cfg!(feature = "otel-grpc") {
            applied.unwrap();
            assert_eq!(
                config.otel.protocol_for(Signal::Traces, &var).unwrap(),
                OtlpProtocol::Grpc
            );
        } else {
            let error = applied.unwrap_err();
            assert_eq!(error.source, "env OTEL_EXPORTER_OTLP_TRACES_PROTOCOL");
            assert!(
                error.detail.contains("`otel-grpc` feature"),
                "{}",
                error.detail
            );
            config.otel.protocol = OtlpProtocol::Grpc;
            let error = config.otel.check().unwrap_err();
            assert_eq!(error.source, "otel.protocol");
            assert!(
                error.detail.contains("`otel-grpc` feature"),
                "{}",
                error.detail
            );
        }
        // Not exported: the variable is someone else's, and start-up goes on.
        let quiet = env(&[("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")]);
        OtelConfig::apply_env(&mut Config::default(), &quiet).unwrap();
    }

    #[test]
    fn otel_metrics_exporter_picks_otlp_and_prometheus() {
        let mut config = Config::default();
        let endpoint = ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
        OtelConfig::apply_env(&mut config, &env(&[endpoint])).unwrap();
        assert_eq!(
            config.otel.exports_metrics(&env(&[endpoint])),
            cfg!(all(feature = "metrics", feature = "otel")),
            "otlp is the default"
        );
        assert!(!config.metrics.enabled);

        let var = env(&[endpoint, ("OTEL_METRICS_EXPORTER", "none")]);
        OtelConfig::apply_env(&mut config, &var).unwrap();
        assert!(!config.otel.exports_metrics(&var));
        assert!(config.otel.exports_traces(&var));

        let var = env(&[endpoint, ("OTEL_METRICS_EXPORTER", "prometheus,otlp")]);
        OtelConfig::apply_env(&mut config, &var).unwrap();
        assert!(config.metrics.enabled);
        assert_eq!(
            config.otel.exports_metrics(&var),
            cfg!(all(feature = "metrics", feature = "otel"))
        );

        let var = env(&[("OTEL_METRICS_EXPORTER", "console")]);
        let error = OtelConfig::apply_env(&mut config, &var).unwrap_err();
        assert_eq!(error.source, "env OTEL_METRICS_EXPORTER");

        let var = env(&[endpoint, ("OTEL_SDK_DISABLED", "true")]);
        assert!(!config.otel.exports_metrics(&var));
        assert!(!config.otel.exports_traces(&var));
    }
}
