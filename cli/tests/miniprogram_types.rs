//! Mini-program clients under `tsc --strict` the way a mini-program project compiles them:
//! `lib: ["ES2017"]`, no DOM, the platform's official typings (`miniprogram-api-typings`
//! for WeChat, `@mini-types/alipay` for Alipay) and the runtime's own sources, so a Web API
//! anywhere in the client or its runtime fails to compile, and so does a platform object
//! whose contract the runtime reads wrongly.

use std::path::Path;
use std::process::Command;

use crate::support::{bffkit, crate_dir, fixture, scratch};

/// The demo's manifest (`api.json`): it has the sign-in routes, streams and sockets.
fn demo_manifest() -> std::path::PathBuf {
    crate_dir().join("../api.json").canonicalize().unwrap()
}
use crate::typescript::tsc;

const WECHAT_USAGE: &str = r#"
import { BffError, CancelController, configureClient, getHello, getUserInfoByUsername, getMe, signIn, signOut } from './api';

// The runtime's platform contract accepts WeChat's own `wx` (and so its typings' shape).
configureClient({ platform: wx, baseUrl: 'https://bff.example.com', timeoutMs: 5000 });

export async function page(): Promise<string> {
  const session = await signIn();
  const expires: number = session.expires_at;
  const cancel = new CancelController();
  const hello = await getHello({ query: { name: 'mini' } }, { signal: cancel.signal });
  const info = await getUserInfoByUsername('alice');
  const me = await getMe();
  await signOut();
  try {
    await getMe();
  } catch (e) {
    if (e instanceof BffError && e.status === 401) return 'signed out';
  }
  return `${hello.message} ${info.username} ${me.user_id} ${expires}`;
}
"#;

const ALIPAY_USAGE: &str = r#"
import { BffError, CancelController, configureClient, getHello, getMe, signIn } from './api';

configureClient({ platform: my, baseUrl: 'https://bff.example.com' });

export async function page(): Promise<string> {
  await signIn();
  const cancel = new CancelController();
  const hello = await getHello({ query: { name: 'mini' } }, { signal: cancel.signal, timeoutMs: 3000 });
  try {
    return `${hello.message} ${(await getMe()).user_id}`;
  } catch (e) {
    return e instanceof BffError ? `${e.status} ${e.code}` : 'unknown';
  }
}
"#;

