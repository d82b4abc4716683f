//! File → route rules, as pure functions over a path relative to the lambda directory.
//!
//! `index.rs` collapses into its folder, `[name]` is a dynamic segment, `[...name]` a
//! catch-all, `(group)` folders are left out of the URL, and `_` names, test files,
//! dot files and non-`.rs` files are not routes.

use std::fmt;

/// One piece of a route, derived from one folder or file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A literal path segment.
    Static(String),
    /// `[name]`: one path segment, passed to the handler.
    Param(String),
    /// `[...name]`: the rest of the path (at least one segment).
    CatchAll(String),
    /// `[[...name]]`: the rest of the path, which may be empty (zero or more segments).
    OptionalCatchAll(String),
    /// `(name)`: a folder that groups files without adding to the URL.
    Group(String),
}

/// What a file under the lambda directory is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// A lambda file: its handlers serve `segments`.
    Route(Vec<Segment>),
    /// A `_` helper module (or a file inside a `_` folder): compiled, not routed.
    Helper,
    /// Not compiled at all (test files, dot files, non-Rust files).
    Ignored(IgnoreReason),
}

/// Why a file is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IgnoreReason {
    /// Not a `.rs` file.
    NotRust,
    /// `*.test.rs`.
    TestFile,
    /// A dot file, such as an editor's swap or lock file.
    Hidden,
}

/// A file or folder name that cannot become part of a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidName {
    /// The offending name.
    pub name: String,
    /// What is wrong and what to write instead.
    pub reason: String,
}

impl fmt::Display for InvalidName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.name, self.reason)
    }
}

fn invalid(name: &str, reason: impl Into<String>) -> InvalidName {
    InvalidName {
        name: name.to_owned(),
        reason: reason.into(),
    }
}

/// Classifies a path relative to the lambda directory, given as its components
/// (`["user", "[id]", "info.rs"]`).
pub fn classify(components: &[&str]) -> Result<FileKind, InvalidName> {
    let Some((file, folders)) = components.split_last() else {
        return Ok(FileKind::Ignored(IgnoreReason::NotRust));
    };
    if components.iter().any(|c| c.starts_with('.')) {
        return Ok(FileKind::Ignored(IgnoreReason::Hidden));
    }
    let Some(stem) = file.strip_suffix(".rs") else {
        return Ok(FileKind::Ignored(IgnoreReason::NotRust));
    };
    if is_test_stem(stem) {
        return Ok(FileKind::Ignored(IgnoreReason::TestFile));
    }
    if folders.iter().any(|f| f.starts_with('_')) || stem.starts_with('_') {
        return Ok(FileKind::Helper);
    }
    let mut segments = Vec::with_capacity(components.len());
    for folder in folders {
        segments.push(parse_segment(folder)?);
    }
    if stem != "index" {
        let segment = parse_segment(stem)?;
        if let Segment::Group(_) = segment {
            return Err(invalid(
                file,
                "a group `(name)` must be a folder, not a file",
            ));
        }
        segments.push(segment);
    }
    check_segments(&segments)?;
    Ok(FileKind::Route(segments))
}

/// `foo.test.rs` is a test, never a route, as `foo.test.ts` is in Modern.js. `test.rs`,
/// `tests.rs`, `foo_test.rs` and `foo.spec.rs` are ordinary routes there, and so here.
pub fn is_test_stem(stem: &str) -> bool {
    stem.ends_with(".test")
}

