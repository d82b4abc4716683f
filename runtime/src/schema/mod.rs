//! One schema, many uses: JSON Schemas of request parts and responses, from the same Rust
//! types the handler uses.
#![cfg_attr(
    feature = "match",
    doc = "`match` routes also validate against them ([`CompiledSchema`], [`Violation`])."
)]

#[cfg(feature = "match")]
pub(crate) mod compiled;
pub(crate) mod describe;
mod documents_nothing;
mod integer_bounds;
pub(crate) mod operation;
pub(crate) mod parts;
#[cfg(feature = "match")]
mod tape;
#[cfg(all(test, feature = "match"))]
mod validator_props;
#[cfg(feature = "match")]
mod violation;

#[cfg(feature = "match")]
pub use compiled::{
    coerce, object_from_pairs, object_from_values, whole_floats_as_integers, CompiledSchema,
};
// Codegen plumbing: reached by generated code through `__private` only.
#[cfg(feature = "match")]
pub(crate) use compiled::SchemaCell;
// For the extractors behind features (auth, upstream, ws).
#[allow(unused_imports)]
pub(crate) use describe::DocumentArg;
pub use documents_nothing::documents_nothing;
pub use integer_bounds::add_integer_bounds;
pub use operation::BodyKind;
pub(crate) use operation::OperationDoc;
#[cfg(feature = "match")]
pub use violation::{summary, Violation};
