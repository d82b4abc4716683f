//! What the server answers on success: the set of 2xx statuses and, per status, the media
//! types. The server may only answer with less; anything new is something an old client
//! was never built to read.

use bffkit_contract::manifest::extension;

use super::change::{Changes, Severity};
use crate::json::Json;
use crate::manifest::{Manifest, Operation};

pub fn compare(
    old: &Manifest,
    new: &Manifest,
    a: &Operation,
    b: &Operation,
    changes: &mut Changes,
) {
    let (old_success, new_success) = (success(old, a), success(new, b));
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
        .at(extension::ERRORS)
        .as_array()
        .iter()
        .map(|e| {
            let status = e.at("status").to_compact();
            match (e.get("code"), e.at("name").as_str()) {
                (Some(code), Some(name)) => format!("{status} {} {name}", code.to_compact()),
                (Some(code), None) => format!("{status} {}", code.to_compact()),
                (None, _) => format!("{status} (any code)"),
            }
        })
        .collect()
}

/// Each 2xx status with its media types, in document order.
fn success<'a>(manifest: &'a Manifest, op: &'a Operation) -> Vec<(&'a str, Vec<&'a str>)> {
    op.raw
        .at("responses")
        .members()
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .map(|(status, response)| {
            let response = manifest.resolve(response).unwrap_or(&Json::Null);
            let media = response
                .at("content")
                .members()
                .iter()
                .map(|(m, _)| m.as_str())
                .collect();
            (status.as_str(), media)
        })
        .collect()
}
