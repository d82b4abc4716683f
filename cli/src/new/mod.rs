//! `bffkit new <dir>`: writes a complete, working app of the user's own, or nothing.
//!
//! Everything is checked and rendered in memory first (the name, the directory, where
//! bffkit comes from); only then are files written. A failed write removes what this run
//! created.

mod crate_name;
mod source;
mod template;
mod workspace;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::args::{Arg, Args};
use crate::Failure;
use source::{BffkitSource, Crate};
use template::{
    render, APP, MINIPROGRAM, MINIPROGRAM_README, MINIPROGRAM_VERBATIM, WEB, WEB_CLIENT_PACKAGE,
    WEB_CLIENT_STANDALONE, WEB_README,
};

pub const USAGE: &str = "\
usage: bffkit new <dir> [--name NAME] [--web] [--miniprogram] [--bffkit-path <checkout> | --bffkit-git <url> [--rev R]] [--vcs git|none]

  <dir>           the app's folder: created, or empty
  --name          the package name (default: the folder's name)
  --web           also a Vite + TypeScript page in web/ that calls the app through the
                  generated client, with Vite's dev proxy set up
  --miniprogram   also a WeChat mini-program in miniprogram/ (open it in WeChat DevTools)
                  whose page calls the app through a client generated for wx.request
  --bffkit-path   depend on a local bffkit checkout (its root folder)
  --bffkit-git    depend on bffkit from a git repository; --rev pins a commit or tag
  --vcs           git (default, like cargo new: `git init` unless inside a repository) or none

By default the app depends on the released crates (bffkit = \"0.1\") and the page on the
@bffkit/client package; from a checkout or git, the page gets a standalone client instead.
Inside another cargo workspace the app is added to its members, like cargo new.";

struct NewApp {
    dir: PathBuf,
    name: String,
    web: bool,
    miniprogram: bool,
    source: BffkitSource,
    git_init: bool,
    /// A workspace above the app that must list it before cargo builds it.
    workspace: Option<workspace::EnclosingWorkspace>,
}

pub fn run(mut args: Args) -> Result<(), Failure> {
    let Some(mut app) = parse(&mut args)? else {
        println!("{USAGE}");
        return Ok(());
    };
    let files = render_app(&app);
    write_all(&app.dir, &files)?;
    let joined = match app.workspace.take() {
        Some(workspace) => Some(workspace.add_member().map_err(Failure::Io)?),
        None => None,
    };
    if app.git_init {
        init_git(&app.dir);
    }
    print_next_steps(&app);
    if let Some(manifest) = joined {
        println!(
            "\nbffkit: added `{}` to the members of the workspace at {} (like cargo new)",
            app.name,
            manifest.display()
        );
    }
    Ok(())
}

/// The command line, checked; `None` for `--help`.
fn parse(args: &mut Args) -> Result<Option<NewApp>, Failure> {
    let (mut dir, mut name, mut path, mut git, mut rev) = (None, None, None, None, None);
    let (mut web, mut miniprogram, mut git_init) = (false, false, true);
    while let Some(arg) = args.next() {
        match arg {
            Arg::Flag(f) if f == "name" => name = Some(args.value(&f).map_err(Failure::Usage)?),
            Arg::Flag(f) if f == "web" => web = true,
            Arg::Flag(f) if f == "miniprogram" => miniprogram = true,
            Arg::Flag(f) if f == "bffkit-path" => {
                path = Some(args.value(&f).map_err(Failure::Usage)?)
            }
            Arg::Flag(f) if f == "bffkit-git" => {
                git = Some(args.value(&f).map_err(Failure::Usage)?)
            }
            Arg::Flag(f) if f == "rev" => rev = Some(args.value(&f).map_err(Failure::Usage)?),
            Arg::Flag(f) if f == "vcs" => {
                git_init = match args.value(&f).map_err(Failure::Usage)?.as_str() {
                    "git" => true,
                    "none" => false,
                    other => {
                        return Err(Failure::Usage(format!(
                            "--vcs {other:?}: expected git or none"
                        )))
                    }
                }
            }
            Arg::Flag(f) if f == "help" => return Ok(None),
            Arg::Flag(f) => return Err(Failure::Usage(format!("unknown option --{f}"))),
            Arg::Positional(p) if dir.is_none() => dir = Some(PathBuf::from(p)),
            Arg::Positional(p) => return Err(Failure::Usage(format!("unexpected argument {p:?}"))),
        }
    }
    let dir = dir.ok_or_else(|| Failure::Usage("bffkit new needs a directory".into()))?;
    let name = match name {
        Some(name) => name,
        None => folder_name(&dir)?,
    };
    crate_name::check(&name).map_err(Failure::Io)?;
    check_dir(&dir)?;
    let source = match (path, git, rev) {
        (Some(_), Some(_), _) => {
            return Err(Failure::Usage(
                "give --bffkit-path or --bffkit-git, not both".into(),
            ))
        }
        (_, None, Some(_)) => return Err(Failure::Usage("--rev needs --bffkit-git".into())),
        (Some(path), None, None) => {
            BffkitSource::checkout(Path::new(&path)).map_err(Failure::Io)?
        }
        (None, Some(url), rev) => BffkitSource::Git { url, rev },
        (None, None, None) => BffkitSource::Registry,
    };
    let workspace = workspace::find(&dir).map_err(Failure::Io)?;
    Ok(Some(NewApp {
        dir,
        name,
        web,
        miniprogram,
        source,
        git_init,
        workspace,
    }))
}

fn folder_name(dir: &Path) -> Result<String, Failure> {
    let absolute =
        std::path::absolute(dir).map_err(|e| Failure::Io(format!("{}: {e}", dir.display())))?;
    absolute
        .file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
        .ok_or_else(|| {
            Failure::Usage(format!(
                "{}: cannot take the app name from this folder; pass --name",
                dir.display()
            ))
        })
}

/// A folder that exists must be an empty directory: `bffkit new` never overwrites.
fn check_dir(dir: &Path) -> Result<(), Failure> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Failure::Io(format!(
                    "{} already exists and is not empty; choose a new folder or empty it",
                    dir.display()
                )));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if dir.is_file() => Err(Failure::Io(format!(
            "{} already exists and is a file: {e}",
            dir.display()
        ))),
        Err(e) => Err(Failure::Io(format!("cannot read {}: {e}", dir.display()))),
    }
}

