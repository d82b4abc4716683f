//! End-to-end tests: the demo app binary, real HTTP. One binary keeps link time short.

mod cli;
mod cors;
mod deploy;
mod errors;
mod manifest;
mod routing;
mod support;
