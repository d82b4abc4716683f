//! The `build.rs` side of bffkit.
//!
//! Call [`build`] from your build script. It walks the lambda directory (`api/lambda` by
//! default), maps each file to a route, fails the build with a message naming the files
//! on a bad name or a clash, and writes the module table that
//! `bffkit::include_routes!()` includes.
//!
//! ```ignore
//! // build.rs
//! fn main() {
//!     bffkit_build::build();
//! }
//! ```
#![forbid(unsafe_code)]

mod check;
mod config;
mod disabled;
mod emit;
mod error;
pub mod middleware;
mod module_name;
mod walk;

use std::path::{Path, PathBuf};

use bffkit_contract::{prefix, route_index, rules};

pub use bffkit_contract::RoutesConfig;
pub use error::BuildError;
pub use walk::{Module, ModuleTree, SourceFile};

/// Everything known about an app's lambda directory.
#[derive(Debug)]
pub struct Scan {
    /// `[routes]` from `bffkit.toml`.
    pub config: RoutesConfig,
    /// The config file, when there is one.
    pub config_path: Option<PathBuf>,
    /// The lambda directory relative to the crate root, for messages.
    pub lambda_display: String,
    /// The module tree.
    pub tree: ModuleTree,
}

/// Runs the build step for the crate being built, exiting with the error on failure.
pub fn build() {
    if let Err(error) = try_build() {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

/// Like [`build`], but returns the error.
pub fn try_build() -> Result<(), BuildError> {
    let crate_root = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env("OUT_DIR"));
    let scan = scan(&crate_root)?;
    println!(
        "cargo:rerun-if-changed={}",
        crate_root.join(&scan.config.dir).display()
    );
    println!(
        "cargo:rerun-if-changed={}",
        crate_root.join("bffkit.toml").display()
    );
    let dir = out_dir.join("bffkit");
    std::fs::create_dir_all(&dir).map_err(|error| BuildError::Io {
        path: dir.clone(),
        error,
    })?;
    write_if_changed(&dir.join("routes.rs"), &emit::routes_rs(&scan))?;
    let index: Vec<route_index::IndexedRoute> = scan
        .tree
        .files()
        .into_iter()
        .filter_map(|file| {
            let segments = file.route.as_ref()?;
            Some(route_index::IndexedRoute {
                file: file.path.clone(),
                display: file.display.clone(),
                route: prefix::join(&scan.config.prefix, &rules::route_path(segments)),
                params: rules::param_names(segments),
            })
        })
        .collect();
    let lambda_dir = crate_root.join(&scan.config.dir);
    let lambda_dir = std::fs::canonicalize(&lambda_dir).unwrap_or(lambda_dir);
    write_if_changed(
        &route_index::index_path(&out_dir),
        &route_index::render(&lambda_dir, &index),
    )?;
    for warning in disabled::handlers(&lambda_dir, &crate_root, &scan.config.prefix) {
        println!("cargo:warning={warning}");
    }
    Ok(())
}

/// Scans a crate: reads `bffkit.toml`, walks the lambda directory and checks the routes.
pub fn scan(crate_root: &Path) -> Result<Scan, BuildError> {
    let config_file = crate_root.join("bffkit.toml");
    let (config, text) = config::read(&config_file)?;
    let lambda_dir = crate_root.join(&config.dir);
    let tree = if lambda_dir.is_dir() {
        walk::walk(&lambda_dir, crate_root, &config.prefix)?
    } else {
        ModuleTree::default()
    };
    check::routes(&tree.files(), &config.prefix)?;
    Ok(Scan {
        lambda_display: config.dir.trim_end_matches('/').to_owned(),
        config,
        config_path: text.map(|_| std::fs::canonicalize(&config_file).unwrap_or(config_file)),
        tree,
    })
}

fn env(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name} is not set: call bffkit_build::build() from build.rs"))
}

/// Rewriting an unchanged file would still make cargo rebuild the crate.
fn write_if_changed(path: &Path, contents: &str) -> Result<(), BuildError> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents).map_err(|error| BuildError::Io {
        path: path.to_owned(),
        error,
    })
}

#[cfg(test)]
mod tests;
