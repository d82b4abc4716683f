//! What every handler expands to around its call: the function itself, its
//! one-handler-per-method guard, and its `inventory` registration.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::ItemFn;

use super::match_feature::require_match_feature;
use crate::method::{HttpMethod, MethodTokens};

/// The registration with `call` (the body of `async move`, answering a `__request` with
/// `__ctx`) and `describe` (statements filling `__doc`). `matcher`: the `match` keyword of
/// a route whose registration needs bffkit's `match` feature.
pub fn registration(
    method: HttpMethod,
    krate: &syn::Path,
    auth: Option<Span>,
    matcher: Option<Span>,
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
    let register = quote! {
        const _: () = {
            use #krate::__private as __bffkit;
            #[allow(unused_imports)]
            use __bffkit::dispatch::*;

            fn __bffkit_call(__request: __bffkit::Request, __ctx: __bffkit::AppContext) -> __bffkit::HandlerFuture {
                ::std::boxed::Box::pin(async move {
                    #guard
                    #call
                })
            }

            #[allow(unused_variables, unreachable_code, clippy::diverging_sub_expression)]
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
    };
    let register = match matcher {
        Some(span) => require_match_feature(krate, span, register),
        None => register,
    };
    quote! {
        #function

        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code)]
        const #once: () = ();

        #register
    }
}

/// `let __out = <the handler's value>;` becomes `__out`, the success value, or an early
/// error response: whether the value is a `Result` is the runtime's `Returned` dispatch's
/// call, not the spelling's.
pub fn split_result() -> TokenStream {
    quote! {
        let __out = match (&mut __bffkit::Returned(::core::option::Option::Some(__out))).split() {
            ::core::result::Result::Ok(value) => value,
            ::core::result::Result::Err(error) => return __bffkit::error_response(__bffkit::into_api_error(error)),
        };
    }
}