/// Parses one folder name or file stem.
pub fn parse_segment(name: &str) -> Result<Segment, InvalidName> {
    if let Some(inner) = name.strip_prefix('[') {
        let Some(inner) = inner.strip_suffix(']') else {
            return Err(invalid(
                name,
                "a dynamic segment must be closed: write `[name]`",
            ));
        };
        if let Some(optional) = inner.strip_prefix('[') {
            let rest = optional
                .strip_suffix(']')
                .and_then(|o| o.strip_prefix("..."))
                .ok_or_else(|| {
                    invalid(
                        name,
                        "only a catch-all can be optional: write `[[...name]]` (zero or more segments)",
                    )
                })?;
            check_param_name(name, rest)?;
            return Ok(Segment::OptionalCatchAll(rest.to_owned()));
        }
        if let Some(rest) = inner.strip_prefix("...") {
            check_param_name(name, rest)?;
            return Ok(Segment::CatchAll(rest.to_owned()));
        }
        check_param_name(name, inner)?;
        return Ok(Segment::Param(inner.to_owned()));
    }
    if let Some(inner) = name.strip_prefix('(') {
        let Some(inner) = inner.strip_suffix(')') else {
            return Err(invalid(
                name,
                "a group folder must be closed: write `(name)`",
            ));
        };
        if inner.is_empty() {
            return Err(invalid(name, "a group folder needs a name: write `(name)`"));
        }
        return Ok(Segment::Group(inner.to_owned()));
    }
    if name.is_empty() {
        return Err(invalid(name, "an empty name cannot be a path segment"));
    }
    if let Some(bad) = name.chars().find(|c| !is_url_safe(*c)) {
        return Err(invalid(
            name,
            format!(
                "`{bad}` cannot appear in a URL segment: use letters, digits, `-`, `_`, `.` or `~`"
            ),
        ));
    }
    Ok(Segment::Static(name.to_owned()))
}

fn is_url_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')
}

/// Parameter names become handler arguments and OpenAPI names, so they must be identifiers.
fn check_param_name(segment: &str, param: &str) -> Result<(), InvalidName> {
    let mut chars = param.chars();
    let valid_start = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !valid_start || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(invalid(
            segment,
            format!(
                "`{param}` is not a valid parameter name: use letters, digits and `_`, not starting with a digit (e.g. `[{}]`)",
                suggest_ident(param)
            ),
        ));
    }
    Ok(())
}

fn suggest_ident(param: &str) -> String {
    let s: String = param
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    match s.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => s,
        _ => format!("p{s}"),
    }
}

fn check_segments(segments: &[Segment]) -> Result<(), InvalidName> {
    let mut seen: Vec<&str> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let name = match segment {
            Segment::Param(n) => n,
            Segment::CatchAll(n) | Segment::OptionalCatchAll(n) => {
                if segments[i + 1..]
                    .iter()
                    .any(|s| !matches!(s, Segment::Group(_)))
                {
                    let written = match segment {
                        Segment::OptionalCatchAll(_) => format!("[[...{n}]]"),
                        _ => format!("[...{n}]"),
                    };
                    return Err(invalid(
                        &written,
                        "a catch-all takes the rest of the path, so nothing may follow it",
                    ));
                }
                n
            }
            _ => continue,
        };
        if seen.contains(&name.as_str()) {
            return Err(invalid(
                &format!("[{name}]"),
                "the same parameter name appears twice in this route",
            ));
        }
        seen.push(name);
    }
    Ok(())
}

/// Whether the route ends in `[[...name]]`, so it also serves its folder's path (zero
/// segments), which axum's `{*name}` does not match.
pub fn has_optional_rest(segments: &[Segment]) -> bool {
    segments
        .iter()
        .any(|s| matches!(s, Segment::OptionalCatchAll(_)))
}

/// The route without its optional catch-all: what `[[...rest]]` serves for zero segments.
pub fn route_without_rest(segments: &[Segment]) -> String {
    without_catch_all(&route_path(segments)).to_owned()
}

/// A route in axum syntax without its trailing `/{*name}`: a catch-all is always last, and
/// a static segment cannot hold `{`.
pub fn without_catch_all(route: &str) -> &str {
    route.rsplit_once("/{*").map_or(route, |(base, _)| base)
}

