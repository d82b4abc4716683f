//! Checks a handler's signature and emits its registration: path parameters first, then
//! extractors, the last of which may read the body.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, Pat, Type};

use crate::attr::HandlerArgs;
use crate::method::{HttpMethod, MethodTokens as _};
use crate::route_lookup::{self, RouteInfo};

/// Expands a plain handler (no `match`).
pub fn expand(
    method: HttpMethod,
    args: &HandlerArgs,
    function: ItemFn,
) -> syn::Result<TokenStream> {
    combine(check_signature(&function))?;
    let inputs = typed_inputs(&function)?;
    let params = match route_lookup::lookup(Span::call_site())? {
        RouteInfo::Known(route) => {
            if inputs.len() < route.params.len() {
                let wanted: Vec<String> = route
                    .params
                    .iter()
                    .map(|p| format!("{p}: String"))
                    .collect();
                return Err(syn::Error::new(
                    function.sig.paren_token.span.join(),
                    format!(
                        "{} serves `{}`, so the first argument{} must be the path parameter{}: add `{}`",
                        route.display,
                        route.route,
                        if wanted.len() > 1 { "s" } else { "" },
                        if wanted.len() > 1 { "s" } else { "" },
                        wanted.join(", ")
                    ),
                ));
            }
            route.params
        }
        RouteInfo::Unknown => guess_params(&inputs),
        RouteInfo::Helper => return Ok(quote!(#function)),
    };

    let name = &function.sig.ident;
    let mut lets = Vec::new();
    let mut call_args = Vec::new();
    if !params.is_empty() {
        lets.push(quote! {
            let __params = match __bffkit::PathParams::from_parts(&mut __parts, &__ctx).await {
                ::core::result::Result::Ok(p) => p,
                ::core::result::Result::Err(e) => return __bffkit::error_response(e),
            };
        });
    }
    for (i, input) in inputs.iter().enumerate() {
        let ty = &input.ty;
        let var = format_ident!("__arg{i}");
        call_args.push(var.clone());
        let tokens = if let Some(param) = params.get(i) {
            quote_spanned! {ty.span()=>
                let #var: #ty = match __params.parse::<#ty>(#param) {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(e) => return __bffkit::error_response(e),
                };
            }
        } else if i + 1 == inputs.len() {
            quote_spanned! {ty.span()=>
                let #var: #ty = match __bffkit::from_request::<#ty, _>(__parts, __body, &__ctx).await {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(r) => return r,
                };
            }
        } else {
            quote_spanned! {ty.span()=>
                let #var: #ty = match __bffkit::from_parts::<#ty>(&mut __parts, &__ctx).await {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(r) => return r,
                };
            }
        };
        lets.push(tokens);
    }
    let mut describe = describe_calls(&function, &inputs, &params);
    describe.extend(crate::declared_errors::describe(&args.declared_errors));
    let body_unused = inputs.len() <= params.len();
    let drop_body = body_unused.then(|| quote!(let _ = (__body, &mut __parts);));
    let call = quote! {
        #[allow(unused_mut)]
        let (mut __parts, __body) = __request.into_parts();
        #drop_body
        #(#lets)*
        let __out = #name(#(#call_args),*).await;
        (&mut __bffkit::Responder(::core::option::Option::Some(__out))).respond(&__ctx)
    };
    Ok(registration(
        method,
        &args.krate,
        args.auth,
        &function,
        call,
        describe,
    ))
}

/// The function, its one-handler-per-method guard, and its `inventory` registration with
/// `call` (the body of `async move`, answering a `__request` with `__ctx`) and `describe`
/// (statements filling `__doc`).
pub fn registration(
    method: HttpMethod,
    krate: &syn::Path,
    auth: Option<Span>,
    function: &ItemFn,
    call: TokenStream,
    mut describe: Vec<TokenStream>,
) -> TokenStream {
    // `#[get(auth)]`: refuse requests without a session before any argument is read.
    let guard = auth.map(|_| {
        describe.push(quote!(__doc.requires_auth = true;));
        quote! {
            let __request = match __bffkit::require_session(__request, &__ctx).await {
                ::core::result::Result::Ok(request) => request,
                ::core::result::Result::Err(response) => return response,
            };
        }
    });
    let name = &function.sig.ident;
    let name_str = name.to_string();
    let variant = method.variant();
    let once = format_ident!(
        "__bffkit_only_one_{}_handler_per_file",
        method.upper(),
        span = name.span()
    );
    quote! {
        #function

        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code)]
        const #once: () = ();

        const _: () = {
            use #krate::__private as __bffkit;
            #[allow(unused_imports)]
            use __bffkit::{
                DescribeArg as _, DescribeArgNothing as _, DescribeNothing as _, DescribeSchema as _, RespondJson as _,
                RespondWith as _,
            };

            fn __bffkit_call(__request: __bffkit::Request, __ctx: __bffkit::AppContext) -> __bffkit::HandlerFuture {
                ::std::boxed::Box::pin(async move {
                    #guard
                    #call
                })
            }

            #[allow(unused_variables)]
            fn __bffkit_describe(__doc: &mut __bffkit::OperationDoc) {
                #(#describe)*
            }

            __bffkit::inventory::submit! {
                __bffkit::Handler {
                    module: ::core::module_path!(),
                    function: #name_str,
                    file: ::core::file!(),
                    line: ::core::line!(),
                    method: __bffkit::Method::#variant,
                    call: __bffkit_call,
                    describe: __bffkit_describe,
                }
            }
        };
    }
}

