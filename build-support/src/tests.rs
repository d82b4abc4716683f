//! Scans of real directory trees, including the build errors.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

struct TempCrate(PathBuf);

impl TempCrate {
    fn new(files: &[&str]) -> TempCrate {
        static N: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "bffkit-build-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&root);
        for file in files {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
        }
        std::fs::create_dir_all(&root).unwrap();
        TempCrate(root)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempCrate {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn routes(scan: &Scan) -> Vec<(String, String)> {
    scan.tree
        .files()
        .into_iter()
        .filter_map(|f| {
            let segments = f.route.as_ref()?;
            Some((
                f.display.clone(),
                prefix::join(&scan.config.prefix, &rules::route_path(segments)),
            ))
        })
        .collect()
}

#[test]
fn seed_layout_maps_to_the_seed_routes() {
    let dir = TempCrate::new(&[
        "api/lambda/index.rs",
        "api/lambda/hello.rs",
        "api/lambda/user/index.rs",
        "api/lambda/user/list.rs",
        "api/lambda/user/[username]/info.rs",
        "api/lambda/user/username/[action].rs",
        "api/lambda/_utils.rs",
        "api/lambda/_db/index.rs",
        "api/lambda/hello.test.rs",
        "api/lambda/notes.md",
    ]);
    let scan = scan(dir.path()).unwrap();
    let mut got = routes(&scan);
    got.sort();
    assert_eq!(
        got,
        [
            ("api/lambda/hello.rs", "/api/hello"),
            ("api/lambda/index.rs", "/api"),
            (
                "api/lambda/user/[username]/info.rs",
                "/api/user/{username}/info"
            ),
            ("api/lambda/user/index.rs", "/api/user"),
            ("api/lambda/user/list.rs", "/api/user/list"),
            (
                "api/lambda/user/username/[action].rs",
                "/api/user/username/{action}"
            ),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    let modules: Vec<_> = scan.tree.files().iter().map(|f| f.module.clone()).collect();
    assert!(modules.contains(&"_utils".to_owned()));
    assert!(modules.contains(&"_db::index".to_owned()));
    assert!(modules.contains(&"user::dyn_username::info".to_owned()));
    assert!(!modules.iter().any(|m| m.contains("test")));
}

#[test]
fn prefix_comes_from_bffkit_toml() {
    let dir = TempCrate::new(&["handlers/index.rs", "handlers/x.rs"]);
    std::fs::write(
        dir.path().join("bffkit.toml"),
        "[routes]\ndir = \"handlers\"\nprefix = \"/v1\"\n",
    )
    .unwrap();
    let scan = scan(dir.path()).unwrap();
    let mut got: Vec<String> = routes(&scan).into_iter().map(|r| r.1).collect();
    got.sort();
    assert_eq!(got, ["/v1", "/v1/x"]);
}

#[test]
fn bad_config_names_the_key() {
    let dir = TempCrate::new(&[]);
    std::fs::write(
        dir.path().join("bffkit.toml"),
        "[routes]\nprefx = \"/v1\"\n",
    )
    .unwrap();
    let err = scan(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("bffkit.toml") && err.contains("prefx"),
        "{err}"
    );
    std::fs::write(
        dir.path().join("bffkit.toml"),
        "[routes]\nprefix = \"v1\"\n",
    )
    .unwrap();
    let err = scan(dir.path()).unwrap_err().to_string();
    assert!(err.contains("routes.prefix"), "{err}");
}

#[test]
fn index_and_file_clash_names_both_files() {
    let dir = TempCrate::new(&["api/lambda/user/index.rs", "api/lambda/user.rs"]);
    let err = scan(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("api/lambda/user.rs")
            && err.contains("api/lambda/user/index.rs")
            && err.contains("`/api/user`"),
        "{err}"
    );
}

#[test]
fn file_beside_a_folder_of_the_same_name_routes_both() {
    let dir = TempCrate::new(&[
        "api/lambda/user.rs",
        "api/lambda/user/list.rs",
        "api/lambda/[id].rs",
        "api/lambda/[id]/edit.rs",
        "api/lambda/a/b.rs",
        "api/lambda/a/b/c.rs",
    ]);
    let scan = scan(dir.path()).unwrap();
    let mut got = routes(&scan);
    got.sort();
    assert_eq!(
        got,
        [
            ("api/lambda/[id].rs", "/api/{id}"),
            ("api/lambda/[id]/edit.rs", "/api/{id}/edit"),
            ("api/lambda/a/b.rs", "/api/a/b"),
            ("api/lambda/a/b/c.rs", "/api/a/b/c"),
            ("api/lambda/user.rs", "/api/user"),
            ("api/lambda/user/list.rs", "/api/user/list"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    let module_of = |display: &str| {
        scan.tree
            .files()
            .into_iter()
            .find(|f| f.display == display)
            .map(|f| f.module.clone())
            .unwrap()
    };
    assert_eq!(module_of("api/lambda/user.rs"), "user::index");
    assert_eq!(module_of("api/lambda/[id].rs"), "dyn_id::index");
    assert_eq!(module_of("api/lambda/a/b.rs"), "a::b::index");
    let code = emit::routes_rs(&scan);
    assert!(code.contains("pub mod user {"), "{code}");
}

#[test]
fn file_beside_folder_with_other_name_is_still_a_module_clash() {
    let dir = TempCrate::new(&["api/lambda/user-x.rs", "api/lambda/user_x/list.rs"]);
    let err = scan(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("user-x.rs") && err.contains("user_x") && err.contains("`user_x`"),
        "{err}"
    );
}

#[test]
fn two_params_in_one_place_clash() {
    let dir = TempCrate::new(&["api/lambda/user/[id].rs", "api/lambda/user/[name].rs"]);
    let err = scan(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("api/lambda/user/[id].rs") && err.contains("api/lambda/user/[name].rs"),
        "{err}"
    );
    assert!(err.contains("/api/user/{name}"), "{err}");
}

#[test]
fn dynamic_index_clashes_with_dynamic_file() {
    let dir = TempCrate::new(&["api/lambda/[id]/index.rs", "api/lambda/[id].rs"]);
    let err = scan(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("api/lambda/[id].rs") && err.contains("index.rs"),
        "{err}"
    );
}

#[test]
fn group_folders_can_clash_too() {
    let dir = TempCrate::new(&["api/lambda/(a)/x.rs", "api/lambda/(b)/x.rs"]);
    let err = scan(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("(a)/x.rs") && err.contains("(b)/x.rs"),
        "{err}"
    );
}

#[test]
fn static_and_dynamic_siblings_coexist() {
    let dir = TempCrate::new(&["api/lambda/user/[id].rs", "api/lambda/user/me.rs"]);
    assert_eq!(routes(&scan(dir.path()).unwrap()).len(), 2);
}

#[test]
fn invalid_names_name_the_file() {
    for (file, needle) in [
        ("api/lambda/[a-b].rs", "[a-b]"),
        ("api/lambda/x/[unclosed/y.rs", "[unclosed"),
    ] {
        let dir = TempCrate::new(&[file]);
        let err = scan(dir.path()).unwrap_err().to_string();
        assert!(err.contains(needle) && err.contains("api/lambda/"), "{err}");
    }
}

#[test]
fn same_module_name_is_reported() {
    let dir = TempCrate::new(&["api/lambda/user-list.rs", "api/lambda/user_list.rs"]);
    let err = scan(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("user-list.rs") && err.contains("user_list.rs") && err.contains("user_list"),
        "{err}"
    );
}

#[test]
fn emitted_table_declares_every_module() {
    let dir = TempCrate::new(&[
        "api/lambda/index.rs",
        "api/lambda/user/[id].rs",
        "api/lambda/_utils.rs",
    ]);
    let scan = scan(dir.path()).unwrap();
    let code = emit::routes_rs(&scan);
    assert!(code.contains("pub mod dyn_id;"), "{code}");
    assert!(code.contains("pub mod _utils;"), "{code}");
    assert!(
        code.contains("route: \"/user/{id}\", params: &[\"id\"], optional_rest: false"),
        "{code}"
    );
    assert!(code.contains("route: \"\", params: &[]"), "{code}");
}

#[test]
fn missing_lambda_dir_is_an_empty_table() {
    let dir = TempCrate::new(&[]);
    assert!(scan(dir.path()).unwrap().tree.children.is_empty());
}

#[test]
fn handlers_in_underscore_files_are_warned_about_not_failed() {
    let dir = TempCrate::new(&["api/lambda/user/list.rs"]);
    let lambda = dir.path().join("api/lambda");
    std::fs::create_dir_all(lambda.join("_off")).unwrap();
    std::fs::write(
        lambda.join("user/_old.rs"),
        "#[bffkit::get] pub async fn get() {}",
    )
    .unwrap();
    std::fs::write(
        lambda.join("_off/[id].rs"),
        "#[api] pub async fn del(id: String) {}",
    )
    .unwrap();
    std::fs::write(lambda.join("_plain.rs"), "pub fn helper() {}").unwrap();
    let scan = scan(dir.path()).unwrap();
    assert_eq!(routes(&scan).len(), 1);
    let warnings = disabled::handlers(&lambda, dir.path(), "/api");
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("api/lambda/_off/[id].rs: `del` has `#[api]` but is not routed")
            && warnings[0].contains("`/api/off/{id}`"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[1].starts_with("api/lambda/user/_old.rs: `get` has `#[bffkit::get]`")
            && warnings[1].contains("rename it to `api/lambda/user/old.rs`"),
        "{}",
        warnings[1]
    );
}

#[test]
fn optional_catch_all_clashes_with_its_folder_index() {
    let dir = TempCrate::new(&["api/lambda/docs/[[...rest]].rs", "api/lambda/docs/a.rs"]);
    let scan = scan(dir.path()).unwrap();
    let code = emit::routes_rs(&scan);
    assert!(
        code.contains("route: \"/docs/{*rest}\", params: &[\"rest\"], optional_rest: true"),
        "{code}"
    );
    let dir = TempCrate::new(&["api/lambda/docs/[[...rest]].rs", "api/lambda/docs/index.rs"]);
    let err = scan_err(dir.path());
    assert!(
        err.contains("api/lambda/docs/[[...rest]].rs")
            && err.contains("api/lambda/docs/index.rs")
            && err.contains("`/api/docs`"),
        "{err}"
    );
}

fn scan_err(path: &Path) -> String {
    scan(path).unwrap_err().to_string()
}

#[test]
fn folder_middleware_covers_its_folder_and_below_outermost_first() {
    let dir = TempCrate::new(&[
        "api/lambda/_middleware.rs",
        "api/lambda/index.rs",
        "api/lambda/admin/_middleware.rs",
        "api/lambda/admin/users.rs",
        "api/lambda/admin/reports/_middleware.rs",
        "api/lambda/admin/reports/[year].rs",
        "api/lambda/admin.rs",
        "api/lambda/administrator.rs",
        "api/lambda/public/page.rs",
        "api/lambda/_lib/_middleware.rs",
        "api/lambda/(staff)/_middleware.rs",
        "api/lambda/(staff)/rota.rs",
    ]);
    let scan = scan(dir.path()).unwrap();
    let found = middleware::folders(&scan.tree, &scan.lambda_display);
    let listed: Vec<(&str, &str)> = found
        .iter()
        .map(|m| (m.folder.as_str(), m.folder_module.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("api/lambda", ""),
            ("api/lambda/(staff)", "group_staff"),
            ("api/lambda/admin", "admin"),
            ("api/lambda/admin/reports", "admin::reports"),
        ]
    );
    let covering = |display: &str| -> Vec<String> {
        let file = scan
            .tree
            .files()
            .into_iter()
            .find(|f| f.display == display)
            .unwrap();
        found
            .iter()
            .filter(|m| m.covers(file))
            .map(|m| m.folder.clone())
            .collect()
    };
    assert_eq!(covering("api/lambda/index.rs"), ["api/lambda"]);
    assert_eq!(covering("api/lambda/administrator.rs"), ["api/lambda"]);
    assert_eq!(covering("api/lambda/public/page.rs"), ["api/lambda"]);
    // A `(group)` folder's middleware covers the group, which adds nothing to the URL.
    assert_eq!(
        covering("api/lambda/(staff)/rota.rs"),
        ["api/lambda", "api/lambda/(staff)"]
    );
    assert_eq!(
        covering("api/lambda/admin.rs"),
        ["api/lambda", "api/lambda/admin"]
    );
    assert_eq!(
        covering("api/lambda/admin/reports/[year].rs"),
        ["api/lambda", "api/lambda/admin", "api/lambda/admin/reports"]
    );
    let code = emit::routes_rs(&scan);
    assert!(
        code.contains("route: \"/admin/reports/{year}\", params: &[\"year\"], optional_rest: false, middleware: &[&__BFFKIT_MIDDLEWARE_0, &__BFFKIT_MIDDLEWARE_2, &__BFFKIT_MIDDLEWARE_3]"),
        "{code}"
    );
    assert!(
        code.contains("make: admin::reports::_middleware::middleware"),
        "{code}"
    );
}
