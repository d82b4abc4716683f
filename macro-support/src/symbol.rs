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

/// The request parts of `match = { request: { .. } }`, as their arguments are named.
pub const PARAMS: &str = "params";
/// See [`PARAMS`].
pub const QUERY: &str = "query";
/// See [`PARAMS`].
pub const HEADERS: &str = "headers";
/// See [`PARAMS`].
pub const COOKIES: &str = "cookies";
/// See [`PARAMS`].
pub const DATA: &str = "data";
/// See [`PARAMS`].
pub const BODY: &str = "body";
/// See [`PARAMS`].
pub const FORM_DATA: &str = "form_data";
/// See [`PARAMS`].
pub const FORM_URLENCODED: &str = "form_urlencoded";
/// The seed's camelCase spelling of [`FORM_DATA`].
pub const FORM_DATA_CAMEL: &str = "formData";
/// The seed's camelCase spelling of [`FORM_URLENCODED`].
pub const FORM_URLENCODED_CAMEL: &str = "formUrlencoded";
