//! The macros as users meet them: `ui/pass` compiles (and runs), `ui/fail` fails to
//! compile with a message saying what to write (one `.stderr` each).
//!
//! The route-aware checks need the route index a build script writes to `OUT_DIR`; this
//! test writes one for the files here instead, routing each `ui/*/x.rs` at `/api/x` unless
//! listed in [`DYNAMIC`], and leaving out [`UNROUTED`].

use std::path::{Path, PathBuf};

use bffkit_contract::route_index::{self, IndexedRoute};

/// Files whose route has dynamic segments: the route and its parameters.
const DYNAMIC: &[(&str, &str, &[&str])] = &[
    ("pass/get_path_param.rs", "/api/item/{id}", &["id"]),
    ("pass/match_params.rs", "/api/shop/{shop}/orders", &["shop"]),
    (
        "fail/get_missing_path_params.rs",
        "/api/item/{level}/{id}",
        &["level", "id"],
    ),
    (
        "fail/match_missing_params.rs",
        "/api/shop/{shop}/orders",
        &["shop"],
    ),
];

/// Files that are not in the index: the crate without a route table, and a file outside
/// the lambda directory's routes.
const UNROUTED: &[&str] = &["fail/no_route_table.rs", "fail/not_a_lambda_file.rs"];

#[test]
fn ui() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    // Without `OUT_DIR`, as in a crate that has no build script.
    std::env::remove_var("OUT_DIR");
    trybuild::TestCases::new().compile_fail("tests/ui/fail/no_route_table.rs");

    std::env::set_var("OUT_DIR", out_dir(&ui));
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    for file in files(&ui.join("fail")) {
        let name = file.file_name().unwrap().to_str().unwrap();
        if !UNROUTED.contains(&format!("fail/{name}").as_str()) || name == "not_a_lambda_file.rs" {
            // Relative, as trybuild prints and compares it.
            cases.compile_fail(format!("tests/ui/fail/{name}"));
        }
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

/// An `OUT_DIR` with the route index of the files under `ui`.
fn out_dir(ui: &Path) -> PathBuf {
    let mut routes = Vec::new();
    for folder in ["pass", "fail"] {
        for file in files(&ui.join(folder)) {
            let name = file.file_name().unwrap().to_str().unwrap().to_owned();
            let rel = format!("{folder}/{name}");
            if name.starts_with('_') || UNROUTED.contains(&rel.as_str()) {
                continue;
            }
            let (route, params) = match DYNAMIC.iter().find(|(f, ..)| *f == rel) {
                Some((_, route, params)) => (route.to_string(), params.to_vec()),
                None => (format!("/api/{}", name.trim_end_matches(".rs")), Vec::new()),
            };
            routes.push(IndexedRoute {
                file: file.canonicalize().unwrap(),
                display: format!("tests/ui/{rel}"),
                route,
                params: params.iter().map(|p| p.to_string()).collect(),
            });
        }
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("macros-ui");
    let index = route_index::index_path(&dir);
    std::fs::create_dir_all(index.parent().unwrap()).unwrap();
    std::fs::write(
        index,
        route_index::render(&ui.canonicalize().unwrap(), &routes),
    )
    .unwrap();
    dir
}
