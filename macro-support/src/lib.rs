//! The expansion logic of bffkit's attribute macros, as an ordinary library (leptos's
//! `server_fn_macro`, wasm-bindgen's `macro-support`): `bffkit-macros` only forwards its
//! token streams here, so every step runs, and is tested, as plain Rust.
//!
//! Each macro goes parse (`parse/`) → check (`check/`) → generate (`generate/`), with one
//! `Ctxt` (`ctxt.rs`) collecting every mistake so the user sees all of them at once. The attribute
//! names live in `symbol.rs`. Generated code reaches the runtime only through
//! `::bffkit::__private` (or `crate = "path"`'s re-export of it).
#![forbid(unsafe_code)]

mod check;
mod ctxt;
mod expand;
mod generate;
mod method;
mod parse;
mod route_lookup;
mod symbol;

pub use expand::{expand_method, expand_schema};
pub use method::HttpMethod;
pub use route_lookup::CallSite;
