//! Parsing the method macros' arguments: `#[get]`, `#[get(auth)]`, `#[get(errors(..))]`,
//! `#[get(crate = "path")]`, `#[api(match = { .. })]`.

use proc_macro2::{Span, TokenStream};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, Meta, Token};

use super::declared_errors::{self, ErrorItem};
use super::matcher::{self, Matcher};
use crate::ctxt::Ctxt;
use crate::symbol::{AUTH, CRATE, ERRORS};

/// Options shared by every method macro.
pub struct HandlerArgs {
    /// Path of the bffkit crate, for crates that re-export it.
    pub krate: syn::Path,
    /// `match = { .. }`: a schema route.
    pub matcher: Option<Matcher>,
    /// `auth`, where it is written: the route requires a signed-in session (401 otherwise).
    pub auth: Option<Span>,
    /// `errors(TODO_EXISTS, (404, 21002))`: the errors the handler answers with.
    pub declared_errors: Vec<ErrorItem>,
}

impl HandlerArgs {
    /// Parses `attr`; mistakes that still parse go to `cx`.
    pub fn parse(attr: TokenStream, cx: &mut Ctxt) -> syn::Result<HandlerArgs> {
        (|input: ParseStream| parse_args(input, cx)).parse2(attr)
    }
}

fn parse_args(input: ParseStream, cx: &mut Ctxt) -> syn::Result<HandlerArgs> {
    let mut args = HandlerArgs {
        krate: syn::parse_quote!(::bffkit),
        matcher: None,
        auth: None,
        declared_errors: Vec::new(),
    };
    let mut metas = Punctuated::<Meta, Token![,]>::new();
    while !input.is_empty() {
        if input.peek(Token![match]) {
            let keyword = input.parse::<Token![match]>()?;
            input.parse::<Token![=]>()?;
            args.matcher = Some(matcher::parse(input, keyword.span, cx)?);
        } else {
            metas.push(input.parse()?);
        }
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    for meta in metas {
        match &meta {
            Meta::NameValue(nv) if nv.path.is_ident(CRATE) => match &nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) => match s.parse() {
                    Ok(path) => args.krate = path,
                    Err(e) => cx.push(e),
                },
                other => cx.error(other, format!("write `{CRATE} = \"path::to::bffkit\"`")),
            },
            Meta::Path(path) if path.is_ident(AUTH) => args.auth = Some(path.span()),
            Meta::List(list) if list.path.is_ident(ERRORS) => {
                match list.parse_args_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
                    Ok(exprs) => args
                        .declared_errors
                        .extend(declared_errors::items(exprs, cx)),
                    Err(e) => cx.push(e),
                }
            }
            other => cx.error(
                other,
                format!(
                    "unknown option: the method macros take `{AUTH}`, `{ERRORS}(..)`, `match = {{ .. }}` and \
                     `{CRATE} = \"path\"` (e.g. `#[get({AUTH})]`)"
                ),
            ),
        }
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;
    use crate::parse::PartKind;

    fn parse(attr: TokenStream) -> (syn::Result<HandlerArgs>, Vec<String>) {
        let mut cx = Ctxt::default();
        let args = HandlerArgs::parse(attr, &mut cx);
        let errors = match cx.check() {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        };
        (args, errors)
    }

    #[test]
    fn empty_arguments_mean_a_plain_handler_of_bffkit() {
        let (args, errors) = parse(TokenStream::new());
        let args = args.unwrap();
        assert!(errors.is_empty());
        let krate = &args.krate;
        assert_eq!(quote!(#krate).to_string(), quote!(::bffkit).to_string());
        assert!(args.matcher.is_none() && args.auth.is_none() && args.declared_errors.is_empty());
    }

    #[test]
    fn reads_auth_errors_crate_and_match_together() {
        let (args, errors) = parse(quote! {
            auth, errors(409, (404, 21002), TODO_EXISTS), crate = "my::bffkit",
            match = { request: { query: Q, data: D }, response: R }
        });
        let args = args.unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(args.auth.is_some());
        assert_eq!(args.declared_errors.len(), 3);
        let krate = &args.krate;
        assert_eq!(quote!(#krate).to_string(), "my :: bffkit");
        let matcher = args.matcher.unwrap();
        let kinds: Vec<PartKind> = matcher.request.iter().map(|p| p.kind).collect();
        assert!(kinds == [PartKind::Query, PartKind::Data]);
        assert!(matcher.response.is_some());
    }

    #[test]
    fn collects_every_unknown_option() {
        let (args, errors) = parse(quote!(bogus, crate = 1, errors(600, "x")));
        assert!(args.is_ok());
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[0].starts_with("unknown option"));
        assert!(errors[1].starts_with("write `crate = "));
        assert!(errors[2].starts_with("an error status is an HTTP status from 400 to 599"));
        assert!(errors[3].starts_with("declare an error as"));
    }

    #[test]
    fn collects_every_mistake_inside_match() {
        let (args, errors) = parse(quote! {
            match = { request: { nope: u8, query: Q }, response: R, response: R, colour: "red" }
        });
        assert!(args.is_ok());
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("unknown request part `nope`"));
        assert!(errors[1].starts_with("`response` is given twice"));
        assert!(errors[2].starts_with("unknown key `colour`"));
    }

    #[test]
    fn malformed_syntax_stops_parsing() {
        assert!(parse(quote!(match { })).0.is_err());
        assert!(parse(quote!(auth auth)).0.is_err());
    }

    #[test]
    fn camel_case_part_names_are_accepted() {
        let (args, errors) = parse(quote! {
            match = { request: { formData: F }, response: R }
        });
        assert!(errors.is_empty());
        assert!(args.unwrap().matcher.unwrap().request[0].kind == PartKind::FormData);
    }
}
