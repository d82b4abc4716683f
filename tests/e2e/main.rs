//! End-to-end tests: the demo app binary, real HTTP. One binary keeps link time short.

mod cli;
mod errors;
mod routing;
mod schema;
mod support;