/// The arguments, which must not include `self`.
pub fn typed_inputs(function: &ItemFn) -> syn::Result<Vec<&syn::PatType>> {
    function
        .sig
        .inputs
        .iter()
        .map(|arg| match arg {
            FnArg::Typed(t) => Ok(t),
            FnArg::Receiver(r) => Err(syn::Error::new_spanned(
                r,
                "a handler is a free function: remove `self`",
            )),
        })
        .collect()
}

/// All errors as one.
pub fn combine(errors: Vec<syn::Error>) -> syn::Result<()> {
    let mut errors = errors.into_iter();
    match errors.next() {
        None => Ok(()),
        Some(mut first) => {
            errors.for_each(|e| first.combine(e));
            Err(first)
        }
    }
}

/// What makes a function unusable as a handler, whatever its attribute says.
pub fn check_signature(function: &ItemFn) -> Vec<syn::Error> {
    let sig = &function.sig;
    let mut errors: Vec<syn::Error> = Vec::new();
    if sig.asyncness.is_none() {
        errors.push(syn::Error::new_spanned(
            sig.fn_token,
            format!(
                "bffkit handlers must be async: write `async fn {}`",
                sig.ident
            ),
        ));
    }
    if !sig.generics.params.is_empty() {
        errors.push(syn::Error::new_spanned(
            &sig.generics,
            "a handler cannot be generic: its argument and return types decide how requests are read and answered",
        ));
    }
    if let Some(variadic) = &sig.variadic {
        errors.push(syn::Error::new_spanned(
            variadic,
            "a handler cannot be variadic",
        ));
    }
    for arg in &sig.inputs {
        if let FnArg::Typed(t) = arg {
            if let Type::ImplTrait(_) = *t.ty {
                errors.push(syn::Error::new_spanned(
                    &t.ty,
                    "write a concrete type here, not `impl Trait`",
                ));
            }
        }
    }
    errors
}

/// Without a file (some IDE expansions), treat leading plain-typed arguments as params.
fn guess_params(inputs: &[&syn::PatType]) -> Vec<String> {
    const PLAIN: &[&str] = &[
        "String", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128",
        "isize", "f32", "f64", "bool", "char", "Uuid",
    ];
    inputs
        .iter()
        .take_while(|input| match &*input.ty {
            Type::Path(p) => p
                .path
                .segments
                .last()
                .is_some_and(|s| PLAIN.contains(&s.ident.to_string().as_str())),
            _ => false,
        })
        .map(|input| match &*input.pat {
            Pat::Ident(i) => i.ident.to_string().trim_start_matches('_').to_owned(),
            _ => String::new(),
        })
        .collect()
}

/// Calls that document the handler: its doc comment, path params, `RequestOption<Q, D>`
/// parts and the success type (the `T` of a `Result<T, E>`).
fn describe_calls(
    function: &ItemFn,
    inputs: &[&syn::PatType],
    params: &[String],
) -> Vec<TokenStream> {
    let mut calls: Vec<TokenStream> = doc_comment_call(function).into_iter().collect();
    for (i, input) in inputs.iter().enumerate() {
        let ty = &input.ty;
        if let Some(name) = params.get(i) {
            calls.push(quote!((&__bffkit::Describe::<#ty>::new()).path_param(#name, __doc);));
        } else if let Some(args) = last_segment_args(ty, "RequestOption") {
            let unit: Type = syn::parse_quote!(());
            let query = args.first().unwrap_or(&unit);
            let data = args.get(1).unwrap_or(&unit);
            calls.push(quote!((&__bffkit::Describe::<#query>::new()).query(__doc);));
            calls.push(quote!((&__bffkit::Describe::<#data>::new()).data(__doc);));
        } else {
            calls.push(quote!((&__bffkit::Describe::<#ty>::new()).extractor(__doc);));
        }
    }
    if let syn::ReturnType::Type(_, ty) = &function.sig.output {
        let success = last_segment_args(ty, "Result")
            .and_then(|args| args.first().cloned())
            .unwrap_or((**ty).clone());
        if !contains_impl_trait(&success) {
            calls.push(quote!((&__bffkit::Describe::<#success>::new()).response(__doc);));
        }
    }
    calls
}

/// `__doc.doc_comment(text)` when the function has a doc comment.
pub fn doc_comment_call(function: &ItemFn) -> Option<TokenStream> {
    let docs: Vec<String> = function
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    if docs.is_empty() {
        return None;
    }
    let text = docs
        .iter()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    Some(quote!(__doc.doc_comment(#text);))
}

/// The type arguments of `...::Name<A, B>` when the type's last segment is `name`.
pub fn last_segment_args(ty: &Type, name: &str) -> Option<Vec<Type>> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return Some(Vec::new());
    };
    Some(
        args.args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
    )
}

fn contains_impl_trait(ty: &Type) -> bool {
    quote!(#ty).to_string().contains("impl ")
}
