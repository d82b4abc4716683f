//! What the manifest cannot vouch for: handlers whose response type has no JSON Schema
//! (`serde_json::Value`, or a type without `JsonSchema`), so the manifest, the generated
//! client and `bffkit diff` know nothing about what they answer. Reported at start-up and
//! by `routes --json`.

use schemars::generate::SchemaSettings;

use crate::routes::{MergedRoute, ResolvedRoute};
use crate::schema::OperationDoc;

/// Whether the route's success type has a schema that says something.
pub fn has_response_schema(route: &ResolvedRoute) -> bool {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let mut doc = OperationDoc::new(&mut generator);
    (route.describe)(&mut doc);
    doc.response
        .is_some_and(|schema| !crate::schema::documents_nothing(schema.as_value()))
}

/// The start-up warning for routes whose responses have no schema (lambdas, and merged
/// routes whose `RouteDoc` describes no response); `None` when all do.
/// Merged routes without any description are the undocumented-routes warning's.
pub fn response_schema_warning(routes: &[ResolvedRoute], merged: &[MergedRoute]) -> Option<String> {
    let mut missing: Vec<String> = routes
        .iter()
        .filter(|r| !has_response_schema(r))
        .map(|r| {
            format!(
                "  {:<7} {}  {} ({})\n",
                r.method.as_str(),
                r.path,
                r.file,
                r.function
            )
        })
        .collect();
    missing.extend(
        merged
            .iter()
            .filter(|m| m.doc.as_ref().is_some_and(|doc| !doc.has_response()))
            .map(|m| {
                format!(
                    "  {:<7} {}  (merged, its RouteDoc has no `response`)\n",
                    m.method.as_str(),
                    m.path
                )
            }),
    );
    if missing.is_empty() {
        return None;
    }
    let mut text = format!(
        "bffkit: warning: {} route(s) answer with a type that has no JSON Schema, so the manifest \
         and the generated client say nothing about their responses (return a type deriving \
         `schemars::JsonSchema` instead of `serde_json::Value`, or give the `RouteDoc` a \
         `response`):\n",
        missing.len()
    );
    missing.iter().for_each(|line| text.push_str(line));
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Method, RouteDoc};

    #[test]
    fn described_merged_routes_without_a_response_are_named() {
        let merged = |path: &str, doc: Option<RouteDoc>| MergedRoute {
            method: Method::Post,
            path: path.to_owned(),
            doc,
        };
        let routes = [
            merged("/legacy/typed", Some(RouteDoc::new().response::<bool>())),
            merged("/legacy/socket", Some(RouteDoc::new().websocket())),
            merged(
                "/legacy/untyped",
                Some(RouteDoc::new().summary("Answers something")),
            ),
            merged("/legacy/undescribed", None),
        ];
        let warning = response_schema_warning(&[], &routes).unwrap();
        assert!(
            warning.starts_with("bffkit: warning: 1 route(s)"),
            "{warning}"
        );
        assert!(
            warning.contains("POST    /legacy/untyped  (merged, its RouteDoc has no `response`)"),
            "{warning}"
        );
        assert!(response_schema_warning(&[], &routes[..2]).is_none());
    }
}
