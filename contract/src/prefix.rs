//! The route prefix (`/api` by default): the one place a prefix and a route are joined.

use std::fmt;

/// Joins a prefix and a route relative to it: `("/api", "/user/{id}")` → `/api/user/{id}`,
/// `("/api", "")` → `/api`, `("", "")` → `/`. A trailing `/` on the prefix is dropped.
pub fn join(prefix: &str, route: &str) -> String {
    let joined = format!("{}{}", prefix.trim_end_matches('/'), route);
    if joined.is_empty() {
        "/".to_owned()
    } else {
        joined
    }
}

/// Empty (routes from the root) or starting with `/`.
pub fn check(prefix: &str) -> Result<(), InvalidPrefix> {
    if prefix.is_empty() || prefix.starts_with('/') {
        Ok(())
    } else {
        Err(InvalidPrefix(prefix.to_owned()))
    }
}

/// A prefix that does not start with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPrefix(pub String);

impl fmt::Display for InvalidPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "must start with `/` (got `{}`)", self.0)
    }
}

impl std::error::Error for InvalidPrefix {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_without_doubling_or_losing_the_slash() {
        assert_eq!(join("/api", "/user/{id}"), "/api/user/{id}");
        assert_eq!(join("/api/", "/x"), "/api/x");
        assert_eq!(join("/api", ""), "/api");
        assert_eq!(join("", ""), "/");
        assert_eq!(join("/", "/x"), "/x");
        assert_eq!(join("/", ""), "/");
    }

    #[test]
    fn a_prefix_starts_with_a_slash_or_is_empty() {
        assert!(check("/api").is_ok());
        assert!(check("").is_ok());
        assert_eq!(
            check("api").unwrap_err().to_string(),
            "must start with `/` (got `api`)"
        );
    }
}
