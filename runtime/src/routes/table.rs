//! What the build script generates (`RouteTable`) and what the attribute macros
//! register (`Handler`); both are collected through `inventory`.

use std::future::Future;
use std::pin::Pin;

use axum::extract::Request;
use axum::response::Response;

use crate::context::AppContext;
use crate::schema::OperationDoc;

/// The generated table of lambda files for one crate.
#[derive(Debug)]
pub struct RouteTable {
    /// `module_path!()` of the generated module: registrations are joined below it.
    pub root_module: &'static str,
    /// The app's package name (the manifest's title).
    pub package: &'static str,
    /// The app's package version.
    pub version: &'static str,
    /// The route prefix, decided at build time by `[routes] prefix` in `bffkit.toml`
    /// (default `/api`): the one prefix the routes, the macros' messages and the manifest use.
    pub prefix: &'static str,
    /// The text of `bffkit.toml`, embedded at build time.
    pub config: Option<&'static str>,
    /// One entry per lambda file.
    pub files: &'static [RouteFile],
}

/// One lambda file.
#[derive(Debug)]
pub struct RouteFile {
    /// Module path below [`RouteTable::root_module`].
    pub module: &'static str,
    /// Path relative to the crate root.
    pub file: &'static str,
    /// Route relative to the prefix, axum syntax (`/user/{id}`).
    pub route: &'static str,
    /// Dynamic segment names in path order.
    pub params: &'static [&'static str],
    /// The route ends in `[[...name]]`: it also serves the path without that segment.
    pub optional_rest: bool,
    /// The `_middleware.rs` files of its folder and those above, outermost first.
    pub middleware: &'static [&'static crate::middleware::FolderMiddleware],
}

/// Submitted once by the generated table.
pub struct TableEntry(pub &'static RouteTable);
inventory::collect!(TableEntry);

/// The boxed future a type-erased handler returns.
pub type HandlerFuture = Pin<Box<dyn Future<Output = Response> + Send>>;

pub use bffkit_contract::Method;

pub(crate) use crate::merged::MethodFilter;

/// One handler function, registered by `#[get]` and friends.
pub struct Handler {
    /// `module_path!()` where the function lives.
    pub module: &'static str,
    /// The function's name.
    pub function: &'static str,
    /// `file!()` of the function, for messages.
    pub file: &'static str,
    /// `line!()` of the attribute.
    pub line: u32,
    /// The HTTP method.
    pub method: Method,
    /// Extracts the arguments, calls the function and answers.
    pub call: fn(Request, AppContext) -> HandlerFuture,
    /// Documents the request parts and the response.
    pub describe: fn(&mut OperationDoc),
}
inventory::collect!(Handler);
