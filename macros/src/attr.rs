//! Parsing the macros' arguments: `#[get]`, `#[get(crate = "path")]`.

use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Lit, Meta, Token};

/// Options shared by every method macro.
pub struct HandlerArgs {
    /// Path of the bffkit crate, for crates that re-export it.
    pub krate: syn::Path,
}

impl Parse for HandlerArgs {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut krate: syn::Path = syn::parse_quote!(::bffkit);
        let mut errors: Option<syn::Error> = None;
        let metas = Punctuated::<Meta, Token![,]>::parse_terminated(input)?;
        for meta in metas {
            let result = match &meta {
                Meta::NameValue(nv) if nv.path.is_ident("crate") => match &nv.value {
                    Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => s.parse().map(|p| krate = p),
                    other => Err(syn::Error::new_spanned(other, "write `crate = \"path::to::bffkit\"`")),
                },
                other => Err(syn::Error::new_spanned(
                    other,
                    "unknown option: the method macros take only `crate = \"path\"` (e.g. `#[get]`)",
                )),
            };
            if let Err(e) = result {
                match &mut errors {
                    Some(all) => all.combine(e),
                    None => errors = Some(e),
                }
            }
        }
        match errors {
            Some(e) => Err(e),
            None => Ok(HandlerArgs { krate }),
        }
    }
}
