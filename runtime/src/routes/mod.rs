//! The route model: the table the build script generates (`table.rs`), resolved into the
//! app's routes (`resolve.rs`), and the routes written in code and merged in
//! (`crate::merged`, a module of its own so that bffkit's own modules can build theirs
//! with it). Both the app (to serve them) and the manifest (to describe them) read it.

mod resolve;
pub(crate) mod table;

pub(crate) use crate::merged::path_param_names;
pub use crate::merged::{MergedRoute, RouteDoc, Routes};
pub(crate) use resolve::resolve;
pub use resolve::{ResolveError, ResolvedRoute};
pub use table::Method;
