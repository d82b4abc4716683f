//! The generated client compiles under `tsc --strict` against the real `@bffkit/client`
//! declarations, a usage file type-checks, and wrong calls do not.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{crate_dir, generate_demo, scratch};

/// The pinned TypeScript compiler of `cli/tests/ts`.
pub fn tsc() -> PathBuf {
    let tsc = crate_dir().join("tests/ts/node_modules/.bin/tsc");
    assert!(
        tsc.exists(),
        "{} is missing: run scripts/setup (installs cli/tests/ts)",
        tsc.display()
    );
    tsc
}

fn runtime_types() -> PathBuf {
    let dts = crate_dir().join("../clients/ts/dist/index.d.ts");
    assert!(
        dts.exists(),
        "{} is missing: run scripts/setup (builds clients/ts)",
        dts.display()
    );
    dts.canonicalize().unwrap()
}

/// Runs `tsc --strict --noEmit` on `files` in `dir`; returns (success, diagnostics).
pub fn check(dir: &Path, files: &[&str]) -> (bool, String) {
    let tsconfig = serde_json::json!({
        "compilerOptions": {
            "strict": true,
            "noEmit": true,
            "target": "ES2020",
            "module": "ES2020",
            "moduleResolution": "bundler",
            "lib": ["ES2020", "DOM"],
            "types": [],
            "noUnusedLocals": true,
            "paths": { "@bffkit/client": [runtime_types()] }
        },
        "files": files,
    });
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

const USAGE: &str = r#"
import {
  addTodo, BffError, configureClient, getFilesByPath, getHello, getItemByLevelAndId, getLegacyHello, getMe,
  getTree, getUserInfoByUsername, getUserList, postEvents, postHello, postLogin, postNote, postUpload,
  type Event, type Info, type TodoStatus, type TreeNode,
} from './api';

configureClient({ baseUrl: 'http://127.0.0.1:8080', headers: { authorization: 'Bearer x' } });

export async function demo(): Promise<string> {
  const info: Info = await getUserInfoByUsername('alice');
  const name: string = info.nickname ?? info.username;
  const hello = await postHello({ data: { name } }, { batch: false });
  const list = await getUserList({ query: { page: 1, tag: ['a'] } });
  const users: string[] = list.users;
  const file = await getFilesByPath('docs/a b.txt');
  const upload = await postUpload({ formData: { title: 't', file: new Blob(['x']) }, headers: { 'x-request-id': 'r1' } });
  const session = await postLogin({ formUrlencoded: { username: 'u', password: 'p', remember: true } });
  const me = await getMe({ headers: { 'x-client-version': '1.0' } });
  const note: string = await postNote({ body: 'hi' });
  const out = await addTodo({ data: { content: 'x' } });
  const statuses: TodoStatus[] = out.todos.map((t) => t.status);
  const tree: TreeNode = await getTree();
  const depth = (n: TreeNode): number => 1 + Math.max(0, ...n.children.map(depth));
  const events: Event[] = [{ kind: 'view', page: '/' }, { kind: 'click', x: 1, y: 2 }];
  const stats = await postEvents({ data: events });
  const item = await getItemByLevelAndId(1, 2, {}, { signal: new AbortController().signal, cache: false });
  const legacy = await getLegacyHello();
  try {
    await getHello({ query: { name: null } });
  } catch (e) {
    if (e instanceof BffError) return `${e.status} ${e.code} ${e.message}`;
  }
  const kind: 'image' | 'text' | 'other' = upload.kind;
  return [hello.message, users.length, file.path, statuses.length, depth(tree), stats.accepted, item.title,
    session.user.username, me.greeting, note, legacy.message, kind].join(' ');
}
"#;

/// Each must fail to compile, for the reason in its comment.
const WRONG: &[(&str, &str)] = &[
    ("path_param_type", "export const a = getUserInfoByUsername(42);"),
    ("misspelled_body_field", "export const a = postHello({ data: { nam: 'x' } });"),
    ("missing_body", "export const a = postHello({});"),
    ("missing_required_query", "export const a = getUserList();"),
    ("missing_required_header", "export const a = getMe();"),
    ("wrong_query_type", "export const a = getUserList({ query: { page: 'one' } });"),
    ("nullable_output_used_as_non_null", "export const f = async () => { const s: string = (await getUserInfoByUsername('a')).nickname; return s; };"),
    ("unknown_output_field", "export const f = async () => (await getHello()).greeting;"),
    ("enum_outside_values", "export const a = getTodo({ query: { status: 'closed' } });"),
    ("union_variant_missing_field", "export const a = postEvents({ data: [{ kind: 'click', x: 1 }] });"),
    ("call_options_in_input_position", "export const a = getIndex({ batch: false });"),
];

#[test]
fn generated_client_compiles_strict_and_types_its_calls() {
    let dir = scratch("tsc");
    generate_demo(&dir);
    std::fs::write(dir.join("usage.ts"), USAGE).unwrap();
    let (ok, diagnostics) = check(&dir, &["api.ts", "usage.ts"]);
    assert!(
        ok,
        "tsc --strict failed on the generated client or the usage file:\n{diagnostics}"
    );

    let mut files = vec!["api.ts".to_owned()];
    for (name, body) in WRONG {
        let text = format!(
            "import {{ getUserInfoByUsername, postHello, getUserList, getMe, getHello, getTodo, postEvents, getIndex }} from './api';\nvoid [getUserInfoByUsername, postHello, getUserList, getMe, getHello, getTodo, postEvents, getIndex];\n{body}\n"
        );
        std::fs::write(dir.join(format!("{name}.ts")), text).unwrap();
        files.push(format!("{name}.ts"));
    }
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    let (ok, diagnostics) = check(&dir, &names);
    assert!(!ok, "the wrong calls compiled");
    assert!(
        !diagnostics.contains("api.ts("),
        "errors in the generated file itself:\n{diagnostics}"
    );
    for (name, _) in WRONG {
        assert!(
            diagnostics
                .lines()
                .any(|l| l.starts_with(&format!("{name}.ts(3,")) && l.contains("error TS")),
            "{name}.ts compiled but must not:\n{diagnostics}"
        );
    }
}

/// A manifest with one operation declaring two errors: `(409, 21001)` by name and
/// `(422, 21002)` as a bare pair, besides the framework's 400 and 500.
fn typed_errors_manifest() -> serde_json::Value {
    let error = |description: &str| serde_json::json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}});
    serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "typed errors", "version": "1", "x-bffkit": {
            "prefix": "/api", "envelope": false, "batchPath": "/api/_batch",
            "errorCodes": [
                {"code": 20000, "name": "BAD_REQUEST", "status": 400},
                {"code": 20001, "name": "VALIDATION_FAILED", "status": 400},
                {"code": 40000, "name": "INTERNAL", "status": 500}
            ]
        }},
        "paths": {"/api/todo": {"post": {
            "operationId": "addTodo",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}}}},
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "integer"}}}},
                "400": error("Bad request"),
                "409": error("Conflict"),
                "422": error("Unprocessable"),
                "431": {"description": "Head too large, no body"},
                "500": error("Server error")
            },
            "x-bffkit-errors": [
                {"status": 409, "code": 21001, "name": "TITLE_TAKEN"},
                {"status": 422, "code": 21002}
            ]
        }}},
        "components": {"schemas": {"ApiError": {"type": "object", "properties": {"code": {"type": "integer"}, "msg": {"type": "string"}}, "required": ["code", "msg"]}}}
    })
}

