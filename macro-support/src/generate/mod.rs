//! Generating: the handler, checked, becomes itself plus an `inventory` registration whose
//! code calls into `__private`. Which traits a type implements decides everything the
//! spelling could get wrong (a `Result`, a `RequestOption`, a stream), so aliases and
//! renamed imports expand the same way.

mod auth;
mod declared_errors;
mod doc_comment;
mod handler;
mod match_feature;
mod matcher;
mod registration;
mod schema;

pub use auth::require_auth_feature;
pub use handler::{handler, PathBinding};
pub use matcher::matcher;
pub use schema::schema;