/// The route relative to the prefix, in axum syntax: `/user/{id}/info`, `/files/{*path}`,
/// or `""` for the lambda root's `index.rs`.
pub fn route_path(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Static(s) => {
                out.push('/');
                out.push_str(s);
            }
            Segment::Param(p) => {
                out.push_str("/{");
                out.push_str(p);
                out.push('}');
            }
            Segment::CatchAll(p) | Segment::OptionalCatchAll(p) => {
                out.push_str("/{*");
                out.push_str(p);
                out.push('}');
            }
            Segment::Group(_) => {}
        }
    }
    out
}

/// The names of the dynamic segments, in path order.
pub fn param_names(segments: &[Segment]) -> Vec<String> {
    segments
        .iter()
        .filter_map(|s| match s {
            Segment::Param(p) | Segment::CatchAll(p) | Segment::OptionalCatchAll(p) => {
                Some(p.clone())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prefix;

    fn route(path: &str) -> Result<String, InvalidName> {
        let parts: Vec<&str> = path.split('/').collect();
        match classify(&parts)? {
            FileKind::Route(segments) => Ok(prefix::join("/api", &route_path(&segments))),
            other => panic!("{path} is {other:?}, not a route"),
        }
    }

    fn kind(path: &str) -> FileKind {
        let parts: Vec<&str> = path.split('/').collect();
        classify(&parts).unwrap()
    }

    #[test]
    fn index_maps_to_its_folder() {
        assert_eq!(route("index.rs").unwrap(), "/api");
        assert_eq!(route("user/index.rs").unwrap(), "/api/user");
    }

    #[test]
    fn files_and_folders_nest() {
        assert_eq!(route("hello.rs").unwrap(), "/api/hello");
        assert_eq!(route("user/list.rs").unwrap(), "/api/user/list");
        assert_eq!(route("a/b/c/d.rs").unwrap(), "/api/a/b/c/d");
    }

    #[test]
    fn brackets_make_dynamic_segments() {
        assert_eq!(
            route("user/[username]/info.rs").unwrap(),
            "/api/user/{username}/info"
        );
        assert_eq!(
            route("user/username/[action].rs").unwrap(),
            "/api/user/username/{action}"
        );
        assert_eq!(route("[level]/[id]/index.rs").unwrap(), "/api/{level}/{id}");
    }

    #[test]
    fn catch_all_takes_the_rest() {
        assert_eq!(route("files/[...path].rs").unwrap(), "/api/files/{*path}");
        assert!(route("files/[...path]/x.rs").is_err());
    }

    #[test]
    fn optional_catch_all_also_serves_its_folder() {
        let FileKind::Route(segments) = kind("docs/[[...rest]].rs") else {
            panic!("not a route")
        };
        assert_eq!(route_path(&segments), "/docs/{*rest}");
        assert!(has_optional_rest(&segments));
        assert_eq!(route_without_rest(&segments), "/docs");
        assert_eq!(param_names(&segments), ["rest"]);
        let FileKind::Route(root) = kind("[[...all]].rs") else {
            panic!("not a route")
        };
        assert_eq!(route_without_rest(&root), "");
        assert!(!has_optional_rest(&[Segment::CatchAll("p".into())]));
        assert!(route("docs/[[...rest]]/x.rs")
            .unwrap_err()
            .reason
            .contains("nothing may follow"));
    }

    #[test]
    fn groups_are_left_out_of_the_url() {
        assert_eq!(route("(admin)/stats.rs").unwrap(), "/api/stats");
        assert!(route("(admin).rs").is_err());
    }

    #[test]
    fn underscore_names_are_helpers() {
        assert_eq!(kind("_utils.rs"), FileKind::Helper);
        assert_eq!(kind("_utils/index.rs"), FileKind::Helper);
        assert_eq!(kind("user/_db/cp.rs"), FileKind::Helper);
    }

    #[test]
    fn tests_dotfiles_and_other_files_are_ignored() {
        assert_eq!(
            kind("hello.test.rs"),
            FileKind::Ignored(IgnoreReason::TestFile)
        );
        assert_eq!(
            kind("user/hello.test.rs"),
            FileKind::Ignored(IgnoreReason::TestFile)
        );
        assert_eq!(kind("README.md"), FileKind::Ignored(IgnoreReason::NotRust));
        assert_eq!(kind("hello.d.ts"), FileKind::Ignored(IgnoreReason::NotRust));
        assert_eq!(
            kind(".hello.rs.swp"),
            FileKind::Ignored(IgnoreReason::Hidden)
        );
        assert_eq!(kind(".#hello.rs"), FileKind::Ignored(IgnoreReason::Hidden));
    }

    #[test]
    fn only_dot_test_files_are_tests() {
        assert_eq!(route("foo/test.rs").unwrap(), "/api/foo/test");
        assert_eq!(route("tests.rs").unwrap(), "/api/tests");
        assert_eq!(route("foo_test.rs").unwrap(), "/api/foo_test");
        assert_eq!(route("foo.spec.rs").unwrap(), "/api/foo.spec");
    }

    #[test]
    fn bad_names_are_rejected_with_a_reason() {
        let err = route("[a-b].rs").unwrap_err();
        assert_eq!(err.name, "[a-b]");
        assert!(err.reason.contains("`[a_b]`"), "{}", err.reason);
        assert!(route("[unclosed.rs").unwrap_err().reason.contains("closed"));
        assert!(route("[].rs").is_err());
        assert!(route("[1x].rs").is_err());
        assert!(route("user/[[all]].rs")
            .unwrap_err()
            .reason
            .contains("`[[...name]]`"));
        assert!(route("hello world.rs").unwrap_err().reason.contains("URL"));
        assert!(route("[id]/[id].rs").unwrap_err().reason.contains("twice"));
    }

    #[test]
    fn params_come_in_path_order() {
        let FileKind::Route(s) = kind("[level]/x/[id].rs") else {
            panic!()
        };
        assert_eq!(param_names(&s), ["level", "id"]);
    }

    #[test]
    fn a_catch_all_is_cut_from_the_end() {
        assert_eq!(without_catch_all("/docs/{*rest}"), "/docs");
        assert_eq!(without_catch_all("/{*all}"), "");
        assert_eq!(without_catch_all("/user/{id}"), "/user/{id}");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn ident() -> impl Strategy<Value = String> {
        "[a-zA-Z_][a-zA-Z0-9_]{0,12}"
    }

    fn static_name() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9][a-zA-Z0-9._~-]{0,12}".prop_filter("not a test file stem", |s| !is_test_stem(s))
    }

    proptest! {
        #[test]
        fn classify_never_panics(parts in prop::collection::vec(".{0,16}", 0..6)) {
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            let _ = classify(&parts);
            for part in &parts {
                let _ = parse_segment(part);
            }
        }

        #[test]
        fn valid_params_round_trip(name in ident()) {
            prop_assert_eq!(parse_segment(&format!("[{name}]")), Ok(Segment::Param(name.clone())));
            prop_assert_eq!(parse_segment(&format!("[...{name}]")), Ok(Segment::CatchAll(name.clone())));
            let route = route_path(&[Segment::Param(name.clone())]);
            prop_assert_eq!(route, format!("/{{{name}}}"));
        }

        #[test]
        fn static_paths_map_to_themselves(folders in prop::collection::vec(static_name(), 0..4), file in static_name()) {
            prop_assume!(!folders.iter().any(|f| f.starts_with('_') || f.starts_with('.')) && !file.starts_with('_'));
            prop_assume!(file != "index");
            let file_rs = format!("{file}.rs");
            let mut parts: Vec<&str> = folders.iter().map(String::as_str).collect();
            parts.push(&file_rs);
            let FileKind::Route(segments) = classify(&parts).unwrap() else { panic!("not a route") };
            let mut expected: String = folders.iter().map(|f| format!("/{f}")).collect();
            expected.push_str(&format!("/{file}"));
            prop_assert_eq!(route_path(&segments), expected);
        }
    }
}
