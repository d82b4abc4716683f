//! Small apps written and built beside the demo, for what the demo does not do (a router
//! merged with plain `App::merge`, bffkit without its default features): each is its own
//! package in this target directory, so the dependencies compiled for the tests are reused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct FixtureApp {
    name: String,
    dir: PathBuf,
}

impl FixtureApp {
    /// Writes the app `name` at `CARGO_TARGET_TMPDIR/<name>`: bffkit as a path dependency
    /// with `bffkit_keys` added to it (e.g. `default-features = false`), the lines of
    /// `dependencies` beside it, `main` as `src/main.rs`, and `lambdas` (path under
    /// `api/lambda`, source).
    pub fn write(
        name: &str,
        bffkit_keys: &str,
        dependencies: &str,
        main: &str,
        lambdas: &[(&str, &str)],
    ) -> FixtureApp {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        let manifest = format!(
            r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
bffkit = {{ path = "{runtime}"{bffkit_keys} }}
{dependencies}
[build-dependencies]
bffkit-build = {{ path = "{build}" }}

[workspace]
"#,
            runtime = workspace.join("runtime").display(),
            build = workspace.join("build-support").display(),
            bffkit_keys = if bffkit_keys.is_empty() {
                String::new()
            } else {
                format!(", {bffkit_keys}")
            },
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        // The workspace's lock pins the same versions: no registry look-up.
        std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        std::fs::write(
            dir.join("build.rs"),
            "fn main() {\n    bffkit_build::build();\n}\n",
        )
        .unwrap();
        std::fs::write(dir.join("src/main.rs"), main).unwrap();
        for (file, source) in lambdas {
            let path = dir.join("api/lambda").join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, source).unwrap();
        }
        FixtureApp {
            name: name.to_owned(),
            dir,
        }
    }

    /// `cargo <args>` in the app, offline, into this target directory with the
    /// workspace's dev profile.
    pub fn cargo(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO"))
            .args(args)
            .args([
                "--offline",
                "--config",
                "profile.dev.debug=\"line-tables-only\"",
                "--config",
                "profile.dev.package.\"*\".debug=false",
            ])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", target_dir())
            .output()
            .expect("run cargo")
    }

    /// The built binary.
    pub fn binary(&self) -> PathBuf {
        target_dir().join("debug").join(&self.name)
    }
}

fn target_dir() -> &'static Path {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
}
