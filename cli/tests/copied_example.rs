//! `examples/todo` leaves the repository: copied to a folder of its own, with the one
//! switch its README documents (a `[patch.crates-io]` pointing at a bffkit checkout), it
//! builds and passes its own tests there, the web page's browser test included.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::crate_dir;

/// Copies `from` into `to`, leaving out what a build or `npm install` made.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if ["node_modules", "dist", "target", "todo.db"].contains(&name.to_str().unwrap()) {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

#[test]
fn the_todo_example_builds_and_passes_its_tests_when_copied_out() {
    let checkout = crate_dir().join("..").canonicalize().unwrap();
    let example = checkout.join("examples/todo");
    let parent = std::env::temp_dir().join(format!("bffkit-todo-outside-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&parent);
    let copy = parent.join("todo");
    copy_tree(&example, &copy);

    // The switch from the README, as a user would paste it.
    let mut manifest = std::fs::read_to_string(copy.join("Cargo.toml")).unwrap();
    manifest.push_str(&format!(
        "\n[patch.crates-io]\nbffkit = {{ path = \"{0}/runtime\" }}\nbffkit-build = {{ path = \"{0}/build-support\" }}\n",
        checkout.display()
    ));
    std::fs::write(copy.join("Cargo.toml"), manifest).unwrap();
    // The workspace's versions, so nothing is fetched. A target directory of its own: the
    // copy's `todo` binary must not replace the one the other tests run.
    std::fs::copy(checkout.join("Cargo.lock"), copy.join("Cargo.lock")).unwrap();
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("todo-outside-workspace");
    let tested = Command::new(env!("CARGO"))
        // The workspace's lean debug profile: a full-debuginfo build of every dependency
        // would take gigabytes of disk for a test that only runs the program.
        .args([
            "test",
            "--offline",
            "--config",
            "profile.dev.debug=\"line-tables-only\"",
            "--config",
            "profile.dev.package.\"*\".debug=false",
        ])
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(&copy)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(
        tested.status.success(),
        "the copied example does not build or its tests fail:\n{}\n{}",
        String::from_utf8_lossy(&tested.stdout),
        String::from_utf8_lossy(&tested.stderr)
    );

    let routes = Command::new(target.join("debug/todo"))
        .args(["routes"])
        .current_dir(&copy)
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&routes.stdout);
    assert!(routes.status.success(), "{listing}");
    assert!(listing.contains("/api/todos"), "{listing}");

    // The web page and its browser test in the copy: the test asks cargo where the
    // binaries are (here CARGO_TARGET_DIR), not the repository's layout. The packages are
    // the workspace's installed copy of the ones `npm ci` would install from the lock file.
    let web = copy.join("web");
    std::os::unix::fs::symlink(example.join("web/node_modules"), web.join("node_modules")).unwrap();
    // The target dir outlives the test: a screenshot left by an earlier run proves nothing.
    let screenshot = target.join("e2e-artifacts/todo-list.png");
    let _ = std::fs::remove_file(&screenshot);
    for script in [&["run", "build"][..], &["test"]] {
        let run = Command::new("npm")
            .args(script)
            .current_dir(&web)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "npm {} in the copied example's web/ failed:\n{}\n{}",
            script.join(" "),
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
    }
    assert!(
        screenshot.is_file(),
        "the copy's browser test left no screenshot"
    );
    let _ = std::fs::remove_dir_all(parent);
}
