//! The manifest: an OpenAPI 3.1 document of every route, built from the same types the
//! handlers use and written through `bffkit_contract::manifest`'s types. Printed by
//! `<app> manifest`, checked by `<app> manifest --check FILE`, and served at
//! `GET {prefix}/_manifest` (on in debug builds, opt-in in release).
//!
//! Each part has its builder: `document` assembles, `operation`
//! writes one route's operation from its `OperationDoc`, `parameters`, `request_body`
//! and `responses` its parts, `statuses` collects the errors a route can answer from
//! what serves it, `builtin` and `sign_in` the framework's own routes.

mod builtin;
mod check;
mod coverage;
mod document;
mod operation;
pub mod operation_id;
mod parameters;
mod rate_limit;
mod request_body;
mod responses;
mod schemas;
mod security;
mod sign_in;
mod statuses;

pub use check::{check, CheckOutcome};
pub use coverage::{has_response_schema, response_schema_warning};
pub(crate) use document::document;
pub(crate) use rate_limit::declare as declare_rate_limits;
#[cfg(feature = "auth")]
pub(crate) use sign_in::SignInAnswers;
pub(crate) use sign_in::SignInDoc;

/// A built-in endpoint, documented beside the lambdas and marked
/// `x-bffkit-internal`.
pub use bffkit_contract::manifest::BuiltinEndpoint as Internal;

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
    /// The built-in endpoints that are switched on.
    pub internal: Vec<Internal>,
    /// Sign-in, when the app has it (`App::auth`): its routes and security schemes.
    pub sign_in: Option<SignInDoc>,
    /// Routes of routers merged with `App::merge_routes`; the described ones are listed.
    pub merged: &'a [crate::routes::MergedRoute],
}

#[cfg(test)]
mod tests;
