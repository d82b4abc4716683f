//! Attribute macros for bffkit lambdas. Each entry point only forwards its tokens to
//! `bffkit-macro-support`, where the expansion lives and is tested; the generated code
//! calls into `bffkit::__private`.
#![forbid(unsafe_code)]

use bffkit_macro_support::{expand_method, expand_schema, CallSite, HttpMethod};
use proc_macro::TokenStream;

/// The macro's call site: its file is known only here, inside the compiler.
fn call_site() -> CallSite {
    CallSite::new(proc_macro::Span::call_site().local_file())
}

macro_rules! method_macro {
    ($($(#[$doc:meta])* $name:ident => $method:ident,)*) => {$(
        $(#[$doc])*
        #[proc_macro_attribute]
        pub fn $name(attr: TokenStream, item: TokenStream) -> TokenStream {
            expand_method(Some(HttpMethod::$method), attr.into(), item.into(), &call_site()).into()
        }
    )*};
}

method_macro! {
    /// Serves this `async fn` for `GET` on its file's route.
    get => Get,
    /// Serves this `async fn` for `POST` on its file's route.
    post => Post,
    /// Serves this `async fn` for `PUT` on its file's route.
    put => Put,
    /// Serves this `async fn` for `DELETE` on its file's route.
    delete => Delete,
    /// Serves this `async fn` for `PATCH` on its file's route.
    patch => Patch,
    /// Serves this `async fn` for `HEAD` on its file's route.
    head => Head,
    /// Serves this `async fn` for `OPTIONS` on its file's route.
    options => Options,
    /// Serves this `async fn` for `TRACE` on its file's route.
    trace => Trace,
    /// Serves this `async fn` for `CONNECT` on its file's route.
    connect => Connect,
}

/// Serves this `async fn` with the method named by the function (`fn post` → `POST`,
/// case-insensitive); any other name means `GET`, like a Modern.js default export.
#[proc_macro_attribute]
pub fn api(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand_method(None, attr.into(), item.into(), &call_site()).into()
}

/// Derives `Serialize`, `Deserialize` and `JsonSchema` through bffkit's re-exports, so a
/// type used by `match` needs no direct serde or schemars dependency. Field attributes
/// (`#[serde(..)]`, `#[schemars(length(min = 1))]`) work as usual.
#[proc_macro_attribute]
pub fn schema(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand_schema(attr.into(), item.into()).into()
}
