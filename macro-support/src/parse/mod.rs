//! Parsing: the attribute's arguments into an internal model. Mistakes that still parse
//! go to the [`Ctxt`](crate::ctxt::Ctxt); only malformed syntax stops parsing.

pub mod declared_errors;
mod handler_args;
mod matcher;

pub use declared_errors::ErrorItem;
pub use handler_args::HandlerArgs;
pub use matcher::{Matcher, PartKind};
