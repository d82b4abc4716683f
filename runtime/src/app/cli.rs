//! The app binary's command line: `serve` (default), `routes [--json]`.

use std::io::Write;
use std::process::ExitCode;

use super::{print, App};

const USAGE: &str = "usage: <app> [serve | routes [--json]]

  serve           start the server (the default); HOST and PORT choose the address
  routes          print the route table
  routes --json   print the routes as JSON: [{\"method\", \"path\", \"file\", \"function\",
                  \"documented\", \"response_schema\"}]
  manifest        print the OpenAPI 3.1 manifest
  manifest --check FILE
                  fail with a diff when FILE is not the current manifest";

impl App {
    /// Runs the command line: serves by default, or prints the routes.
    ///
    /// Builds its own tokio runtime; use [`App::serve`] from async code.
    pub fn run(self) -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        match args.as_slice() {
            [] | ["serve"] => self.run_server(),
            ["routes"] => self.print_routes(false),
            ["routes", "--json"] => self.print_routes(true),
            ["manifest"] => self.print_manifest(None),
            ["manifest", "--check", file] => self.print_manifest(Some(file)),
            ["help" | "--help" | "-h"] => {
                println!("{USAGE}");
                ExitCode::SUCCESS
            }
            _ => {
                eprintln!("error: unknown arguments `{}`\n{USAGE}", args.join(" "));
                ExitCode::from(2)
            }
        }
    }

    fn print_routes(self, json: bool) -> ExitCode {
        match self.routes() {
            Ok(routes) => {
                let text = if json {
                    print::routes_json(&routes, &self.merged_routes, self.opaque_merges)
                } else {
                    let (undocumented, opaque) = self.undocumented();
                    let undocumented: Vec<_> = undocumented.into_iter().cloned().collect();
                    let mut text = print::routes_table(&routes);
                    if let Some(warning) = print::undocumented_warning(&undocumented, opaque) {
                        text.push_str(&warning);
                    }
                    text
                };
                let _ = writeln!(std::io::stdout(), "{}", text.trim_end());
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        }
    }

    fn print_manifest(self, check: Option<&str>) -> ExitCode {
        let document = match self.manifest() {
            Ok(document) => document,
            Err(e) => return fail(&e),
        };
        let Some(file) = check else {
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                serde_json::to_string_pretty(&document).unwrap_or_default()
            );
            return ExitCode::SUCCESS;
        };
        let committed = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) => return fail(&format!("{file}: {e}")),
        };
        match crate::manifest::check(&committed, &document) {
            Ok(crate::manifest::CheckOutcome::UpToDate) => {
                println!("{file} is up to date");
                ExitCode::SUCCESS
            }
            Ok(crate::manifest::CheckOutcome::Stale(diff)) => {
                eprintln!("{file} is stale: regenerate it with `manifest > {file}`\n{diff}");
                ExitCode::FAILURE
            }
            Err(e) => fail(&format!("{file}: {e}")),
        }
    }

    fn run_server(self) -> ExitCode {
        if let Ok(config) = self.load_config() {
            crate::ops::init_logging(&config.log);
        }
        let runtime = match tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => return fail(&e),
        };
        #[cfg(feature = "lambda")]
        if crate::serve::lambda::detected(&|name| std::env::var(name).ok()) {
            return match runtime.block_on(self.serve_lambda()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e),
            };
        }
        match runtime.block_on(self.serve()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e),
        }
    }
}

fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::FAILURE
}
