//! What a handler returned, split by its type: a `Result` answers its error and goes on
//! with its value; anything else is the value. Generated code calls
//! `(&mut Returned(Some(value))).split()`: method resolution picks [`SplitResult`] for a
//! `Result` of any error type and falls back to [`SplitValue`] (autoref specialization),
//! so an alias such as `type ApiResult<T> = Result<T, ApiError>` splits the same way. The
//! error then has to become an [`ApiError`] ([`into_api_error`]): a `Result` whose error
//! cannot is a compile error ([`FromHandlerError`]), never a 200 `{"Err": ..}`.

use crate::error::ApiError;

/// Holds a handler's value until it is split.
pub struct Returned<T>(pub Option<T>);

/// A `Result`: its value, or its error.
pub trait SplitResult {
    /// The success value.
    type Value;
    /// The error, answered through [`into_api_error`].
    type Error;
    /// Takes the result out.
    fn split(&mut self) -> Result<Self::Value, Self::Error>;
}

impl<T, E> SplitResult for Returned<Result<T, E>> {
    type Value = T;
    type Error = E;
    fn split(&mut self) -> Result<T, E> {
        self.0.take().expect("split once")
    }
}

/// Anything else: always a success.
pub trait SplitValue {
    /// The value.
    type Value;
    /// Takes the value out.
    fn split(&mut self) -> Result<Self::Value, NoError>;
}

impl<T> SplitValue for &mut Returned<T> {
    type Value = T;
    fn split(&mut self) -> Result<T, NoError> {
        Ok(self.0.take().expect("split once"))
    }
}

/// The error of a value that is not a `Result`: there is none.
pub enum NoError {}

/// How the error of a handler's `Result` becomes an [`ApiError`]: through
/// `impl From<E> for ApiError`. Implemented by `ApiError` itself rather than by `E`, so a
/// missing conversion is reported with this message.
#[diagnostic::on_unimplemented(
    message = "a handler's error must convert into `bffkit::ApiError`, and `{E}` does not",
    label = "this handler returns a `Result` whose error is `{E}`",
    note = "return `Result<T, bffkit::ApiError>`, or add `impl From<{E}> for bffkit::ApiError`; \
            a `Result` is never sent as a 200 `{{\"Err\": ..}}`"
)]
pub trait FromHandlerError<E> {
    /// The error as bffkit answers it.
    fn from_handler_error(error: E) -> ApiError;
}

impl<E> FromHandlerError<E> for ApiError
where
    ApiError: From<E>,
{
    fn from_handler_error(error: E) -> ApiError {
        ApiError::from(error)
    }
}

impl FromHandlerError<NoError> for ApiError {
    fn from_handler_error(error: NoError) -> ApiError {
        match error {}
    }
}

/// A handler's error as an [`ApiError`].
pub fn into_api_error<E>(error: E) -> ApiError
where
    ApiError: FromHandlerError<E>,
{
    ApiError::from_handler_error(error)
}

#[cfg(test)]
// The borrows are the autoref dispatch generated code relies on.
#[allow(clippy::needless_borrow)]
mod tests {
    use super::*;

    type ApiResult<T> = Result<T, ApiError>;

    #[test]
    fn results_split_whatever_they_are_called() {
        let ok: ApiResult<u8> = Ok(1);
        assert!(matches!((&mut Returned(Some(ok))).split(), Ok(1)));
        let err: ApiResult<u8> = Err(ApiError::bad_request("no"));
        let split = (&mut Returned(Some(err))).split();
        assert_eq!(
            into_api_error(split.unwrap_err()).status(),
            http::StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn other_values_are_successes() {
        let split = (&mut Returned(Some(vec![1, 2]))).split();
        assert!(matches!(split, Ok(v) if v == [1, 2]));
    }
}
