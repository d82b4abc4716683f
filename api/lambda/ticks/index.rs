//! `GET /api/ticks`: a stream of numbered ticks, as Server-Sent Events or (with
//! `accept: application/x-ndjson`) NDJSON. Each tick is checked against its schema; knobs
//! make it fail (`fail_at`) or send a tick breaking its schema (`bad_at`). A reconnecting
//! client's `Last-Event-ID` resumes after the last tick it saw.

use std::time::Duration;

use bffkit::stream::{EventStream, LastEventId};
use bffkit::{code, ApiError};

use super::_runs::Producer;

#[bffkit::schema]
pub struct TickQuery {
    /// How many ticks in all (default 5).
    #[schemars(range(max = 500))]
    pub count: Option<u64>,
    /// Milliseconds between ticks (default 10).
    #[schemars(range(max = 20))]
    pub every_ms: Option<u64>,
    /// End the stream with an error event instead of this tick.
    pub fail_at: Option<u64>,
    /// Send this tick with a number its schema refuses.
    pub bad_at: Option<u64>,
    /// A name to ask `/api/ticks/stopped` about.
    #[schemars(length(min = 1, max = 64))]
    pub run: Option<String>,
}

#[bffkit::schema]
pub struct Tick {
    /// The tick's number, also its event id.
    #[schemars(range(max = 500))]
    pub n: u64,
}

/// Counts ticks.
#[bffkit::api(match = {
    request: { query: TickQuery },
    response: EventStream<Tick>,
})]
pub async fn get(query: TickQuery, last: LastEventId) -> EventStream<Tick> {
    let from = last.resume_from();
    let count = query.count.unwrap_or(5);
    let every = Duration::from_millis(query.every_ms.unwrap_or(10));
    let producer = Producer::new(query.run);
    let (fail_at, bad_at) = (query.fail_at, query.bad_at);
    let ticks = futures_util::stream::unfold((from, producer), move |(n, mut producer)| async move {
        if n >= count {
            return None;
        }
        if n > from {
            tokio::time::sleep(every).await;
        }
        producer.sent += 1;
        let tick = if Some(n) == fail_at {
            Err(ApiError::new(code::CONFLICT, format!("tick {n} failed on purpose")))
        } else if Some(n) == bad_at {
            Ok(Tick { n: 1_000_000 })
        } else {
            Ok(Tick { n })
        };
        Some((tick, (n + 1, producer)))
    });
    EventStream::try_new(ticks).first_id(from)
}
