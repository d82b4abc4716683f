//! Bundles the `@bffkit/client` runtime (`client-runtime/`, a link to `clients/ts/src`
//! that `cargo package` follows) into one TypeScript module for `bffkit client
//! --standalone`: imports between its modules are dropped, each module placed after the
//! ones it imports, every export kept. `index.ts` only re-exports, so it is left out.

use std::collections::BTreeMap;
use std::path::Path;

fn main() {
    let src = Path::new("client-runtime");
    println!("cargo:rerun-if-changed=client-runtime");
    let mut modules = BTreeMap::new();
    for entry in std::fs::read_dir(src).expect("client-runtime/ holds the client runtime") {
        let path = entry.expect("client-runtime/ is readable").path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(module) = name.strip_suffix(".ts") else {
            continue;
        };
        if module == "index" || name.ends_with(".d.ts") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("a runtime module is readable");
        modules.insert(module.to_owned(), text);
    }
    let mut bundle = format!(
        "// @bffkit/client, bundled into one file by `bffkit client --standalone` (bffkit {}).\n\
         // Generated; do not edit.\n",
        std::env::var("CARGO_PKG_VERSION").unwrap()
    );
    let mut placed = Vec::new();
    for module in modules.keys() {
        place(module, &modules, &mut placed, &mut Vec::new());
    }
    for module in placed {
        bundle.push_str(&format!("\n// ---- {module}.ts\n"));
        for line in modules[&module]
            .lines()
            .filter(|l| !l.starts_with("import "))
        {
            bundle.push_str(line);
            bundle.push('\n');
        }
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("client-runtime.ts");
    std::fs::write(out, bundle).expect("OUT_DIR is writable");
}

/// Depth-first: a module's local value imports first, then the module itself.
fn place(
    module: &str,
    modules: &BTreeMap<String, String>,
    placed: &mut Vec<String>,
    visiting: &mut Vec<String>,
) {
    if placed.iter().any(|m| m == module) {
        return;
    }
    assert!(
        !visiting.iter().any(|m| m == module),
        "client runtime modules import each other in a cycle: {visiting:?} -> {module}"
    );
    visiting.push(module.to_owned());
    // `import type` is erased at compile time: only value imports order the modules.
    for line in modules[module]
        .lines()
        .filter(|l| l.starts_with("import ") && !l.starts_with("import type "))
    {
        let imported = line
            .rsplit_once("from './")
            .and_then(|(_, rest)| rest.split_once(".js'"))
            .map(|(name, _)| name)
            .unwrap_or_else(|| panic!("{module}.ts: unexpected import {line:?}"));
        place(imported, modules, placed, visiting);
    }
    visiting.pop();
    placed.push(module.to_owned());
}
