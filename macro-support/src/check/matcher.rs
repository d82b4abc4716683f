//! Checks a [`Matcher`] against itself, the handler's arguments and the route: one body,
//! a `response`, every part bound to exactly one argument, `params` iff the route has
//! dynamic segments.
//!
//! An argument binds a part by its name (`query: Q`). A destructuring pattern
//! (`Add { a, b }: Add`) has no name: it binds the part of the same written type, or else
//! the one part left unbound. Either way the generated `let` gives the part's value the
//! argument's type, so the compiler, not the spelling, has the last word: an alias or a
//! renamed import binds by elimination and type-checks.

use quote::ToTokens;
use syn::{FnArg, ItemFn, Pat, Type};

use crate::ctxt::Ctxt;
use crate::parse::{Matcher, PartKind};

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

/// Binds each argument to a part (by name, or for a destructuring pattern by type or
/// elimination) or marks it an extractor; every part must be bound once.
pub fn bindings(matcher: &Matcher, function: &ItemFn, cx: &mut Ctxt) -> Vec<Binding> {
    let mut bound = vec![false; matcher.request.len()];
    let mut out: Vec<Option<Binding>> = Vec::new();
    // Destructuring patterns, bound once the named arguments have taken their parts.
    let mut unnamed: Vec<(usize, &syn::PatType)> = Vec::new();
    for arg in &function.sig.inputs {
        let FnArg::Typed(arg) = arg else {
            out.push(Some(Binding::Extractor));
            continue;
        };
        let Pat::Ident(ident) = &*arg.pat else {
            unnamed.push((out.len(), arg));
            out.push(None);
            continue;
        };
        let name = ident.ident.to_string();
        let name = name.trim_start_matches('_');
        let Some(kind) = PartKind::ALL.iter().find(|k| k.name() == name) else {
            out.push(Some(Binding::Extractor));
            continue;
        };
        let Some(index) = matcher.request.iter().position(|p| p.kind == *kind) else {
            cx.error(
                &arg.pat,
                format!(
                    "`{0}` is not in `match`'s `request`: add `{0}: {1}` there, or rename the argument",
                    kind.name(),
                    type_text(&arg.ty)
                ),
            );
            out.push(Some(Binding::Extractor));
            continue;
        };
        out.push(Some(bind(matcher, index, &mut bound, arg, cx)));
    }
    let mut pending = Vec::new();
    for (slot, arg) in unnamed {
        match matcher
            .request
            .iter()
            .position(|p| same_type(&p.ty, &arg.ty))
        {
            Some(index) => out[slot] = Some(bind(matcher, index, &mut bound, arg, cx)),
            None => pending.push((slot, arg)),
        }
    }
    let unbound: Vec<usize> = (0..bound.len()).filter(|i| !bound[*i]).collect();
    if let ([(slot, arg)], [index]) = (pending.as_slice(), unbound.as_slice()) {
        out[*slot] = Some(bind(matcher, *index, &mut bound, arg, cx));
    }
    for (part, bound) in matcher.request.iter().zip(&bound) {
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
    out.into_iter()
        .map(|binding| binding.unwrap_or(Binding::Extractor))
        .collect()
}

fn bind(
    matcher: &Matcher,
    index: usize,
    bound: &mut [bool],
    arg: &syn::PatType,
    cx: &mut Ctxt,
) -> Binding {
    if bound[index] {
        cx.error(
            &arg.pat,
            format!(
                "`{}` is already bound to another argument",
                matcher.request[index].kind.name()
            ),
        );
        return Binding::Extractor;
    }
    bound[index] = true;
    Binding::Part(index)
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

/// Written the same: the first choice for a destructuring pattern, before elimination.
fn same_type(a: &Type, b: &Type) -> bool {
    a.to_token_stream().to_string() == b.to_token_stream().to_string()
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::quote;
    use syn::parse_quote;

    use super::*;
    use crate::parse::HandlerArgs;

    fn parsed(attr: TokenStream) -> Matcher {
        let mut cx = Ctxt::default();
        let args = HandlerArgs::parse(attr, &mut cx).unwrap();
        cx.check().unwrap();
        args.matcher.unwrap()
    }

    fn messages(cx: &mut Ctxt) -> Vec<String> {
        match cx.check() {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    fn bound(attr: TokenStream, function: ItemFn) -> (Vec<Option<usize>>, Vec<String>) {
        let matcher = parsed(attr);
        let mut cx = Ctxt::default();
        let out = bindings(&matcher, &function, &mut cx)
            .into_iter()
            .map(|b| match b {
                Binding::Part(i) => Some(i),
                Binding::Extractor => None,
            })
            .collect();
        (out, messages(&mut cx))
    }

    #[test]
    fn one_body_and_a_response() {
        let matcher =
            parsed(quote!(match = { request: { data: A, form_data: B, query: Q, query: Q } }));
        let mut cx = Ctxt::default();
        super::matcher(&matcher, &mut cx);
        let found = messages(&mut cx);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("a request has one body"));
        assert_eq!(found[1], "`query` is given twice: keep one");
        assert!(found[2].starts_with("`match` needs the output type"));
    }

    #[test]
    fn body_is_text() {
        let matcher = parsed(quote!(match = { request: { body: Vec<u8> }, response: () }));
        let mut cx = Ctxt::default();
        super::matcher(&matcher, &mut cx);
        assert_eq!(
            messages(&mut cx),
            ["`body` is the text of a `text/plain` request: write `body: String`"]
        );
    }

    #[test]
    fn binds_by_name_then_type_then_elimination() {
        let attr = quote!(match = { request: { query: Q, data: Add, headers: H }, response: i64 });
        let (out, errors) = bound(
            attr,
            parse_quote!(
                async fn post(
                    H { h }: Alias,
                    state: State<S>,
                    _query: Q,
                    Add { a, b }: Add,
                ) -> i64 {
                    0
                }
            ),
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(out, [Some(2), None, Some(0), Some(1)]);
    }

    #[test]
    fn every_part_needs_one_argument() {
        let attr = quote!(match = { request: { query: Q, data: D }, response: i64 });
        let (_, errors) = bound(
            attr,
            parse_quote!(
                async fn post(query: Q, params: P) -> i64 {
                    0
                }
            ),
        );
        assert_eq!(
            errors,
            [
                "`params` is not in `match`'s `request`: add `params: P` there, or rename the argument",
                "`data` has no argument: add `data: D` to the handler's arguments",
            ]
        );
    }

    #[test]
    fn a_part_binds_once() {
        let attr = quote!(match = { request: { data: D }, response: i64 });
        let (_, errors) = bound(
            attr,
            parse_quote!(
                async fn post(data: D, D { x }: D) -> i64 {
                    0
                }
            ),
        );
        assert_eq!(errors, ["`data` is already bound to another argument"]);
    }

    #[test]
    fn params_exactly_when_the_route_has_segments() {
        let route = |attr: TokenStream, params: &[&str]| {
            let params: Vec<String> = params.iter().map(|p| p.to_string()).collect();
            let mut cx = Ctxt::default();
            route_params(&parsed(attr), "api/lambda/x.rs", "/api/x", &params, &mut cx);
            messages(&mut cx)
        };
        assert!(route(
            quote!(match = { request: { params: P }, response: () }),
            &["id"]
        )
        .is_empty());
        assert!(route(quote!(match = { response: () }), &[]).is_empty());
        assert_eq!(
            route(quote!(match = { response: () }), &["shop", "id"]),
            ["api/lambda/x.rs serves `/api/x`, which has path parameters: add `params: T` to `request`, where `T` \
              has the fields `shop`, `id`"]
        );
        assert_eq!(
            route(
                quote!(match = { request: { params: P }, response: () }),
                &[]
            ),
            ["api/lambda/x.rs serves `/api/x`, which has no path parameters: remove `params`"]
        );
    }

    #[test]
    fn types_read_as_written() {
        assert_eq!(
            type_text(&parse_quote!(Vec<std::string::String>)),
            "Vec<std::string::String>"
        );
        assert_eq!(
            type_text(&parse_quote!(HashMap<String, u8>)),
            "HashMap<String, u8>"
        );
    }
}
