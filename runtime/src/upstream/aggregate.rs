//! Several calls in parallel, where some may fail without failing the whole answer.
//!
//! [`Settled`] serializes like JavaScript's `Promise.allSettled` entries, so a frontend
//! renders what arrived and shows what did not:
//! `{"status": "fulfilled", "value": ..}` or `{"status": "rejected", "reason": {code, msg, data?}}`.

use std::future::Future;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::error::ApiError;

/// One call's outcome within an aggregate answer.
#[derive(Debug, Clone)]
pub enum Settled<T> {
    /// The call succeeded.
    Fulfilled(T),
    /// The call failed; serialized as the error body clients would have received.
    Rejected(ApiError),
}

impl<T> Settled<T> {
    /// The value, if the call succeeded.
    pub fn ok(self) -> Option<T> {
        match self {
            Settled::Fulfilled(value) => Some(value),
            Settled::Rejected(_) => None,
        }
    }

    /// Back to a `Result`, to make this part required after all (`settled.into_result()?`).
    pub fn into_result(self) -> Result<T, ApiError> {
        match self {
            Settled::Fulfilled(value) => Ok(value),
            Settled::Rejected(error) => Err(error),
        }
    }

    /// Whether the call succeeded.
    pub fn is_fulfilled(&self) -> bool {
        matches!(self, Settled::Fulfilled(_))
    }
}

impl<T, E: Into<ApiError>> From<Result<T, E>> for Settled<T> {
    fn from(result: Result<T, E>) -> Settled<T> {
        match result {
            Ok(value) => Settled::Fulfilled(value),
            Err(error) => Settled::Rejected(error.into()),
        }
    }
}

impl<T: Serialize> Serialize for Settled<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Settled", 2)?;
        match self {
            Settled::Fulfilled(value) => {
                out.serialize_field("status", "fulfilled")?;
                out.serialize_field("value", value)?;
            }
            Settled::Rejected(error) => {
                out.serialize_field("status", "rejected")?;
                out.serialize_field("reason", &error.to_json())?;
            }
        }
        out.end()
    }
}

/// Runs the calls concurrently and returns every outcome, in order.
///
/// For calls of different types, use `tokio::join!` and `Settled::from` on each result.
pub async fn join_all<I, F, T, E>(calls: I) -> Vec<Settled<T>>
where
    I: IntoIterator<Item = F>,
    F: Future<Output = Result<T, E>>,
    E: Into<ApiError>,
{
    futures_util::future::join_all(calls)
        .await
        .into_iter()
        .map(Settled::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::code;

    #[tokio::test]
    async fn keeps_order_and_failures() {
        let calls = (0..3).map(|i| async move {
            if i == 1 {
                Err(ApiError::new(code::CONFLICT, "taken"))
            } else {
                Ok(i)
            }
        });
        let settled = join_all(calls).await;
        assert_eq!(
            serde_json::to_value(&settled).unwrap(),
            serde_json::json!([
                { "status": "fulfilled", "value": 0 },
                { "status": "rejected", "reason": { "code": 20008, "msg": "taken" } },
                { "status": "fulfilled", "value": 2 },
            ])
        );
    }
}
