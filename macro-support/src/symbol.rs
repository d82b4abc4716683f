//! Every name the macros read from an attribute, kept once (serde_derive's `symbol.rs`).

/// `crate = "path"`: the bffkit crate's path, for crates that re-export it.
pub const CRATE: &str = "crate";
/// `auth`: the route requires a signed-in session.
pub const AUTH: &str = "auth";
/// `errors(..)` on a method macro, `errors: [..]` in `match`.
pub const ERRORS: &str = "errors";
/// `match = { .. }`'s keys.
pub const REQUEST: &str = "request";
/// `response: T` in `match`.
pub const RESPONSE: &str = "response";
/// `description: ".."` in `match`.
pub const DESCRIPTION: &str = "description";
/// `deprecated: ".."` in `match`.
pub const DEPRECATED: &str = "deprecated";
/// A doc comment, `#[doc = ".."]`.
pub const DOC: &str = "doc";
