//! `/healthz` (the process answers) and `/readyz` (the stores it depends on answer).

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use bffkit_contract::manifest::BuiltinEndpoint;
use http::StatusCode;
use schemars::JsonSchema;
use serde::Serialize;

use crate::merged::{Method, RouteDoc, Routes};

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

/// The tag of the health, readiness and metrics routes.
pub(crate) const TAG: &str = "operations";

/// What the tag groups.
pub(crate) const TAG_DESCRIPTION: &str =
    "Health, readiness and metrics, for orchestrators and monitoring";

/// The checks `/readyz` runs.
pub(crate) type Checks = Arc<Vec<ReadinessCheck>>;

/// The health routes, outside the API prefix as orchestrators expect, given the readiness
/// checks as their state.
pub(crate) fn routes() -> Routes<Checks> {
    Routes::default()
        .documented(
            Method::Get,
            BuiltinEndpoint::Health.route(),
            || async {
                axum::Json(Alive {
                    status: AliveStatus::Ok,
                })
            },
            RouteDoc::new()
                .summary("Liveness: the process answers")
                .response::<Alive>()
                .response_description("The process answers")
                .tag_described(TAG, TAG_DESCRIPTION)
                .internal(),
        )
        .documented(
            Method::Get,
            BuiltinEndpoint::Readiness.route(),
            |State(checks): State<Checks>| async move { readiness(&checks).await },
            RouteDoc::new()
                .summary("Readiness: every store the app depends on answers")
                .response::<Readiness>()
                .response_description("Every check passed")
                .answer::<Readiness>(503, "A check failed or timed out")
                .tag_described(TAG, TAG_DESCRIPTION)
                .internal(),
        )
}

// `/healthz`'s answer. (No doc comments on these types: they would become the schemas'
// descriptions.)
#[derive(Serialize, JsonSchema)]
#[schemars(inline)]
struct Alive {
    status: AliveStatus,
}

#[derive(Serialize, JsonSchema)]
#[schemars(inline)]
#[serde(rename_all = "lowercase")]
enum AliveStatus {
    Ok,
}

// `/readyz`'s answer: ready or not, and each check's outcome.
#[derive(Serialize, JsonSchema)]
#[schemars(inline)]
struct Readiness {
    status: Ready,
    checks: BTreeMap<String, CheckOutcome>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(inline)]
enum Ready {
    #[serde(rename = "ready")]
    Ready,
    #[serde(rename = "not ready")]
    NotReady,
}

#[derive(Serialize, JsonSchema)]
#[schemars(inline)]
struct CheckOutcome {
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", default)]
    error: Option<String>,
}

async fn readiness(checks: &[ReadinessCheck]) -> Response {
    let results = futures_util::future::join_all(checks.iter().map(|c| {
        let check = (c.check)();
        async move {
            match tokio::time::timeout(std::time::Duration::from_secs(2), check).await {
                Ok(Ok(())) => (c.name.clone(), None),
                Ok(Err(e)) => (c.name.clone(), Some(e)),
                Err(_) => (c.name.clone(), Some("timed out after 2 s".to_owned())),
            }
        }
    }))
    .await;
    let ready = results.iter().all(|(_, error)| error.is_none());
    let checks = results
        .into_iter()
        .map(|(name, error)| {
            let ok = error.is_none();
            (name, CheckOutcome { ok, error })
        })
        .collect();
    let (status, ready) = if ready {
        (StatusCode::OK, Ready::Ready)
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, Ready::NotReady)
    };
    let answer = Readiness {
        status: ready,
        checks,
    };
    (status, axum::Json(answer)).into_response()
}
