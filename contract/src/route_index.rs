//! The route index: a plain-text list of lambda files and their routes, written by the
//! build script to `OUT_DIR` and read by the attribute macros, which learn from it which
//! dynamic segments their file has. This module renders and parses the text; the build
//! script writes the file and the macros read it.

use std::path::{Path, PathBuf};

/// One lambda file as the macros see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedRoute {
    /// Absolute path of the file.
    pub file: PathBuf,
    /// The file's path relative to the crate root, for messages.
    pub display: String,
    /// Full route, with the prefix.
    pub route: String,
    /// Dynamic segment names, in path order.
    pub params: Vec<String>,
}

/// Where the index lives inside `OUT_DIR`.
pub fn index_path(out_dir: &Path) -> PathBuf {
    out_dir.join("bffkit").join("route-index.txt")
}

/// The line naming the lambda directory, so the macros can tell a helper file under it
/// (not routed, not an error) from a file elsewhere.
const LAMBDA_DIR: &str = "#lambda\t";

/// Serializes the index: the lambda directory, then one tab-separated line a file.
pub fn render(lambda_dir: &Path, routes: &[IndexedRoute]) -> String {
    let mut out = format!("{LAMBDA_DIR}{}\n", lambda_dir.display());
    for r in routes {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            r.file.display(),
            r.display,
            r.route,
            r.params.join(",")
        ));
    }
    out
}

/// Parses what [`render`] wrote.
pub fn parse(text: &str) -> Vec<IndexedRoute> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let file = PathBuf::from(cols.next()?);
            let display = cols.next()?.to_owned();
            let route = cols.next()?.to_owned();
            let params = cols
                .next()?
                .split(',')
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect();
            Some(IndexedRoute {
                file,
                display,
                route,
                params,
            })
        })
        .collect()
}

/// The lambda directory named by [`render`].
pub fn parse_lambda_dir(text: &str) -> Option<PathBuf> {
    text.lines()
        .find_map(|line| line.strip_prefix(LAMBDA_DIR))
        .map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_it_renders() {
        let routes = vec![
            IndexedRoute {
                file: PathBuf::from("/app/api/lambda/user/[id].rs"),
                display: "api/lambda/user/[id].rs".to_owned(),
                route: "/api/user/{id}".to_owned(),
                params: vec!["id".to_owned()],
            },
            IndexedRoute {
                file: PathBuf::from("/app/api/lambda/index.rs"),
                display: "api/lambda/index.rs".to_owned(),
                route: "/api".to_owned(),
                params: Vec::new(),
            },
        ];
        let text = render(Path::new("/app/api/lambda"), &routes);
        assert_eq!(parse(&text), routes);
        assert_eq!(
            parse_lambda_dir(&text),
            Some(PathBuf::from("/app/api/lambda"))
        );
        assert_eq!(
            index_path(Path::new("/out")),
            Path::new("/out/bffkit/route-index.txt")
        );
    }
}
