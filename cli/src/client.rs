//! `bffkit client`: generate the TypeScript client for one service (`--from`/`--out`) or
//! for every service of `bffkit.client.json`, writing files only when they change.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::args::{Arg, Args};
use crate::codegen::{self, Options, Target};
use crate::manifest::Manifest;
use crate::standalone;
use crate::Failure;

pub const DEFAULT_CONFIG: &str = "bffkit.client.json";

pub const USAGE: &str = "\
usage: bffkit client --from <url|file> --out <file.ts|file.js> [--target web|wechat|alipay] [--lang ts|js] [--runtime <module> | --standalone] [--base-url <url>] [--check]
       bffkit client [--config bffkit.client.json] [--check]

  --from      the manifest: http(s)://HOST/api/_manifest, or an OpenAPI JSON file
              (https: the Mozilla roots; SSL_CERT_FILE=ca.pem trusts that file instead)
  --out       the TypeScript file to write
  --target    where the client runs: web (fetch; the default), wechat (wx.request; also
              qq, tt, uni, Taro) or alipay (my.request); mini-program clients get
              signIn()/signOut() and keep the session as a bearer token
  --lang      ts (default) or js: ES2015+ JavaScript (--out file.js) with its .d.ts beside
  --runtime   module to import the client runtime from (default @bffkit/client, or
              @bffkit/client/wechat, @bffkit/client/alipay for those targets)
  --standalone  also write the client runtime beside --out (bffkit-client.ts) and import
              it from there: the frontend needs no @bffkit/client package
  --base-url  the client's default baseUrl (default \"\": same origin)
  --check     write nothing; exit 1 if a file is missing or out of date
  --config    services file (default bffkit.client.json): 
              {\"services\": [{\"from\": \"...\", \"out\": \"...\", \"target\": \"web\", \"lang\": \"ts\", \"baseUrl\": \"...\", \"runtime\": \"...\", \"standalone\": false}]}
              relative paths in it are relative to the file";

/// `bffkit.client.json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    services: Vec<Service>,
    /// `bffkit dev`'s settings.
    #[serde(default)]
    pub dev: DevConfig,
}

/// `"dev": {"client": "web/src/api.ts", "target": "web", "runtime": "...", "baseUrl": "..."}`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DevConfig {
    /// The client `bffkit dev` regenerates after each restart.
    pub client: Option<PathBuf>,
    #[serde(default)]
    pub target: Target,
    #[serde(default)]
    pub lang: Lang,
    #[serde(default)]
    pub base_url: String,
    /// The module the client imports the runtime from; the target's entry when absent.
    pub runtime: Option<String>,
    /// Write the client runtime beside the client instead of importing `runtime`.
    #[serde(default)]
    pub standalone: bool,
}

/// `--lang` / `"lang"`: the language of the written client.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ts,
    /// JavaScript with a `.d.ts` beside it.
    Js,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Service {
    pub from: String,
    pub out: PathBuf,
    #[serde(default)]
    pub target: Target,
    #[serde(default)]
    pub lang: Lang,
    #[serde(default)]
    pub base_url: String,
    /// The module the client imports the runtime from; the target's entry when absent.
    pub runtime: Option<String>,
    #[serde(default)]
    pub standalone: bool,
}

