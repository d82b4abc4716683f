//! `--standalone`: the `@bffkit/client` runtime as one TypeScript file written beside the
//! generated client, for frontends that cannot install the package.
//!
//! The build script joins `clients/ts/src` into one module per target; the CLI always embeds the
//! runtime of its own checkout or package.

use std::path::{Path, PathBuf};

use crate::codegen::Target;

/// The runtime's text for `target`: its entry and what that imports, nothing else.
pub fn runtime(target: Target) -> &'static str {
    match target {
        Target::Web => include_str!(concat!(env!("OUT_DIR"), "/client-runtime-web.ts")),
        Target::Wechat => include_str!(concat!(env!("OUT_DIR"), "/client-runtime-wechat.ts")),
        Target::Alipay => include_str!(concat!(env!("OUT_DIR"), "/client-runtime-alipay.ts")),
    }
}

/// The runtime's file name, beside the generated client.
pub const FILE: &str = "bffkit-client.ts";

/// How the generated client imports it.
pub const MODULE: &str = "./bffkit-client.js";

/// Where the runtime goes for a client written to `out`.
pub fn path_beside(out: &Path) -> PathBuf {
    out.with_file_name(FILE)
}
