//! `bffkit`: start an app (`bffkit new`), run it with rebuild-on-save (`bffkit dev`),
//! generate a typed TypeScript client from a bffkit OpenAPI manifest (`bffkit client`),
//! and classify the changes between two manifests (`bffkit diff`).
//!
//! Exit codes: 0 success; 1 a check failed (breaking changes, stale client);
//! 2 a usage, input or I/O error; 3 `diff` found only compatible changes.

#![forbid(unsafe_code)]

mod args;
mod client;
mod codegen;
mod dev;
mod diff;
mod manifest;
mod new;
mod standalone;

use std::process::ExitCode;

use args::{Arg, Args};

const USAGE: &str = "\
bffkit: start a bffkit app, run it with rebuild-on-save, generate its typed TypeScript
client, and check its manifest for breaking changes

usage: bffkit new <dir> [--name NAME] [--web] [--miniprogram] [--bffkit-path <checkout> | --bffkit-git <url> [--rev R]] [--vcs git|none]
       bffkit dev [--port 8080] [--client web/src/api.ts] [--package NAME] [--config bffkit.client.json]
       bffkit client --from <url|file> --out <file.ts> [--runtime <module> | --standalone] [--base-url <url>] [--check]
       bffkit client [--config bffkit.client.json] [--check]
       bffkit diff <old.json> <new.json> [--format text|json]
       bffkit --version

Run `bffkit <command> --help` for a command's options.";

/// Why a command did not succeed.
pub enum Failure {
    /// Bad command line: exit 2 with a usage hint.
    Usage(String),
    /// Unreadable or invalid input, failed writes or fetches: exit 2.
    Io(String),
    /// The command worked and found a problem (breaking changes, stale output): exit 1.
    Check(String),
    /// The command printed its own report; exit with this status (`diff`: 1 or 3).
    Exit(u8),
}

fn main() -> ExitCode {
    let mut args = Args::new(std::env::args().skip(1).collect());
    let result = match args.next() {
        Some(Arg::Positional(command)) if command == "client" => client::run(args),
        Some(Arg::Positional(command)) if command == "diff" => diff::run(args),
        Some(Arg::Positional(command)) if command == "dev" => dev::run(args),
        Some(Arg::Positional(command)) if command == "new" => new::run(args),
        Some(Arg::Flag(f)) if f == "version" => {
            println!("bffkit {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Some(Arg::Flag(f)) if f == "help" => {
            println!("{USAGE}");
            Ok(())
        }
        Some(Arg::Positional(command)) if command == "help" => {
            println!("{USAGE}");
            Ok(())
        }
        Some(Arg::Positional(other)) => Err(Failure::Usage(format!("unknown command {other:?}"))),
        Some(Arg::Flag(f)) => Err(Failure::Usage(format!("unknown option --{f}"))),
        None => Err(Failure::Usage("missing command".into())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Exit(status)) => ExitCode::from(status),
        Err(Failure::Check(message)) => {
            eprintln!("bffkit: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => {
            eprintln!("bffkit: error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("bffkit: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
