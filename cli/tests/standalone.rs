//! `bffkit client --standalone`: the checked-in runtime bundle matches `clients/ts/src`,
//! and a standalone client compiles with `tsc --strict` with no `@bffkit/client` around.

use std::process::Command;

use crate::support::{bffkit, crate_dir, fixture, scratch};
use crate::typescript::tsc;

/// The modules of `clients/ts/src` in an order where each comes after what it uses at
/// load time; `index.ts` only re-exports, so it is left out.
const MODULES: &[&str] = &[
    "query",
    "types",
    "error",
    "call",
    "ndjson",
    "response",
    "cache",
    "transport",
    "batcher",
    "stream",
    "client",
];

/// Joins the runtime's modules into one: imports between them are dropped, every export
/// stays.
fn bundle() -> String {
    let src = crate_dir().join("../clients/ts/src");
    let version = package_version();
    let mut out = format!(
        "// @bffkit/client {version}, bundled into one file for `bffkit client --standalone`.\n\
         // Generated from clients/ts/src by the bffkit CLI's tests; do not edit.\n"
    );
    for module in MODULES {
        let text = std::fs::read_to_string(src.join(format!("{module}.ts"))).unwrap();
        out.push_str(&format!("\n// ---- {module}.ts\n"));
        for line in text.lines().filter(|l| !l.starts_with("import ")) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn package_version() -> String {
    let package = std::fs::read_to_string(crate_dir().join("../clients/ts/package.json")).unwrap();
    let package: serde_json::Value = serde_json::from_str(&package).unwrap();
    package["version"].as_str().unwrap().to_owned()
}

#[test]
fn the_bundled_runtime_is_current() {
    let asset = crate_dir().join("assets/client-runtime.ts");
    let expected = bundle();
    if std::env::var_os("BFFKIT_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::write(&asset, &expected).unwrap();
    }
    let current = std::fs::read_to_string(&asset).unwrap_or_default();
    assert!(
        current == expected,
        "{} is stale: clients/ts/src changed (run with BFFKIT_UPDATE_SNAPSHOTS=1 to rebuild it)",
        asset.display()
    );
    // Every module of the package is in the bundle.
    let src = crate_dir().join("../clients/ts/src");
    for entry in std::fs::read_dir(src).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let module = name.trim_end_matches(".ts");
        assert!(
            module == "index" || MODULES.contains(&module),
            "clients/ts/src/{name} is not in the standalone bundle's MODULES"
        );
    }
}

#[test]
fn a_standalone_client_compiles_without_the_package() {
    let dir = scratch("standalone");
    let out = dir.join("src/api.ts");
    let run = bffkit(
        &[
            "client",
            "--from",
            fixture().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--standalone",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let client = std::fs::read_to_string(&out).unwrap();
    assert!(client.contains(r#"from "./bffkit-client.js""#));
    assert!(!client.contains("@bffkit/client\""));
    let runtime = std::fs::read_to_string(dir.join("src/bffkit-client.ts")).unwrap();
    assert!(runtime.contains("export function createClient"));

    // Up to date on the next run, and --check agrees; a stale runtime is reported.
    let again = bffkit(
        &[
            "client",
            "--from",
            fixture().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--standalone",
            "--check",
        ],
        None,
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    std::fs::write(dir.join("src/bffkit-client.ts"), "// edited\n").unwrap();
    let stale = bffkit(
        &[
            "client",
            "--from",
            fixture().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--standalone",
            "--check",
        ],
        None,
    );
    assert_eq!(stale.code, 1);
    assert!(
        stale.stderr.contains("bffkit-client.ts is out of date"),
        "{}",
        stale.stderr
    );
    std::fs::write(dir.join("src/bffkit-client.ts"), runtime).unwrap();

    // Compiled on its own: no paths mapping, no node_modules with @bffkit/client.
    std::fs::write(
        dir.join("tsconfig.json"),
        r#"{"compilerOptions": {"strict": true, "noEmit": true, "target": "ES2020", "module": "ES2020",
            "moduleResolution": "bundler", "lib": ["ES2020", "DOM"], "types": []}, "include": ["src"]}"#,
    )
    .unwrap();
    let output = Command::new(tsc())
        .args(["-p", ".", "--pretty", "false"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "tsc --strict failed on the standalone client:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn standalone_and_runtime_are_exclusive() {
    let run = bffkit(
        &[
            "client",
            "--from",
            "x.json",
            "--out",
            "a.ts",
            "--standalone",
            "--runtime",
            "m",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--runtime or --standalone, not both"),
        "{}",
        run.stderr
    );
}
