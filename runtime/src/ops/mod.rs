//! Operating the app: health and readiness, metrics, logging, outages, traces.

#[cfg(test)]
mod captured_log;
pub(crate) mod health;
mod logging;
pub(crate) mod metrics;
mod metrics_page;
#[cfg(feature = "otel")]
mod otlp;
mod outage;
pub(crate) mod traces;

pub(crate) use health::routes as health_routes;
pub use health::ReadinessCheck;
pub use logging::init_logging;
pub use metrics::Metrics;
pub(crate) use metrics_page::routes as metrics_routes;
pub(crate) use outage::set_period as set_outage_period;
pub use outage::FailureLog;
