//! Walks the lambda directory into a module tree that mirrors the folders.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::rules::{self, FileKind, Segment};
use crate::BuildError;

/// A folder's modules, keyed by Rust module name.
#[derive(Debug, Default)]
pub struct ModuleTree {
    /// Child modules in name order.
    pub children: BTreeMap<String, Module>,
}

/// One generated module.
#[derive(Debug)]
pub enum Module {
    /// A source file (a lambda, a helper, or a `_` folder's `mod.rs`).
    File(SourceFile),
    /// A folder, generated as an inline module.
    Folder { rel: PathBuf, tree: ModuleTree },
}

/// A compiled source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Absolute path.
    pub path: PathBuf,
    /// Path relative to the crate root, `/`-separated.
    pub display: String,
    /// Module path relative to the lambda root (`user::dyn_id::info`).
    pub module: String,
    /// `Some` for lambda files.
    pub route: Option<Vec<Segment>>,
}

/// Walks `lambda_dir`; `display_base` is what paths are shown relative to.
pub fn walk(lambda_dir: &Path, display_base: &Path) -> Result<ModuleTree, BuildError> {
    let mut tree = ModuleTree::default();
    let lambda_display = display_path(display_base, lambda_dir);
    let mut walker = WalkDir::new(lambda_dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = entry.map_err(|e| BuildError::Io {
            path: e.path().unwrap_or(lambda_dir).to_owned(),
            error: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("walk failed")),
        })?;
        let rel = entry
            .path()
            .strip_prefix(lambda_dir)
            .expect("walkdir stays under its root")
            .to_owned();
        let components: Vec<&str> = rel
            .iter()
            .map(|c| c.to_str().unwrap_or("\u{fffd}"))
            .collect();
        let display = display_path(display_base, entry.path());
        if entry.file_type().is_dir() {
            let name = components.last().copied().unwrap_or_default();
            if name.starts_with('.') || name == "node_modules" || name == "target" {
                walker.skip_current_dir();
            } else if name.starts_with('_') && entry.path().join("mod.rs").is_file() {
                // A `_` folder with a `mod.rs` is an ordinary Rust module that owns its children.
                let file = entry.path().join("mod.rs");
                insert(
                    &mut tree,
                    &lambda_display,
                    &components,
                    source(&file, display_base, &components, None),
                )?;
                walker.skip_current_dir();
            }
            continue;
        }
        let kind = rules::classify(&components).map_err(|e| BuildError::InvalidName {
            file: PathBuf::from(&display),
            detail: e.to_string(),
        })?;
        let route = match kind {
            FileKind::Route(segments) => Some(segments),
            FileKind::Helper => None,
            FileKind::Ignored(_) => continue,
        };
        let mut module_components = components.clone();
        let last = module_components.pop().unwrap_or_default();
        module_components.push(last.strip_suffix(".rs").unwrap_or(last));
        insert(
            &mut tree,
            &lambda_display,
            &module_components,
            source(entry.path(), display_base, &module_components, route),
        )?;
    }
    Ok(tree)
}

fn source(
    path: &Path,
    base: &Path,
    components: &[&str],
    route: Option<Vec<Segment>>,
) -> SourceFile {
    SourceFile {
        path: std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()),
        display: display_path(base, path),
        module: components
            .iter()
            .map(|c| rules::module_name(c))
            .collect::<Vec<_>>()
            .join("::"),
        route,
    }
}

fn display_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.iter()
        .map(|c| c.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Inserts a file at `components` (folder names, then the file stem), creating folders.
fn insert(
    tree: &mut ModuleTree,
    lambda_display: &str,
    components: &[&str],
    file: SourceFile,
) -> Result<(), BuildError> {
    let (stem, folders) = components.split_last().expect("a file has a name");
    let mut node = tree;
    let mut rel = PathBuf::from(lambda_display);
    for folder in folders {
        rel.push(folder);
        let name = rules::module_name(folder);
        let entry = node
            .children
            .entry(name.clone())
            .or_insert_with(|| Module::Folder {
                rel: rel.clone(),
                tree: ModuleTree::default(),
            });
        node = match entry {
            Module::Folder { rel: existing, tree } if existing == &rel => tree,
            Module::Folder { rel: existing, .. } => {
                return Err(module_conflict(&name, existing.clone(), rel, "rename one of the folders"))
            }
            Module::File(other) => {
                return Err(module_conflict(
                    &name,
                    PathBuf::from(&other.display),
                    rel,
                    "a file and a folder cannot share a name: move the file into the folder as `index.rs`",
                ))
            }
        };
    }
    let name = rules::module_name(stem);
    match node.children.get(&name) {
        None => {
            node.children.insert(name, Module::File(file));
            Ok(())
        }
        Some(Module::File(other)) => Err(module_conflict(
            &name,
            PathBuf::from(&other.display),
            PathBuf::from(&file.display),
            "rename one of the files",
        )),
        Some(Module::Folder { rel, .. }) => Err(module_conflict(
            &name,
            PathBuf::from(&file.display),
            rel.clone(),
            "a file and a folder cannot share a name: move the file into the folder as `index.rs`",
        )),
    }
}

fn module_conflict(module: &str, first: PathBuf, second: PathBuf, hint: &str) -> BuildError {
    BuildError::ModuleConflict {
        module: module.to_owned(),
        first,
        second,
        hint: hint.to_owned(),
    }
}

impl ModuleTree {
    /// Every compiled file, depth first in name order.
    pub fn files(&self) -> Vec<&SourceFile> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a SourceFile>) {
        for module in self.children.values() {
            match module {
                Module::File(file) => out.push(file),
                Module::Folder { tree, .. } => tree.collect(out),
            }
        }
    }
}
