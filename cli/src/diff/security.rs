//! Security requirements: what a client must present. A requirement is a list of
//! alternatives, each a set of schemes (with scopes) that must all be satisfied. An old
//! client keeps working when every alternative it could use is still enough: some new
//! alternative asks for no more than it.

use serde_json::Value;

use super::change::{Changes, Severity};
use crate::manifest::schema::strings;
use crate::manifest::{Manifest, Operation};

/// One alternative: scheme name → scopes, sorted.
type Alternative<'a> = Vec<(&'a str, Vec<&'a str>)>;

pub fn compare(
    old: &Manifest,
    new: &Manifest,
    a: &Operation,
    b: &Operation,
    changes: &mut Changes,
) {
    let (before, after) = (requirements(old, a), requirements(new, b));
    for alternative in &before {
        if after.iter().any(|n| n == alternative) {
            continue;
        }
        match after.iter().find(|n| asks_no_more(n, alternative)) {
            Some(looser) => changes.push(
                Severity::Compatible,
                "security",
                format!("{} loosened to {}", describe(alternative), describe(looser)),
            ),
            None if alternative.is_empty() => changes.push(
                Severity::Breaking,
                "security",
                format!("now requires {}", list(&after)),
            ),
            None => changes.push(
                Severity::Breaking,
                "security",
                format!(
                    "{} is no longer enough; now requires {}",
                    describe(alternative),
                    list(&after)
                ),
            ),
        }
    }
    for alternative in after
        .iter()
        .filter(|n| !before.contains(n) && !before.iter().any(|o| asks_no_more(n, o)))
    {
        changes.push(
            Severity::Compatible,
            "security",
            format!("now also accepts {}", describe(alternative)),
        );
    }
}

/// The operation's `security`, else the document's; none at all is one empty alternative.
fn requirements<'a>(manifest: &'a Manifest, op: &'a Operation) -> Vec<Alternative<'a>> {
    let raw: Option<&Vec<Value>> = op
        .raw
        .security
        .as_ref()
        .or_else(|| manifest.doc["security"].as_array());
    let alternatives: Vec<Alternative> = raw
        .into_iter()
        .flatten()
        .map(|alternative| {
            let mut schemes: Alternative = alternative
                .as_object()
                .into_iter()
                .flatten()
                .map(|(scheme, scopes)| {
                    let mut scopes = strings(scopes);
                    scopes.sort_unstable();
                    (scheme.as_str(), scopes)
                })
                .collect();
            schemes.sort_unstable();
            schemes
        })
        .collect();
    if alternatives.is_empty() {
        vec![Vec::new()]
    } else {
        alternatives
    }
}

/// Whether a client satisfying `old` also satisfies `new`.
fn asks_no_more(new: &Alternative, old: &Alternative) -> bool {
    new.iter().all(|(scheme, scopes)| {
        old.iter()
            .any(|(s, have)| s == scheme && scopes.iter().all(|scope| have.contains(scope)))
    })
}

fn describe(alternative: &Alternative) -> String {
    if alternative.is_empty() {
        return "no authentication".to_owned();
    }
    alternative
        .iter()
        .map(|(scheme, scopes)| {
            if scopes.is_empty() {
                (*scheme).to_owned()
            } else {
                format!("{scheme}[{}]", scopes.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn list(alternatives: &[Alternative]) -> String {
    alternatives
        .iter()
        .map(describe)
        .collect::<Vec<_>>()
        .join(" or ")
}
