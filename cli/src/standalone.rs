//! `--standalone`: the `@bffkit/client` runtime as one TypeScript file written beside the
//! generated client, for frontends that cannot install the package.
//!
//! The build script joins `clients/ts/src` into one module; the CLI always embeds the
//! runtime of its own checkout or package.

use std::path::{Path, PathBuf};

/// The runtime's text.
pub const RUNTIME: &str = include_str!(concat!(env!("OUT_DIR"), "/client-runtime.ts"));

/// The runtime's file name, beside the generated client.
pub const FILE: &str = "bffkit-client.ts";

/// How the generated client imports it.
pub const MODULE: &str = "./bffkit-client.js";

/// Where the runtime goes for a client written to `out`.
pub fn path_beside(out: &Path) -> PathBuf {
    out.with_file_name(FILE)
}
