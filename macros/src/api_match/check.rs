//! Checks a [`Matcher`] against itself, the handler's arguments and the route: one body,
//! a `response`, every part bound to exactly one argument, `params` iff the route has
//! dynamic segments.

use quote::ToTokens;
use syn::{FnArg, ItemFn, Pat, Type};

use super::attr::{Matcher, PartKind};
use super::Ctxt;

/// What an argument of the handler is.
pub enum Binding {
    /// The value of a `request` part (index into `Matcher::request`).
    Part(usize),
    /// An ordinary parts extractor (`State<T>`, `HeaderMap`, ...).
    Extractor,
}

/// Checks the matcher alone.
pub fn matcher(matcher: &Matcher, cx: &mut Ctxt) {
    let mut body: Option<&syn::Ident> = None;
    for (i, part) in matcher.request.iter().enumerate() {
        if matcher.request[..i].iter().any(|p| p.kind == part.kind) {
            cx.error(
                &part.key,
                format!("`{}` is given twice: keep one", part.kind.name()),
            );
            continue;
        }
        if part.kind.is_body() {
            if let Some(first) = body {
                cx.error(
                    &part.key,
                    format!(
                        "a request has one body: choose data (JSON), body (text), form_data (multipart) or \
                         form_urlencoded, not both `{first}` and `{}`",
                        part.key
                    ),
                );
            } else {
                body = Some(&part.key);
            }
        }
        if part.kind == PartKind::Body && !is_string(&part.ty) {
            cx.error(
                &part.ty,
                "`body` is the text of a `text/plain` request: write `body: String`",
            );
        }
    }
    if matcher.response.is_none() {
        cx.error_at(
            matcher.span,
            "`match` needs the output type: add `response: T` (e.g. `response: i64`)",
        );
    }
}

/// Binds each argument to a part (by name, or by type when the pattern destructures) or
/// marks it an extractor; every part must be bound once.
pub fn bindings(matcher: &Matcher, function: &ItemFn, cx: &mut Ctxt) -> Vec<Binding> {
    let mut bound = vec![false; matcher.request.len()];
    let mut out = Vec::new();
    for arg in &function.sig.inputs {
        let FnArg::Typed(arg) = arg else {
            out.push(Binding::Extractor);
            continue;
        };
        let by_name = match &*arg.pat {
            Pat::Ident(ident) => {
                let name = ident.ident.to_string();
                let name = name.trim_start_matches('_');
                PartKind::ALL
                    .iter()
                    .find(|k| k.name() == name)
                    .map(|kind| (*kind, matcher.request.iter().position(|p| p.kind == *kind)))
            }
            _ => None,
        };
        let index = match by_name {
            Some((_, Some(index))) => Some(index),
            Some((kind, None)) => {
                cx.error(
                    &arg.pat,
                    format!(
                        "`{0}` is not in `match`'s `request`: add `{0}: {1}` there, or rename the argument",
                        kind.name(),
                        type_text(&arg.ty)
                    ),
                );
                None
            }
            None if !matches!(&*arg.pat, Pat::Ident(_)) => matcher
                .request
                .iter()
                .position(|p| same_type(&p.ty, &arg.ty)),
            None => None,
        };
        match index {
            Some(index) if bound[index] => {
                cx.error(
                    &arg.pat,
                    format!(
                        "`{}` is already bound to another argument",
                        matcher.request[index].kind.name()
                    ),
                );
                out.push(Binding::Extractor);
            }
            Some(index) => {
                bound[index] = true;
                out.push(Binding::Part(index));
            }
            None => out.push(Binding::Extractor),
        }
    }
    for (part, bound) in matcher.request.iter().zip(bound) {
        if !bound {
            cx.error(
                &part.key,
                format!(
                    "`{0}` has no argument: add `{0}: {1}` to the handler's arguments",
                    part.kind.name(),
                    type_text(&part.ty)
                ),
            );
        }
    }
    out
}

/// `params` must be given exactly when the route has dynamic segments.
pub fn route_params(
    matcher: &Matcher,
    display: &str,
    route: &str,
    params: &[String],
    cx: &mut Ctxt,
) {
    let given = matcher.request.iter().find(|p| p.kind == PartKind::Params);
    match (given, params.is_empty()) {
        (None, false) => cx.error_at(
            matcher.span,
            format!(
                "{display} serves `{route}`, which has path parameters: add `params: T` to `request`, where `T` has \
                 the field{} {}",
                if params.len() > 1 { "s" } else { "" },
                params.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
            ),
        ),
        (Some(part), true) => cx.error(
            &part.key,
            format!("{display} serves `{route}`, which has no path parameters: remove `params`"),
        ),
        _ => {}
    }
}

fn is_string(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "String"))
}

/// A type as written (`Vec<u8>`, not `Vec < u8 >`).
fn type_text(ty: &Type) -> String {
    ty.to_token_stream()
        .to_string()
        .replace(" < ", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" & ", "&")
}

fn same_type(a: &Type, b: &Type) -> bool {
    a.to_token_stream().to_string() == b.to_token_stream().to_string()
}
