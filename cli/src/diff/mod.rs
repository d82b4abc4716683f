//! `bffkit diff OLD.json NEW.json`: every change between two manifests, classified as
//! breaking (an old client can fail) or compatible. What a client sends may only get
//! looser and what the server answers may only get tighter; the exit status says whether
//! there were breaking changes, only compatible ones, or none.

mod change;
mod rate_limit;
mod responses;
mod schema;
mod security;

use std::collections::HashSet;

use crate::args::{Arg, Args};
use crate::manifest::{Location, Manifest, Operation, Response};
use crate::Failure;
use change::{Change, Changes, Severity};
use schema::{Direction, SchemaDiff};

pub const USAGE: &str = "\
usage: bffkit diff <old.json> <new.json> [--format text|json]

Lists every change between two bffkit manifests, each marked breaking or compatible.
Exit status: 0 no changes, 1 breaking changes, 3 only compatible changes,
2 usage or input error. A CI gate that allows compatible changes accepts 0 and 3.";

/// Exit status when every change is compatible (0 is no change, 1 breaking, 2 errors).
const EXIT_COMPATIBLE: u8 = 3;

#[derive(PartialEq)]
enum Format {
    Text,
    Json,
}

pub fn run(mut args: Args) -> Result<(), Failure> {
    let mut files = Vec::new();
    let mut format = Format::Text;
    while let Some(arg) = args.next() {
        match arg {
            Arg::Flag(f) if f == "help" => {
                println!("{USAGE}");
                return Ok(());
            }
            Arg::Flag(f) if f == "format" => {
                format = match args.value("format").map_err(Failure::Usage)?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => {
                        return Err(Failure::Usage(format!(
                            "--format takes text or json, got {other:?}"
                        )))
                    }
                }
            }
            Arg::Flag(f) => return Err(Failure::Usage(format!("unknown option --{f}"))),
            Arg::Positional(p) => files.push(p),
        }
    }
    let [old, new] = files.as_slice() else {
        return Err(Failure::Usage(format!(
            "diff takes two manifests, got {}\n\n{USAGE}",
            files.len()
        )));
    };
    let old = Manifest::load(old).map_err(Failure::Io)?;
    let new = Manifest::load(new).map_err(Failure::Io)?;
    let mut changes = diff(&old, &new).map_err(Failure::Io)?;
    changes.sort_by_key(|c| c.severity);
    let breaking = changes
        .iter()
        .filter(|c| c.severity == Severity::Breaking)
        .count();
    let compatible = changes.len() - breaking;
    let result = match (breaking, compatible) {
        (0, 0) => "none",
        (0, _) => "compatible",
        _ => "breaking",
    };
    if format == Format::Json {
        let report = serde_json::json!({
            "result": result,
            "breaking": breaking,
            "compatible": compatible,
            "changes": changes.iter().map(Change::to_json).collect::<Vec<_>>(),
        });
        println!("{report:#}");
    } else {
        for change in &changes {
            println!("{change}");
        }
        match result {
            "none" => println!("no changes"),
            "compatible" => println!("0 breaking, {compatible} compatible changes"),
            _ => {}
        }
    }
    match result {
        "none" => Ok(()),
        "compatible" => Err(Failure::Exit(EXIT_COMPATIBLE)),
        _ if format == Format::Json => Err(Failure::Exit(1)),
        _ => Err(Failure::Check(format!(
            "{breaking} breaking, {compatible} compatible changes"
        ))),
    }
}

pub fn diff(old: &Manifest, new: &Manifest) -> Result<Vec<Change>, String> {
    let old_ops: Vec<Operation> = old
        .operations()?
        .into_iter()
        .filter(|o| !o.internal)
        .collect();
    let new_ops: Vec<Operation> = new
        .operations()?
        .into_iter()
        .filter(|o| !o.internal)
        .collect();
    let mut out = Vec::new();
    let new_paths: HashSet<String> = new_ops.iter().map(|o| path_key(&o.route_key())).collect();
    for old_op in &old_ops {
        let mut changes = Changes {
            route: format!("{} {}", old_op.method, old_op.path),
            out: &mut out,
        };
        match new_ops.iter().find(|n| n.route_key() == old_op.route_key()) {
            Some(new_op) => compare_operation(old, new, old_op, new_op, &mut changes),
            None if new_paths.contains(&path_key(&old_op.route_key())) => {
                changes.push(Severity::Breaking, "", "method removed")
            }
            None => changes.push(Severity::Breaking, "", "route removed"),
        }
    }
    for new_op in new_ops
        .iter()
        .filter(|n| !old_ops.iter().any(|o| o.route_key() == n.route_key()))
    {
        out.push(Change {
            severity: Severity::Compatible,
            route: format!("{} {}", new_op.method, new_op.path),
            location: String::new(),
            message: "route added".into(),
        });
    }
    Ok(out)
}

