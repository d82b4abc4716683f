//! `#[get]`, `#[post]`, … and `#[api]`: which method a handler serves. The list of
//! methods and the function-name rule are the contract's; this is how generated code
//! spells them.

use quote::format_ident;

pub use bffkit_contract::Method as HttpMethod;

/// How generated code spells a method.
pub trait MethodTokens {
    /// The runtime's `Method` variant (`Get`).
    fn variant(self) -> syn::Ident;
    /// The name in upper case (`GET`).
    fn upper(self) -> &'static str;
}

impl MethodTokens for HttpMethod {
    fn variant(self) -> syn::Ident {
        format_ident!("{}", self.variant_name())
    }

    fn upper(self) -> &'static str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_code_names_the_runtime_variant() {
        assert_eq!(
            HttpMethod::from_fn_name("del").variant().to_string(),
            "Delete"
        );
        assert_eq!(HttpMethod::from_fn_name("Post").upper(), "POST");
    }
}
