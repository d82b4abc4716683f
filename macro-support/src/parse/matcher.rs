//! Parsing `match = { request: { .. }, response: T, errors: [409], description: "..",
//! deprecated: ".." }` into a [`Matcher`]. Mistakes that still parse (unknown keys,
//! repeats) go to the [`Ctxt`] so the user sees all of them at once.

use proc_macro2::TokenTree;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::{braced, bracketed, Expr, Ident, LitStr, Token, Type};

use super::declared_errors::{self, ErrorItem};
use crate::ctxt::Ctxt;
use crate::symbol::*;

/// Which part of the request a `request` entry describes: the contract's list, so the
/// macros, the runtime and the client spell the parts alike.
pub use bffkit_contract::RequestPart as PartKind;

/// One `request` entry.
pub struct RequestPart {
    pub kind: PartKind,
    pub key: Ident,
    pub ty: Type,
}

/// The parsed `match`.
pub struct Matcher {
    /// The `match` keyword, for errors about the whole matcher.
    pub span: proc_macro2::Span,
    pub request: Vec<RequestPart>,
    pub response: Option<Type>,
    /// Errors the handler itself answers with (4xx/5xx), for the manifest.
    pub errors: Vec<ErrorItem>,
    pub description: Option<LitStr>,
    pub deprecated: Option<LitStr>,
}

/// Parses `{ .. }` after `match =`.
pub fn parse(input: ParseStream, span: proc_macro2::Span, cx: &mut Ctxt) -> syn::Result<Matcher> {
    let content;
    braced!(content in input);
    let mut matcher = Matcher {
        span,
        request: Vec::new(),
        response: None,
        errors: Vec::new(),
        description: None,
        deprecated: None,
    };
    let mut seen: Vec<String> = Vec::new();
    while !content.is_empty() {
        let key = content.call(Ident::parse_any)?;
        content.parse::<Token![:]>()?;
        let name = key.to_string();
        if seen.contains(&name) {
            cx.error(&key, format!("`{name}` is given twice: keep one"));
        }
        seen.push(name.clone());
        match name.as_str() {
            REQUEST => parse_request(&content, &mut matcher.request, cx)?,
            RESPONSE => matcher.response = Some(content.parse()?),
            ERRORS => matcher.errors = parse_errors(&content, cx)?,
            DESCRIPTION => matcher.description = Some(content.parse()?),
            DEPRECATED => matcher.deprecated = Some(content.parse()?),
            _ => {
                cx.error(
                    &key,
                    format!(
                        "unknown key `{name}`: `match` takes `{REQUEST}`, `{RESPONSE}`, `{ERRORS}`, `{DESCRIPTION}` and `{DEPRECATED}`"
                    ),
                );
                skip_value(&content)?;
            }
        }
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(matcher)
}

/// `[409, TODO_EXISTS, (404, 21002)]`: statuses, or errors with their codes.
fn parse_errors(input: ParseStream, cx: &mut Ctxt) -> syn::Result<Vec<ErrorItem>> {
    let content;
    bracketed!(content in input);
    let exprs = Punctuated::<Expr, Token![,]>::parse_terminated(&content)?;
    Ok(declared_errors::items(exprs, cx))
}

fn parse_request(
    input: ParseStream,
    parts: &mut Vec<RequestPart>,
    cx: &mut Ctxt,
) -> syn::Result<()> {
    let content;
    braced!(content in input);
    while !content.is_empty() {
        let key = content.call(Ident::parse_any)?;
        content.parse::<Token![:]>()?;
        match PartKind::from_key(&key.to_string()) {
            Some(kind) => {
                let ty: Type = content.parse()?;
                parts.push(RequestPart { kind, key, ty });
            }
            None => {
                cx.error(
                    &key,
                    format!("unknown request part `{key}`: use {}", known_parts()),
                );
                skip_value(&content)?;
            }
        }
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(())
}

/// Skips an unknown key's value, up to the next top-level comma.
fn skip_value(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// "`params`, `query`, `headers`, `cookies`, and one body of `data`, `body`, …".
fn known_parts() -> String {
    let quoted = |body: bool| -> Vec<String> {
        PartKind::ALL
            .into_iter()
            .filter(|p| p.is_body() == body)
            .map(|p| format!("`{}`", p.name()))
            .collect()
    };
    let bodies = quoted(true);
    let (last, first) = bodies.split_last().expect("the contract lists body parts");
    format!(
        "{}, and one body of {} or {last}",
        quoted(false).join(", "),
        first.join(", ")
    )
}