const NARROWING: &str = r#"
import { addTodo, isAddTodoError } from './api';

export async function add(title: string): Promise<string> {
  try {
    return String(await addTodo({ data: { title } }));
  } catch (e) {
    if (!isAddTodoError(e)) throw e;
    if (e.code === 21001) {
      const status: 409 = e.status;
      return `taken (${status})`;
    }
    if (e.code === 21002) {
      const status: 422 = e.status;
      return `unprocessable (${status})`;
    }
    if (e.code === 20001) {
      const status: 400 = e.status;
      return `invalid (${status})`;
    }
    if (e.status === 0) {
      const code: 0 = e.code;
      return `no response (${code})`;
    }
    return e.message;
  }
}
"#;

/// Each must fail: a code `addTodo` cannot answer, and a narrowing read the wrong way.
const WRONG_ERRORS: &[(&str, &str)] = &[
    (
        "code_it_cannot_return",
        "export const f = (e: unknown) => isAddTodoError(e) && e.code === 21003;",
    ),
    (
        "framework_code_of_another_status",
        "export const f = (e: unknown) => isAddTodoError(e) && e.code === 20002;",
    ),
    (
        "narrowed_to_the_wrong_status",
        "export const f = (e: unknown) => { if (isAddTodoError(e) && e.code === 21002) { const s: 409 = e.status; return s; } return 0; };",
    ),
];

