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

/// Which part of the request a `request` entry describes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    Params,
    Query,
    Headers,
    Cookies,
    Data,
    Body,
    FormData,
    FormUrlencoded,
}

impl PartKind {
    /// Both the snake_case and the seed's camelCase spellings.
    pub fn from_key(key: &str) -> Option<PartKind> {
        Some(match key {
            PARAMS => PartKind::Params,
            QUERY => PartKind::Query,
            HEADERS => PartKind::Headers,
            COOKIES => PartKind::Cookies,
            DATA => PartKind::Data,
            BODY => PartKind::Body,
            FORM_DATA | FORM_DATA_CAMEL => PartKind::FormData,
            FORM_URLENCODED | FORM_URLENCODED_CAMEL => PartKind::FormUrlencoded,
            _ => return None,
        })
    }

    /// The argument name that binds this part.
    pub fn name(self) -> &'static str {
        match self {
            PartKind::Params => PARAMS,
            PartKind::Query => QUERY,
            PartKind::Headers => HEADERS,
            PartKind::Cookies => COOKIES,
            PartKind::Data => DATA,
            PartKind::Body => BODY,
            PartKind::FormData => FORM_DATA,
            PartKind::FormUrlencoded => FORM_URLENCODED,
        }
    }

    pub fn is_body(self) -> bool {
        matches!(
            self,
            PartKind::Data | PartKind::Body | PartKind::FormData | PartKind::FormUrlencoded
        )
    }

    pub const ALL: [PartKind; 8] = [
        PartKind::Params,
        PartKind::Query,
        PartKind::Headers,
        PartKind::Cookies,
        PartKind::Data,
        PartKind::Body,
        PartKind::FormData,
        PartKind::FormUrlencoded,
    ];
}

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
                    format!(
                        "unknown request part `{key}`: use `{PARAMS}`, `{QUERY}`, `{HEADERS}`, `{COOKIES}`, and one body of \
                         `{DATA}`, `{BODY}`, `{FORM_DATA}` or `{FORM_URLENCODED}`"
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
    Ok(())
}

/// Skips an unknown key's value, up to the next top-level comma.
fn skip_value(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}
