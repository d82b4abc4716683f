//! The `__bffkit_describe` statements for declared errors (parsed in
//! [`parse::declared_errors`](crate::parse::declared_errors)).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::parse::ErrorItem;

/// The `__bffkit_describe` statements for the items.
pub fn describe(items: &[ErrorItem]) -> Vec<TokenStream> {
    let statuses: Vec<u16> = items
        .iter()
        .filter_map(|item| match item {
            ErrorItem::Status(status) => Some(*status),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    if !statuses.is_empty() {
        out.push(quote!(__bffkit::describe_part::errors(__doc, &[#(#statuses),*]);));
    }
    for item in items {
        match item {
            ErrorItem::Status(_) => {}
            ErrorItem::Pair(status, code, span) => out.push(quote_spanned! {*span=>
                __bffkit::describe_part::declare_error(__doc, (#status, #code));
            }),
            ErrorItem::Declared(expr) => out.push(quote_spanned! {expr.span()=>
                __bffkit::describe_part::declare_error(__doc, #expr);
            }),
        }
    }
    out
}
