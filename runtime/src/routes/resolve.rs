//! Joins the build script's table (file → route) with the macros' registrations
//! (module + function → handler), failing loudly on anything that doesn't line up.

use std::collections::BTreeMap;
use std::fmt;

use bffkit_contract::rules;

use super::table::{Handler, Method, RouteFile, RouteTable};

pub use bffkit_contract::prefix::join as full_path;

/// A route ready to serve.
#[derive(Clone)]
pub struct ResolvedRoute {
    /// The HTTP method.
    pub method: Method,
    /// Full path in axum syntax, with the prefix (`/api/user/{id}`).
    pub path: String,
    /// Lambda file, relative to the crate root.
    pub file: &'static str,
    /// Handler function name.
    pub function: &'static str,
    /// Dynamic segment names.
    pub params: &'static [&'static str],
    /// The folder middleware around it, outermost first.
    pub middleware: &'static [&'static crate::middleware::FolderMiddleware],
    pub(crate) call:
        fn(axum::extract::Request, crate::context::AppContext) -> super::table::HandlerFuture,
    /// Documents the route's schemas.
    pub describe: fn(&mut crate::schema::OperationDoc),
}

impl fmt::Debug for ResolvedRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({} {})",
            self.method.as_str(),
            self.path,
            self.file,
            self.function
        )
    }
}

/// Registrations that do not line up with the route table.
#[derive(Debug)]
pub struct ResolveError(pub Vec<String>);

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// Resolves every registered handler against the tables, sorted by path then method.
/// `prefix` is the configuration's, which must be the one the tables were built with.
pub fn resolve<'a>(
    tables: impl IntoIterator<Item = &'a RouteTable>,
    handlers: impl IntoIterator<Item = &'a Handler>,
    prefix: &str,
) -> Result<Vec<ResolvedRoute>, ResolveError> {
    let mut files: BTreeMap<String, &'static RouteFile> = BTreeMap::new();
    let mut roots: Vec<&str> = Vec::new();
    let mut problems = Vec::new();
    for table in tables {
        if table.prefix != prefix {
            problems.push(different_prefix(table, prefix));
        }
        roots.push(table.root_module);
        for file in table.files {
            files.insert(format!("{}::{}", table.root_module, file.module), file);
        }
    }
    let mut routes: BTreeMap<(String, Method), ResolvedRoute> = BTreeMap::new();
    for handler in handlers {
        let Some(file) = files.get(handler.module) else {
            problems.push(if roots.is_empty() {
                format!(
                    "{}:{}: `{}` is registered, but this crate has no route table: add `bffkit::include_routes!();` to main.rs and `bffkit_build::build()` to build.rs",
                    handler.file, handler.line, handler.function
                )
            } else {
                format!(
                    "{}:{}: `{}` is not in a lambda file: route handlers belong in files under the lambda directory",
                    handler.file, handler.line, handler.function
                )
            });
            continue;
        };
        let path = full_path(prefix, file.route);
        let mut served = vec![(path, file.params)];
        if file.optional_rest {
            // `[[...rest]]` with zero segments: the route without `/{*rest}`.
            let base = rules::without_catch_all(file.route);
            let params = &file.params[..file.params.len().saturating_sub(1)];
            served.push((full_path(prefix, base), params));
        }
        for (path, params) in served {
            let route = ResolvedRoute {
                method: handler.method,
                path: path.clone(),
                file: file.file,
                function: handler.function,
                params,
                middleware: file.middleware,
                call: handler.call,
                describe: handler.describe,
            };
            if let Some(existing) = routes.insert((path.clone(), handler.method), route) {
                problems.push(format!(
                    "{}: {} {} is defined twice, by `{}` and `{}`",
                    file.file,
                    handler.method.as_str(),
                    path,
                    existing.function,
                    handler.function
                ));
            }
        }
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(ResolveError(problems));
    }
    Ok(routes.into_values().collect())
}

/// The prefix is decided once, at build time: a run-time configuration (`BFFKIT_CONFIG`,
/// `App::config`) that names another would serve routes the macros' messages, the route
/// table and the manifest disagree on.
fn different_prefix(table: &RouteTable, prefix: &str) -> String {
    format!(
        "{}: the routes were built with the prefix `{}` (`[routes] prefix` in bffkit.toml), \
         but the configuration says `{prefix}`; the prefix is decided at build time: change \
         it in bffkit.toml and rebuild",
        table.package, table.prefix
    )
}
