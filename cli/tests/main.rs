//! The `bffkit` CLI, run as a process: client generation (snapshot, config file, HTTP
//! source, write-only-on-change), `tsc --strict` on the output, and `bffkit diff`.

mod client;
mod diff;
mod support;
mod typescript;
