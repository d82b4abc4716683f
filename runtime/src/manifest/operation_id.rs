//! Function names for the generated client: `GET /api/user/{username}/info` →
//! `getUserInfoByUsername`, `POST /api/hello` → `postHello`, `GET /api` → `getIndex`.
//!
//! Names come from the route, never from hashes, so client and server built on different
//! machines agree.

use std::collections::HashSet;

/// The camelCase operation id for a route below `prefix`.
pub fn operation_id(method: &str, path: &str, prefix: &str) -> String {
    let rest = path
        .strip_prefix(prefix.trim_end_matches('/'))
        .unwrap_or(path);
    let mut name = method.to_ascii_lowercase();
    let mut params = Vec::new();
    for segment in rest.split('/').filter(|s| !s.is_empty()) {
        if let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            params.push(pascal(param.trim_start_matches('*')));
        } else {
            name.push_str(&pascal(segment));
        }
    }
    if name.len() == method.len() {
        name.push_str("Index");
    }
    if !params.is_empty() {
        name.push_str("By");
        name.push_str(&params.join("And"));
    }
    name
}

/// Makes every id unique by numbering repeats (`getUserInfoById2`).
pub fn dedupe(ids: &mut [String]) {
    let mut seen = HashSet::new();
    for id in ids.iter_mut() {
        if !seen.insert(id.clone()) {
            let mut n = 2;
            while !seen.insert(format!("{id}{n}")) {
                n += 1;
            }
            *id = format!("{id}{n}");
        }
    }
}

fn pascal(segment: &str) -> String {
    segment
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            let first = chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .unwrap_or_default();
            format!("{first}{}", chars.as_str())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_like_calls() {
        assert_eq!(
            operation_id("GET", "/api/user/{username}/info", "/api"),
            "getUserInfoByUsername"
        );
        assert_eq!(operation_id("POST", "/api/hello", "/api"), "postHello");
        assert_eq!(operation_id("GET", "/api", "/api"), "getIndex");
        assert_eq!(
            operation_id("PUT", "/api/item/{level}/{id}", "/api"),
            "putItemByLevelAndId"
        );
        assert_eq!(
            operation_id("GET", "/api/files/{*path}", "/api"),
            "getFilesByPath"
        );
        assert_eq!(operation_id("GET", "/api/user-list", "/api"), "getUserList");
        assert_eq!(operation_id("GET", "/", ""), "getIndex");
    }

    #[test]
    fn repeats_are_numbered() {
        let mut ids = vec!["getA".to_owned(), "getA".to_owned(), "getA".to_owned()];
        dedupe(&mut ids);
        assert_eq!(ids, ["getA", "getA2", "getA3"]);
    }
}
