//! Finds the route of the file a handler is written in, from the index the build script
//! wrote to `OUT_DIR`, so the macro knows which leading arguments are path parameters.

use std::path::PathBuf;

use bffkit_contract::route_index::{self, IndexedRoute};
use bffkit_contract::rules::{self, FileKind};
use proc_macro2::Span;

/// What the macro knows about its file's route.
pub enum RouteInfo {
    /// The file is a lambda with these dynamic segments.
    Known(IndexedRoute),
    /// A `_` file or a file in a `_` folder: compiled, not routed (the build script warns).
    Helper,
    /// The compiler did not say which file this is (e.g. some IDE expansions).
    Unknown,
}

/// Where a macro was called: its file (which only the compiler knows, through
/// `proc_macro::Span::local_file`, so the proc-macro crate passes it in) and the crate's
/// `OUT_DIR`, where the build script wrote the route index.
#[derive(Clone, Debug, Default)]
pub struct CallSite {
    /// The file holding the handler; `None` when the compiler did not say.
    pub file: Option<PathBuf>,
    /// The crate's `OUT_DIR`; `None` when it has no build script.
    pub out_dir: Option<PathBuf>,
}

impl CallSite {
    /// `file`, with `OUT_DIR` from the environment the compiler runs the macro in.
    pub fn new(file: Option<PathBuf>) -> CallSite {
        CallSite {
            file,
            out_dir: std::env::var_os("OUT_DIR").map(PathBuf::from),
        }
    }
}

/// Looks up the route of `site`'s file; errors point at `span`.
pub fn lookup(site: &CallSite, span: Span) -> syn::Result<RouteInfo> {
    let Some(file) = site.file.clone() else {
        return Ok(RouteInfo::Unknown);
    };
    let Some(out_dir) = site.out_dir.as_deref() else {
        return Err(syn::Error::new(
            span,
            "bffkit: this crate has no route table; add a build.rs with `fn main() { bffkit_build::build() }` \
             and `bffkit-build` to [build-dependencies]",
        ));
    };
    let text = std::fs::read_to_string(route_index::index_path(out_dir)).map_err(|_| {
        syn::Error::new(
            span,
            "bffkit: the route table is missing; call `bffkit_build::build()` from build.rs",
        )
    })?;
    let (lambda_dir, index) = (
        route_index::parse_lambda_dir(&text),
        route_index::parse(&text),
    );
    let canonical = std::fs::canonicalize(&file).unwrap_or(file.clone());
    if let Some(route) = index
        .into_iter()
        .find(|r| r.file == canonical || r.file == file)
    {
        return Ok(RouteInfo::Known(route));
    }
    let helper = lambda_dir
        .as_deref()
        .and_then(|dir| canonical.strip_prefix(dir).ok())
        .is_some_and(|rel| {
            let parts: Vec<String> = rel
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect();
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            rules::classify(&parts) == Ok(FileKind::Helper)
        });
    match helper {
        true => Ok(RouteInfo::Helper),
        false => Err(syn::Error::new(
            span,
            format!(
                "bffkit: {} is not a lambda file, so it has no route; handlers go in files under the lambda \
                 directory (default `api/lambda/`) whose names do not start with `_`",
                file.display()
            ),
        )),
    }
}
