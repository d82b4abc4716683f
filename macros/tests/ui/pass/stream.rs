// Streams: a plain handler returning `EventStream<T>`, a `match` whose response is one, and
// a `Result` of one.
use bffkit::stream::{EventStream, LastEventId};
use bffkit::ApiError;

#[bffkit::schema]
pub struct Tick {
    pub n: u64,
}

#[bffkit::get]
pub async fn get(last: LastEventId) -> EventStream<Tick> {
    let from = last.resume_from();
    EventStream::new(futures_util::stream::iter((from..3).map(|n| Tick { n })))
}

#[bffkit::post]
pub async fn post() -> Result<EventStream<Tick>, ApiError> {
    Ok(EventStream::new(futures_util::stream::iter([Tick { n: 0 }])))
}

#[bffkit::api(match = { response: EventStream<Tick> })]
pub async fn put() -> EventStream<Tick> {
    EventStream::new(futures_util::stream::iter([Tick { n: 0 }]))
}

fn main() {}
