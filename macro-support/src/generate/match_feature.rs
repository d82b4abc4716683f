//! `match` without bffkit's `match` feature is one compile error at `match`: the runtime's
//! `match_route!` keeps the registration only then, so the validation code it calls
//! (compiled out with jsonschema) adds no errors of its own.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

/// `registration` behind the check for `match` written at `span`.
pub fn require_match_feature(
    krate: &syn::Path,
    span: Span,
    registration: TokenStream,
) -> TokenStream {
    // The whole invocation at `match`, the crate path too: that is where rustc reports it.
    let krate: TokenStream = quote!(#krate)
        .into_iter()
        .map(|mut token| {
            token.set_span(span);
            token
        })
        .collect();
    quote_spanned! {span=>
        #krate::__private::match_route! { #registration }
    }
}