/// `tsc --strict --noEmit` as a mini-program project: ES2017, no DOM, the platform typings.
fn check(dir: &Path, target: &str, runtime_paths: bool, files: &[&str]) -> (bool, String) {
    let typings = crate_dir()
        .join("tests/ts/node_modules")
        .canonicalize()
        .unwrap();
    let (type_roots, types, skip_lib_check) = match target {
        // WeChat's typings compile cleanly under --strict: check them too.
        "wechat" => (typings.clone(), "miniprogram-api-typings", false),
        // uni-app's `uni.request` (the WeChat contract) with its official typings.
        "uni" => (typings.clone(), "@dcloudio/types", true),
        // Alipay's own declarations do not (generic arity errors in lib.component.d.ts).
        _ => (typings.join("@mini-types"), "alipay", true),
    };
    let mut options = serde_json::json!({
        "strict": true,
        "noEmit": true,
        "target": "ES2017",
        "module": "ES2020",
        "moduleResolution": "bundler",
        "lib": ["ES2017"],
        "typeRoots": [type_roots],
        "types": [types],
        "skipLibCheck": skip_lib_check,
        "noUnusedLocals": true,
    });
    if runtime_paths {
        // The runtime's sources, not its declarations: its code is checked on ES2017 too.
        let src = crate_dir()
            .join("../clients/ts/src")
            .canonicalize()
            .unwrap();
        let entry = if target == "uni" { "wechat" } else { target };
        options["paths"] = serde_json::json!({
            format!("@bffkit/client/{entry}"): [src.join(format!("{entry}.ts"))]
        });
    }
    let tsconfig = serde_json::json!({ "compilerOptions": options, "files": files });
    std::fs::write(dir.join("tsconfig.json"), tsconfig.to_string()).unwrap();
    let output = Command::new(tsc())
        .args(["-p", ".", "--pretty", "false"])
        .current_dir(dir)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn generate(dir: &Path, target: &str, standalone: bool) {
    generate_lang(dir, target, standalone, "ts");
}

fn generate_lang(dir: &Path, target: &str, standalone: bool, lang: &str) {
    let out = dir.join(format!("api.{lang}"));
    let fixture = demo_manifest();
    let mut args = vec![
        "client",
        "--from",
        fixture.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--target",
        target,
        "--lang",
        lang,
    ];
    if standalone {
        args.push("--standalone");
    }
    let run = bffkit(&args, None);
    assert_eq!(run.code, 0, "bffkit client failed: {}", run.stderr);
}

fn compiles_for(target: &str, usage: &str) {
    for standalone in [false, true] {
        let dir = scratch(&format!("mini-{target}-{standalone}"));
        generate(&dir, target, standalone);
        let text = std::fs::read_to_string(dir.join("api.ts")).unwrap();
        if !standalone {
            assert!(text.contains(&format!("from \"@bffkit/client/{target}\"")));
        }
        std::fs::write(dir.join("use.ts"), usage).unwrap();
        let (ok, diagnostics) = check(&dir, target, !standalone, &["api.ts", "use.ts"]);
        assert!(ok, "{target} (standalone: {standalone}):\n{diagnostics}");

        if standalone {
            continue;
        }
        // The check has teeth: a Web API does not compile here.
        std::fs::write(
            dir.join("web.ts"),
            "export const r = fetch('/x');\nexport const q = new URLSearchParams();\n",
        )
        .unwrap();
        let (ok, diagnostics) = check(&dir, target, !standalone, &["api.ts", "web.ts"]);
        assert!(!ok, "a Web API compiled for {target}");
        assert!(
            diagnostics.contains("Cannot find name 'fetch'")
                && diagnostics.contains("Cannot find name 'URLSearchParams'"),
            "{diagnostics}"
        );
    }
}

#[test]
fn wechat_client_compiles_against_wechat_typings_on_es2017_without_dom() {
    compiles_for("wechat", WECHAT_USAGE);
}

#[test]
fn alipay_client_compiles_against_alipay_typings_on_es2017_without_dom() {
    compiles_for("alipay", ALIPAY_USAGE);
}

#[test]
fn unknown_target_is_refused_with_the_choices() {
    let dir = scratch("mini-bad-target");
    let out = dir.join("api.ts");
    let fixture = fixture();
    let run = bffkit(
        &[
            "client",
            "--from",
            fixture.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--target",
            "baidu",
        ],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--target: unknown target \"baidu\" (expected web, wechat or alipay)"),
        "{}",
        run.stderr
    );
}

#[test]
fn javascript_client_has_declarations_that_type_its_calls() {
    let dir = scratch("mini-wechat-js");
    generate_lang(&dir, "wechat", false, "js");
    let js = std::fs::read_to_string(dir.join("api.js")).unwrap();
    assert!(
        js.contains("export async function getHello(input = {}, options) {"),
        "{js}"
    );
    assert!(!js.contains("export type") && !js.contains(": CallOptions"));
    std::fs::write(dir.join("use.ts"), WECHAT_USAGE).unwrap();
    // The page compiles against api.d.ts (TypeScript takes it for api.js).
    let (ok, diagnostics) = check(&dir, "wechat", true, &["use.ts"]);
    assert!(ok, "{diagnostics}");
    std::fs::write(
        dir.join("wrong.ts"),
        "import { getHello } from './api';\nexport const p = getHello({ query: { name: 1 } });\n",
    )
    .unwrap();
    let (ok, diagnostics) = check(&dir, "wechat", true, &["wrong.ts"]);
    assert!(!ok && diagnostics.contains("wrong.ts"), "{diagnostics}");

    let dir = scratch("mini-wechat-js-standalone");
    let out = dir.join("api.js");
    let demo = demo_manifest();
    let run = bffkit(
        &[
            "client",
            "--from",
            demo.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--target",
            "wechat",
            "--lang",
            "js",
            "--standalone",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--standalone writes TypeScript"),
        "{}",
        run.stderr
    );
}

#[test]
fn wechat_client_takes_uni_apps_request_function_as_its_platform() {
    let dir = scratch("mini-uni");
    generate(&dir, "wechat", false);
    std::fs::write(
        dir.join("use.ts"),
        "import { configureClient, getHello } from './api';\n\
         configureClient({ platform: uni, baseUrl: 'https://bff.example.com' });\n\
         export const hello = getHello({ query: { name: 'uni' } });\n",
    )
    .unwrap();
    let (ok, diagnostics) = check(&dir, "uni", true, &["api.ts", "use.ts"]);
    assert!(ok, "{diagnostics}");
}
