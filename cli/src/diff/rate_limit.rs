//! Rate limits (`x-bffkit-rate-limit`): how much a client may send. Like any input rule
//! they may only get looser: a new limit, a lower rate or a smaller burst can refuse
//! traffic an old client sent without trouble, so it is breaking; a looser or removed one
//! is compatible.

use bffkit_contract::manifest::extension;
use serde_json::Value;

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
    let Some(Value::Array(items)) = op.raw.other.get(extension::RATE_LIMIT) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let number = |field: &str| item[field].as_u64();
            Some(Limit {
                name: item["name"].as_str()?,
                requests: number("requests")?,
                period_secs: number("period_secs")?.max(1),
                burst: number("burst")?,
                key: item["key"].as_str().unwrap_or("ip"),
            })
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
