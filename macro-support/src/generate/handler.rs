//! A plain handler (no `match`): path parameters first, then extractors, the last of which
//! may read the body. Its value is answered, and its types documented, through the
//! runtime's trait dispatch (`Returned`, `Responder`, `Describe`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ItemFn, PatType};

use super::declared_errors;
use super::doc_comment::doc_comment_call;
use super::registration::{registration, split_result};
use crate::method::HttpMethod;
use crate::parse::HandlerArgs;

/// How the leading arguments bind the path.
pub enum PathBinding {
    /// The route's dynamic segments, from the route index: one argument each, in order.
    Params(Vec<String>),
    /// No route index (some IDE expansions): each argument binds a path parameter named
    /// after it if its type is one (`PathParam`), else it is an extractor.
    Unrouted,
}

/// The registration of a checked plain handler.
pub fn handler(
    method: HttpMethod,
    args: &HandlerArgs,
    function: &ItemFn,
    inputs: &[&PatType],
    path: &PathBinding,
) -> TokenStream {
    let params: &[String] = match path {
        PathBinding::Params(params) => params,
        PathBinding::Unrouted => &[],
    };
    let name = &function.sig.ident;
    let mut lets = Vec::new();
    let mut call_args = Vec::new();
    let reads_path = match path {
        PathBinding::Params(params) => !params.is_empty(),
        PathBinding::Unrouted => !inputs.is_empty(),
    };
    if reads_path {
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
        let last = i + 1 == inputs.len();
        let read = match path {
            PathBinding::Params(params) if i < params.len() => {
                let param = &params[i];
                quote_spanned! {ty.span()=>
                    match __params.parse::<#ty>(#param) {
                        ::core::result::Result::Ok(v) => v,
                        ::core::result::Result::Err(e) => return __bffkit::error_response(e),
                    }
                }
            }
            PathBinding::Params(_) if last => quote_spanned! {ty.span()=>
                match __bffkit::from_request::<#ty, _>(__parts, __body, &__ctx).await {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(r) => return r,
                }
            },
            PathBinding::Params(_) => quote_spanned! {ty.span()=>
                match __bffkit::from_parts::<#ty>(&mut __parts, &__ctx).await {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(r) => return r,
                }
            },
            PathBinding::Unrouted if last => {
                let param = argument_name(input);
                quote_spanned! {ty.span()=>
                    match (&&__bffkit::Arg::<#ty>::new()).bind_last(&__params, #param, __parts, __body, &__ctx).await {
                        ::core::result::Result::Ok(v) => v,
                        ::core::result::Result::Err(r) => return r,
                    }
                }
            }
            PathBinding::Unrouted => {
                let param = argument_name(input);
                quote_spanned! {ty.span()=>
                    match (&&__bffkit::Arg::<#ty>::new()).bind(&__params, #param, &mut __parts, &__ctx).await {
                        ::core::result::Result::Ok(v) => v,
                        ::core::result::Result::Err(r) => return r,
                    }
                }
            }
        };
        lets.push(quote!(let #var: #ty = #read;));
    }
    let mut describe = describe_calls(function, inputs, params);
    describe.extend(declared_errors::describe(&args.declared_errors));
    let body_unused = match path {
        PathBinding::Params(params) => inputs.len() <= params.len(),
        PathBinding::Unrouted => inputs.is_empty(),
    };
    let drop_body = body_unused.then(|| quote!(let _ = (__body, &mut __parts);));
    let split = split_result();
    let call = quote! {
        #[allow(unused_mut)]
        let (mut __parts, __body) = __request.into_parts();
        #drop_body
        #(#lets)*
        let __out = #name(#(#call_args),*).await;
        #split
        (&mut __bffkit::Responder(::core::option::Option::Some(__out))).respond(&__ctx)
    };
    registration(
        method,
        &args.krate,
        args.auth,
        None,
        function,
        call,
        describe,
    )
}

/// The name an unrouted argument's path parameter would have: its pattern's.
fn argument_name(input: &PatType) -> String {
    match &*input.pat {
        syn::Pat::Ident(i) => i.ident.to_string().trim_start_matches('_').to_owned(),
        _ => String::new(),
    }
}

/// Calls that document the handler: its doc comment, path params, each argument's own
/// documentation (a `RequestOption<Q, D>`'s query and body, an extractor's 401, ...) and
/// the success type (the `T` of a `Result<T, E>`).
fn describe_calls(function: &ItemFn, inputs: &[&PatType], params: &[String]) -> Vec<TokenStream> {
    let mut calls: Vec<TokenStream> = doc_comment_call(function).into_iter().collect();
    for (i, input) in inputs.iter().enumerate() {
        let ty = &input.ty;
        calls.push(match params.get(i) {
            Some(name) => quote!((&__bffkit::Describe::<#ty>::new()).path_param(#name, __doc);),
            None => quote! {{
                let __arg = __bffkit::Describe::<#ty>::new();
                let (__query, __data) = (&__arg).request_option();
                (&__query).query(__doc);
                (&__data).data(__doc);
                (&__arg).extractor(__doc);
            }},
        });
    }
    let name = &function.sig.ident;
    // The return type, inferred from a call that never runs: it may be `impl Trait`,
    // which cannot be written as a type argument.
    let never = inputs.iter().map(|_| quote!(::core::unreachable!()));
    calls.push(quote! {{
        let __returned = __bffkit::Describe::returned_by(|| #name(#(#never),*));
        let __success = (&__returned).success();
        (&__success).response(__doc);
    }});
    calls
}
