//! Operating the app: health and readiness, metrics, logging.

mod health;
mod logging;
mod metrics;

pub(crate) use health::routes as health_routes;
pub use health::ReadinessCheck;
pub use logging::init_logging;
pub use metrics::Metrics;