fn path_key(route_key: &str) -> String {
    route_key
        .split_once(' ')
        .map_or(route_key, |(_, path)| path)
        .to_owned()
}

fn compare_operation(
    old: &Manifest,
    new: &Manifest,
    a: &Operation,
    b: &Operation,
    changes: &mut Changes,
) {
    use Severity::{Breaking, Compatible};
    match (a.deprecated, b.deprecated) {
        (None, Some("")) => changes.push(Compatible, "", "deprecated"),
        (None, Some(reason)) => changes.push(Compatible, "", format!("deprecated: {reason}")),
        (Some(_), None) => changes.push(Compatible, "", "no longer deprecated"),
        _ => {}
    }
    if a.summary != b.summary || a.description != b.description {
        changes.push(Compatible, "", "summary or description changed");
    }
    if a.operation_id != b.operation_id {
        let name = |id: Option<&str>| id.unwrap_or("(none)").to_owned();
        changes.push(
            Compatible,
            "",
            format!(
                "operationId changed from {} to {} (the generated function is renamed)",
                name(a.operation_id),
                name(b.operation_id)
            ),
        );
    }

    // Path parameters match by position: renaming `{id}` changes nothing on the wire.
    let old_path: Vec<_> = a.params_in(Location::Path).collect();
    let new_path: Vec<_> = b.params_in(Location::Path).collect();
    for (p, q) in old_path.iter().zip(&new_path) {
        SchemaDiff::new(old, new, changes).compare(
            p.schema,
            q.schema,
            Direction::Input,
            &format!("path.{}", q.name),
        );
    }

    for location in [Location::Query, Location::Header, Location::Cookie] {
        for p in a.params_in(location) {
            let at = format!("{}.{}", location.name(), p.name);
            let Some(q) = b.params_in(location).find(|q| q.name == p.name) else {
                changes.push(Compatible, &at, "parameter removed");
                continue;
            };
            match (p.required, q.required) {
                (false, true) => changes.push(Breaking, &at, "parameter made required"),
                (true, false) => changes.push(Compatible, &at, "parameter made optional"),
                _ => {}
            }
            if !p.deprecated && q.deprecated {
                changes.push(Compatible, &at, "deprecated");
            }
            SchemaDiff::new(old, new, changes).compare(p.schema, q.schema, Direction::Input, &at);
        }
        for q in b
            .params_in(location)
            .filter(|q| !a.params_in(location).any(|p| p.name == q.name))
        {
            let at = format!("{}.{}", location.name(), q.name);
            if q.required {
                changes.push(Breaking, &at, "required parameter added");
            } else {
                changes.push(Compatible, &at, "optional parameter added");
            }
        }
    }

    match (&a.body, &b.body) {
        (None, Some(body)) if body.required => {
            changes.push(Breaking, "body", "request body now required")
        }
        (None, Some(_)) => changes.push(Compatible, "body", "optional request body added"),
        (Some(_), None) => changes.push(Compatible, "body", "request body no longer read"),
        (Some(p), Some(q)) if p.kind != q.kind => changes.push(
            Breaking,
            "body",
            format!(
                "media type changed from {} to {}",
                p.kind.media_type(),
                q.kind.media_type()
            ),
        ),
        (Some(p), Some(q)) => {
            match (p.required, q.required) {
                (false, true) => changes.push(Breaking, "body", "request body made required"),
                (true, false) => changes.push(Compatible, "body", "request body made optional"),
                _ => {}
            }
            SchemaDiff::new(old, new, changes).compare(
                p.schema,
                q.schema,
                Direction::Input,
                "body",
            );
        }
        (None, None) => {}
    }

    responses::compare(a, b, changes);
    responses::compare_declared_errors(a, b, changes);
    match (&a.response, &b.response) {
        (Response::Json(p), Response::Json(q)) => {
            SchemaDiff::new(old, new, changes).compare(p, q, Direction::Output, "response")
        }
        (Response::Stream(p), Response::Stream(q)) => {
            SchemaDiff::new(old, new, changes).compare(p, q, Direction::Output, "stream item")
        }
        // A change of kind is a change of content type: `responses::compare` reports it.
        _ => {}
    }
    security::compare(old, new, a, b, changes);
    rate_limit::compare(a, b, changes);
}
