//! Build failures that name the files involved.

use std::fmt;
use std::path::PathBuf;

/// Why the route table could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// A file or folder name is not a valid route segment.
    InvalidName { file: PathBuf, detail: String },
    /// Two files map to the same route.
    RouteConflict {
        route: String,
        first: PathBuf,
        second: PathBuf,
        detail: String,
    },
    /// Two files or folders map to the same Rust module.
    ModuleConflict {
        module: String,
        first: PathBuf,
        second: PathBuf,
        hint: String,
    },
    /// The lambda directory or the config could not be read.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// `bffkit.toml` is not valid.
    Config { path: PathBuf, detail: String },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidName { file, detail } => {
                write!(f, "{}: invalid route name {detail}", file.display())
            }
            BuildError::RouteConflict {
                route,
                first,
                second,
                detail,
            } => write!(
                f,
                "{} and {} both map to route `{route}` ({detail}); rename or remove one of them",
                first.display(),
                second.display()
            ),
            BuildError::ModuleConflict {
                module,
                first,
                second,
                hint,
            } => write!(
                f,
                "{} and {} both become the Rust module `{module}`; {hint}",
                first.display(),
                second.display()
            ),
            BuildError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            BuildError::Config { path, detail } => write!(f, "{}: {detail}", path.display()),
        }
    }
}

impl std::error::Error for BuildError {}
