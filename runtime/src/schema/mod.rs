//! One schema, many uses: JSON Schemas of request parts and responses, from the same Rust
//! types the handler uses. `match` routes also validate against them
//! ([`CompiledSchema`], [`Violation`]).

pub(crate) mod compiled;
pub(crate) mod describe;
mod documents_nothing;
mod integer_bounds;
pub(crate) mod operation;
pub(crate) mod parts;
mod tape;
#[cfg(test)]
mod validator_props;
mod violation;

pub use compiled::{
    coerce, object_from_pairs, object_from_values, whole_floats_as_integers, CompiledSchema,
    FieldKind,
};
// Codegen plumbing: reached by generated code through `__private` only.
pub(crate) use compiled::SchemaCell;
// For the extractors behind features (auth, upstream, ws).
#[allow(unused_imports)]
pub(crate) use describe::DocumentArg;
pub use documents_nothing::documents_nothing;
pub use integer_bounds::add_integer_bounds;
pub use operation::BodyKind;
pub(crate) use operation::OperationDoc;
pub use violation::{summary, Violation};
