//! `bffkit dev`: builds the app, serves it on a socket this process keeps, and on each
//! save rebuilds, starts the new build on the same socket, then drains the old one.
//!
//! The socket never closes between builds, so clients see no refused connection; a failed
//! build leaves the last good app serving.

mod app_toml;
mod build;
mod client_sync;
mod print;
mod supervisor;
mod watch;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

use crate::args::{Arg, Args};
use crate::client::{self, DEFAULT_CONFIG};
use crate::Failure;
use build::Outcome;
use client_sync::ClientTarget;
use print::{seconds, Printer, Tone};
use supervisor::App;

pub const USAGE: &str = "\
usage: bffkit dev [--port 8080] [--client web/src/api.ts] [--package NAME] [--config bffkit.client.json]

Run it in the app's folder (the crate with api/lambda/). Builds and starts the app, then
rebuilds and restarts it whenever api/lambda/, src/, build.rs, Cargo.toml or bffkit.toml
change. The listening socket stays open across restarts; a failed build keeps the last
good app serving.

  --port      port to listen on (default: env PORT, else 8080; 0 picks a free one);
              env HOST chooses the interface (default 127.0.0.1)
  --client    regenerate this TypeScript client after each restart (written only when
              it changes); or {\"dev\": {\"client\": \"...\"}} in bffkit.client.json
  --package   the package to build and run, in a workspace
  --config    the client config file (default bffkit.client.json, when present)";

/// How long the sources must stay quiet before a rebuild starts.
const QUIET: Duration = Duration::from_millis(200);

/// What the main loop hears about.
pub enum Event {
    /// Sources changed.
    Changed(Vec<PathBuf>),
    /// SIGINT or SIGTERM: stop the app and exit.
    Stop,
}

struct Options {
    port: Option<u16>,
    client: Option<PathBuf>,
    package: Option<String>,
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let options = parse(args)?;
    let Some(options) = options else {
        println!("{USAGE}");
        return Ok(());
    };
    let root = std::env::current_dir().map_err(|e| Failure::Io(e.to_string()))?;
    if !root.join("Cargo.toml").is_file() {
        return Err(Failure::Usage(format!(
            "no Cargo.toml in {}: run `bffkit dev` in the app's folder",
            root.display()
        )));
    }
    let client = client_target(&options)?;
    let listener = bind(options.port)?;
    let printer = Printer::new();
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::Io(e.to_string()))?;
    let scheme = app_toml::scheme(&root, |name| std::env::var(name).ok());
    printer.status(Tone::Info, &format!("listening on {scheme}://{addr}"));

    let (tx, rx) = std::sync::mpsc::channel();
    stop_on_signals(tx.clone())?;
    let _watcher = watch::start(&root, tx).map_err(Failure::Io)?;
    let mut dev = Dev {
        root,
        package: options.package,
        listener,
        client,
        printer,
        app: None,
    };
    dev.serve(&rx);
    Ok(())
}

fn parse(mut args: Args) -> Result<Option<Options>, Failure> {
    let mut options = Options {
        port: None,
        client: None,
        package: None,
        config: None,
    };
    while let Some(arg) = args.next() {
        match arg {
            Arg::Flag(f) if f == "port" => {
                let value = args.value(&f).map_err(Failure::Usage)?;
                options.port = Some(
                    value
                        .parse()
                        .map_err(|_| Failure::Usage(format!("--port: invalid port {value:?}")))?,
                );
            }
            Arg::Flag(f) if f == "client" => {
                options.client = Some(args.value(&f).map_err(Failure::Usage)?.into())
            }
            Arg::Flag(f) if f == "package" => {
                options.package = Some(args.value(&f).map_err(Failure::Usage)?)
            }
            Arg::Flag(f) if f == "config" => {
                options.config = Some(args.value(&f).map_err(Failure::Usage)?.into())
            }
            Arg::Flag(f) if f == "help" => return Ok(None),
            Arg::Flag(f) => return Err(Failure::Usage(format!("unknown option --{f}"))),
            Arg::Positional(p) => return Err(Failure::Usage(format!("unexpected argument {p:?}"))),
        }
    }
    Ok(Some(options))
}

/// `--client`, else `dev.client` of the config file (relative to that file).
fn client_target(options: &Options) -> Result<Option<ClientTarget>, Failure> {
    let path = options
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG));
    let dev = if path.is_file() || options.config.is_some() {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Failure::Io(format!("failed to read {}: {e}", path.display())))?;
        client::parse_config(&path, &text)?.dev
    } else {
        client::DevConfig::default()
    };
    let out = match (&options.client, dev.client) {
        (Some(out), _) => out.clone(),
        (None, Some(out)) => path.parent().unwrap_or(Path::new("")).join(out),
        (None, None) => return Ok(None),
    };
    Ok(Some(ClientTarget {
        out,
        target: dev.target,
        lang: dev.lang,
        runtime: dev.runtime,
        base_url: dev.base_url,
        standalone: dev.standalone,
    }))
}

