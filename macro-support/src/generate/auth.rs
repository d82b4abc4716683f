//! `auth` without bffkit's `auth` feature is a compile error at `auth`, whatever else is
//! wrong: the runtime's `require_auth_feature!` expands to one only then.

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

/// The check for `auth` written at `span`.
pub fn require_auth_feature(krate: &syn::Path, span: Span) -> TokenStream {
    quote_spanned! {span=>
        const _: () = {
            use #krate::__private as __bffkit;
            __bffkit::require_auth_feature! {}
        };
    }
}
