//! End-to-end tests: the demo app binary, real HTTP. One binary keeps link time short.

mod auth;
mod batch;
mod cli;
mod cors;
mod deploy;
mod docs;
mod envelope;
mod errors;
mod fake;
mod features;
mod fixture_app;
mod hostile;
mod http2;
mod manifest;
mod middleware;
mod port;
mod rate_limit;
mod routing;
mod scale;
mod schema;
mod stream;
mod support;
mod test_ca;
mod tls;
mod upstream;
mod websocket;
