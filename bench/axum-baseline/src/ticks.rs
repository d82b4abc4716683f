//! `GET /api/ticks?count=N&every_ms=M`: the streaming benchmark's Server-Sent Events on
//! axum's `Sse`, the same events as bffkit's `EventStream` answers: `id: n` and
//! `data: {"n":n}` every `every_ms` milliseconds, then `event: end`.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::Query;
use axum::response::sse::{Event, Sse};
use futures_util::Stream;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct Pace {
    count: u64,
    every_ms: u64,
}

#[derive(Serialize)]
struct Tick {
    n: u64,
}

pub async fn ticks(Query(pace): Query<Pace>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let interval = tokio::time::interval(Duration::from_millis(pace.every_ms.max(1)));
    let count = pace.count;
    let events = futures_util::stream::unfold((0, interval), move |(n, mut interval)| async move {
        if n > count {
            return None;
        }
        if n == count {
            let end = Event::default().event("end").data("null");
            return Some((Ok(end), (n + 1, interval)));
        }
        interval.tick().await;
        let event = Event::default()
            .id(n.to_string())
            .json_data(Tick { n })
            .expect("a tick serializes");
        Some((Ok(event), (n + 1, interval)))
    });
    Sse::new(events)
}
