//! `bffkit client --standalone`: the client and the runtime bundled from `clients/ts/src`
//! compile with `tsc --strict` with no `@bffkit/client` around.

use std::process::Command;

use crate::support::{bffkit, fixture, scratch};
use crate::typescript::tsc;

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
