//! End-to-end tests: the demo app binary, real HTTP. One binary keeps link time short.

mod auth;
mod cli;
mod errors;
mod manifest;
mod routing;
mod support;
