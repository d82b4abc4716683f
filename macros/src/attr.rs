//! Parsing the macros' arguments: `#[get]`, `#[get(crate = "path")]`,
//! `#[api(match = { .. })]`.

use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Lit, Meta, Token};

use crate::api_match::{attr as match_attr, Ctxt, Matcher};
use crate::declared_errors::{self, ErrorItem};

/// Options shared by every method macro.
pub struct HandlerArgs {
    /// Path of the bffkit crate, for crates that re-export it.
    pub krate: syn::Path,
    /// `match = { .. }`: a schema route.
    pub matcher: Option<Matcher>,
    /// Mistakes in `match` that still parsed, reported with the signature's.
    pub errors: Ctxt,
    /// `auth`, where it is written: the route requires a signed-in session (401 otherwise).
    pub auth: Option<proc_macro2::Span>,
    /// `errors(TODO_EXISTS, (404, 21002))`: the errors the handler answers with.
    pub declared_errors: Vec<ErrorItem>,
}

impl Parse for HandlerArgs {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut krate: syn::Path = syn::parse_quote!(::bffkit);
        let mut errors: Option<syn::Error> = None;
        let mut matcher = None;
        let mut auth = None;
        let mut declared = Vec::new();
        let mut cx = Ctxt::default();
        let mut metas = Punctuated::<Meta, Token![,]>::new();
        while !input.is_empty() {
            if input.peek(Token![match]) {
                let keyword = input.parse::<Token![match]>()?;
                input.parse::<Token![=]>()?;
                matcher = Some(match_attr::parse(input, keyword.span, &mut cx)?);
            } else {
                metas.push(input.parse()?);
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        for meta in metas {
            let result = match &meta {
                Meta::NameValue(nv) if nv.path.is_ident("crate") => match &nv.value {
                    Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => s.parse().map(|p| krate = p),
                    other => Err(syn::Error::new_spanned(other, "write `crate = \"path::to::bffkit\"`")),
                },
                Meta::Path(path) if path.is_ident("auth") => {
                    auth = Some(syn::spanned::Spanned::span(path));
                    Ok(())
                }
                Meta::List(list) if list.path.is_ident("errors") => list
                    .parse_args_with(Punctuated::<Expr, Token![,]>::parse_terminated)
                    .map(|exprs| declared.extend(declared_errors::items(exprs, &mut cx))),
                other => Err(syn::Error::new_spanned(
                    other,
                    "unknown option: the method macros take `auth`, `errors(..)`, `match = { .. }` and `crate = \"path\"` (e.g. `#[get(auth)]`)",
                )),
            };
            if let Err(e) = result {
                match &mut errors {
                    Some(all) => all.combine(e),
                    None => errors = Some(e),
                }
            }
        }
        match errors {
            Some(e) => Err(e),
            None => Ok(HandlerArgs {
                krate,
                matcher,
                errors: cx,
                auth,
                declared_errors: declared,
            }),
        }
    }
}
