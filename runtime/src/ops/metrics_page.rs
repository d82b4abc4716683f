//! `GET /metrics`: the Prometheus text page (when `[metrics] enabled`).

use axum::extract::State;
use bffkit_contract::manifest::BuiltinEndpoint;

use super::health::{TAG, TAG_DESCRIPTION};
use super::Metrics;
use crate::merged::{Method, RouteDoc, Routes};

/// The route, given the installed recorder's [`Metrics`] as its state.
pub(crate) fn routes() -> Routes<Metrics> {
    Routes::default().documented(
        Method::Get,
        BuiltinEndpoint::Metrics.route(),
        |State(metrics): State<Metrics>| async move {
            (
                [(http::header::CONTENT_TYPE, "text/plain; version=0.0.4")],
                metrics.render(),
            )
        },
        RouteDoc::new()
            .summary("Prometheus metrics")
            .response_media("text/plain")
            .response_description("Metrics in the Prometheus text format")
            .tag_described(TAG, TAG_DESCRIPTION)
            .internal(),
    )
}
