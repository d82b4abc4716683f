//! The macros' entry points: parse, check, then generate, with one [`Ctxt`] for every
//! mistake along the way.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::ItemFn;

use crate::check;
use crate::ctxt::Ctxt;
use crate::generate::{self, PathBinding};
use crate::method::HttpMethod;
use crate::parse::HandlerArgs;
use crate::route_lookup::{self, CallSite, RouteInfo};

/// `#[get]`, `#[post]`, … (`method` given) and `#[api]` (`None`: named by the function).
pub fn expand_method(
    method: Option<HttpMethod>,
    attr: TokenStream,
    item: TokenStream,
    site: &CallSite,
) -> TokenStream {
    let mut cx = Ctxt::default();
    let mut out = TokenStream::new();
    let result = HandlerArgs::parse(attr, &mut cx).and_then(|args| {
        if let Some(span) = args.auth {
            out.extend(generate::require_auth_feature(&args.krate, span));
        }
        let function: ItemFn = syn::parse2(item.clone())?;
        let method =
            method.unwrap_or_else(|| HttpMethod::from_fn_name(&function.sig.ident.to_string()));
        handler(method, &args, &function, site, &mut cx)
    });
    let result = match result {
        Ok(tokens) => cx.check().map(|()| tokens),
        Err(error) => {
            cx.push(error);
            cx.check().map(|()| TokenStream::new())
        }
    };
    match result {
        Ok(tokens) => out.extend(tokens),
        // Keep the function so one mistake doesn't cascade into "not found" errors.
        Err(error) => {
            out.extend(error.into_compile_error());
            out.extend(item);
        }
    }
    out
}

/// `#[bffkit::schema]`.
pub fn expand_schema(attr: TokenStream, item: TokenStream) -> TokenStream {
    generate::schema(attr, item)
}

fn handler(
    method: HttpMethod,
    args: &HandlerArgs,
    function: &ItemFn,
    site: &CallSite,
    cx: &mut Ctxt,
) -> syn::Result<TokenStream> {
    check::signature(function, cx);
    let bindings = args
        .matcher
        .as_ref()
        .map(|matcher| {
            check::matcher(matcher, cx);
            check::bindings(matcher, function, cx)
        })
        .unwrap_or_default();
    // Signature and attribute mistakes come first: they need no route table.
    cx.check()?;
    let inputs = check::typed_inputs(function)?;
    let route = match route_lookup::lookup(site, Span::call_site())? {
        RouteInfo::Known(route) => Some(route),
        RouteInfo::Unknown => None,
        RouteInfo::Helper => return Ok(quote!(#function)),
    };
    let Some(matcher) = &args.matcher else {
        let path = match route {
            Some(route) => {
                let at = function.sig.paren_token.span.join();
                check::path_params(
                    &route.display,
                    &route.route,
                    &route.params,
                    inputs.len(),
                    at,
                    cx,
                );
                PathBinding::Params(route.params)
            }
            None => PathBinding::Unrouted,
        };
        cx.check()?;
        return Ok(generate::handler(method, args, function, &inputs, &path));
    };
    let route_params = match route {
        Some(route) => {
            check::route_params(matcher, &route.display, &route.route, &route.params, cx);
            route.params
        }
        None => Vec::new(),
    };
    cx.check()?;
    let Some(response) = &matcher.response else {
        return Err(syn::Error::new(matcher.span, "`match` needs `response: T`"));
    };
    Ok(generate::matcher(
        method,
        args,
        matcher,
        response,
        function,
        &inputs,
        &bindings,
        &route_params,
    ))
}
