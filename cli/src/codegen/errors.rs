//! Each function's failures as a TypeScript union, from the manifest: for every error
//! status the operation documents, the framework's codes for that status
//! (`info.x-bffkit.errorCodes`) and the codes the handler declares (`x-bffkit-errors`). So `if (e.code === 21001)`
//! narrows to the declared error, and comparing with a code the function cannot answer is a
//! `tsc` error ("this comparison appears to be unintentional").

use std::collections::BTreeMap;

use bffkit_contract::manifest::DeclaredErrorEntry;

use crate::manifest::{Manifest, Operation};

/// The codes one status can carry.
enum Codes {
    /// These codes exactly.
    Listed(Vec<(u64, Option<String>)>),
    /// The handler declared the status without codes: any code.
    Any,
}

/// `export type {type_name} = …` and `export function {guard}(e): e is {type_name}`.
pub fn render(
    manifest: &Manifest,
    op: &Operation,
    function: &str,
    type_name: &str,
    guard: &str,
) -> String {
    let by_status = failures(manifest, op);
    let mut out = format!(
        "/**\n * Every way `{function}` fails: the errors it declares and the framework's own for the\n * statuses it documents; status 0 and code 0 mean no response or a body without a code.\n */\nexport type {type_name} =\n"
    );
    for (status, codes) in &by_status {
        let (code, names) = match codes {
            Codes::Any => ("number".to_owned(), Vec::new()),
            Codes::Listed(codes) => (
                codes
                    .iter()
                    .map(|(c, _)| c.to_string())
                    .collect::<Vec<_>>()
                    .join(" | "),
                codes
                    .iter()
                    .filter_map(|(c, n)| n.as_ref().map(|n| format!("{c} {n}")))
                    .collect(),
            ),
        };
        let comment = if names.is_empty() {
            String::new()
        } else {
            format!(" // {}", names.join(", "))
        };
        out.push_str(&format!(
            "  | BffError & {{ status: {status}; code: {code} }}{comment}\n"
        ));
    }
    out.push_str("  | BffError & { status: 0; code: 0 };\n\n");
    out.push_str(&format!(
        "/** Types a rejection of `{function}` (every one but an abort is a `BffError`). */\nexport function {guard}(e: unknown): e is {type_name} {{\n  return e instanceof BffError;\n}}\n"
    ));
    out
}

fn failures(manifest: &Manifest, op: &Operation) -> BTreeMap<u16, Codes> {
    let table = manifest
        .bffkit_info()
        .map_or(&[][..], |ext| &ext.error_codes[..]);
    let mut out = BTreeMap::new();
    for (status, response) in op.raw.responses.iter() {
        let Ok(status) = status.parse::<u16>() else {
            continue;
        };
        if status < 400 {
            continue;
        }
        let mine: Vec<&DeclaredErrorEntry> = op
            .raw
            .errors
            .iter()
            .filter(|e| e.status == status)
            .collect();
        let codes = if response.content.is_empty() {
            // Answered before routing, without a body: the client sees code 0.
            Codes::Listed(vec![(0, None)])
        } else if mine.iter().any(|e| e.code.is_none()) {
            Codes::Any
        } else {
            // The framework's codes for the status, then the handler's own.
            let mut codes: Vec<(u64, Option<String>)> = table
                .iter()
                .filter(|e| e.status == status)
                .map(|e| (u64::from(e.code), Some(e.name.clone())))
                .collect();
            for (code, name) in mine
                .iter()
                .filter_map(|e| Some((u64::from(e.code?), e.name.clone())))
            {
                match codes.iter_mut().find(|(c, _)| *c == code) {
                    Some(existing) => existing.1 = existing.1.take().or(name),
                    None => codes.push((code, name)),
                }
            }
            Codes::Listed(codes)
        };
        match codes {
            Codes::Listed(codes) if codes.is_empty() => {
                out.insert(status, Codes::Any);
            }
            codes => {
                out.insert(status, codes);
            }
        }
    }
    out
}
