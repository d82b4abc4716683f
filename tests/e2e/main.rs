//! End-to-end tests: the demo app binary, real HTTP. One binary keeps link time short.

mod cli;
mod envelope;
mod errors;
mod fake;
mod routing;
mod support;
mod upstream;