fn render_app(app: &NewApp) -> Vec<(PathBuf, String)> {
    let bffkit = app.source.cargo_dependency(Crate::Runtime);
    let bffkit_build = app.source.cargo_dependency(Crate::Build);
    let client_package = app.source.client_package();
    let dependencies = match &client_package {
        Some(requirement) => {
            format!("  \"dependencies\": {{\n    \"@bffkit/client\": \"{requirement}\"\n  }},\n")
        }
        None => String::new(),
    };
    let web_package = app.name.to_ascii_lowercase();
    let web_readme = if app.web {
        let runtime = if client_package.is_some() {
            WEB_CLIENT_PACKAGE
        } else {
            WEB_CLIENT_STANDALONE
        };
        render(WEB_README, &[("client_runtime", runtime.trim_end())])
    } else {
        String::new()
    };
    // The web section ends without a newline of its own.
    let miniprogram_readme = match (app.miniprogram, app.web) {
        (true, true) => format!("\n{MINIPROGRAM_README}"),
        (true, false) => MINIPROGRAM_README.to_owned(),
        (false, _) => String::new(),
    };
    let values = [
        ("name", app.name.as_str()),
        ("bffkit", bffkit.as_str()),
        ("bffkit_build", bffkit_build.as_str()),
        ("web_readme", web_readme.as_str()),
        ("dependencies", dependencies.as_str()),
        ("miniprogram_readme", miniprogram_readme.as_str()),
    ];
    let mut files: Vec<(PathBuf, String)> = APP
        .iter()
        .map(|t| (PathBuf::from(t.path), render(t.text, &values)))
        .collect();
    if app.web {
        let web_values = [("name", web_package.as_str()), values[4]];
        files.extend(
            WEB.iter()
                .map(|t| (PathBuf::from(t.path), render(t.text, &web_values))),
        );
    }
    if app.miniprogram {
        let name = [("name", web_package.as_str())];
        files.extend(
            MINIPROGRAM
                .iter()
                .map(|t| (PathBuf::from(t.path), render(t.text, &name))),
        );
        files.extend(
            MINIPROGRAM_VERBATIM
                .iter()
                .map(|t| (PathBuf::from(t.path), t.text.to_owned())),
        );
    }
    if app.web || app.miniprogram {
        files.push((
            "bffkit.client.json".into(),
            client_config(app, client_package.is_none()),
        ));
    }
    files
}

