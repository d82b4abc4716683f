//! One classified difference between two manifests.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// A client built against the old manifest can fail against the new server.
    Breaking,
    /// Old clients keep working.
    Compatible,
}

#[derive(Debug)]
pub struct Change {
    pub severity: Severity,
    /// `GET /api/hello`.
    pub route: String,
    /// Where in the route: `query.page`, `data.todos[]`, `response.todos`; empty for the route itself.
    pub location: String,
    pub message: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let severity = match self.severity {
            Severity::Breaking => "breaking",
            Severity::Compatible => "compatible",
        };
        write!(f, "{severity:<10}  {}  ", self.route)?;
        if !self.location.is_empty() {
            write!(f, "{}: ", self.location)?;
        }
        f.write_str(&self.message)
    }
}

impl Change {
    pub fn to_json(&self) -> serde_json::Value {
        let (method, path) = self.route.split_once(' ').unwrap_or(("", &self.route));
        serde_json::json!({
            "severity": match self.severity {
                Severity::Breaking => "breaking",
                Severity::Compatible => "compatible",
            },
            "method": method,
            "path": path,
            "location": self.location,
            "message": self.message,
        })
    }
}

/// Collects the changes of one route.
pub struct Changes<'c> {
    pub route: String,
    pub out: &'c mut Vec<Change>,
}

impl Changes<'_> {
    pub fn push(&mut self, severity: Severity, location: &str, message: impl Into<String>) {
        self.out.push(Change {
            severity,
            route: self.route.clone(),
            location: location.to_owned(),
            message: message.into(),
        });
    }
}
