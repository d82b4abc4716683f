//! What every side of bffkit agrees on, written once: the build script, the attribute
//! macros, the runtime and the command line all depend on this crate.
//!
//! - [`rules`]: a file under the lambda directory → its route, as pure functions;
//! - [`RoutesConfig`] and [`prefix`]: where the lambdas live, and the one prefix join;
//! - [`route_index`]: the file → route list the build script writes for the macros;
//! - [`Method`]: the HTTP methods a lambda can serve;
//! - [`RequestPart`]: the parts of a request a `match` route names;
//! - [`integer_format`]: the range of each fixed-width integer format;
//! - [`manifest`]: the manifest's wire model (body kinds, built-in endpoints, every
//!   `x-bffkit-*` extension) as serde types.
//!
//! No I/O happens here: callers read files and pass text in.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod integer_format;
pub mod manifest;
mod method;
pub mod prefix;
mod request_part;
pub mod route_index;
mod routes_config;
pub mod rules;

pub use method::{is_handler_attribute, Method, METHOD_NAMES};
pub use request_part::RequestPart;
pub use routes_config::{InvalidPrefix, RoutesConfig};
