//! The running app: started on the dev process's listening socket (passed as fd 3 with
//! `LISTEN_FDS=1`, systemd's socket-activation protocol), its stdout forwarded, and
//! stopped with SIGTERM so it drains its in-flight requests.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::fd::OwnedFd;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use command_fds::{CommandFdExt, FdMapping};
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

use super::print::Printer;

/// How long a new app may take to print its "listening on" line.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long an old app may take to drain before it is killed.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// A started app process.
pub struct App {
    child: Child,
}

enum Started {
    Listening,
    Exited,
}

impl App {
    /// Starts `binary serve` on `listener` and waits until it says it is listening.
    pub fn start(binary: &Path, listener: &TcpListener, printer: Printer) -> Result<App, String> {
        let socket = OwnedFd::from(
            listener
                .try_clone()
                .map_err(|e| format!("cannot share the listening socket: {e}"))?,
        );
        let mut command = Command::new(binary);
        command
            .arg("serve")
            .env("LISTEN_FDS", "1")
            // The child's pid is not known before it starts; listenfd skips the check then.
            .env_remove("LISTEN_PID")
            .env_remove("LISTEN_FDS_FIRST_FD")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        command
            .fd_mappings(vec![FdMapping {
                parent_fd: socket,
                child_fd: 3,
            }])
            .map_err(|e| format!("cannot pass the listening socket: {e}"))?;
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let started = forward_stdout(&mut child, printer);
        let mut app = App { child };
        match started.recv_timeout(START_TIMEOUT) {
            Ok(Started::Listening) => Ok(app),
            Ok(Started::Exited) | Err(RecvTimeoutError::Disconnected) => {
                let status = app.child.wait().map(|s| s.to_string()).unwrap_or_default();
                Err(format!("the new build stopped before listening ({status})"))
            }
            Err(RecvTimeoutError::Timeout) => {
                app.stop();
                Err(format!(
                    "the new build did not start listening within {} s",
                    START_TIMEOUT.as_secs()
                ))
            }
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, then waits for the drain (SIGKILL past [`DRAIN_TIMEOUT`]).
    pub fn stop(mut self) {
        if let Ok(pid) = i32::try_from(self.child.id()) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
        }
        let deadline = Instant::now() + DRAIN_TIMEOUT;
        while Instant::now() < deadline {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => return,
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Forwards the app's stdout line by line; reports its "listening on" line, or its end.
fn forward_stdout(child: &mut Child, printer: Printer) -> Receiver<Started> {
    let (tx, rx) = std::sync::mpsc::channel();
    let Some(stdout) = child.stdout.take() else {
        let _ = tx.send(Started::Exited);
        return rx;
    };
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            printer.app_line(&line);
            if line.starts_with("bffkit: listening on ") {
                let _ = tx.send(Started::Listening);
            }
        }
        let _ = tx.send(Started::Exited);
    });
    rx
}