pub fn run(mut args: Args) -> Result<(), Failure> {
    let (mut from, mut out, mut runtime, mut base_url, mut config) = (None, None, None, None, None);
    let (mut check, mut standalone, mut target, mut lang) = (false, false, None, None);
    while let Some(arg) = args.next() {
        match arg {
            Arg::Flag(f) if f == "from" => from = Some(args.value(&f).map_err(Failure::Usage)?),
            Arg::Flag(f) if f == "out" => out = Some(args.value(&f).map_err(Failure::Usage)?),
            Arg::Flag(f) if f == "runtime" => {
                runtime = Some(args.value(&f).map_err(Failure::Usage)?)
            }
            Arg::Flag(f) if f == "base-url" => {
                base_url = Some(args.value(&f).map_err(Failure::Usage)?)
            }
            Arg::Flag(f) if f == "target" => {
                let name = args.value(&f).map_err(Failure::Usage)?;
                target = Some(
                    Target::parse(&name).map_err(|e| Failure::Usage(format!("--target: {e}")))?,
                );
            }
            Arg::Flag(f) if f == "lang" => {
                lang = Some(match args.value(&f).map_err(Failure::Usage)?.as_str() {
                    "ts" => Lang::Ts,
                    "js" => Lang::Js,
                    other => {
                        return Err(Failure::Usage(format!(
                            "--lang: unknown language {other:?} (expected ts or js)"
                        )))
                    }
                });
            }
            Arg::Flag(f) if f == "config" => config = Some(args.value(&f).map_err(Failure::Usage)?),
            Arg::Flag(f) if f == "check" => check = true,
            Arg::Flag(f) if f == "standalone" => standalone = true,
            Arg::Flag(f) if f == "help" => {
                println!("{USAGE}");
                return Ok(());
            }
            Arg::Flag(f) => return Err(Failure::Usage(format!("unknown option --{f}"))),
            Arg::Positional(p) => return Err(Failure::Usage(format!("unexpected argument {p:?}"))),
        }
    }
    if standalone && runtime.is_some() {
        return Err(Failure::Usage(
            "give --runtime or --standalone, not both".into(),
        ));
    }
    let services =
        match (from, out) {
            (Some(from), Some(out)) if config.is_none() => vec![Service {
                from,
                out: out.into(),
                target: target.unwrap_or_default(),
                lang: lang.unwrap_or_default(),
                base_url: base_url.unwrap_or_default(),
                runtime,
                standalone,
            }],
            (None, None)
                if runtime.is_none()
                    && base_url.is_none()
                    && !standalone
                    && target.is_none()
                    && lang.is_none() =>
            {
                read_config(Path::new(config.as_deref().unwrap_or(DEFAULT_CONFIG)))?
            }
            (Some(_), Some(_)) => {
                return Err(Failure::Usage(
                    "give either --from/--out or --config, not both".into(),
                ))
            }
            (Some(_), None) => return Err(Failure::Usage("--from needs --out".into())),
            (None, Some(_)) => return Err(Failure::Usage("--out needs --from".into())),
            (None, None) => return Err(Failure::Usage(
                "--runtime, --standalone, --target, --lang and --base-url need --from and --out"
                    .into(),
            )),
        };
    let mut stale = Vec::new();
    for service in &services {
        if !generate_one(service, check)? {
            stale.push(service.out.display().to_string());
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(Failure::Check(format!(
            "out of date (run `bffkit client`): {}",
            stale.join(", ")
        )))
    }
}

/// Parses a `bffkit.client.json`.
pub fn parse_config(path: &Path, text: &str) -> Result<Config, Failure> {
    serde_json::from_str(text)
        .map_err(|e| Failure::Io(format!("{}: invalid config: {e}", path.display())))
}

fn read_config(path: &Path) -> Result<Vec<Service>, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::Io(format!(
            "failed to read {}: {e} (or pass --from and --out)",
            path.display()
        ))
    })?;
    let config = parse_config(path, &text)?;
    if config.services.is_empty() {
        return Err(Failure::Io(format!(
            "{}: \"services\" is empty",
            path.display()
        )));
    }
    let base = path.parent().unwrap_or(Path::new(""));
    Ok(config
        .services
        .into_iter()
        .map(|mut s| {
            if !s.from.starts_with("http://") && !s.from.starts_with("https://") {
                s.from = base.join(&s.from).display().to_string();
            }
            s.out = base.join(&s.out);
            s
        })
        .collect())
}

/// Generates one service; `Ok(false)` when `check` finds the file out of date.
fn generate_one(service: &Service, check: bool) -> Result<bool, Failure> {
    let manifest = Manifest::load(&service.from).map_err(Failure::Io)?;
    write(&manifest, service, check)
}

