//! The error collector every macro shares (serde_derive's `Ctxt`): mistakes that still
//! parse are pushed here, and all of them are reported together.

use proc_macro2::Span;

/// Collects errors so the user sees all of them at once.
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

    /// An error already built (e.g. by a nested parser).
    pub fn push(&mut self, error: syn::Error) {
        self.0.push(error);
    }

    /// Ok when nothing was collected, else all errors as one.
    pub fn check(&mut self) -> syn::Result<()> {
        let mut errors = std::mem::take(&mut self.0).into_iter();
        match errors.next() {
            None => Ok(()),
            Some(mut first) => {
                errors.for_each(|e| first.combine(e));
                Err(first)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_error_in_order() {
        let mut cx = Ctxt::default();
        assert!(cx.check().is_ok());
        cx.error_at(Span::call_site(), "first");
        cx.error_at(Span::call_site(), "second");
        let messages: Vec<String> = cx
            .check()
            .unwrap_err()
            .into_iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(messages, ["first", "second"]);
        assert!(cx.check().is_ok(), "checking empties the collector");
    }
}
