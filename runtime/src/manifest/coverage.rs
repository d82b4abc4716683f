//! What the manifest cannot vouch for: handlers whose response type has no JSON Schema
//! (`serde_json::Value`, or a type without `JsonSchema`), so the manifest, the generated
//! client and `bffkit diff` know nothing about what they answer. Reported at start-up and
//! by `routes --json`.

use schemars::generate::SchemaSettings;

use crate::routes::ResolvedRoute;
use crate::schema::OperationDoc;

/// Whether the route's success type has a schema that says something.
pub fn has_response_schema(route: &ResolvedRoute) -> bool {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let mut doc = OperationDoc::new(&mut generator);
    (route.describe)(&mut doc);
    doc.response
        .is_some_and(|schema| !crate::schema::documents_nothing(schema.as_value()))
}

/// The start-up warning for routes whose responses have no schema; `None` when all do.
pub fn response_schema_warning(routes: &[ResolvedRoute]) -> Option<String> {
    let missing: Vec<&ResolvedRoute> = routes.iter().filter(|r| !has_response_schema(r)).collect();
    if missing.is_empty() {
        return None;
    }
    let mut text = format!(
        "bffkit: warning: {} route(s) answer with a type that has no JSON Schema, so the manifest \
         and the generated client say nothing about their responses (return a type deriving \
         `schemars::JsonSchema` instead of `serde_json::Value`):\n",
        missing.len()
    );
    for route in missing {
        text.push_str(&format!(
            "  {:<7} {}  {} ({})\n",
            route.method.as_str(),
            route.path,
            route.file,
            route.function
        ));
    }
    Some(text)
}
