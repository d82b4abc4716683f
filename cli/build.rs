//! Bundles the `@bffkit/client` runtime (`client-runtime/`, a link to `clients/ts/src`
//! that `cargo package` follows) into one TypeScript module per target for `bffkit client
//! --standalone`: the target's entry (`index.ts`, `wechat.ts`, `alipay.ts`) and what it
//! imports, imports and re-exports between the modules dropped, each module placed after
//! the ones it imports, every export kept.

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
        if name.ends_with(".d.ts") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("a runtime module is readable");
        modules.insert(module.to_owned(), text);
    }
    let out_dir = std::env::var("OUT_DIR").unwrap();
    // One bundle per target, rooted at its entry: a mini-program bundle holds no web code.
    for (target, entry) in [("web", "index"), ("wechat", "wechat"), ("alipay", "alipay")] {
        let mut placed = Vec::new();
        place(entry, &modules, &mut placed, &mut Vec::new());
        let mut bundle = format!(
            "// @bffkit/client ({target}), bundled into one file by `bffkit client --standalone` (bffkit {}).\n\
             // Generated; do not edit.\n",
            std::env::var("CARGO_PKG_VERSION").unwrap()
        );
        for module in placed {
            bundle.push_str(&format!("\n// ---- {module}.ts\n"));
            let mut skipping = false;
            for line in modules[&module].lines() {
                // Imports and re-exports between the modules: one module needs neither.
                if !skipping && (line.starts_with("import ") || is_reexport(line)) {
                    skipping = true;
                }
                if skipping {
                    skipping = !line.trim_end().ends_with(';');
                    continue;
                }
                bundle.push_str(line);
                bundle.push('\n');
            }
        }
        let out = Path::new(&out_dir).join(format!("client-runtime-{target}.ts"));
        std::fs::write(out, bundle).expect("OUT_DIR is writable");
    }
}

/// `export … from './x.js';` (possibly over several lines).
fn is_reexport(line: &str) -> bool {
    (line.starts_with("export {")
        || line.starts_with("export type {")
        || line.starts_with("export * from"))
        && (line.contains(" from '") || !line.contains('}'))
}

/// The modules a module names in its `import`/`export … from` statements, type-only ones
/// included (the bundle needs their declarations too).
fn imports(text: &str) -> Vec<&str> {
    text.split("from './")
        .skip(1)
        .filter_map(|rest| rest.split_once(".js'").map(|(name, _)| name))
        .collect()
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
    for imported in imports(&modules[module]) {
        assert!(
            modules.contains_key(imported),
            "{module}.ts imports ./{imported}.js, which is not a runtime module"
        );
        place(imported, modules, placed, visiting);
    }
    visiting.pop();
    placed.push(module.to_owned());
}
