//! The JSDoc line saying what an operation's `security` requires, in the words of the
//! manifest's `securitySchemes`: "Requires `bearer` (http bearer)".

use crate::manifest::{Manifest, Operation};

/// `None` when the operation needs no credentials.
pub fn requirement_line(manifest: &Manifest, op: &Operation) -> Option<String> {
    let alternatives = op
        .raw
        .security
        .as_ref()
        .or_else(|| manifest.doc["security"].as_array())?;
    let mut anonymous = false;
    let mut described: Vec<String> = Vec::new();
    for alternative in alternatives {
        let schemes: Vec<String> = alternative
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, _)| scheme(manifest, name))
            .collect();
        if schemes.is_empty() {
            anonymous = true;
        } else {
            described.push(schemes.join(" and "));
        }
    }
    if described.is_empty() {
        return None;
    }
    let verb = if anonymous { "Accepts" } else { "Requires" };
    let mut line = format!("{verb} {}", described.join(" or "));
    if anonymous {
        line.push_str(", or no credentials");
    }
    line.push('.');
    Some(line)
}

/// "`bearer` (http bearer)", "`apiKey` (API key in header `x-api-key`)".
fn scheme(manifest: &Manifest, name: &str) -> String {
    let Some(scheme) = manifest.model.components.security_schemes.get(name) else {
        return format!("`{name}`");
    };
    let text = |key: &str| scheme[key].as_str().unwrap_or("?");
    let kind = match text("type") {
        "http" => format!("http {}", text("scheme")),
        "apiKey" => format!("API key in {} `{}`", text("in"), text("name")),
        other => other.to_owned(),
    };
    format!("`{name}` ({kind})")
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn line(security: Value) -> Option<String> {
        let doc = serde_json::json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "paths": { "/a": { "get": { "security": security, "responses": { "200": { "description": "ok" } } } } },
            "components": { "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer" },
                "cookie": { "type": "apiKey", "in": "cookie", "name": "sid" }
            } }
        });
        let manifest = Manifest::parse(doc.to_string().as_bytes()).unwrap();
        let ops = manifest.operations().unwrap();
        requirement_line(&manifest, &ops[0])
    }

    #[test]
    fn alternatives_and_combinations_are_spelled_out() {
        assert_eq!(line(serde_json::json!([])), None);
        assert_eq!(
            line(serde_json::json!([{ "bearer": [] }, { "cookie": [] }])).unwrap(),
            "Requires `bearer` (http bearer) or `cookie` (API key in cookie `sid`)."
        );
        assert_eq!(
            line(serde_json::json!([{ "bearer": [], "cookie": [] }, {}])).unwrap(),
            "Accepts `bearer` (http bearer) and `cookie` (API key in cookie `sid`), or no credentials."
        );
    }
}
