//! A handler's doc comment, for its operation's description.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

use crate::symbol::DOC;

/// `__doc.doc_comment(text)` when the function has a doc comment.
pub fn doc_comment_call(function: &ItemFn) -> Option<TokenStream> {
    let docs: Vec<String> = function
        .attrs
        .iter()
        .filter(|a| a.path().is_ident(DOC))
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

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    use super::*;

    #[test]
    fn joins_lines_without_the_leading_space() {
        let function: ItemFn = parse_quote! {
            /// Lists items.
            ///
            ///   Indented.
            async fn get() {}
        };
        let text = "Lists items.\n\n  Indented.";
        assert_eq!(
            doc_comment_call(&function).unwrap().to_string(),
            quote!(__doc.doc_comment(#text);).to_string()
        );
        assert!(doc_comment_call(&parse_quote!(
            async fn get() {}
        ))
        .is_none());
    }
}
