//! One schema, many uses: JSON Schemas of request parts and responses, from the same Rust
//! types the handler uses.

mod describe;
mod operation;

pub use describe::{
    any, Describe, DescribeArg, DescribeArgNothing, DescribeNothing, DescribeSchema, DocumentArg,
};
pub use operation::{BodyKind, OperationDoc};