/// `bffkit client` and `bffkit dev` read it: the manifest of the running app becomes
/// `web/src/api.ts` (standalone when `@bffkit/client` cannot be installed from where
/// bffkit comes from) and `miniprogram/miniprogram/api.ts` (always standalone: a
/// mini-program then needs no npm package and no "build npm" step). `bffkit dev` keeps
/// the web page's client current, else the mini-program's.
fn client_config(app: &NewApp, standalone: bool) -> String {
    const MANIFEST: &str = "http://127.0.0.1:8080/api/_manifest";
    const WEB_CLIENT: &str = "web/src/api.ts";
    const MINIPROGRAM_CLIENT: &str = "miniprogram/miniprogram/api.ts";
    let web_standalone = if standalone {
        ", \"standalone\": true"
    } else {
        ""
    };
    let web = format!("\"out\": \"{WEB_CLIENT}\"{web_standalone}");
    let miniprogram =
        format!("\"out\": \"{MINIPROGRAM_CLIENT}\", \"target\": \"wechat\", \"standalone\": true");
    let mut services = Vec::new();
    if app.web {
        services.push(format!("    {{ \"from\": \"{MANIFEST}\", {web} }}"));
    }
    if app.miniprogram {
        services.push(format!("    {{ \"from\": \"{MANIFEST}\", {miniprogram} }}"));
    }
    let dev = if app.web { web } else { miniprogram };
    format!(
        "{{\n  \"services\": [\n{}\n  ],\n  \"dev\": {{ {} }}\n}}\n",
        services.join(",\n"),
        dev.replace("\"out\"", "\"client\"")
    )
}

fn write_all(dir: &Path, files: &[(PathBuf, String)]) -> Result<(), Failure> {
    let created_dir = !dir.exists();
    let result = files.iter().try_for_each(|(path, text)| {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("failed to create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("failed to write {}: {e}", path.display()))
    });
    result.map_err(|error| {
        // Leave the folder as it was: gone if this run made it, empty otherwise.
        if created_dir {
            let _ = std::fs::remove_dir_all(dir);
        } else if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let _ = std::fs::remove_dir_all(entry.path())
                    .or_else(|_| std::fs::remove_file(entry.path()));
            }
        }
        Failure::Io(error)
    })
}

/// Like `cargo new`: a repository unless the folder is already inside one, and no
/// failure when git is missing.
fn init_git(dir: &Path) {
    let inside = Command::new("git")
        .args(["rev-parse", "--is-inside-work-tree"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !inside {
        let _ = Command::new("git")
            .args(["init", "--quiet"])
            .current_dir(dir)
            .status();
    }
}

fn print_next_steps(app: &NewApp) {
    let dir = app.dir.display();
    println!("bffkit: created app `{}` in {dir}", app.name);
    println!();
    println!("  cd {dir}");
    println!("  cargo run                     # http://127.0.0.1:8080/api/hello?name=Ada");
    if app.web {
        println!("  bffkit dev                    # serves the app, keeps web/src/api.ts current");
        println!("  cd web && npm install && npm run dev   # in a second terminal");
    }
    if app.miniprogram {
        println!("  bffkit client                 # while the app runs: writes miniprogram/miniprogram/api.ts");
        println!("  open miniprogram/ in WeChat DevTools (see README.md)");
    }
}
