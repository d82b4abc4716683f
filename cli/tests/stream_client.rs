//! Streaming operations in the generated client: `getTicks` returns `AsyncIterable<Tick>`
//! taking `StreamOptions`, compiles under `tsc --strict`, and misuse does not.

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
