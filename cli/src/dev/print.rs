//! What `bffkit dev` prints: status lines with a UTC timestamp, the app's route table,
//! coloured when the stream is a terminal and plain otherwise.

use std::io::{IsTerminal, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";

/// How a status line reads.
#[derive(Clone, Copy)]
pub enum Tone {
    Info,
    Good,
    Bad,
}

/// Writes status lines (stdout, or stderr for failures) and the app's output.
#[derive(Clone, Copy)]
pub struct Printer {
    out_colour: bool,
    err_colour: bool,
}

impl Printer {
    pub fn new() -> Self {
        Self {
            out_colour: std::io::stdout().is_terminal(),
            err_colour: std::io::stderr().is_terminal(),
        }
    }

    /// `[12:03:04] bffkit dev: message`.
    pub fn status(&self, tone: Tone, message: &str) {
        let line = |colour: bool| {
            let time = clock(SystemTime::now());
            if !colour {
                return format!("[{time}] bffkit dev: {message}\n");
            }
            let paint = match tone {
                Tone::Info => CYAN,
                Tone::Good => GREEN,
                Tone::Bad => RED,
            };
            format!(
                "{DIM}[{time}]{RESET} {paint}{BOLD}bffkit dev:{RESET} {paint}{message}{RESET}\n"
            )
        };
        match tone {
            Tone::Bad => {
                let _ = std::io::stderr()
                    .lock()
                    .write_all(line(self.err_colour).as_bytes());
            }
            _ => {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(line(self.out_colour).as_bytes());
                let _ = out.flush();
            }
        }
    }

    /// One line of the app's stdout; route-table rows get a coloured method.
    pub fn app_line(&self, line: &str) {
        let text = if self.out_colour {
            colour_route_row(line).unwrap_or_else(|| line.to_owned())
        } else {
            line.to_owned()
        };
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    }
}

/// `  GET     /api/hello  api/lambda/hello.rs (get)` with the method in bold green.
fn colour_route_row(line: &str) -> Option<String> {
    let body = line.strip_prefix("  ")?;
    let (method, rest) = body.split_once(' ')?;
    let is_method = !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase());
    is_method.then(|| format!("  {GREEN}{BOLD}{method}{RESET} {rest}"))
}

/// `HH:MM:SS` in UTC: no time-zone database needed.
fn clock(now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs() % 86_400;
    format!("{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
}

/// `1.23 s` or `340 ms`.
pub fn seconds(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_clock_and_durations() {
        let t = UNIX_EPOCH + Duration::from_secs(86_400 * 3 + 3600 * 13 + 60 * 5 + 9);
        assert_eq!(clock(t), "13:05:09Z");
        assert_eq!(seconds(Duration::from_millis(340)), "340 ms");
        assert_eq!(seconds(Duration::from_millis(8123)), "8.12 s");
    }

    #[test]
    fn colours_only_route_rows() {
        assert!(colour_route_row("  GET     /api/hello  api/lambda/hello.rs (get)").is_some());
        assert!(colour_route_row("bffkit: listening on http://127.0.0.1:1").is_none());
    }
}
