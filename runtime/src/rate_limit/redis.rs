//! The Redis store: the GCRA step of `gcra.rs` as one Lua script, so a check is atomic
//! and one round trip, and every instance on the same Redis enforces the same limit.
//! Redis's clock (`TIME`) is the only clock, so instances' clocks need not agree. Each key
//! expires when its quota is whole again, so Redis holds only keys mid-burst.

use std::time::Duration;

use super::gcra::{Decision, Gcra};
use super::limiter::Subject;
use crate::auth::RedisStore;

/// KEYS[1]: the counter; ARGV: interval and tolerance in microseconds.
/// Returns {admitted, remaining, wait in microseconds}.
const SCRIPT: &str = r"
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or 0
if tat < now then tat = now end
local new_tat = tat + interval
local ahead = new_tat - now
if ahead > tolerance then
  return {0, 0, ahead - tolerance}
end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil(ahead / 1000))
return {1, math.floor((tolerance - ahead) / interval), ahead}
";

const KEY_PREFIX: &str = "bffkit:rate:";

pub(crate) struct RedisCounters {
    /// The session store's connection handling (connect on first use, reconnect after a
    /// failure), on its own connection.
    store: RedisStore,
    script: redis::Script,
    timeout: Duration,
}

impl RedisCounters {
    pub(crate) fn open(url: &str, timeout_ms: u64) -> Result<RedisCounters, String> {
        Ok(RedisCounters {
            store: RedisStore::open(url).map_err(|e| e.to_string())?,
            script: redis::Script::new(SCRIPT),
            timeout: Duration::from_millis(timeout_ms.max(1)),
        })
    }

    pub(crate) async fn check(
        &self,
        policy: &str,
        gcra: &Gcra,
        subject: &Subject,
    ) -> Result<Decision, String> {
        let micros = |nanos: u64| (nanos / 1000).max(1);
        let call = async {
            let mut conn = self.store.conn().await.map_err(|e| e.to_string())?;
            let reply: Vec<i64> = self
                .script
                .key(format!("{KEY_PREFIX}{policy}:{subject}"))
                .arg(micros(gcra.interval))
                .arg(micros(gcra.tolerance))
                .invoke_async(&mut conn)
                .await
                .map_err(|e| self.store.failed(e).to_string())?;
            match reply[..] {
                [admitted, remaining, wait] => Ok(Decision {
                    admitted: admitted == 1,
                    remaining: u32::try_from(remaining).unwrap_or(0),
                    wait: u64::try_from(wait).unwrap_or(0).saturating_mul(1000),
                }),
                _ => Err(format!("unexpected script reply {reply:?}")),
            }
        };
        tokio::time::timeout(self.timeout, call)
            .await
            .map_err(|_| format!("no answer within {:?}", self.timeout))?
    }
}
