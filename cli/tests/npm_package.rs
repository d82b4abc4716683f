//! `@bffkit/client` as users get it: the tarball `npm pack` makes holds the compiled JS
//! and its types, a generated client type-checks against it with no path mapping, and
//! Node loads it.

use std::process::Command;

use crate::support::{crate_dir, generate_demo, scratch};
use crate::typescript::tsc;

#[test]
fn the_packed_client_serves_a_generated_client() {
    let dir = scratch("npm-pack");
    let package = crate_dir().join("../clients/ts");
    let packed = Command::new("npm")
        .args([
            "pack",
            "--pack-destination",
            dir.to_str().unwrap(),
            "--loglevel=error",
        ])
        .current_dir(&package)
        .output()
        .unwrap();
    assert!(
        packed.status.success(),
        "npm pack: {}",
        String::from_utf8_lossy(&packed.stderr)
    );
    // The last line names the tarball; `prepack` (tsc) may print before it.
    let stdout = String::from_utf8(packed.stdout).unwrap();
    let tarball = dir.join(stdout.lines().last().unwrap().trim());
    let listing = Command::new("tar")
        .arg("tzf")
        .arg(&tarball)
        .output()
        .unwrap();
    let listing = String::from_utf8(listing.stdout).unwrap();
    for file in [
        "package/dist/index.js",
        "package/dist/index.d.ts",
        "package/dist/wechat.d.ts",
        "package/dist/alipay.d.ts",
        // The CommonJS build WeChat's "build npm" copies (the `miniprogram` field).
        "package/dist/miniprogram/wechat.js",
        "package/dist/miniprogram/alipay.js",
        "package/package.json",
    ] {
        assert!(
            listing.lines().any(|l| l == file),
            "{file} missing from the tarball:\n{listing}"
        );
    }
    assert!(
        !listing.contains("package/src/"),
        "sources are not shipped:\n{listing}"
    );

    let app = dir.join("app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(
        app.join("package.json"),
        r#"{"name": "app", "private": true, "type": "module"}"#,
    )
    .unwrap();
    let installed = Command::new("npm")
        .args([
            "install",
            "--offline",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ])
        .arg(&tarball)
        .current_dir(&app)
        .output()
        .unwrap();
    assert!(
        installed.status.success(),
        "npm install of the tarball: {}",
        String::from_utf8_lossy(&installed.stderr)
    );
    generate_demo(&app);
    std::fs::write(
        app.join("tsconfig.json"),
        r#"{"compilerOptions": {"strict": true, "noEmit": true, "target": "ES2020", "module": "ES2020",
            "moduleResolution": "bundler", "lib": ["ES2020", "DOM"], "types": []}, "files": ["api.ts"]}"#,
    )
    .unwrap();
    let checked = Command::new(tsc())
        .args(["-p", ".", "--pretty", "false"])
        .current_dir(&app)
        .output()
        .unwrap();
    assert!(
        checked.status.success(),
        "tsc: {}",
        String::from_utf8_lossy(&checked.stdout)
    );

    let loaded = Command::new("node")
        .args([
            "--input-type=module",
            "-e",
            "import { createClient, BffError } from '@bffkit/client'; \
             console.log(typeof createClient({}).call, new BffError(404, 20005, 'x').status)",
        ])
        .current_dir(&app)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&loaded.stdout).trim(),
        "function 404",
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );

    // What a mini-program gets after "build npm": `require` of the CommonJS build.
    let required = Command::new("node")
        .args([
            "-e",
            "const dir = './node_modules/@bffkit/client/'; \
             const pkg = JSON.parse(require('fs').readFileSync(dir + 'package.json', 'utf8')); \
             const wechat = require(dir + pkg.miniprogram + '/wechat.js'); \
             const c = wechat.createClient({ platform: { request() {} } }); \
             console.log(pkg.miniprogram, typeof c.signIn, typeof require('@bffkit/client/wechat').createClient)",
        ])
        .current_dir(&app)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&required.stdout).trim(),
        "dist/miniprogram function function",
        "{}",
        String::from_utf8_lossy(&required.stderr)
    );
}
