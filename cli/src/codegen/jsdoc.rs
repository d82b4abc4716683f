//! JSDoc blocks: descriptions become `@remarks`, deprecations `@deprecated`, and
//! 64-bit integers get a note about precision.

use serde_json::Value;

pub const INT64_NOTE: &str =
    "64-bit integer: typed `number` because `JSON.parse` returns one; values beyond ±2^53 lose precision.";

#[derive(Default)]
pub struct Doc {
    lines: Vec<String>,
}

impl Doc {
    pub fn line(&mut self, text: &str) -> &mut Self {
        for line in text.lines() {
            self.lines.push(line.trim_end().replace("*/", "*\\/"));
        }
        self
    }

    /// A paragraph break, unless the block is empty so far.
    pub fn gap(&mut self) -> &mut Self {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self
    }

    pub fn remarks(&mut self, text: Option<&str>) -> &mut Self {
        if let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) {
            self.line(&format!("@remarks {text}"));
        }
        self
    }

    pub fn deprecated(&mut self, reason: Option<&str>) -> &mut Self {
        match reason.map(str::trim) {
            Some("") => {
                self.line("@deprecated");
            }
            Some(reason) => {
                self.line(&format!("@deprecated {reason}"));
            }
            None => {}
        }
        self
    }

    /// The documentation a schema carries about itself.
    pub fn of_schema(schema: &Value) -> Self {
        let mut doc = Doc::default();
        doc.remarks(schema["description"].as_str());
        if has_64bit_integer(schema) {
            doc.line(&format!("@remarks {INT64_NOTE}"));
        }
        if schema["deprecated"] == true {
            doc.deprecated(Some(""));
        }
        doc
    }

    /// The block indented by `indent` spaces, ending in a newline; empty if there is nothing to say.
    pub fn render(&self, indent: usize) -> String {
        if self.lines.is_empty() {
            return String::new();
        }
        let pad = " ".repeat(indent);
        let mut out = format!("{pad}/**\n");
        let end = self
            .lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1);
        for line in &self.lines[..end] {
            if line.is_empty() {
                out.push_str(&format!("{pad} *\n"));
            } else {
                out.push_str(&format!("{pad} * {line}\n"));
            }
        }
        out.push_str(&format!("{pad} */\n"));
        out
    }
}

/// Whether this schema itself (not through `$ref`s, nor nested object properties,
/// which carry their own notes) is or wraps an `int64`/`uint64`.
pub fn has_64bit_integer(schema: &Value) -> bool {
    if matches!(schema["format"].as_str(), Some("int64" | "uint64")) {
        return true;
    }
    ["anyOf", "oneOf", "allOf", "prefixItems"]
        .iter()
        .filter_map(|k| schema[k].as_array())
        .flatten()
        .chain(schema.get("items"))
        .chain(schema.get("additionalProperties"))
        .any(|s| s.get("$ref").is_none() && s.get("properties").is_none() && has_64bit_integer(s))
}
