//! The manifest's wire model: the OpenAPI 3.1 document a bffkit app describes itself
//! with, as the runtime writes it and the command line reads it.
//!
//! [`Document`] types the parts both sides interpret (the `info.x-bffkit` block, paths,
//! operations, parameters, bodies, responses and every `x-bffkit-*` extension); schemas
//! and what the model leaves open stay `serde_json::Value`s, so nothing is lost on a
//! round trip.

mod body_kind;
mod builtin;
mod document;
pub mod extension;

pub use body_kind::BodyKind;
pub use builtin::BuiltinEndpoint;
pub use document::{
    Components, DeclaredErrorEntry, Document, ErrorCodeEntry, Info, InfoExtension, Location,
    MediaType, MiddlewareEntry, Operation, Parameter, PathItem, RateLimitEntry, RequestBody,
    Response, Tag,
};
