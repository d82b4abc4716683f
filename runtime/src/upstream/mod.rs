//! Calling upstream services: the thing a BFF spends its life doing.
//!
//! Services are named once in `bffkit.toml` (`[upstream.<name>] url, timeout_ms, retries,
//! headers`, env `BFFKIT_UPSTREAM_<NAME>_URL`) and reached from a handler through the
//! `Upstreams` extractor (feature `upstream`). Every failure becomes the `30000` error
//! (`30001` for timeouts) carrying the upstream status and body. [`join_all`] and
//! [`Settled`] aggregate calls with partial failures; [`Loader`] deduplicates and batches
//! lookups within a request.
//!
//! Each service has a circuit breaker, a retry budget and a bulkhead
//! (`[upstream.<name>.breaker]`, `.retry_budget`, `.bulkhead`), and a request's calls
//! share its deadline (`[deadlines]`): an open breaker or a full bulkhead fails the call
//! at once as `30000` with 503 and `Retry-After`, naming the service.
//!
//! ```
//! # #[cfg(feature = "upstream")] mod lambda {
//! // api/lambda/user/[id].rs
//! use bffkit::upstream::Upstreams;
//! use bffkit::ApiError;
//!
//! #[bffkit::schema]
//! pub struct User {
//!     pub id: String,
//!     pub name: String,
//! }
//!
//! # /* The method macros need the route table an app's build script writes.
//! #[bffkit::get]
//! # */
//! pub async fn get(id: String, upstreams: Upstreams) -> Result<User, ApiError> {
//!     Ok(upstreams.get("users")?.get_json(&format!("/users/{id}")).await?)
//! }
//! # }
//! # fn main() {}
//! ```

mod aggregate;
#[cfg(feature = "upstream")]
mod breaker;
#[cfg(feature = "upstream")]
mod budget;
#[cfg(feature = "upstream")]
mod bulkhead;
#[cfg(feature = "upstream")]
mod client;
#[cfg(feature = "upstream")]
mod deadline;
#[cfg(feature = "upstream")]
mod error;
mod loader;
#[cfg(feature = "upstream")]
mod policy;
#[cfg(feature = "upstream")]
mod retry;
mod statuses;
#[cfg(feature = "upstream")]
mod telemetry;
#[cfg(feature = "upstream")]
mod window;

pub use aggregate::{join_all, Settled};
#[cfg(feature = "upstream")]
pub use breaker::BreakerState;
#[cfg(feature = "upstream")]
pub(crate) use client::Pool;
#[cfg(feature = "upstream")]
pub use client::{Service, Upstreams};
#[cfg(feature = "upstream")]
pub use error::{UpstreamError, UpstreamFailure, UPSTREAM_MSG};
pub use loader::Loader;
pub(crate) use statuses::statuses;
