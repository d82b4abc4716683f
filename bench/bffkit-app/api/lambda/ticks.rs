//! `GET /api/ticks?count=N&every_ms=M`: `count` Server-Sent Events, one every `every_ms`
//! milliseconds (the streaming benchmark: 10 a second), numbered from 0.

use std::time::Duration;

use bffkit::stream::EventStream;
use bffkit::RequestOption;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, JsonSchema)]
pub struct Pace {
    /// How many events in all.
    pub count: u64,
    /// Milliseconds between events.
    pub every_ms: u64,
}

#[derive(Serialize, JsonSchema)]
pub struct Tick {
    /// The event's number, also its id.
    pub n: u64,
}

#[bffkit::get]
pub async fn get(RequestOption { query, .. }: RequestOption<Pace>) -> EventStream<Tick> {
    // An interval, not a sleep per event: the pace does not drift with the server's load.
    let interval = tokio::time::interval(Duration::from_millis(query.every_ms.max(1)));
    let count = query.count;
    EventStream::new(futures_util::stream::unfold(
        (0, interval),
        move |(n, mut interval)| async move {
            if n >= count {
                return None;
            }
            interval.tick().await;
            Some((Tick { n }, (n + 1, interval)))
        },
    ))
}
