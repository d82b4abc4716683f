//! `#[api(match = { request: { .. }, response: T, errors, description, deprecated })]`: a
//! handler whose every request part and response is a typed, schema-validated value.
//!
//! The call reads each part through `MatchRequest` (validating all before failing), runs
//! the handler, and validates its value against `response` before answering.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ItemFn, PatType, Type};

use super::declared_errors;
use super::doc_comment::doc_comment_call;
use super::registration::{registration, split_result};
use crate::check::Binding;
use crate::method::HttpMethod;
use crate::parse::{HandlerArgs, Matcher, PartKind};

/// The registration of a checked `match` handler; `response` is the matcher's.
#[allow(clippy::too_many_arguments)]
pub fn matcher(
    method: HttpMethod,
    args: &HandlerArgs,
    matcher: &Matcher,
    response: &Type,
    function: &ItemFn,
    inputs: &[&PatType],
    bindings: &[Binding],
    route_params: &[String],
) -> TokenStream {
    let mut reads = Vec::new();
    let mut takes = Vec::new();
    let mut body_read = false;
    // Text parts first, then the body: a bad header is reported with a bad body.
    let mut order: Vec<usize> = (0..matcher.request.len()).collect();
    order.sort_by_key(|i| matcher.request[*i].kind.is_body());
    for i in order {
        let part = &matcher.request[i];
        let ty = &part.ty;
        let var = format_ident!("__part{i}");
        let cell = format_ident!("__BFFKIT_{}", part.kind.name().to_ascii_uppercase());
        let read = match part.kind {
            PartKind::Params => quote!(__m.params::<#ty>(&#cell, &[#(#route_params),*]).await),
            PartKind::Query => quote!(__m.query::<#ty>(&#cell)),
            PartKind::Headers => quote!(__m.headers::<#ty>(&#cell)),
            PartKind::Cookies => quote!(__m.cookies::<#ty>(&#cell)),
            PartKind::Data => quote!(__m.data::<#ty>(__body, &#cell).await),
            PartKind::Body => quote!(__m.text(__body).await),
            PartKind::FormData => quote!(__m.form_data::<#ty>(__body, &#cell).await),
            PartKind::FormUrlencoded => quote!(__m.form_urlencoded::<#ty>(__body, &#cell).await),
        };
        body_read |= part.kind.is_body();
        reads.push(quote_spanned! {ty.span()=>
            static #cell: __bffkit::SchemaCell = __bffkit::SchemaCell::new();
            let #var = match #read {
                ::core::result::Result::Ok(v) => v,
                ::core::result::Result::Err(e) => return __bffkit::error_response(e),
            };
        });
        takes.push(quote_spanned! {ty.span()=>
            let #var: #ty = match __m.take(#var) {
                ::core::result::Result::Ok(v) => v,
                ::core::result::Result::Err(e) => return __bffkit::error_response(e),
            };
        });
    }
    let drop_body = (!body_read).then(|| quote!(let _ = __body;));

    let mut extractors = Vec::new();
    let mut call_args = Vec::new();
    for (i, (input, binding)) in inputs.iter().zip(bindings).enumerate() {
        match binding {
            Binding::Part(index) => call_args.push(format_ident!("__part{index}")),
            Binding::Extractor => {
                let ty = &input.ty;
                let var = format_ident!("__arg{i}");
                extractors.push(quote_spanned! {ty.span()=>
                    let #var: #ty = match __bffkit::from_parts::<#ty>(__m.parts_mut(), &__ctx).await {
                        ::core::result::Result::Ok(v) => v,
                        ::core::result::Result::Err(r) => return r,
                    };
                });
                call_args.push(var);
            }
        }
    }

    let name = &function.sig.ident;
    let split = split_result();
    let outcome = quote_spanned! {response.span()=>
        let __outcome: ::core::result::Result<#response, __bffkit::ApiError> =
            ::core::result::Result::Ok(__out);
    };
    let call = quote! {
        let (__parts, __body) = __request.into_parts();
        let mut __m = __bffkit::MatchRequest::new(__parts, &__ctx);
        #drop_body
        #(#reads)*
        if let ::core::result::Result::Err(e) = __m.finish() {
            return __bffkit::error_response(e);
        }
        #(#takes)*
        #(#extractors)*
        let __out = #name(#(#call_args),*).await;
        #split
        #outcome
        static __BFFKIT_RESPONSE: __bffkit::SchemaCell = __bffkit::SchemaCell::new();
        let __response = __bffkit::respond_checked::<#response>(&__BFFKIT_RESPONSE, __outcome, &__ctx);
        // Uploaded temporary files live until here.
        ::core::mem::drop(__m);
        __response
    };

    let mut describe: Vec<TokenStream> = doc_comment_call(function).into_iter().collect();
    for part in &matcher.request {
        let ty = &part.ty;
        describe.push(match part.kind {
            PartKind::Params => quote!(__bffkit::describe_part::params::<#ty>(__doc, &[#(#route_params),*]);),
            PartKind::Query => quote!(__bffkit::describe_part::query::<#ty>(__doc);),
            PartKind::Headers => quote!(__bffkit::describe_part::headers::<#ty>(__doc);),
            PartKind::Cookies => quote!(__bffkit::describe_part::cookies::<#ty>(__doc);),
            PartKind::Data => quote!(__bffkit::describe_part::body::<#ty>(__doc, __bffkit::BodyKind::Json);),
            PartKind::Body => quote!(__bffkit::describe_part::text(__doc);),
            PartKind::FormData => {
                quote!(__bffkit::describe_part::body::<#ty>(__doc, __bffkit::BodyKind::Multipart);)
            }
            PartKind::FormUrlencoded => {
                quote!(__bffkit::describe_part::body::<#ty>(__doc, __bffkit::BodyKind::FormUrlencoded);)
            }
        });
    }
    // Extractors document themselves too: `CurrentUser` and `ApiKey` add the 401.
    for (input, binding) in inputs.iter().zip(bindings) {
        if let Binding::Extractor = binding {
            let ty = &input.ty;
            describe.push(quote!((&__bffkit::Describe::<#ty>::new()).extractor(__doc);));
        }
    }
    describe.push(quote!(__bffkit::describe_part::response::<#response>(__doc);));
    describe.extend(declared_errors::describe(&matcher.errors));
    describe.extend(declared_errors::describe(&args.declared_errors));
    let description = option_str(matcher.description.as_ref());
    let deprecated = option_str(matcher.deprecated.as_ref());
    describe.push(quote!(__bffkit::describe_part::notes(__doc, #description, #deprecated);));

    registration(
        method,
        &args.krate,
        args.auth,
        Some(matcher.span),
        function,
        call,
        describe,
    )
}

fn option_str(lit: Option<&syn::LitStr>) -> TokenStream {
    match lit {
        Some(lit) => quote!(::core::option::Option::Some(#lit)),
        None => quote!(::core::option::Option::None),
    }
}
