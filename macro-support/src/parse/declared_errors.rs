//! `errors(TODO_EXISTS, (404, 21002))` on any method macro, and `errors: [..]` in `match`:
//! the errors a handler declares. A bare status (`409`) documents the status only; an
//! `ErrorCode` constant or a `(status, code)` pair declares the code too, which the
//! manifest lists per operation and the generated client types. The runtime trait
//! `IntoDeclaredError` decides what an expression may be, so the macro only checks the
//! literals it can see.

use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, LitInt};

use crate::ctxt::Ctxt;

/// One declared error.
pub enum ErrorItem {
    /// `409`: a status, no code.
    Status(u16),
    /// `(409, 21001)`, checked here.
    Pair(u16, u32, proc_macro2::Span),
    /// An `ErrorCode` (or anything implementing `IntoDeclaredError`).
    Declared(Expr),
}

const STATUS_RANGE: &str = "an error status is an HTTP status from 400 to 599";

/// The errors in `exprs`; literal mistakes go to `cx`.
pub fn items(exprs: impl IntoIterator<Item = Expr>, cx: &mut Ctxt) -> Vec<ErrorItem> {
    let mut out = Vec::new();
    for expr in exprs {
        match &expr {
            Expr::Lit(ExprLit {
                lit: Lit::Int(lit), ..
            }) => {
                if let Some(status) = status(lit, cx) {
                    out.push(ErrorItem::Status(status));
                }
            }
            Expr::Tuple(tuple) => {
                let ints: Vec<&LitInt> = tuple
                    .elems
                    .iter()
                    .filter_map(|e| match e {
                        Expr::Lit(ExprLit {
                            lit: Lit::Int(lit), ..
                        }) => Some(lit),
                        _ => None,
                    })
                    .collect();
                let [status_lit, code_lit] = ints.as_slice() else {
                    cx.error(tuple, "write an error as `(status, code)`, e.g. `(409, 21001)`");
                    continue;
                };
                if tuple.elems.len() != 2 {
                    cx.error(tuple, "write an error as `(status, code)`, e.g. `(409, 21001)`");
                    continue;
                }
                let code = code_lit.base10_parse::<u32>();
                if code.is_err() {
                    cx.error(code_lit, "a bffkit error code is a number from 0 to 4294967295");
                }
                if let (Some(status), Ok(code)) = (status(status_lit, cx), code) {
                    out.push(ErrorItem::Pair(status, code, tuple.span()));
                }
            }
            Expr::Lit(other) => cx.error(
                other,
                "declare an error as a status (`409`), an `ErrorCode` constant, or `(status, code)`",
            ),
            _ => out.push(ErrorItem::Declared(expr)),
        }
    }
    out
}

fn status(lit: &LitInt, cx: &mut Ctxt) -> Option<u16> {
    match lit.base10_parse::<u16>() {
        Ok(status @ 400..=599) => Some(status),
        _ => {
            cx.error(lit, STATUS_RANGE);
            None
        }
    }
}
