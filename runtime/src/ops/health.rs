//! `/healthz` (the process answers) and `/readyz` (the stores it depends on answer).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bffkit_contract::manifest::BuiltinEndpoint;
use http::StatusCode;
use serde_json::json;

type CheckFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;

/// A named readiness check, such as pinging a session store or a database.
#[derive(Clone)]
pub struct ReadinessCheck {
    name: String,
    check: Arc<dyn Fn() -> CheckFuture + Send + Sync>,
}

impl ReadinessCheck {
    /// A check that is ready when `check` resolves to `Ok`.
    pub fn new<F, Fut>(name: impl Into<String>, check: F) -> ReadinessCheck
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), String>> + Send + 'static,
    {
        ReadinessCheck {
            name: name.into(),
            check: Arc::new(move || Box::pin(check())),
        }
    }
}

/// The health routes, outside the API prefix as orchestrators expect.
pub(crate) fn routes(checks: Vec<ReadinessCheck>) -> Router {
    let checks = Arc::new(checks);
    Router::new()
        .route(
            BuiltinEndpoint::Health.route(),
            get(|| async { axum::Json(json!({ "status": "ok" })) }),
        )
        .route(
            BuiltinEndpoint::Readiness.route(),
            get(move || {
                let checks = checks.clone();
                async move { readiness(&checks).await }
            }),
        )
}

async fn readiness(checks: &[ReadinessCheck]) -> Response {
    let results = futures_util::future::join_all(checks.iter().map(|c| {
        let check = (c.check)();
        async move {
            match tokio::time::timeout(std::time::Duration::from_secs(2), check).await {
                Ok(Ok(())) => (c.name.clone(), Ok(())),
                Ok(Err(e)) => (c.name.clone(), Err(e)),
                Err(_) => (c.name.clone(), Err("timed out after 2 s".to_owned())),
            }
        }
    }))
    .await;
    let ready = results.iter().all(|(_, r)| r.is_ok());
    let detail: serde_json::Map<String, serde_json::Value> = results
        .into_iter()
        .map(|(name, r)| {
            (
                name,
                r.map_or_else(
                    |e| json!({ "ok": false, "error": e }),
                    |()| json!({ "ok": true }),
                ),
            )
        })
        .collect();
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        axum::Json(
            json!({ "status": if ready { "ready" } else { "not ready" }, "checks": detail }),
        ),
    )
        .into_response()
}
