//! `bffkit new`, used as a stranger would: an app scaffolded outside the workspace,
//! built, served and probed route by route, its generated client compiled by the web
//! page's own `tsc --strict` and Vite build, the page driven in headless Chromium; and bad
//! input that writes nothing.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::support::{bffkit, crate_dir, request};

fn workspace() -> PathBuf {
    crate_dir().parent().unwrap().canonicalize().unwrap()
}

/// A fresh directory outside the workspace (cargo would otherwise take the app for a
/// member of the bffkit workspace).
fn outside(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bffkit-new-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

/// The built app, killed on drop.
struct Served {
    child: Child,
    addr: String,
}

impl Served {
    /// Starts `binary` on a free port and waits for its "listening on" line.
    fn start(binary: &Path, dir: &Path) -> Served {
        let mut child = Command::new(binary)
            .current_dir(dir)
            .env("PORT", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the new app starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|l| l.split("listening on http://").nth(1).map(str::to_owned))
            .expect("the app prints its address");
        // Keep draining stdout so the app never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Served { child, addr }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `vite preview` of the built page, proxying /api to the app; killed on drop.
struct Preview {
    child: Child,
    url: String,
}

impl Preview {
    fn start(web: &Path, app_addr: &str) -> Preview {
        let mut child = Command::new(web.join("node_modules/.bin/vite"))
            .args(["preview", "--host", "127.0.0.1", "--port", "0"])
            .current_dir(web)
            .env("BFF_URL", format!("http://{app_addr}"))
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("vite preview starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|l| {
                l.split_whitespace()
                    .find(|w| w.starts_with("http://127.0.0.1:"))
                    .map(str::to_owned)
            })
            .expect("vite preview prints its URL");
        std::thread::spawn(move || lines.for_each(drop));
        Preview { child, url }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(command: &mut Command, what: &str) {
    let output = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_new_app_builds_serves_and_gets_a_typed_client() {
    let parent = outside("app");
    let app = parent.join("hello-bff");
    let workspace = workspace();
    let created = bffkit(
        &[
            "new",
            app.to_str().unwrap(),
            "--web",
            "--miniprogram",
            "--bffkit-path",
            workspace.to_str().unwrap(),
            "--vcs",
            "none",
        ],
        None,
    );
    assert_eq!(created.code, 0, "{}", created.stderr);
    assert!(
        created.stdout.contains("created app `hello-bff`"),
        "{}",
        created.stdout
    );
    assert_eq!(
        files(&app),
        [
            ".gitignore",
            "Cargo.toml",
            "README.md",
            "api/lambda/_utils.rs",
            "api/lambda/hello.rs",
            "api/lambda/index.rs",
            "api/lambda/signup.rs",
            "api/lambda/user/[id].rs",
            "bffkit.client.json",
            "bffkit.toml",
            "build.rs",
            "miniprogram/miniprogram/app.json",
            "miniprogram/miniprogram/app.ts",
            "miniprogram/miniprogram/config.ts",
            "miniprogram/miniprogram/pages/index/index.json",
            "miniprogram/miniprogram/pages/index/index.ts",
            "miniprogram/miniprogram/pages/index/index.wxml",
            "miniprogram/miniprogram/pages/index/index.wxss",
            "miniprogram/miniprogram/sitemap.json",
            "miniprogram/package.json",
            "miniprogram/project.config.json",
            "miniprogram/tsconfig.json",
            "src/main.rs",
            "web/index.html",
            "web/package.json",
            "web/src/main.ts",
            "web/tsconfig.json",
            "web/vite.config.ts",
        ]
    );

    // From a checkout the page gets a standalone client, as from git: `file:` would link
    // clients/ts, whose compiled dist/ is not in git and that npm does not build.
    let package = std::fs::read_to_string(app.join("web/package.json")).unwrap();
    assert!(!package.contains("@bffkit/client"), "{package}");

    // Built as its own package, with the workspace's lock and profile so the shared
    // target directory already holds the dependencies.
    std::fs::copy(workspace.join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    run(
        Command::new(env!("CARGO"))
            .args([
                "build",
                "--offline",
                "--config",
                "profile.dev.debug=\"line-tables-only\"",
                "--config",
                "profile.dev.package.\"*\".debug=false",
            ])
            .current_dir(&app)
            .env("CARGO_TARGET_DIR", &target),
        "cargo build of the new app",
    );

    let served = Served::start(&target.join("debug/hello-bff"), &app);
    let addr = served.addr.as_str();
    let probe = |method: &str, path: &str, body: Option<&str>| {
        request(addr, method, path, body).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    };
    assert_eq!(
        probe("GET", "/api", None),
        (200, r#"{"app":"hello-bff","version":"0.1.0"}"#.into())
    );
    assert_eq!(
        probe("GET", "/api/hello?name=Ada", None),
        (200, r#"{"message":"Hello, Ada!"}"#.into())
    );
    assert_eq!(
        probe("POST", "/api/hello", Some(r#"{"name":"Grace"}"#)),
        (200, r#"{"message":"Hello, Grace!"}"#.into())
    );
    let (status, body) = probe("POST", "/api/hello", Some(r#"{"name":1}"#));
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("data.name"), "{body}");
    assert_eq!(
        probe("GET", "/api/user/2", None),
        (200, r#"{"id":2,"name":"Grace"}"#.into())
    );
    let (status, body) = probe("GET", "/api/user/abc", None);
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("params.id"), "{body}");
    let (status, body) = probe("GET", "/api/user/9", None);
    assert_eq!(status, 404, "{body}");
    assert!(body.contains(r#""msg":"user 9 does not exist""#), "{body}");
    assert_eq!(
        probe("POST", "/api/signup", Some(r#"{"name":"Ada","age":36}"#)),
        (200, r#"{"message":"Welcome, Ada (36)!"}"#.into())
    );
    let (status, body) = probe("POST", "/api/signup", Some(r#"{"name":"Al","age":9}"#));
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains(r#""path":"data.age""#) && body.contains(r#""path":"data.name""#),
        "{body}"
    );
    let (status, body) = probe("GET", "/api/nothing/here", None);
    assert_eq!(status, 404, "{body}");
    assert!(body.starts_with(r#"{"code":"#), "a JSON 404: {body}");

    // The client, generated from the running app by the bare `bffkit client` the README
    // shows: it reads the scaffolded bffkit.client.json, here pointed at this test's port
    // instead of 8080. Then compiled by the page's tsc --strict and bundled by Vite.
    let config_path = app.join("bffkit.client.json");
    let config = std::fs::read_to_string(&config_path).unwrap();
    let scaffolded_url = "http://127.0.0.1:8080/api/_manifest";
    assert!(config.contains(scaffolded_url), "{config}");
    assert!(config.contains(r#""standalone": true"#), "{config}");
    std::fs::write(
        &config_path,
        config.replace(scaffolded_url, &format!("http://{addr}/api/_manifest")),
    )
    .unwrap();
    let generated = bffkit(&["client"], Some(&app));
    assert_eq!(generated.code, 0, "{}", generated.stderr);
    assert!(app.join("web/src/bffkit-client.ts").is_file());
    check_miniprogram(&app, &workspace, addr);
    let client = std::fs::read_to_string(app.join("web/src/api.ts")).unwrap();
    for function in [
        "getIndex",
        "getHello",
        "postHello",
        "getUserById",
        "postSignup",
    ] {
        assert!(
            client.contains(&format!("export async function {function}(")),
            "{function}"
        );
    }
    let web = app.join("web");
    run(
        Command::new("npm")
            .args([
                "install",
                "--prefer-offline",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ])
            .current_dir(&web),
        "npm install in web/",
    );
    run(
        Command::new("npm").args(["run", "build"]).current_dir(&web),
        "npm run build in web/",
    );
    assert!(web.join("dist/index.html").is_file());

    // The built page in headless Chromium, served by `vite preview` with its /api proxy
    // pointed at the app: it calls the app through the generated client.
    let preview = Preview::start(&web, addr);
    let page = Command::new("node")
        .arg(workspace.join("tests/node/new-app-page.mjs"))
        .arg(&preview.url)
        .output()
        .unwrap();
    assert!(
        page.status.success(),
        "the page in Chromium: {}",
        String::from_utf8_lossy(&page.stderr)
    );
    let shown: serde_json::Value = serde_json::from_slice(&page.stdout).unwrap();
    assert_eq!(shown["onLoad"], "Hello, world!");
    assert_eq!(shown["greeted"], "Hello, Grace!");
    let refused = shown["refused"].as_str().unwrap();
    assert!(
        refused.contains("data.age") && refused.contains("data.name"),
        "{refused}"
    );
    drop(preview);
    drop(served);
    let _ = std::fs::remove_dir_all(parent);
}

/// The scaffolded mini-program, its client just written by `bffkit client` for `wechat`:
/// `tsc --strict` against WeChat's typings (lib es2017, no DOM), then its page run in a
/// context with only ECMAScript, timers, `console` and a `wx` backed by real HTTP, whose
/// first call (the greeting on load) reaches the app.
fn check_miniprogram(app: &Path, workspace: &Path, addr: &str) {
    let miniprogram = app.join("miniprogram");
    let runtime =
        std::fs::read_to_string(miniprogram.join("miniprogram/bffkit-client.ts")).unwrap();
    assert!(
        runtime.starts_with("// @bffkit/client (wechat)"),
        "the wechat runtime: {}",
        runtime.lines().next().unwrap_or_default()
    );
    run(
        Command::new("npm")
            .args([
                "install",
                "--prefer-offline",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ])
            .current_dir(&miniprogram),
        "npm install in miniprogram/",
    );
    run(
        Command::new("npm")
            .args(["run", "typecheck"])
            .current_dir(&miniprogram),
        "tsc --strict of miniprogram/",
    );
    let page = Command::new("node")
        .arg(workspace.join("tests/node/new-app-miniprogram.mjs"))
        .arg(miniprogram.join("miniprogram"))
        .arg(format!("http://{addr}"))
        .output()
        .unwrap();
    assert!(
        page.status.success(),
        "the mini-program page: {}",
        String::from_utf8_lossy(&page.stderr)
    );
    let shown: serde_json::Value = serde_json::from_slice(&page.stdout).unwrap();
    assert_eq!(shown["onLoad"], "Hello, world!");
    assert_eq!(shown["greeted"], "Hello, Grace!");
    let refused = shown["refused"].as_str().unwrap();
    assert!(
        refused.contains("data.age") && refused.contains("(HTTP 400)"),
        "{refused}"
    );
}

#[test]
fn bad_input_writes_nothing() {
    let parent = outside("bad");
    let workspace = workspace();

    // A folder that is not empty is left exactly as it was.
    let taken = parent.join("taken");
    std::fs::create_dir_all(&taken).unwrap();
    std::fs::write(taken.join("notes.txt"), "mine").unwrap();
    let run = bffkit(&["new", taken.to_str().unwrap(), "--vcs", "none"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("already exists and is not empty"),
        "{}",
        run.stderr
    );
    assert_eq!(files(&taken), ["notes.txt"]);

    // Names cargo refuses, refused before anything is written.
    for (name, message) in [
        ("1app", "cannot start with a digit"),
        ("my app", "' ' is not allowed"),
        ("fn", "it is reserved"),
        ("bffkit-macro-support", "it is reserved"),
    ] {
        let dir = parent.join(name);
        let run = bffkit(&["new", dir.to_str().unwrap(), "--vcs", "none"], None);
        assert_eq!(run.code, 2, "{name}");
        assert!(run.stderr.contains(message), "{name}: {}", run.stderr);
        assert!(!dir.exists(), "{name}: {} was created", dir.display());
    }

    // A --bffkit-path that cannot be read, or is not a bffkit checkout.
    let dir = parent.join("app");
    let missing = parent.join("no-such-checkout");
    let run = bffkit(
        &[
            "new",
            dir.to_str().unwrap(),
            "--bffkit-path",
            missing.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--bffkit-path") && run.stderr.contains("cannot read it"),
        "{}",
        run.stderr
    );
    let run = bffkit(
        &[
            "new",
            dir.to_str().unwrap(),
            "--bffkit-path",
            parent.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a bffkit checkout"),
        "{}",
        run.stderr
    );
    assert!(!dir.exists());

    // A workspace manifest above the folder that cargo could not read either.
    let broken = parent.join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("Cargo.toml"), "[workspace\n").unwrap();
    let app = broken.join("app");
    let run = bffkit(&["new", app.to_str().unwrap(), "--vcs", "none"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not valid TOML"), "{}", run.stderr);
    assert!(!app.exists());

    // Conflicting sources.
    let run = bffkit(
        &[
            "new",
            dir.to_str().unwrap(),
            "--bffkit-path",
            workspace.to_str().unwrap(),
            "--bffkit-git",
            "https://example.com/bffkit.git",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not both"), "{}", run.stderr);
    let run = bffkit(&["new", dir.to_str().unwrap(), "--rev", "abc"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--rev needs --bffkit-git"),
        "{}",
        run.stderr
    );
    assert!(!dir.exists());
    let _ = std::fs::remove_dir_all(parent);
}

#[test]
fn the_default_app_depends_on_the_released_crates() {
    let parent = outside("registry");
    let app = parent.join("shop");
    let run = bffkit(
        &["new", app.to_str().unwrap(), "--web", "--vcs", "none"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let manifest = std::fs::read_to_string(app.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\nbffkit = \"0.1\"\n"), "{manifest}");
    assert!(
        manifest.contains("\nbffkit-build = \"0.1\"\n"),
        "{manifest}"
    );
    let package = std::fs::read_to_string(app.join("web/package.json")).unwrap();
    assert!(
        package.contains(r#""@bffkit/client": "^0.1.0""#),
        "{package}"
    );

    // From git, the page gets a standalone client: npm cannot install a package from a
    // repository's subfolder.
    let git = parent.join("from-git");
    let url = "https://example.com/bffkit.git";
    let run = bffkit(
        &[
            "new",
            git.to_str().unwrap(),
            "--web",
            "--bffkit-git",
            url,
            "--rev",
            "v0.1.0",
            "--vcs",
            "none",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let manifest = std::fs::read_to_string(git.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains(r#"bffkit = { git = "https://example.com/bffkit.git", rev = "v0.1.0" }"#),
        "{manifest}"
    );
    let package = std::fs::read_to_string(git.join("web/package.json")).unwrap();
    assert!(!package.contains("@bffkit/client"), "{package}");
    let config = std::fs::read_to_string(git.join("bffkit.client.json")).unwrap();
    assert!(config.contains(r#""standalone": true"#), "{config}");
    // Each app's README says where its client's runtime comes from.
    let readme = std::fs::read_to_string(git.join("README.md")).unwrap();
    assert!(readme.contains("The client is standalone"), "{readme}");
    let readme = std::fs::read_to_string(app.join("README.md")).unwrap();
    assert!(
        readme.contains("imports its runtime from the `@bffkit/client` package"),
        "{readme}"
    );
    let _ = std::fs::remove_dir_all(parent);
}

/// The README's "Start a new app" shows the `Cargo.toml` that `bffkit new` writes, and
/// its tree names every lambda file the app gets.
#[test]
fn the_readme_shows_what_bffkit_new_writes() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    // The first TOML block of the section (its comments may start with `##` too).
    let section = readme
        .split("\n## Start a new app")
        .nth(1)
        .expect("README has a \"Start a new app\" section");
    let shown = section
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the section shows a Cargo.toml");

    let parent = outside("readme");
    let app = parent.join("my-app");
    let run = bffkit(
        &["new", app.to_str().unwrap(), "--web", "--vcs", "none"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(app.join("Cargo.toml")).unwrap();
    assert_eq!(
        shown, written,
        "README's Cargo.toml differs from `bffkit new`'s"
    );
    for file in files(&app.join("api/lambda")) {
        let name = file.rsplit('/').next().unwrap();
        assert!(
            section.contains(name),
            "README's tree does not show api/lambda/{file}"
        );
    }
    let _ = std::fs::remove_dir_all(parent);
}

/// Like `cargo new`: an app made inside another cargo workspace becomes one of its members,
/// so cargo builds it there instead of refusing a package its workspace does not list.
#[test]
fn an_app_inside_another_workspace_joins_it() {
    let parent = outside("workspace");
    std::fs::write(parent.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\n").unwrap();
    let app = parent.join("apps/shop");
    let run = bffkit(&["new", app.to_str().unwrap(), "--vcs", "none"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("added `shop` to the members of the workspace"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(parent.join("Cargo.toml")).unwrap(),
        "[workspace]\nresolver = \"2\"\nmembers = [\"apps/shop\"]\n"
    );
    let metadata = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
        ])
        .current_dir(&app)
        .output()
        .unwrap();
    assert!(
        metadata.status.success(),
        "cargo does not accept the app in its workspace: {}",
        String::from_utf8_lossy(&metadata.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.stdout).unwrap();
    assert_eq!(
        Path::new(metadata["workspace_root"].as_str().unwrap()),
        parent.canonicalize().unwrap()
    );
    let _ = std::fs::remove_dir_all(parent);
}
