//! What makes a function unusable as a handler, whatever its attribute says.

use syn::{FnArg, ItemFn, PatType, Type};

use crate::ctxt::Ctxt;

/// Async, not generic, not variadic, no `self`, no `impl Trait` arguments.
pub fn signature(function: &ItemFn, cx: &mut Ctxt) {
    let sig = &function.sig;
    if sig.asyncness.is_none() {
        cx.error(
            sig.fn_token,
            format!(
                "bffkit handlers must be async: write `async fn {}`",
                sig.ident
            ),
        );
    }
    if !sig.generics.params.is_empty() {
        cx.error(
            &sig.generics,
            "a handler cannot be generic: its argument and return types decide how requests are read and answered",
        );
    }
    if let Some(variadic) = &sig.variadic {
        cx.error(variadic, "a handler cannot be variadic");
    }
    for arg in &sig.inputs {
        if let FnArg::Typed(t) = arg {
            if let Type::ImplTrait(_) = *t.ty {
                cx.error(&t.ty, "write a concrete type here, not `impl Trait`");
            }
        }
    }
}

/// The arguments, which must not include `self`.
pub fn typed_inputs(function: &ItemFn) -> syn::Result<Vec<&PatType>> {
    function
        .sig
        .inputs
        .iter()
        .map(|arg| match arg {
            FnArg::Typed(t) => Ok(t),
            FnArg::Receiver(r) => Err(syn::Error::new_spanned(
                r,
                "a handler is a free function: remove `self`",
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    use super::*;

    fn errors(function: ItemFn) -> Vec<String> {
        let mut cx = Ctxt::default();
        signature(&function, &mut cx);
        match cx.check() {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn an_async_free_function_is_a_handler() {
        assert!(errors(parse_quote!(
            async fn get(id: String) -> String {
                id
            }
        ))
        .is_empty());
    }

    #[test]
    fn reports_every_problem_at_once() {
        let found = errors(parse_quote!(
            fn get<T>(x: impl Into<T>) {}
        ));
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(
            found[0],
            "bffkit handlers must be async: write `async fn get`"
        );
        assert!(found[1].starts_with("a handler cannot be generic"));
        assert_eq!(found[2], "write a concrete type here, not `impl Trait`");
    }

    #[test]
    fn self_is_refused() {
        let function: ItemFn = parse_quote!(
            async fn get(self) {}
        );
        assert_eq!(
            typed_inputs(&function).err().unwrap().to_string(),
            "a handler is a free function: remove `self`"
        );
    }
}
