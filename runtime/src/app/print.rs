//! The route table as people and tools read it.

use serde::Serialize;

use super::resolve::ResolvedRoute;

/// `routes --json`: `[{"method","path","file","function","documented","response_schema"}]`,
/// `file` relative to the crate root; `response_schema` is false when the handler's
/// response type has no JSON Schema.
pub fn routes_json(routes: &[ResolvedRoute]) -> String {
    #[derive(Serialize)]
    struct Row<'a> {
        method: &'a str,
        path: &'a str,
        file: &'a str,
        function: &'a str,
        documented: bool,
        response_schema: bool,
    }
    let rows: Vec<Row> = routes
        .iter()
        .map(|r| Row {
            method: r.method.as_str(),
            path: &r.path,
            file: r.file,
            function: r.function,
            documented: true,
            response_schema: crate::manifest::has_response_schema(r),
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default()
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
