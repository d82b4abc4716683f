//! One `cargo build` of the app: compiler errors go straight to the terminal (rendered by
//! cargo), the JSON messages on stdout name the binary to run.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::Value;

use super::Event;

/// How a build ended.
pub enum Outcome {
    /// The binary, and whether cargo found it already up to date.
    Built { binary: PathBuf, fresh: bool },
    /// Compile errors (already printed by cargo) or no runnable binary.
    Failed(String),
    /// A stop arrived; the build was killed.
    Stopped,
}

/// Builds the app in `root` (`-p package` when given). Changes that arrive meanwhile set
/// `changed_meanwhile`, so the caller builds again.
pub fn run(
    root: &Path,
    package: Option<&str>,
    events: &Receiver<Event>,
    changed_meanwhile: &mut bool,
) -> Outcome {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(root)
        .args(["build", "--message-format=json-render-diagnostics"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if let Some(package) = package {
        command.args(["-p", package]);
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => return Outcome::Failed(format!("cannot run cargo: {e}")),
    };
    let reader = read_artifacts(&mut child, root.join("Cargo.toml"), package.is_some());
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => return Outcome::Failed(format!("cannot wait for cargo: {e}")),
        }
        match events.recv_timeout(Duration::from_millis(50)) {
            Ok(Event::Changed(_)) => *changed_meanwhile = true,
            Ok(Event::Stop) | Err(RecvTimeoutError::Disconnected) => {
                let _ = child.kill();
                let _ = child.wait();
                return Outcome::Stopped;
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
    };
    let binaries = reader.join().unwrap_or_default();
    finish(status, binaries)
}

fn finish(status: ExitStatus, binaries: Vec<(PathBuf, bool)>) -> Outcome {
    if !status.success() {
        return Outcome::Failed(format!("cargo build failed ({status})"));
    }
    match binaries.as_slice() {
        [(binary, fresh)] => Outcome::Built {
            binary: binary.clone(),
            fresh: *fresh,
        },
        [] => Outcome::Failed(
            "the build produced no binary: run `bffkit dev` in the app's folder, or pass --package"
                .to_owned(),
        ),
        many => Outcome::Failed(format!(
            "the build produced {} binaries ({}): pass --package, or set `default-run`",
            many.len(),
            many.iter()
                .map(|(b, _)| b.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Collects `(executable, fresh)` of the binaries built for the app's package: the one at
/// `manifest`, or any when `-p` chose it.
fn read_artifacts(
    child: &mut Child,
    manifest: PathBuf,
    any_package: bool,
) -> JoinHandle<Vec<(PathBuf, bool)>> {
    let stdout = child.stdout.take();
    let manifest = manifest.canonicalize().unwrap_or(manifest);
    std::thread::spawn(move || {
        let Some(stdout) = stdout else {
            return Vec::new();
        };
        let mut binaries = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let Ok(message) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            if message["reason"] != "compiler-artifact" {
                continue;
            }
            let Some(executable) = message["executable"].as_str() else {
                continue;
            };
            let ours = any_package
                || message["manifest_path"]
                    .as_str()
                    .and_then(|p| Path::new(p).canonicalize().ok())
                    .is_some_and(|p| p == manifest);
            let is_bin = message["target"]["kind"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|k| k == "bin"));
            if ours && is_bin {
                let fresh = message["fresh"] == true;
                binaries.push((PathBuf::from(executable), fresh));
            }
        }
        binaries
    })
}
