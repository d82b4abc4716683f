//! `#[get]`, `#[post]`, … and `#[api]`: which method a handler serves.

use proc_macro2::TokenStream;
use quote::{format_ident, quote_spanned};

use crate::api_match;
use crate::attr::HandlerArgs;
use crate::handler;

/// The nine methods of the seed, in bffkit's `Method` spelling.
#[derive(Clone, Copy)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
    Connect,
}

impl HttpMethod {
    /// `fn Post` → `POST`; `fn del` → `DELETE` (Modern.js's spelling, as `delete` is
    /// reserved in JavaScript); other names serve `GET`.
    fn from_fn_name(name: &str) -> HttpMethod {
        match name.to_ascii_lowercase().as_str() {
            "post" => HttpMethod::Post,
            "put" => HttpMethod::Put,
            "delete" | "del" => HttpMethod::Delete,
            "patch" => HttpMethod::Patch,
            "head" => HttpMethod::Head,
            "options" => HttpMethod::Options,
            "trace" => HttpMethod::Trace,
            "connect" => HttpMethod::Connect,
            _ => HttpMethod::Get,
        }
    }

    pub fn variant(self) -> syn::Ident {
        let name = match self {
            HttpMethod::Get => "Get",
            HttpMethod::Post => "Post",
            HttpMethod::Put => "Put",
            HttpMethod::Delete => "Delete",
            HttpMethod::Patch => "Patch",
            HttpMethod::Head => "Head",
            HttpMethod::Options => "Options",
            HttpMethod::Trace => "Trace",
            HttpMethod::Connect => "Connect",
        };
        format_ident!("{name}")
    }

    pub fn upper(self) -> String {
        self.variant().to_string().to_ascii_uppercase()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_pick_the_method_in_any_case() {
        for (name, method) in [
            ("get", "GET"),
            ("Post", "POST"),
            ("del", "DELETE"),
            ("DEL", "DELETE"),
            ("Del", "DELETE"),
            ("delete", "DELETE"),
            ("CONNECT", "CONNECT"),
            ("list", "GET"),
            ("deleted", "GET"),
        ] {
            assert_eq!(HttpMethod::from_fn_name(name).upper(), method, "fn {name}");
        }
    }
}