/// Writes `service.out` from `manifest` (and, standalone, the runtime beside it) when
/// their text changes; `Ok(false)` when `check` finds a file out of date.
pub fn write(manifest: &Manifest, service: &Service, check: bool) -> Result<bool, Failure> {
    let runtime = match (&service.runtime, service.standalone) {
        (_, true) => standalone::MODULE,
        (Some(runtime), false) => runtime,
        (None, false) => service.target.runtime_module(),
    };
    let generated = codegen::generate(
        manifest,
        &Options {
            runtime,
            base_url: &service.base_url,
            target: service.target,
        },
    )
    .map_err(|e| Failure::Io(format!("{}: {e}", service.from)))?;
    let mut summary = format!(
        "{} types, {} functions",
        generated.types, generated.functions
    );
    if service.target.is_miniprogram() {
        summary.push_str(&format!(", for {}", service.target));
    }
    let mut current = match service.lang {
        Lang::Ts => write_file(
            &service.out,
            &generated.text,
            check,
            &summary,
            &service.from,
        )?,
        Lang::Js => {
            if service.standalone {
                return Err(Failure::Usage(
                    "--lang js imports the @bffkit/client package (its CommonJS build is what \
                     WeChat's \"build npm\" takes); --standalone writes TypeScript"
                        .into(),
                ));
            }
            if service.out.extension().is_none_or(|e| e != "js") {
                return Err(Failure::Usage(format!(
                    "--lang js: {} should end in .js (the .d.ts is written beside it)",
                    service.out.display()
                )));
            }
            let (js, dts) = codegen::split_js(&generated.text)
                .map_err(|e| Failure::Io(format!("{}: {e}", service.from)))?;
            write_file(&service.out, &js, check, &summary, &service.from)?
                & write_file(
                    &service.out.with_extension("d.ts"),
                    &dts,
                    check,
                    "its declarations",
                    &service.from,
                )?
        }
    };
    if service.standalone {
        let runtime_out = standalone::path_beside(&service.out);
        current &= write_file(
            &runtime_out,
            standalone::runtime(service.target),
            check,
            "the client runtime",
            "this bffkit",
        )?;
    }
    Ok(current)
}

/// Writes `text` to `out` unless it is already there; `Ok(false)` when `check` finds the
/// file out of date.
fn write_file(
    out: &Path,
    text: &str,
    check: bool,
    summary: &str,
    source: &str,
) -> Result<bool, Failure> {
    let current = std::fs::read_to_string(out).ok();
    if current.as_deref() == Some(text) {
        println!("bffkit: {} is up to date ({summary})", out.display());
        return Ok(true);
    }
    if check {
        eprintln!("bffkit: {} is out of date with {source}", out.display());
        return Ok(false);
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::Io(format!("failed to create {}: {e}", dir.display())))?;
    }
    std::fs::write(out, text)
        .map_err(|e| Failure::Io(format!("failed to write {}: {e}", out.display())))?;
    println!("bffkit: wrote {} ({summary})", out.display());
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_and_lang_are_read_for_services_and_for_bffkit_dev() {
        let text = r#"{
            "services": [{ "from": "api.json", "out": "mp/api.js", "target": "alipay", "lang": "js" }],
            "dev": { "client": "miniprogram/api.ts", "target": "wechat" }
        }"#;
        let Ok(config) = parse_config(Path::new("bffkit.client.json"), text) else {
            panic!("the config was refused");
        };
        assert_eq!(config.services[0].target, Target::Alipay);
        assert_eq!(config.services[0].lang, Lang::Js);
        assert_eq!(config.dev.target, Target::Wechat);
        assert_eq!(config.dev.lang, Lang::Ts);
        let Err(Failure::Io(e)) = parse_config(
            Path::new("bffkit.client.json"),
            r#"{ "services": [{ "from": "a", "out": "b", "target": "baidu" }] }"#,
        ) else {
            panic!("an unknown target was accepted");
        };
        assert!(
            e.contains("unknown variant `baidu`, expected one of `web`, `wechat`, `alipay`"),
            "{e}"
        );
    }
}
