//! `Limiter`: the app's counters (memory or Redis), whose request is whose, and what a
//! store failure does. One per app, shared by every limited route.

use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use http::request::Parts;

use super::client_ip::TrustedProxies;
use super::gcra::{Decision, Gcra};
use super::memory::MemoryTable;
use super::policy::{LimitKey, RateLimit};
use crate::config::{Config, ConfigError, OnStoreError, RateLimitStoreKind};

/// Where counters live.
pub(crate) enum Counters {
    Memory(MemoryTable),
    #[cfg(feature = "auth-redis")]
    Redis(super::redis::RedisCounters),
}

/// Whose requests count together, for one limit.
#[derive(Debug, Hash, PartialEq, Eq)]
pub(crate) enum Subject {
    Ip(IpAddr),
    /// A request without any address (served in-process, no `X-Forwarded-For`): all such
    /// count together.
    NoAddress,
    Text(String),
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Ip(ip) => write!(f, "ip:{ip}"),
            Subject::NoAddress => f.write_str("ip:-"),
            Subject::Text(text) => f.write_str(text),
        }
    }
}

/// What the keys read of a request: its head, and the whole `Parts` for app keys (the
/// layer splits a request only for them).
pub(crate) struct Head<'a> {
    pub method: &'a http::Method,
    pub headers: &'a http::HeaderMap,
    pub extensions: &'a http::Extensions,
    pub parts: Option<&'a Parts>,
}