#[test]
fn declared_errors_narrow_by_code_and_unknown_codes_do_not_compile() {
    let dir = scratch("tsc-errors");
    std::fs::write(
        dir.join("manifest.json"),
        typed_errors_manifest().to_string(),
    )
    .unwrap();
    let run = crate::support::bffkit(
        &["client", "--from", "manifest.json", "--out", "api.ts"],
        Some(&dir),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let api = std::fs::read_to_string(dir.join("api.ts")).unwrap();
    assert!(
        api.contains("| BffError & { status: 409; code: 21001 } // 21001 TITLE_TAKEN"),
        "{api}"
    );

    std::fs::write(dir.join("usage.ts"), NARROWING).unwrap();
    let (ok, diagnostics) = check(&dir, &["api.ts", "usage.ts"]);
    assert!(
        ok,
        "tsc --strict rejected correct narrowing:\n{diagnostics}"
    );

    let mut files = vec!["api.ts".to_owned()];
    for (name, body) in WRONG_ERRORS {
        let text = format!("import {{ isAddTodoError }} from './api';\n\n{body}\n");
        std::fs::write(dir.join(format!("{name}.ts")), text).unwrap();
        files.push(format!("{name}.ts"));
    }
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    let (ok, diagnostics) = check(&dir, &names);
    assert!(!ok, "the wrong checks compiled");
    for (name, _) in WRONG_ERRORS {
        assert!(
            diagnostics
                .lines()
                .any(|l| l.starts_with(&format!("{name}.ts(3,")) && l.contains("error TS")),
            "{name}.ts compiled but must not:\n{diagnostics}"
        );
    }
}

const RATE_LIMITED: &str = r#"
import { postGreet, isPostGreetError } from './api';

export async function greet(name: string): Promise<string> {
  try {
    return (await postGreet({ data: { name } })).message;
  } catch (e) {
    if (!isPostGreetError(e)) throw e;
    if (e.status === 429) {
      const code: 20011 = e.code;
      const wait: number | undefined = e.retryAfter;
      return `limited (${code}), retry in ${wait ?? '?'} s`;
    }
    return e.message;
  }
}
"#;

/// `getHello` has no limit: its errors have no 429.
const UNLIMITED_429: &str = "import { isGetHelloError } from './api';\n\nexport const f = (e: unknown) => isGetHelloError(e) && e.status === 429;\n";

#[test]
fn a_rate_limited_operation_types_its_429_and_an_unlimited_one_does_not() {
    let dir = scratch("tsc-429");
    let manifest = crate_dir().join("../api.json");
    let run = crate::support::bffkit(
        &[
            "client",
            "--from",
            manifest.to_str().unwrap(),
            "--out",
            "api.ts",
        ],
        Some(&dir),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let api = std::fs::read_to_string(dir.join("api.ts")).unwrap();
    assert!(
        api.contains("| BffError & { status: 429; code: 20011 }"),
        "{api}"
    );
    std::fs::write(dir.join("usage.ts"), RATE_LIMITED).unwrap();
    let (ok, diagnostics) = check(&dir, &["api.ts", "usage.ts"]);
    assert!(
        ok,
        "tsc --strict rejected the 429 narrowing:\n{diagnostics}"
    );
    std::fs::write(dir.join("unlimited.ts"), UNLIMITED_429).unwrap();
    let (ok, diagnostics) = check(&dir, &["api.ts", "unlimited.ts"]);
    assert!(
        !ok && diagnostics
            .lines()
            .any(|l| l.starts_with("unlimited.ts(3,") && l.contains("error TS")),
        "a 429 of an unlimited operation compiled:\n{diagnostics}"
    );
}
