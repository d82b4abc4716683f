//! The route model: the table the build script generates (`table.rs`), resolved into the
//! app's routes (`resolve.rs`), and the routes written in code and merged in (`merged.rs`).
//! Both the app (to serve them) and the manifest (to describe them) read it.

mod merged;
mod resolve;
pub(crate) mod table;

pub(crate) use merged::path_param_names;
pub use merged::{MergedRoute, RouteDoc, Routes};
pub(crate) use resolve::resolve;
pub use resolve::{ResolveError, ResolvedRoute};
pub use table::Method;
