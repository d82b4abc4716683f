//! What the server answers on success: the set of 2xx statuses and, per status, the media
//! types. The server may only answer with less; anything new is something an old client
//! was never built to read.

use super::change::{Changes, Severity};
use crate::manifest::Operation;

pub fn compare(a: &Operation, b: &Operation, changes: &mut Changes) {
    let (old_success, new_success) = (success(a), success(b));
    for (status, _) in old_success
        .iter()
        .filter(|(s, _)| !new_success.iter().any(|(n, _)| n == s))
    {
        changes.push(
            Severity::Compatible,
            "response",
            format!("success status {status} no longer returned"),
        );
    }
    for (status, new_media) in &new_success {
        let Some((_, old_media)) = old_success.iter().find(|(s, _)| s == status) else {
            changes.push(
                Severity::Breaking,
                "response",
                format!("success status {status} added (old clients do not expect it)"),
            );
            continue;
        };
        let at = format!("response {status}");
        for media in old_media.iter().filter(|m| !new_media.contains(m)) {
            changes.push(
                Severity::Compatible,
                &at,
                format!("content type {media} no longer returned"),
            );
        }
        for media in new_media.iter().filter(|m| !old_media.contains(m)) {
            if old_media.is_empty() {
                changes.push(
                    Severity::Compatible,
                    &at,
                    format!("now has a body ({media}) where it had none"),
                );
            } else {
                changes.push(
                    Severity::Breaking,
                    &at,
                    format!("content type {media} added (old clients do not read it)"),
                );
            }
        }
    }
}

/// The errors a handler declares (`x-bffkit-errors`). Typed clients switch on them, so a new
/// one is flagged, though old clients still see an error they handle as any failure.
pub fn compare_declared_errors(a: &Operation, b: &Operation, changes: &mut Changes) {
    let (old, new) = (declared(a), declared(b));
    for error in new.iter().filter(|e| !old.contains(e)) {
        changes.push(
            Severity::Compatible,
            "errors",
            format!("may now fail with {error} (typed clients' failure unions do not list it)"),
        );
    }
    for error in old.iter().filter(|e| !new.contains(e)) {
        changes.push(
            Severity::Compatible,
            "errors",
            format!("{error} no longer declared"),
        );
    }
}

/// `409 21001 TODO_EXISTS`, `409 (any code)`.
fn declared(op: &Operation) -> Vec<String> {
    op.raw
        .errors
        .iter()
        .map(|e| match (e.code, &e.name) {
            (Some(code), Some(name)) => format!("{} {code} {name}", e.status),
            (Some(code), None) => format!("{} {code}", e.status),
            (None, _) => format!("{} (any code)", e.status),
        })
        .collect()
}

/// Each 2xx status with its media types, sorted.
fn success<'a>(op: &'a Operation) -> Vec<(&'a str, Vec<&'a str>)> {
    op.raw
        .responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .map(|(status, response)| {
            (
                status.as_str(),
                response.content.keys().map(String::as_str).collect(),
            )
        })
        .collect()
}
