//! Starts the demo app binary on an ephemeral port and talks to it over real HTTP.

use std::io::Read;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// A running app process, killed on drop.
pub struct Server {
    child: Child,
    pub base: String,
    output: Arc<Mutex<String>>,
    /// Notified each time output arrives.
    printed: Arc<Condvar>,
}

impl Server {
    /// Starts the demo binary with extra environment variables.
    pub fn start(env: &[(&str, &str)]) -> Server {
        Server::start_binary(env!("CARGO_BIN_EXE_bffkit-demo"), env)
    }

    /// Starts any bffkit app binary and waits for its "listening on" line.
    pub fn start_binary(binary: &str, env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(binary);
        command
            .env("PORT", "0")
            .env("HOST", "127.0.0.1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("start the app binary");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr = child.stderr.take().expect("piped stderr");
        let output = Arc::new(Mutex::new(String::new()));
        let printed = Arc::new(Condvar::new());
        let err_output = Arc::clone(&output);
        let err_printed = Arc::clone(&printed);
        // stderr is kept (for `output()`) and passed on, so failures still show it.
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = stderr.read(&mut buf) {
                let text = String::from_utf8_lossy(&buf[..n]);
                eprint!("{text}");
                err_output.lock().unwrap().push_str(&text);
                err_printed.notify_all();
            }
        });
        let out_output = Arc::clone(&output);
        let out_printed = Arc::clone(&printed);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                {
                    let mut out = out_output.lock().unwrap();
                    out.push_str(&line);
                    out.push('\n');
                }
                out_printed.notify_all();
                if !sent {
                    if let Some(addr) = line.strip_prefix("bffkit: listening on ") {
                        let _ = tx.send(addr.to_owned());
                        sent = true;
                    }
                }
            }
        });
        let base = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the app printed its address");
        Server {
            child,
            base,
            output,
            printed,
        }
    }

    /// Waits (up to 10 s) until `needle` has been printed `times` times; the output.
    pub fn wait_for_output(&self, needle: &str, times: usize) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let mut output = self.output.lock().unwrap();
        while output.matches(needle).count() < times {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            assert!(
                !left.is_zero(),
                "`{needle}` not printed {times} times: {output}"
            );
            output = self.printed.wait_timeout(output, left).unwrap().0;
        }
        output.clone()
    }

    /// Everything the app printed so far, stdout and stderr.
    pub fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// The demo app with default settings.
    pub fn demo() -> Server {
        Server::start(&[])
    }

    /// `GET`s a path: (status, JSON body).
    pub async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        send(reqwest::Client::new().get(self.url(path))).await
    }

    /// `GET`s a path's body as text (e.g. `/metrics`).
    pub async fn text(&self, path: &str) -> String {
        reqwest::get(self.url(path))
            .await
            .expect("request")
            .text()
            .await
            .expect("body")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The process id, to send signals.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM, as an orchestrator stopping the app does.
    pub fn terminate(&self) {
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success());
    }

    /// Waits for the process to exit.
    pub fn wait(&mut self) -> std::process::ExitStatus {
        self.child.wait().expect("wait for the app")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends a request: (status, JSON body or `Null`).
pub async fn send(request: reqwest::RequestBuilder) -> (u16, serde_json::Value) {
    let response = request.send().await.expect("request sent");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body read");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}
