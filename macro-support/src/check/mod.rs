//! Checking: what the parsed model, the function and the route must agree on. Every
//! mistake goes to the [`Ctxt`](crate::ctxt::Ctxt), so the user sees all of them at once.

mod matcher;
mod route;
mod signature;

pub use matcher::{bindings, matcher, route_params, Binding};
pub use route::path_params;
pub use signature::{signature, typed_inputs};
