//! The route table as people and tools read it.

use serde::Serialize;

use crate::routes::MergedRoute;
use crate::routes::ResolvedRoute;

/// `routes --json`: `[{"method","path","file","function","documented","response_schema"}]`,
/// `file` relative to the crate root; `response_schema` is false when the handler's
/// response type has no JSON Schema. Routes of merged routers follow, with empty `file`
/// and `function` and `documented: false` unless a [`RouteDoc`](super::RouteDoc) describes
/// them. Each router merged with `App::merge`, whose routes are unknown, is one row with
/// method and path `*`, `documented: false` and `opaque: true` (a field only such rows
/// carry), so nothing the app answers is missing from the list.
pub fn routes_json(
    routes: &[ResolvedRoute],
    merged: &[MergedRoute],
    opaque_merges: usize,
) -> String {
    #[derive(Serialize)]
    struct Row<'a> {
        method: &'a str,
        path: &'a str,
        file: &'a str,
        function: &'a str,
        documented: bool,
        response_schema: bool,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        opaque: bool,
    }
    let rows: Vec<Row> = routes
        .iter()
        .map(|r| Row {
            method: r.method.as_str(),
            path: r.path.as_str(),
            file: r.file,
            function: r.function,
            documented: true,
            response_schema: crate::manifest::has_response_schema(r),
            opaque: false,
        })
        .chain(merged.iter().map(|m| Row {
            method: m.method.as_str(),
            path: m.path.as_str(),
            file: "",
            function: "",
            documented: m.doc.is_some(),
            response_schema: m.doc.as_ref().is_some_and(super::RouteDoc::has_response),
            opaque: false,
        }))
        .chain((0..opaque_merges).map(|_| Row {
            method: "*",
            path: "*",
            file: "",
            function: "",
            documented: false,
            response_schema: false,
            opaque: true,
        }))
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default()
}

/// The start-up warning for routes the manifest does not describe; `None` when it describes
/// every route the app answers.
pub fn undocumented_warning(merged: &[MergedRoute], opaque_merges: usize) -> Option<String> {
    let undocumented: Vec<&MergedRoute> = merged.iter().filter(|m| m.doc.is_none()).collect();
    if undocumented.is_empty() && opaque_merges == 0 {
        return None;
    }
    let mut text = String::new();
    if !undocumented.is_empty() {
        text.push_str(&format!(
            "bffkit: warning: {} merged route(s) answer requests but are not in the manifest \
             (describe them with `Routes::documented` and a `RouteDoc`):\n",
            undocumented.len()
        ));
        for route in undocumented {
            text.push_str(&format!("  {:<7} {}\n", route.method.as_str(), route.path));
        }
    }
    if opaque_merges > 0 {
        text.push_str(&format!(
            "bffkit: warning: {opaque_merges} router(s) merged with `App::merge` answer routes \
             the manifest cannot list; build them with `bffkit::Routes` and `App::merge_routes`\n"
        ));
    }
    Some(text)
}

/// An aligned table: method, path, file and function.
pub fn routes_table(routes: &[ResolvedRoute]) -> String {
    let width = routes.iter().map(|r| r.path.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in routes {
        out.push_str(&format!(
            "  {:<7} {:<width$}  {} ({})\n",
            r.method.as_str(),
            r.path,
            r.file,
            r.function
        ));
    }
    if routes.is_empty() {
        out.push_str("  (no routes: add handler files under the lambda directory)\n");
    }
    out
}
