//! `EventStream<T>`: what a streaming lambda returns.

use std::marker::PhantomData;

use futures_util::stream::BoxStream;
use futures_util::{Stream, StreamExt};
use serde::Serialize;

use crate::error::ApiError;

/// A stream of `T`s answered as Server-Sent Events or NDJSON (see [the module
/// docs](crate::stream)). Events are numbered from 0, or from [`first_id`](Self::first_id).
#[must_use = "return it from a lambda"]
pub struct EventStream<T> {
    pub(crate) items: BoxStream<'static, Result<T, ApiError>>,
    pub(crate) first_id: u64,
    item: PhantomData<fn() -> T>,
}

impl<T: Serialize + Send + 'static> EventStream<T> {
    /// Every item of `items`, then the end of the stream.
    pub fn new<S>(items: S) -> EventStream<T>
    where
        S: Stream<Item = T> + Send + 'static,
    {
        EventStream::from_results(items.map(Ok))
    }

    /// The items of `items` until the first error, which ends the stream with an error
    /// event carrying its `{code, msg, data?}`.
    pub fn try_new<S, E>(items: S) -> EventStream<T>
    where
        S: Stream<Item = Result<T, E>> + Send + 'static,
        E: Into<ApiError>,
    {
        EventStream::from_results(items.map(|item| item.map_err(Into::into)))
    }

    fn from_results<S>(items: S) -> EventStream<T>
    where
        S: Stream<Item = Result<T, ApiError>> + Send + 'static,
    {
        EventStream {
            items: items.boxed(),
            first_id: 0,
            item: PhantomData,
        }
    }
}

impl<T> EventStream<T> {
    /// Numbers the events from `id` (e.g.
    /// [`LastEventId::resume_from`](crate::stream::LastEventId::resume_from) after a
    /// reconnect).
    pub fn first_id(mut self, id: u64) -> EventStream<T> {
        self.first_id = id;
        self
    }
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("first_id", &self.first_id)
            .finish_non_exhaustive()
    }
}