fn bind(port: Option<u16>) -> Result<TcpListener, Failure> {
    let host = std::env::var("HOST").unwrap_or_else(|_| "127.0.0.1".to_owned());
    let port = match (port, std::env::var("PORT")) {
        (Some(port), _) => port,
        (None, Ok(port)) => port
            .parse()
            .map_err(|_| Failure::Usage(format!("env PORT: invalid port {port:?}")))?,
        (None, Err(_)) => 8080,
    };
    TcpListener::bind((host.as_str(), port))
        .map_err(|e| Failure::Io(format!("cannot listen on {host}:{port}: {e}")))
}

fn stop_on_signals(events: Sender<Event>) -> Result<(), Failure> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])
        .map_err(|e| Failure::Io(format!("cannot handle signals: {e}")))?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = events.send(Event::Stop);
        }
    });
    Ok(())
}

/// The dev loop's state.
struct Dev {
    root: PathBuf,
    package: Option<String>,
    listener: TcpListener,
    client: Option<ClientTarget>,
    printer: Printer,
    app: Option<App>,
}

/// Whether the loop goes on.
enum Flow {
    Continue,
    Stop,
}

impl Dev {
    fn serve(&mut self, events: &Receiver<Event>) {
        let mut flow = self.rebuild(events, "starting");
        while let Flow::Continue = flow {
            let first = match events.recv() {
                Ok(Event::Changed(paths)) => paths,
                Ok(Event::Stop) | Err(_) => break,
            };
            flow = match watch::settle(first, events, QUIET) {
                Ok(changed) => self.rebuild(events, &describe(&self.root, &changed)),
                Err(()) => Flow::Stop,
            };
        }
        if let Some(app) = self.app.take() {
            self.printer.status(Tone::Info, "stopping");
            app.stop();
        }
    }

    /// Builds, and restarts on success; builds again while sources changed meanwhile.
    fn rebuild(&mut self, events: &Receiver<Event>, reason: &str) -> Flow {
        let mut reason = reason.to_owned();
        loop {
            self.printer
                .status(Tone::Info, &format!("{reason}: building"));
            let started = Instant::now();
            let mut changed_meanwhile = false;
            let outcome = build::run(
                &self.root,
                self.package.as_deref(),
                events,
                &mut changed_meanwhile,
            );
            let built = started.elapsed();
            match outcome {
                Outcome::Stopped => return Flow::Stop,
                Outcome::Failed(message) => {
                    let serving = if self.app.is_some() {
                        "still serving the last good build"
                    } else {
                        "nothing is serving yet: fix the error and save"
                    };
                    self.printer.status(
                        Tone::Bad,
                        &format!("{message} after {}; {serving}", seconds(built)),
                    );
                }
                Outcome::Built { fresh: true, .. } if self.app.is_some() => {
                    self.printer.status(
                        Tone::Info,
                        &format!("up to date after {}; nothing to restart", seconds(built)),
                    );
                }
                Outcome::Built { binary, .. } => self.restart(&binary, built),
            }
            if !changed_meanwhile {
                return Flow::Continue;
            }
            reason = "changed during the build".to_owned();
        }
    }

    /// Starts `binary` beside the running app, then drains the old one.
    fn restart(&mut self, binary: &Path, built: Duration) {
        let started = Instant::now();
        match App::start(binary, &self.listener, self.printer) {
            Ok(new) => {
                let pid = new.pid();
                if let Some(old) = self.app.replace(new) {
                    old.stop();
                }
                self.printer.status(
                    Tone::Good,
                    &format!(
                        "built in {}, restarted in {} (pid {pid})",
                        seconds(built),
                        seconds(started.elapsed())
                    ),
                );
                if let Some(client) = &self.client {
                    if let Err(e) = client.sync(binary) {
                        self.printer.status(Tone::Bad, &format!("client: {e}"));
                    }
                }
            }
            Err(message) => {
                let serving = if self.app.is_some() {
                    "; still serving the last good build"
                } else {
                    ""
                };
                self.printer
                    .status(Tone::Bad, &format!("{message}{serving}"));
            }
        }
    }
}

/// `api/lambda/hello.rs` or `api/lambda/hello.rs and 2 more`.
fn describe(root: &Path, changed: &[PathBuf]) -> String {
    let first = changed
        .first()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .unwrap_or_default();
    match changed.len() {
        0 | 1 => format!("changed {first}"),
        n => format!("changed {first} and {} more", n - 1),
    }
}
