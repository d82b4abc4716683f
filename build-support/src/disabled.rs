//! Handlers in `_` files and folders: Modern.js users disable a route by renaming its
//! file with a leading `_`. Such a file compiles as a helper and is not routed; the build
//! says so, naming the file and the name that would route it.

use std::path::Path;

use walkdir::WalkDir;

use bffkit_contract::rules::{self, FileKind};
use bffkit_contract::{is_handler_attribute, prefix};

/// One warning a handler in a helper file: `file: `name` has #[..] but is not routed ...`.
pub fn handlers(lambda_dir: &Path, display_base: &Path, prefix: &str) -> Vec<String> {
    let mut warnings = Vec::new();
    let walker = WalkDir::new(lambda_dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !(name.starts_with('.') || name == "node_modules" || name == "target")
        });
    for entry in walker.flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(lambda_dir) else {
            continue;
        };
        let components: Vec<String> = rel
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        let parts: Vec<&str> = components.iter().map(String::as_str).collect();
        if rules::classify(&parts) != Ok(FileKind::Helper) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        // A file that does not parse gets its error from the compiler.
        let Ok(file) = syn::parse_file(&text) else {
            continue;
        };
        let display = rel_display(display_base, entry.path());
        let lambda_display = rel_display(display_base, lambda_dir);
        for (function, attribute) in handler_functions(&file.items) {
            warnings.push(format!(
                "{display}: `{function}` has `#[{attribute}]` but is not routed: files and folders \
                 starting with `_` are helpers. {}",
                how_to_route(&parts, &lambda_display, prefix)
            ));
        }
    }
    warnings
}

/// `(function, attribute)` for each function carrying a handler attribute, in inline
/// modules too.
fn handler_functions(items: &[syn::Item]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for item in items {
        match item {
            syn::Item::Fn(function) => {
                for attr in &function.attrs {
                    let path = attr.path();
                    let Some(last) = path.segments.last() else {
                        continue;
                    };
                    let name = last.ident.to_string();
                    let ours = path.segments.len() == 1
                        || path.segments.first().is_some_and(|s| s.ident == "bffkit");
                    if ours && is_handler_attribute(&name) {
                        let spelled: Vec<String> =
                            path.segments.iter().map(|s| s.ident.to_string()).collect();
                        found.push((function.sig.ident.to_string(), spelled.join("::")));
                    }
                }
            }
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    found.extend(handler_functions(items));
                }
            }
            _ => {}
        }
    }
    found
}

/// "To serve it at `/api/old`, rename it `old.rs`", from the same path without the `_`s.
fn how_to_route(parts: &[&str], lambda_display: &str, prefix: &str) -> String {
    let renamed: Vec<&str> = parts.iter().map(|p| p.trim_start_matches('_')).collect();
    let file = format!("{lambda_display}/{}", renamed.join("/"));
    match rules::classify(&renamed) {
        Ok(FileKind::Route(segments))
            if !renamed.iter().any(|p| p.is_empty()) && renamed.last() != Some(&"mod.rs") =>
        {
            format!(
                "To serve it at `{}`, rename it to `{file}` (without the leading `_`).",
                prefix::join(prefix, &rules::route_path(&segments))
            )
        }
        _ => "To serve it, move it to a file whose path has no part starting with `_`.".to_owned(),
    }
}

fn rel_display(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.iter()
        .map(|c| c.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_handler_attributes_only() {
        let file: syn::File = syn::parse_str(
            "#[bffkit::get] pub async fn get() {}
             #[api] pub async fn del() {}
             #[test] fn not_a_handler() {}
             #[other::get] async fn elsewhere() {}
             mod inner { #[bffkit::post] async fn post() {} }",
        )
        .unwrap();
        assert_eq!(
            handler_functions(&file.items),
            [
                ("get".to_owned(), "bffkit::get".to_owned()),
                ("del".to_owned(), "api".to_owned()),
                ("post".to_owned(), "bffkit::post".to_owned()),
            ]
        );
    }

    #[test]
    fn says_how_to_route_the_file() {
        assert_eq!(
            how_to_route(&["user", "_old.rs"], "api/lambda", "/api"),
            "To serve it at `/api/user/old`, rename it to `api/lambda/user/old.rs` (without the leading `_`)."
        );
        assert_eq!(
            how_to_route(&["_off", "[id].rs"], "api/lambda", "/api"),
            "To serve it at `/api/off/{id}`, rename it to `api/lambda/off/[id].rs` (without the leading `_`)."
        );
        assert!(how_to_route(&["_.rs"], "api/lambda", "/api").contains("move it"));
    }
}
