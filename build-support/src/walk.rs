//! Walks the lambda directory into a module tree that mirrors the folders.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use bffkit_contract::prefix;
use bffkit_contract::rules::{self, FileKind, Segment};

use crate::module_name::module_name;
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

/// Walks `lambda_dir`; `display_base` is what paths are shown relative to, `prefix` the
/// routes' prefix (for messages).
pub fn walk(
    lambda_dir: &Path,
    display_base: &Path,
    prefix: &str,
) -> Result<ModuleTree, BuildError> {
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
                    (&lambda_display, prefix),
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
            (&lambda_display, prefix),
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
            .map(|c| module_name(c))
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

/// The module a file takes when a folder of the same name sits beside it (`user.rs` next
/// to `user/`): Rust cannot give one module both a file and a folder, so the file moves
/// into the folder under the name an `index.rs` would have; both serve the same route.
pub const BESIDE_FOLDER_MODULE: &str = "index";

/// Inserts a file at `components` (folder names, then the file stem), creating folders.
fn insert(
    tree: &mut ModuleTree,
    (lambda_display, prefix): (&str, &str),
    components: &[&str],
    mut file: SourceFile,
) -> Result<(), BuildError> {
    let (stem, folders) = components.split_last().expect("a file has a name");
    let mut node = tree;
    let mut rel = PathBuf::from(lambda_display);
    for folder in folders {
        rel.push(folder);
        let name = module_name(folder);
        if let Some(Module::File(other)) = node.children.get(&name) {
            if !is_file_named(other, folder) {
                return Err(module_conflict(
                    &name,
                    PathBuf::from(&other.display),
                    rel,
                    "rename the file or the folder",
                ));
            }
            // `user.rs` came first: it becomes the folder's index module.
            let Some(Module::File(mut beside)) = node.children.remove(&name) else {
                unreachable!("checked above")
            };
            beside.module = format!("{}::{BESIDE_FOLDER_MODULE}", beside.module);
            let mut inner = ModuleTree::default();
            inner
                .children
                .insert(BESIDE_FOLDER_MODULE.to_owned(), Module::File(beside));
            node.children.insert(
                name.clone(),
                Module::Folder {
                    rel: rel.clone(),
                    tree: inner,
                },
            );
        }
        let entry = node
            .children
            .entry(name.clone())
            .or_insert_with(|| Module::Folder {
                rel: rel.clone(),
                tree: ModuleTree::default(),
            });
        node = match entry {
            Module::Folder {
                rel: existing,
                tree,
            } if existing == &rel => tree,
            Module::Folder { rel: existing, .. } => {
                return Err(module_conflict(
                    &name,
                    existing.clone(),
                    rel,
                    "rename one of the folders",
                ))
            }
            Module::File(_) => unreachable!("files are moved into their folder above"),
        };
    }
    let name = module_name(stem);
    match node.children.get_mut(&name) {
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
        Some(Module::Folder { rel, tree }) => {
            if rel.file_name().and_then(|n| n.to_str()) != Some(*stem) {
                return Err(module_conflict(
                    &name,
                    PathBuf::from(&file.display),
                    rel.clone(),
                    "rename the file or the folder",
                ));
            }
            match tree.children.get(BESIDE_FOLDER_MODULE) {
                None => {
                    file.module = format!("{}::{BESIDE_FOLDER_MODULE}", file.module);
                    tree.children
                        .insert(BESIDE_FOLDER_MODULE.to_owned(), Module::File(file));
                    Ok(())
                }
                Some(Module::File(index)) if index.route.is_some() && file.route.is_some() => {
                    Err(same_route(index, &file, prefix))
                }
                Some(Module::File(index)) => Err(module_conflict(
                    &format!("{name}::{BESIDE_FOLDER_MODULE}"),
                    PathBuf::from(&index.display),
                    PathBuf::from(&file.display),
                    "rename one of the files",
                )),
                Some(Module::Folder { rel: index, .. }) => Err(module_conflict(
                    BESIDE_FOLDER_MODULE,
                    PathBuf::from(&file.display),
                    index.clone(),
                    "rename the `index` folder",
                )),
            }
        }
    }
}

/// `user.rs` beside `user/`, not `user-x.rs` beside `user_x/`.
fn is_file_named(file: &SourceFile, folder: &str) -> bool {
    file.display.rsplit('/').next() == Some(&format!("{folder}.rs"))
}

/// `user.rs` and `user/index.rs` both serve the folder's route.
fn same_route(first: &SourceFile, second: &SourceFile, prefix: &str) -> BuildError {
    let route = second
        .route
        .as_deref()
        .map(rules::route_path)
        .unwrap_or_default();
    BuildError::RouteConflict {
        route: prefix::join(prefix, &route),
        first: PathBuf::from(&first.display),
        second: PathBuf::from(&second.display),
        detail: "a file beside a folder serves the same route as the folder's `index.rs`"
            .to_owned(),
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
