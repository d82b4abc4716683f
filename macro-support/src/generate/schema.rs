//! `#[bffkit::schema]`: serde + schemars derives through `bffkit::__private`.

use proc_macro2::TokenStream;
use quote::quote;

/// Adds the three derives and the `crate` paths they need.
pub fn schema(attr: TokenStream, item: TokenStream) -> TokenStream {
    let krate: syn::Path = if attr.is_empty() {
        syn::parse_quote!(::bffkit)
    } else {
        match syn::parse2::<syn::LitStr>(attr).and_then(|s| s.parse()) {
            Ok(path) => path,
            Err(e) => return e.into_compile_error(),
        }
    };
    let krate_text = quote!(#krate).to_string().replace(' ', "");
    let serde_path = format!("{krate_text}::__private::serde");
    let schemars_path = format!("{krate_text}::__private::schemars");
    quote! {
        #[derive(#krate::__private::serde::Serialize, #krate::__private::serde::Deserialize, #krate::__private::schemars::JsonSchema)]
        #[serde(crate = #serde_path)]
        #[schemars(crate = #schemars_path)]
        #item
    }
}
