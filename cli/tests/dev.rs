//! `bffkit dev` on a temporary app: edits, a new lambda file, a compile error and its fix,
//! each seen over real HTTP while a client keeps requesting, with no connection error.

use std::io::Read;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crate::support::{crate_dir, request, scratch};

/// One rebuild on two shared cores; the first one also compiles the dependencies.
const REBUILD: Duration = Duration::from_secs(240);
const FIRST_BUILD: Duration = Duration::from_secs(900);

const HELLO: &str = r#"use schemars::JsonSchema;
use serde::Serialize;

#[derive(Serialize, JsonSchema)]
pub struct Hello {
    pub version: String,
}

#[bffkit::get]
pub async fn get() -> Hello {
    Hello { version: "v1".to_owned() }
}
"#;

const ADDED: &str = r#"use schemars::JsonSchema;
use serde::Serialize;

#[derive(Serialize, JsonSchema)]
pub struct Added {
    pub added: bool,
}

#[bffkit::get]
pub async fn get() -> Added {
    Added { added: true }
}
"#;

/// Writes a minimal app crate depending on this worktree's runtime and build support.
fn write_fixture(dir: &Path) {
    let workspace = crate_dir().parent().unwrap().to_path_buf();
    let manifest = format!(
        r#"[package]
name = "dev-fixture"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
bffkit = {{ path = "{runtime}" }}
serde = {{ version = "1", features = ["derive"] }}
schemars = "1"

[build-dependencies]
bffkit-build = {{ path = "{build}" }}

[workspace]

[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false
"#,
        runtime = workspace.join("runtime").display(),
        build = workspace.join("build-support").display(),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    // The workspace's lock file pins the same versions, so no registry look-up is needed.
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("build.rs"),
        "fn main() {\n    bffkit_build::build();\n}\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        "bffkit::include_routes!();\n\nfn main() -> std::process::ExitCode {\n    bffkit::App::new().run()\n}\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("api/lambda")).unwrap();
    std::fs::write(dir.join("api/lambda/hello.rs"), HELLO).unwrap();
}

/// The running `bffkit dev`, stopped with SIGTERM on drop.
struct Dev {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Dev {
    fn start(app: &Path) -> Dev {
        let target = crate_dir().parent().unwrap().join("target/dev-fixture");
        let mut child = Command::new(env!("CARGO_BIN_EXE_bffkit"))
            .args(["dev", "--port", "0", "--client", "web/src/api.ts"])
            .current_dir(app)
            .env("CARGO_TARGET_DIR", target)
            .env_remove("PORT")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bffkit dev starts");
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        Dev {
            child,
            stdout,
            stderr,
        }
    }

    fn output(&self) -> String {
        format!(
            "--- stdout\n{}\n--- stderr\n{}",
            self.stdout.lock().unwrap(),
            self.stderr.lock().unwrap()
        )
    }

    /// The address from `bffkit dev: listening on http://ADDR`.
    fn addr(&self) -> String {
        let mut addr = None;
        wait_until(Duration::from_secs(30), "the dev address", self, || {
            addr = self
                .stdout
                .lock()
                .unwrap()
                .lines()
                .find_map(|l| l.split("bffkit dev: listening on http://").nth(1))
                .map(str::to_owned);
            addr.is_some()
        });
        addr.unwrap()
    }

    /// SIGTERM; returns once the process exited.
    fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("bffkit dev did not stop on SIGTERM\n{}", self.output());
    }
}

impl Drop for Dev {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            let _ = self.child.wait();
        }
    }
}

fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    std::thread::spawn(move || {
        let mut stream = stream;
        let mut buf = [0u8; 4096];
        while let Ok(n) = stream.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

/// One `GET` on a fresh connection: (status, body).
fn get(addr: &str, path: &str) -> std::io::Result<(u16, String)> {
    request(addr, "GET", path, None)
}

fn wait_until(timeout: Duration, what: &str, dev: &Dev, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if done() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}\n{}", dev.output());
}

/// Waits until `GET path` answers 200 with a body containing `needle`; the time it took.
fn served(dev: &Dev, addr: &str, path: &str, needle: &str, timeout: Duration) -> Duration {
    let started = Instant::now();
    wait_until(
        timeout,
        &format!("{path} to serve {needle}"),
        dev,
        || matches!(get(addr, path), Ok((200, body)) if body.contains(needle)),
    );
    started.elapsed()
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

/// Requests `/api/hello` every 20 ms on fresh connections, counting answers and errors.
struct Looper {
    stop: Arc<AtomicBool>,
    answered: Arc<AtomicUsize>,
    errors: Arc<Mutex<Vec<String>>>,
    thread: std::thread::JoinHandle<()>,
}

impl Looper {
    fn start(addr: String) -> Looper {
        let stop = Arc::new(AtomicBool::new(false));
        let answered = Arc::new(AtomicUsize::new(0));
        let errors = Arc::new(Mutex::new(Vec::new()));
        let (s, a, e) = (stop.clone(), answered.clone(), errors.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                match get(&addr, "/api/hello") {
                    Ok((200, _)) => {
                        a.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok((status, body)) => e.lock().unwrap().push(format!("{status}: {body}")),
                    Err(err) => e.lock().unwrap().push(err.to_string()),
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        Looper {
            stop,
            answered,
            errors,
            thread,
        }
    }

    fn finish(self) -> (usize, Vec<String>) {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap();
        let errors = self.errors.lock().unwrap().clone();
        (self.answered.load(Ordering::Relaxed), errors)
    }
}

#[test]
fn rebuilds_restarts_and_keeps_serving_through_edits_and_errors() {
    let app: PathBuf = scratch("dev-app");
    write_fixture(&app);
    let mut dev = Dev::start(&app);
    let addr = dev.addr();
    let first = served(&dev, &addr, "/api/hello", "\"v1\"", FIRST_BUILD);
    eprintln!("first build → served: {first:?}");
    let client = app.join("web/src/api.ts");
    wait_until(REBUILD, "the generated client", &dev, || client.is_file());
    assert!(
        std::fs::read_to_string(&client)
            .unwrap()
            .contains("getHello"),
        "{}",
        dev.output()
    );
    assert!(dev.stdout.lock().unwrap().contains("GET     /api/hello"));
    let looper = Looper::start(addr.clone());
    let client_written = modified(&client);
    let up_to_date = || dev.stdout.lock().unwrap().matches("is up to date").count();
    let unchanged_before = up_to_date();

    // Edit a handler's response: served after one rebuild; the API shape did not change,
    // so the client file is left alone.
    let hello = app.join("api/lambda/hello.rs");
    std::fs::write(&hello, HELLO.replace("v1", "v2")).unwrap();
    let edit = served(&dev, &addr, "/api/hello", "\"v2\"", REBUILD);
    eprintln!("edit → served: {edit:?}");
    wait_until(REBUILD, "the client check after the edit", &dev, || {
        up_to_date() > unchanged_before
    });
    assert_eq!(
        modified(&client),
        client_written,
        "the client was rewritten"
    );

    // Add a lambda file: a new route, and a new client function.
    std::fs::write(app.join("api/lambda/added.rs"), ADDED).unwrap();
    let add = served(&dev, &addr, "/api/added", "\"added\":true", REBUILD);
    eprintln!("add a file → served: {add:?}");
    wait_until(REBUILD, "the client with getAdded", &dev, || {
        std::fs::read_to_string(&client).is_ok_and(|t| t.contains("getAdded"))
    });
    assert!(dev.stdout.lock().unwrap().contains("/api/added"));

    // A compile error: the error is printed and the last good app keeps answering.
    let failures = dev.stderr.lock().unwrap().matches("still serving").count();
    std::fs::write(
        &hello,
        HELLO.replace("\"v1\".to_owned()", "undefined_version_marker()"),
    )
    .unwrap();
    wait_until(REBUILD, "the build failure", &dev, || {
        dev.stderr.lock().unwrap().matches("still serving").count() > failures
    });
    let stderr = dev.stderr.lock().unwrap().clone();
    assert!(
        stderr.contains("undefined_version_marker") && stderr.contains("error"),
        "{stderr}"
    );
    assert_eq!(
        get(&addr, "/api/hello").unwrap(),
        (200, "{\"version\":\"v2\"}".to_owned())
    );

    // Fixed: serves again.
    std::fs::write(&hello, HELLO.replace("v1", "v3")).unwrap();
    let fixed = served(&dev, &addr, "/api/hello", "\"v3\"", REBUILD);
    eprintln!("fix → served: {fixed:?}");

    let (answered, errors) = looper.finish();
    assert!(
        errors.is_empty(),
        "{} failed requests: {errors:?}",
        errors.len()
    );
    assert!(answered > 50, "only {answered} requests answered");

    dev.stop();
    eprintln!("{}", dev.output());
    assert!(
        TcpStream::connect(&addr).is_err(),
        "the app still listens after bffkit dev stopped"
    );
}
