//! Streaming operations in the generated client: `getTicks` returns `AsyncIterable<Tick>`
//! taking `StreamOptions`, compiles under `tsc --strict`, and misuse does not; `bffkit diff`
//! compares stream items.

use crate::support::{generate_demo, scratch};
use crate::typescript::check;

const USAGE: &str = r#"
import { getTicks, type StreamOptions, type Tick } from './api';

export async function total(signal: AbortSignal): Promise<number> {
  const options: StreamOptions = { signal, reconnect: 3, retryDelayMs: 100, lastEventId: '4' };
  let sum = 0;
  for await (const tick of getTicks({ query: { count: 3, run: 'r' } }, options)) {
    const t: Tick = tick;
    sum += t.n;
  }
  return sum;
}
"#;

/// Each must fail to compile.
const WRONG: &[(&str, &str)] = &[
    (
        "stream_awaited_as_a_value",
        "export const f = async () => (await getTicks()).n;",
    ),
    (
        "unknown_item_field",
        "export const f = async () => { for await (const t of getTicks()) return t.m; };",
    ),
    (
        "call_options_for_a_stream",
        "export const f = () => getTicks({}, { batch: false });",
    ),
];

#[test]
fn streaming_operations_are_typed_async_iterables() {
    let dir = scratch("tsc-stream");
    let text = generate_demo(&dir);
    assert!(
        text.contains("export function getTicks(input: {")
            && text.contains("options?: StreamOptions): AsyncIterable<Tick>")
            && text.contains("client.stream<Tick>("),
        "{text}"
    );
    std::fs::write(dir.join("usage.ts"), USAGE).unwrap();
    let (ok, diagnostics) = check(&dir, &["api.ts", "usage.ts"]);
    assert!(ok, "tsc --strict failed:\n{diagnostics}");

    let mut files = vec!["api.ts".to_owned()];
    for (name, body) in WRONG {
        let text = format!("import {{ getTicks }} from './api';\nvoid getTicks;\n{body}\n");
        std::fs::write(dir.join(format!("{name}.ts")), text).unwrap();
        files.push(format!("{name}.ts"));
    }
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    let (ok, diagnostics) = check(&dir, &names);
    assert!(!ok, "the wrong uses compiled");
    for (name, _) in WRONG {
        assert!(
            diagnostics
                .lines()
                .any(|l| l.starts_with(&format!("{name}.ts(3,")) && l.contains("error TS")),
            "{name}.ts compiled but must not:\n{diagnostics}"
        );
    }
}

/// A manifest with one streaming `GET /api/ticks` whose items have `item` as schema.
fn ticks(item: serde_json::Value) -> serde_json::Value {
    let media = serde_json::json!({ "schema": { "type": "string" }, "x-itemSchema": item });
    serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1", "x-bffkit": {"prefix": "/api", "envelope": false, "batchPath": "/api/_batch"}},
        "paths": {"/api/ticks": {"get": {"operationId": "getTicks", "responses": {"200": {
            "description": "events",
            "content": { "text/event-stream": media.clone(), "application/x-ndjson": media }
        }}}}},
        "components": {"schemas": {}},
    })
}

#[test]
fn bffkit_diff_compares_stream_items() {
    let dir = scratch("diff-stream");
    let item = |properties: serde_json::Value| serde_json::json!({ "type": "object", "properties": properties, "required": ["n"] });
    let old = ticks(item(serde_json::json!({ "n": { "type": "integer" } })));
    let renamed = ticks(item(serde_json::json!({ "m": { "type": "integer" } })));
    std::fs::write(dir.join("old.json"), old.to_string()).unwrap();
    std::fs::write(dir.join("new.json"), renamed.to_string()).unwrap();
    let run = crate::support::bffkit(&["diff", "old.json", "new.json"], Some(&dir));
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.lines().any(|l| l.starts_with("breaking")
            && l.contains("GET /api/ticks")
            && l.contains("stream item")),
        "{}",
        run.stdout
    );
    // The same stream is no change; a stream turned into JSON is breaking.
    std::fs::write(dir.join("new.json"), old.to_string()).unwrap();
    let run = crate::support::bffkit(&["diff", "old.json", "new.json"], Some(&dir));
    assert_eq!(run.code, 0, "{}", run.stdout);
    let mut json = old.clone();
    json["paths"]["/api/ticks"]["get"]["responses"]["200"]["content"] =
        serde_json::json!({ "application/json": { "schema": { "type": "integer" } } });
    std::fs::write(dir.join("new.json"), json.to_string()).unwrap();
    let run = crate::support::bffkit(&["diff", "old.json", "new.json"], Some(&dir));
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.lines().any(|l| l.starts_with("breaking")
            && l.contains("content type application/json added")),
        "{}",
        run.stdout
    );
}
