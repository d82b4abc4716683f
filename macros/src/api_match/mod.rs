//! `#[api(match = { request: { .. }, response: T, errors, description, deprecated })]`: a handler
//! whose every request part and response is a typed, schema-validated value.
//!
//! Parse ([`attr`]), check ([`check`], collecting every mistake in a [`Ctxt`]), then emit:
//! the call reads each part through `MatchRequest` (validating all before failing), runs
//! the handler, and validates its value against `response` before answering.

pub mod attr;
mod check;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::ItemFn;

pub use attr::Matcher;
use attr::PartKind;
use check::Binding;

use crate::attr::HandlerArgs;
use crate::declared_errors;
use crate::handler;
use crate::method::HttpMethod;
use crate::route_lookup::{self, RouteInfo};

/// Collects errors so the user sees all of them at once (serde_derive's `Ctxt`).
#[derive(Default)]
pub struct Ctxt(Vec<syn::Error>);

impl Ctxt {
    /// An error at `tokens`.
    pub fn error(&mut self, tokens: impl quote::ToTokens, msg: impl std::fmt::Display) {
        self.0.push(syn::Error::new_spanned(tokens, msg));
    }

    /// An error at `span`.
    pub fn error_at(&mut self, span: Span, msg: impl std::fmt::Display) {
        self.0.push(syn::Error::new(span, msg));
    }

    /// Ok when nothing was collected, else all errors as one.
    pub fn check(&mut self) -> syn::Result<()> {
        handler::combine(std::mem::take(&mut self.0))
    }
}

/// Expands a handler with `match`.
pub fn expand(
    method: HttpMethod,
    args: HandlerArgs,
    matcher: Matcher,
    function: ItemFn,
) -> syn::Result<TokenStream> {
    let mut cx = args.errors;
    for error in handler::check_signature(&function) {
        cx.0.push(error);
    }
    check::matcher(&matcher, &mut cx);
    let bindings = check::bindings(&matcher, &function, &mut cx);
    // Signature and attribute mistakes come first: they need no route table.
    cx.check()?;
    let route_params = match route_lookup::lookup(Span::call_site())? {
        RouteInfo::Known(route) => {
            check::route_params(
                &matcher,
                &route.display,
                &route.route,
                &route.params,
                &mut cx,
            );
            route.params
        }
        RouteInfo::Unknown => Vec::new(),
        RouteInfo::Helper => return Ok(quote!(#function)),
    };
    cx.check()?;
    let inputs = handler::typed_inputs(&function)?;
    let Some(response) = matcher.response.clone() else {
        return Err(syn::Error::new(matcher.span, "`match` needs `response: T`"));
    };

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
    for (i, (input, binding)) in inputs.iter().zip(&bindings).enumerate() {
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
    let returns_result = match &function.sig.output {
        syn::ReturnType::Type(_, ty) => handler::last_segment_args(ty, "Result").is_some(),
        syn::ReturnType::Default => false,
    };
    let outcome = if returns_result {
        quote_spanned! {response.span()=>
            let __outcome: ::core::result::Result<#response, __bffkit::ApiError> =
                __out.map_err(::core::convert::Into::into);
        }
    } else {
        quote_spanned! {response.span()=>
            let __outcome: ::core::result::Result<#response, __bffkit::ApiError> =
                ::core::result::Result::Ok(__out);
        }
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
        #outcome
        static __BFFKIT_RESPONSE: __bffkit::SchemaCell = __bffkit::SchemaCell::new();
        let __response = __bffkit::respond_checked::<#response>(&__BFFKIT_RESPONSE, __outcome, &__ctx);
        // Uploaded temporary files live until here.
        ::core::mem::drop(__m);
        __response
    };

    let mut describe: Vec<TokenStream> = handler::doc_comment_call(&function).into_iter().collect();
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
    for (input, binding) in inputs.iter().zip(&bindings) {
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

    Ok(handler::registration(
        method,
        &args.krate,
        args.auth,
        &function,
        call,
        describe,
    ))
}

fn option_str(lit: Option<&syn::LitStr>) -> TokenStream {
    match lit {
        Some(lit) => quote!(::core::option::Option::Some(#lit)),
        None => quote!(::core::option::Option::None),
    }
}
