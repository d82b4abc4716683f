//! One schema, many uses: JSON Schemas of request parts and responses, from the same Rust
//! types the handler uses. `match` routes also validate against them
//! ([`CompiledSchema`], [`Violation`]).

mod compiled;
mod describe;
mod integer_bounds;
mod operation;
pub mod parts;
mod tape;
#[cfg(test)]
mod validator_props;
mod violation;

pub use compiled::{
    coerce, object_from_pairs, object_from_values, whole_floats_as_integers, CompiledSchema,
    FieldKind, SchemaCell,
};
pub use describe::{
    any, Describe, DescribeArg, DescribeArgNothing, DescribeNothing, DescribeSchema, DocumentArg,
};
pub use integer_bounds::add_integer_bounds;
pub use operation::{BodyKind, OperationDoc};
pub use violation::{summary, Violation};
