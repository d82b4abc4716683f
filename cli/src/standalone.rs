//! `--standalone`: the `@bffkit/client` runtime as one TypeScript file written beside the
//! generated client, for frontends that cannot install the package.
//!
//! `assets/client-runtime.ts` is `clients/ts/src` joined into one module; a test rebuilds
//! it from the sources and fails when the checked-in copy is stale.

use std::path::{Path, PathBuf};

/// The runtime's text.
pub const RUNTIME: &str = include_str!("../assets/client-runtime.ts");

/// The runtime's file name, beside the generated client.
pub const FILE: &str = "bffkit-client.ts";

/// How the generated client imports it.
pub const MODULE: &str = "./bffkit-client.js";

/// Where the runtime goes for a client written to `out`.
pub fn path_beside(out: &Path) -> PathBuf {
    out.with_file_name(FILE)
}
