//! The `bffkit` CLI, run as a process: client generation (snapshot, config file, HTTP
//! source, write-only-on-change), `tsc --strict` on the output, `bffkit diff`, and the
//! `bffkit dev` loop on a temporary app.

mod client;
mod copied_example;
mod dev;
mod diff;
mod diff_api;
mod diff_rules;
mod miniprogram_types;
mod new_app;
mod npm_package;
mod standalone;
mod stream_client;
mod support;
mod typescript;
