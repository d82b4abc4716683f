//! TypeScript identifiers and literals: sanitizing names from the manifest, keeping them
//! unique, and quoting what cannot be bare.

use std::collections::HashSet;

/// Words that cannot name a function, parameter or type alias in strict-mode TypeScript.
const RESERVED: &[&str] = &[
    "any",
    "arguments",
    "as",
    "await",
    "boolean",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "eval",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "never",
    "new",
    "null",
    "number",
    "object",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "string",
    "super",
    "switch",
    "symbol",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "unknown",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c == '$' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c == '$' || c.is_ascii_alphanumeric())
}

/// A valid, non-reserved identifier close to `raw`: invalid characters become word
/// breaks in camelCase (`user-id` → `userId`), a leading digit gets a `_`.
pub fn identifier(raw: &str) -> String {
    let mut out = String::new();
    let mut upper_next = false;
    for c in raw.chars() {
        if c == '_' || c == '$' || c.is_ascii_alphanumeric() {
            if upper_next && !out.is_empty() {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            upper_next = false;
        } else {
            upper_next = true;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if RESERVED.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// A type name: like [`identifier`], first letter upper case.
pub fn type_name(raw: &str) -> String {
    let id = identifier(raw);
    let mut chars = id.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => id,
    }
}

/// A property key: bare when it is an identifier, quoted otherwise.
pub fn property_key(name: &str) -> String {
    if is_identifier(name) {
        name.to_owned()
    } else {
        string_literal(name)
    }
}

/// A JSON (and so TypeScript) string literal.
pub fn string_literal(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serializes")
}

/// Hands out names that do not collide with any handed out before.
#[derive(Default)]
pub struct NameSet {
    taken: HashSet<String>,
}

impl NameSet {
    pub fn with(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn claim(&mut self, wanted: String) -> String {
        let mut name = wanted.clone();
        let mut n = 2;
        while !self.taken.insert(name.clone()) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes() {
        assert_eq!(identifier("user-id"), "userId");
        assert_eq!(identifier("delete"), "delete_");
        assert_eq!(identifier("2fa"), "_2fa");
        assert_eq!(type_name("Page_for_User"), "Page_for_User");
        assert_eq!(type_name("wrapper<T>"), "WrapperT");
        assert_eq!(property_key("x-token"), "\"x-token\"");
        let mut set = NameSet::with(&["client"]);
        assert_eq!(set.claim("client".into()), "client2");
        assert_eq!(set.claim("a".into()), "a");
        assert_eq!(set.claim("a".into()), "a2");
    }
}
