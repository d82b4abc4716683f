//! Per-folder middleware: a `_middleware.rs` in a folder of the lambda directory wraps
//! every route in that folder and below. The file is a helper module (its name starts
//! with `_`) that defines `pub fn middleware() -> bffkit::Middleware`.

use crate::walk::{ModuleTree, SourceFile};

/// The reserved file name.
pub const FILE_NAME: &str = "_middleware.rs";

/// One folder's middleware file.
#[derive(Debug)]
pub struct FolderMiddleware<'a> {
    /// The file.
    pub file: &'a SourceFile,
    /// The folder it covers, relative to the crate root (`api/lambda/admin`).
    pub folder: String,
    /// The folder's module path (`admin`; empty for the lambda root).
    pub folder_module: String,
    /// The generated static's name.
    pub static_name: String,
}

impl FolderMiddleware<'_> {
    /// Whether a lambda file is in this folder or below. A file beside a folder
    /// (`admin.rs` next to `admin/`) serves the folder's route, so it is covered too.
    pub fn covers(&self, file: &SourceFile) -> bool {
        self.folder_module.is_empty()
            || file
                .module
                .starts_with(&format!("{}::", self.folder_module))
    }
}

/// Every `_middleware.rs` in a routed folder, outermost (nearest the root) first.
pub fn folders<'a>(tree: &'a ModuleTree, lambda_display: &str) -> Vec<FolderMiddleware<'a>> {
    let mut found: Vec<FolderMiddleware> = tree
        .files()
        .into_iter()
        .filter(|f| f.route.is_none() && is_middleware_file(&f.display, lambda_display))
        .map(|file| {
            let folder_module = file
                .module
                .rsplit_once("::")
                .map_or(String::new(), |(folder, _)| folder.to_owned());
            let folder = file
                .display
                .strip_suffix(FILE_NAME)
                .unwrap_or(&file.display)
                .trim_end_matches('/')
                .to_owned();
            FolderMiddleware {
                file,
                folder,
                folder_module,
                static_name: String::new(),
            }
        })
        .collect();
    found.sort_by_key(|m| (m.folder.matches('/').count(), m.folder.clone()));
    for (i, m) in found.iter_mut().enumerate() {
        m.static_name = format!("__BFFKIT_MIDDLEWARE_{i}");
    }
    found
}

/// `…/_middleware.rs`, but not inside a `_` folder (whose files are never routed).
fn is_middleware_file(display: &str, lambda_display: &str) -> bool {
    let Some(rel) = display
        .strip_prefix(lambda_display)
        .and_then(|r| r.strip_prefix('/'))
    else {
        return false;
    };
    let mut parts = rel.rsplit('/');
    parts.next() == Some(FILE_NAME) && !parts.any(|folder| folder.starts_with('_'))
}
