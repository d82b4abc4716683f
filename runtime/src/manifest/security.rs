//! Security requirements: which schemes an operation needs (sign-in's session or API key,
//! and every scheme of the folder middleware around it).

use std::collections::BTreeMap;

use serde_json::Value;

/// One alternative of an operation's `security`: every scheme it names is needed.
pub(super) type Requirement = BTreeMap<String, Vec<String>>;

/// A requirement of the schemes `names`.
pub(super) fn requirement<'a>(names: impl IntoIterator<Item = &'a str>) -> Requirement {
    names
        .into_iter()
        .map(|name| (name.to_owned(), Vec::new()))
        .collect()
}

/// The requirements as the document writes them.
pub(super) fn to_values(requirements: Vec<Requirement>) -> Vec<Value> {
    requirements
        .into_iter()
        .map(|r| {
            Value::Object(
                r.into_iter()
                    .map(|(name, scopes)| (name, Value::from(scopes)))
                    .collect(),
            )
        })
        .collect()
}

/// Every middleware scheme is required (each middleware checks its own), on top of each
/// alternative the sign-in layer accepts.
pub(super) fn with_middleware(
    mut requirements: Vec<Requirement>,
    middleware: &Requirement,
) -> Vec<Requirement> {
    if middleware.is_empty() {
        return requirements;
    }
    if requirements.is_empty() {
        requirements.push(Requirement::new());
    }
    for requirement in &mut requirements {
        requirement.extend(middleware.clone());
    }
    requirements
}
