//! `#[get]`, `#[post]`, … and `#[api]`: which method a handler serves.

use proc_macro2::TokenStream;
use quote::{format_ident, quote_spanned};

use crate::api_match;
use crate::attr::HandlerArgs;
use crate::handler;

pub use bffkit_contract::Method as HttpMethod;

/// How generated code spells a method.
pub trait MethodTokens {
    /// The `Method` variant (`Get`).
    fn variant(self) -> syn::Ident;
    /// The name in upper case (`GET`).
    fn upper(self) -> &'static str;
}

impl MethodTokens for HttpMethod {
    fn variant(self) -> syn::Ident {
        format_ident!("{}", self.variant_name())
    }

    fn upper(self) -> &'static str {
        self.as_str()
    }
}

/// Expands a method macro; `method` is `None` for `#[api]`.
pub fn expand(method: Option<HttpMethod>, attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut require_feature = TokenStream::new();
    let result = syn::parse2::<HandlerArgs>(attr).and_then(|mut args| {
        require_feature = require_auth_feature(&args);
        let function: syn::ItemFn = syn::parse2(item.clone())?;
        let method =
            method.unwrap_or_else(|| HttpMethod::from_fn_name(&function.sig.ident.to_string()));
        match args.matcher.take() {
            Some(matcher) => api_match::expand(method, args, matcher, function),
            None => {
                // Mistakes in `errors(..)` that still parsed.
                args.errors.check()?;
                handler::expand(method, &args, function)
            }
        }
    });
    let mut out = require_feature;
    match result {
        Ok(tokens) => out.extend(tokens),
        // Keep the function so one mistake doesn't cascade into "not found" errors.
        Err(error) => {
            out.extend(error.into_compile_error());
            out.extend(item);
        }
    }
    out
}

/// `auth` without bffkit's `auth` feature is a compile error at `auth`, whatever else is
/// wrong: the runtime's `require_auth_feature!` expands to one only then.
fn require_auth_feature(args: &HandlerArgs) -> TokenStream {
    let Some(span) = args.auth else {
        return TokenStream::new();
    };
    let krate = &args.krate;
    quote_spanned! {span=>
        const _: () = {
            use #krate::__private as __bffkit;
            __bffkit::require_auth_feature! {}
        };
    }
}
