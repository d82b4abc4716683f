//! The manifest: an OpenAPI 3.1 document of every route, built from the same types the
//! handlers use. Printed by `<app> manifest`, checked by `<app> manifest --check FILE`,
//! and served at `GET {prefix}/_manifest` (on in debug builds, opt-in in release).

mod check;
mod coverage;
mod openapi;
pub mod operation_id;
mod sign_in;

pub use crate::schema::documents_nothing;
pub use check::{check, CheckOutcome};
pub use coverage::{has_response_schema, response_schema_warning};
pub use openapi::{document, Internal, ManifestInfo};
pub use sign_in::SignInDoc;
