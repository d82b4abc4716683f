//! `State<T>`: a value added with `App::state`, by type.

use axum::extract::FromRequestParts;
use http::request::Parts;

use crate::context::AppContext;
use crate::error::ApiError;

/// Extracts a clone of the app state of type `T` (added with [`App::state`](crate::App::state)).
#[derive(Debug, Clone, Copy, Default)]
pub struct State<T>(pub T);

impl<T: Clone + Send + Sync + 'static> FromRequestParts<AppContext> for State<T> {
    type Rejection = ApiError;

    async fn from_request_parts(_parts: &mut Parts, ctx: &AppContext) -> Result<Self, ApiError> {
        ctx.state::<T>().cloned().map(State).ok_or_else(|| {
            ApiError::internal(format!(
                "State<{0}> is not available: add it with App::new().state(value_of_{0})",
                std::any::type_name::<T>()
            ))
        })
    }
}