impl<'a> Head<'a> {
    pub(crate) fn of_parts(parts: &'a Parts) -> Head<'a> {
        Head {
            method: &parts.method,
            headers: &parts.headers,
            extensions: &parts.extensions,
            parts: Some(parts),
        }
    }

    pub(crate) fn of_request<B>(request: &'a http::Request<B>) -> Head<'a> {
        Head {
            method: request.method(),
            headers: request.headers(),
            extensions: request.extensions(),
            parts: None,
        }
    }
}

/// The app's rate limiting: counters, trusted proxies, and the store's health.
pub(crate) struct Limiter {
    pub counters: Counters,
    proxies: TrustedProxies,
    on_store_error: OnStoreError,
    fields_on_success: bool,
    /// Whether the store failed last time: the log says so once per change, not per request.
    #[cfg_attr(not(feature = "auth-redis"), allow(dead_code))]
    store_down: AtomicBool,
    hasher: std::hash::RandomState,
    /// A random key for [`fold`], so clients cannot choose addresses that share a set.
    seed: u64,
    api_key_header: http::HeaderName,
}

/// One step of a folded multiply: the 128-bit product's halves xored.
fn fold(a: u64, b: u64) -> u64 {
    let product = u128::from(a ^ 0x243F_6A88_85A3_08D3) * u128::from(b ^ 0x1319_8A2E_0370_7344);
    (product as u64) ^ ((product >> 64) as u64)
}

/// What checking a request gave.
pub(crate) enum Outcome {
    Decided(Decision),
    /// The store failed; the request is admitted or refused as `on_store_error` says.
    #[cfg_attr(not(feature = "auth-redis"), allow(dead_code))]
    StoreFailed,
}

impl Limiter {
    /// The limiter `[rate_limit]` describes, or `None` when rate limiting is off.
    pub(crate) fn from_config(config: &Config) -> Result<Option<Arc<Limiter>>, ConfigError> {
        let settings = &config.rate_limit;
        if !settings.enabled {
            return Ok(None);
        }
        let kind = settings.store.unwrap_or(
            if config.auth.store == crate::config::SessionStoreKind::Redis {
                RateLimitStoreKind::Redis
            } else {
                RateLimitStoreKind::Memory
            },
        );
        let counters = match kind {
            RateLimitStoreKind::Memory => Counters::Memory(MemoryTable::new(settings.memory_keys)),
            #[cfg(feature = "auth-redis")]
            RateLimitStoreKind::Redis => Counters::Redis(
                super::redis::RedisCounters::open(
                    &config.auth.redis_url,
                    settings.store_timeout_ms,
                )
                .map_err(|detail| ConfigError {
                    source: "auth.redis_url".to_owned(),
                    detail,
                })?,
            ),
            #[cfg(not(feature = "auth-redis"))]
            RateLimitStoreKind::Redis => {
                return Err(ConfigError {
                    source: "rate_limit.store".to_owned(),
                    detail: "this build lacks the `auth-redis` feature of bffkit".to_owned(),
                })
            }
        };
        Ok(Some(Arc::new(Limiter {
            counters,
            proxies: TrustedProxies::new(&settings.trusted_proxies),
            on_store_error: settings.on_store_error,
            fields_on_success: settings.fields_on_success,
            store_down: AtomicBool::new(false),
            hasher: std::hash::RandomState::new(),
            seed: std::hash::RandomState::new().hash_one(0u8),
            api_key_header: http::HeaderName::from_bytes(config.auth.api_key_header.as_bytes())
                .unwrap_or_else(|_| http::HeaderName::from_static("x-api-key")),
        })))
    }

    pub(crate) fn fields_on_success(&self) -> bool {
        self.fields_on_success
    }

    pub(crate) fn is_memory(&self) -> bool {
        self.memory().is_some()
    }

    /// The memory store's table, when that is the store.
    pub(crate) fn memory(&self) -> Option<&MemoryTable> {
        match &self.counters {
            Counters::Memory(table) => Some(table),
            #[cfg(feature = "auth-redis")]
            Counters::Redis(_) => None,
        }
    }

    pub(crate) fn fails_closed(&self) -> bool {
        self.on_store_error == OnStoreError::Closed
    }

    /// The subject of a limit whose key needs no I/O (all but `User`).
    pub(crate) fn subject(&self, key: &LimitKey, head: &Head<'_>) -> Subject {
        let text = match key {
            LimitKey::Ip | LimitKey::User => None,
            LimitKey::ApiKey => head
                .headers
                .get(&self.api_key_header)
                // The key itself stays out of Redis and logs: a hash stands for it.
                .map(|k| format!("key:{:016x}", self.hasher.hash_one(k.as_bytes()))),
            LimitKey::App(_, key) => head
                .parts
                .and_then(|parts| key(parts))
                .map(|k| format!("app:{k}")),
        };
        match text {
            Some(text) => Subject::Text(text),
            None => self.address(head),
        }
    }

    pub(crate) fn address(&self, head: &Head<'_>) -> Subject {
        self.proxies
            .client(head)
            .map_or(Subject::NoAddress, Subject::Ip)
    }

    /// The memory store's decision, taken at once.
    pub(crate) fn check_memory(
        &self,
        table: &MemoryTable,
        limit: &RateLimit,
        gcra: &Gcra,
        subject: &Subject,
    ) -> Decision {
        let key = match subject {
            // Addresses, the common key, by a keyed multiply-fold (as foldhash does):
            // SipHash cost as much as the rest of the check.
            Subject::Ip(ip) => {
                let bits = match ip {
                    IpAddr::V4(v4) => u128::from(v4.to_bits()),
                    IpAddr::V6(v6) => v6.to_bits(),
                };
                let seed = self.seed ^ limit.seed;
                fold(fold(seed, bits as u64), (bits >> 64) as u64)
            }
            other => self.hasher.hash_one((limit.name.as_ref(), other)),
        };
        table.check(gcra, key, now())
    }

    /// The decision, from whichever store.
    pub(crate) async fn check(&self, limit: &RateLimit, gcra: &Gcra, subject: &Subject) -> Outcome {
        match &self.counters {
            Counters::Memory(table) => {
                Outcome::Decided(self.check_memory(table, limit, gcra, subject))
            }
            #[cfg(feature = "auth-redis")]
            Counters::Redis(redis) => match redis.check(&limit.name, gcra, subject).await {
                Ok(decision) => {
                    self.store_answered();
                    Outcome::Decided(decision)
                }
                Err(error) => {
                    self.store_failed(&error);
                    Outcome::StoreFailed
                }
            },
        }
    }

    #[cfg_attr(not(feature = "auth-redis"), allow(dead_code))]
    fn store_answered(&self) {
        if self.store_down.load(Ordering::Relaxed) && self.store_down.swap(false, Ordering::Relaxed)
        {
            tracing::warn!("rate limit store: Redis answers again; limits are enforced again");
        }
    }

    #[cfg_attr(not(feature = "auth-redis"), allow(dead_code))]
    fn store_failed(&self, error: &str) {
        if !self.store_down.swap(true, Ordering::Relaxed) {
            let rule = match self.on_store_error {
                OnStoreError::Open => "admitting requests unlimited (on_store_error = \"open\")",
                OnStoreError::Closed => {
                    "refusing limited requests with 503 (on_store_error = \"closed\")"
                }
            };
            tracing::error!(%error, "rate limit store: Redis failed; {rule} until it answers");
        }
    }
}

/// Nanoseconds on a monotonic clock that starts at 1 (0 means "no timestamp").
fn now() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    u64::try_from(start.elapsed().as_nanos())
        .unwrap_or(u64::MAX)
        .saturating_add(1)
}
