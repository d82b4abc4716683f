//! `#[get]`, `#[post]`, … and `#[api]`: which method a handler serves.

use proc_macro2::TokenStream;
use quote::format_ident;

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
    /// `fn Post` → `POST`; other names serve `GET`.
    fn from_fn_name(name: &str) -> HttpMethod {
        match name.to_ascii_lowercase().as_str() {
            "post" => HttpMethod::Post,
            "put" => HttpMethod::Put,
            "delete" => HttpMethod::Delete,
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
    let result = syn::parse2::<HandlerArgs>(attr).and_then(|mut args| {
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
    match result {
        Ok(tokens) => tokens,
        // Keep the function so one mistake doesn't cascade into "not found" errors.
        Err(error) => {
            let mut out = error.into_compile_error();
            out.extend(item);
            out
        }
    }
}
