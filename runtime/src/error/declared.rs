//! Errors a handler declares it answers with, as `errors(TODO_EXISTS, (404, 21002))` on
//! any method macro or `errors: [..]` in `match`. The one declaration feeds the manifest
//! (`x-bffkit-errors` per operation, the status among its responses) and from there the
//! generated client, which types each function's failures as the union of these and the
//! framework's own. The handler answers them with [`ApiError::new`](super::ApiError::new)
//! on the same [`ErrorCode`].

use super::ErrorCode;

/// One declared error: the HTTP status and the bffkit code clients switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeclaredError {
    /// The HTTP status, 400 to 599.
    pub status: u16,
    /// The code in the `{code, msg}` body.
    pub code: u32,
    /// The code's name, when it was declared through an [`ErrorCode`].
    pub name: Option<&'static str>,
}

/// What `errors(..)` accepts: an [`ErrorCode`] constant, or a `(status, code)` pair.
pub trait IntoDeclaredError {
    /// The declaration.
    fn into_declared(self) -> DeclaredError;
}

impl IntoDeclaredError for ErrorCode {
    fn into_declared(self) -> DeclaredError {
        DeclaredError {
            status: self.status.as_u16(),
            code: self.code,
            name: Some(self.name),
        }
    }
}

impl IntoDeclaredError for (u16, u32) {
    fn into_declared(self) -> DeclaredError {
        DeclaredError {
            status: self.0,
            code: self.1,
            name: None,
        }
    }
}
