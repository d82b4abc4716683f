//! Rate limits (`x-bffkit-rate-limit`): how much a client may send. Like any input rule
//! they may only get looser: a new limit, a lower rate or a smaller burst can refuse
//! traffic an old client sent without trouble, so it is breaking; a looser or removed one
//! is compatible.

use super::change::{Changes, Severity};
use crate::manifest::Operation;

/// One limit as the manifest states it.
struct Limit<'a> {
    name: &'a str,
    requests: u64,
    period_secs: u64,
    burst: u64,
    key: &'a str,
}

impl Limit<'_> {
    fn describe(&self) -> String {
        format!(
            "{} requests per {} s (burst {}) per {}",
            self.requests, self.period_secs, self.burst, self.key
        )
    }
}

fn limits<'a>(op: &Operation<'a>) -> Vec<Limit<'a>> {
    op.raw
        .rate_limits
        .iter()
        .map(|limit| Limit {
            name: &limit.name,
            requests: limit.requests,
            period_secs: limit.period_secs.max(1),
            burst: limit.burst,
            key: &limit.key,
        })
        .collect()
}

pub fn compare(a: &Operation, b: &Operation, changes: &mut Changes) {
    let (old, new) = (limits(a), limits(b));
    for limit in &new {
        let at = format!("rate limit {}", limit.name);
        let Some(before) = old.iter().find(|o| o.name == limit.name) else {
            changes.push(
                Severity::Breaking,
                &at,
                format!("added: {} (429 past it)", limit.describe()),
            );
            continue;
        };
        // Rates compared as fractions: requests / period.
        let slower = limit.requests * before.period_secs < before.requests * limit.period_secs;
        let faster = limit.requests * before.period_secs > before.requests * limit.period_secs;
        let tightened = slower || limit.burst < before.burst;
        let loosened = faster || limit.burst > before.burst;
        if tightened {
            changes.push(
                Severity::Breaking,
                &at,
                format!(
                    "tightened from {} to {}",
                    before.describe(),
                    limit.describe()
                ),
            );
        } else if loosened {
            changes.push(
                Severity::Compatible,
                &at,
                format!(
                    "loosened from {} to {}",
                    before.describe(),
                    limit.describe()
                ),
            );
        }
        if limit.key != before.key {
            changes.push(
                Severity::Compatible,
                &at,
                format!(
                    "now counted per {} instead of per {}",
                    limit.key, before.key
                ),
            );
        }
    }
    for limit in old.iter().filter(|o| !new.iter().any(|n| n.name == o.name)) {
        changes.push(
            Severity::Compatible,
            &format!("rate limit {}", limit.name),
            format!("removed (was {})", limit.describe()),
        );
    }
}
