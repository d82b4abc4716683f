//! The manifest: an OpenAPI 3.1 document of every route, built from the same types the
//! handlers use and written through `bffkit_contract::manifest`'s types. Printed by
//! `<app> manifest`, checked by `<app> manifest --check FILE`, and served at
//! `GET {prefix}/_manifest` (on in debug builds, opt-in in release).
//!
//! Each part has its builder: `document` assembles, `operation`
//! writes one route's operation from its `OperationDoc`, `parameters`, `request_body`
//! and `responses` its parts, `statuses` collects the errors a route can answer from
//! what serves it, `sign_in` the security schemes. bffkit's own routes (sign-in, `_batch`,
//! `_docs`, `_manifest` in `route`, `/healthz`, `/readyz`, `/metrics`) describe themselves
//! where they are served, with the `RouteDoc` merged routes use.

mod check;
mod coverage;
mod document;
mod operation;
pub mod operation_id;
mod parameters;
mod rate_limit;
mod request_body;
mod responses;
mod route;
mod schemas;
mod security;
mod sign_in;
mod statuses;

pub use check::{check, CheckOutcome};
pub use coverage::{has_response_schema, response_schema_warning};
pub(crate) use document::document;
pub(crate) use rate_limit::declare as declare_rate_limits;
pub(crate) use route::{routes, Served};
pub(crate) use sign_in::SignInDoc;

/// Facts about the app that the document records.
pub(crate) struct ManifestInfo<'a> {
    /// The package name.
    pub title: &'a str,
    /// The package version.
    pub version: &'a str,
    /// The route prefix.
    pub prefix: &'a str,
    /// Whether successes are wrapped in `{data, msg, code}`.
    pub envelope: bool,
    /// Sign-in, when the app has it (`App::auth`): its security schemes.
    pub sign_in: Option<SignInDoc>,
    /// Routes of routers merged with `App::merge_routes`; the described ones are listed.
    pub merged: &'a [crate::routes::MergedRoute],
    /// bffkit's own routes served inside the app's router, behind its JSON 404 and 405
    /// (`_batch`, `_docs`, `_manifest`, sign-in).
    pub in_app: &'a [crate::routes::MergedRoute],
    /// bffkit's own routes served beside it (`/healthz`, `/readyz`, `/metrics`).
    pub beside: &'a [crate::routes::MergedRoute],
}

#[cfg(test)]
mod tests;
