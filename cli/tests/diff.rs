//! `bffkit diff`: one small pair of manifests per change kind, checking the class
//! (breaking or compatible), the place it names, and the exit status. The rules per
//! keyword, in both directions, are in `diff_rules.rs`; `diff_api.rs` edits the demo's
//! committed `api.json`.

use serde_json::{json, Value};

use crate::support::{bffkit, fixture, scratch, Run};

pub(crate) fn manifest(paths: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1", "x-bffkit": {"prefix": "/api", "envelope": false, "batchPath": "/api/_batch"}},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

pub(crate) fn ok(schema: Value) -> Value {
    json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}})
}

pub(crate) fn get(schema: Value) -> Value {
    json!({"get": {"operationId": "getThing", "responses": ok(schema)}})
}

pub(crate) fn obj(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required})
}

pub(crate) fn run_diff(old: &Value, new: &Value) -> Run {
    let dir = scratch("diff");
    std::fs::write(dir.join("old.json"), old.to_string()).unwrap();
    std::fs::write(dir.join("new.json"), new.to_string()).unwrap();
    bffkit(&["diff", "old.json", "new.json"], Some(&dir))
}

/// Asserts the diff exits as `breaking` says and prints a line with `severity`, `route`
/// and `fragment` on it.
pub(crate) fn expect(old: Value, new: Value, severity: &str, route: &str, fragment: &str) {
    let run = run_diff(&old, &new);
    let expected_code = if severity == "breaking" { 1 } else { 3 };
    assert_eq!(
        run.code, expected_code,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with(severity) && l.contains(route) && l.contains(fragment)),
        "no `{severity}` line for {route} with {fragment:?}:\n{}",
        run.stdout
    );
}

pub(crate) fn greeting(properties: Value, required: &[&str]) -> Value {
    manifest(
        json!({"/api/hello": get(json!({"$ref": "#/components/schemas/Greeting"}))}),
        json!({"Greeting": obj(properties, required)}),
    )
}

pub(crate) fn with_query(params: Value) -> Value {
    manifest(
        json!({"/api/list": {"get": {"operationId": "getList", "parameters": params, "responses": ok(json!({"type": "string"}))}}}),
        json!({}),
    )
}

pub(crate) fn query(name: &str, schema: Value, required: bool) -> Value {
    json!({"name": name, "in": "query", "required": required, "schema": schema})
}

pub(crate) fn with_body(kind: &str, schema: Value) -> Value {
    manifest(
        json!({"/api/todo": {"post": {"operationId": "addTodo", "requestBody": {"required": true, "content": {kind: {"schema": schema}}}, "responses": ok(json!({"type": "boolean"}))}}}),
        json!({}),
    )
}

// ---- breaking ----

#[test]
fn route_removed_is_breaking() {
    let old = manifest(
        json!({"/api/a": get(json!({"type": "string"})), "/api/b": get(json!({"type": "string"}))}),
        json!({}),
    );
    let new = manifest(json!({"/api/a": get(json!({"type": "string"}))}), json!({}));
    expect(old, new, "breaking", "GET /api/b", "route removed");
}

#[test]
fn method_removed_is_breaking() {
    let old = manifest(
        json!({"/api/a": {"get": {"responses": ok(json!({"type": "string"}))}, "post": {"responses": ok(json!({"type": "string"}))}}}),
        json!({}),
    );
    let new = manifest(json!({"/api/a": get(json!({"type": "string"}))}), json!({}));
    expect(old, new, "breaking", "POST /api/a", "method removed");
}

#[test]
fn required_query_parameter_added_is_breaking() {
    let old = with_query(json!([]));
    let new = with_query(json!([query("page", json!({"type": "integer"}), true)]));
    expect(
        old,
        new,
        "breaking",
        "GET /api/list",
        "query.page: required parameter added",
    );
}

#[test]
fn optional_parameter_made_required_is_breaking() {
    let old = with_query(json!([query("page", json!({"type": "integer"}), false)]));
    let new = with_query(json!([query("page", json!({"type": "integer"}), true)]));
    expect(
        old,
        new,
        "breaking",
        "GET /api/list",
        "query.page: parameter made required",
    );
}

#[test]
fn required_header_added_is_breaking() {
    let old = with_query(json!([]));
    let new = with_query(
        json!([{"name": "x-token", "in": "header", "required": true, "schema": {"type": "string"}}]),
    );
    expect(
        old,
        new,
        "breaking",
        "GET /api/list",
        "header.x-token: required parameter added",
    );
}

#[test]
fn required_body_field_added_is_breaking() {
    let old = with_body(
        "application/json",
        obj(json!({"content": {"type": "string"}}), &["content"]),
    );
    let new = with_body(
        "application/json",
        obj(
            json!({"content": {"type": "string"}, "owner": {"type": "string"}}),
            &["content", "owner"],
        ),
    );
    expect(
        old,
        new,
        "breaking",
        "POST /api/todo",
        "body.owner: required field added",
    );
}

#[test]
fn input_type_changed_is_breaking() {
    let old = with_query(json!([query("page", json!({"type": "integer"}), true)]));
    let new = with_query(json!([query(
        "page",
        json!({"type": "string", "format": "uuid"}),
        true
    )]));
    expect(
        old,
        new,
        "breaking",
        "GET /api/list",
        "query.page: type changed from integer to string",
    );
}

#[test]
fn body_media_type_changed_is_breaking() {
    let old = with_body("application/json", json!({"type": "object"}));
    let new = with_body("multipart/form-data", json!({"type": "object"}));
    expect(
        old,
        new,
        "breaking",
        "POST /api/todo",
        "media type changed from application/json to multipart/form-data",
    );
}

#[test]
fn input_enum_value_removed_is_breaking() {
    let old = with_query(json!([query(
        "sort",
        json!({"type": "string", "enum": ["asc", "desc"]}),
        false
    )]));
    let new = with_query(json!([query(
        "sort",
        json!({"type": "string", "enum": ["asc"]}),
        false
    )]));
    expect(
        old,
        new,
        "breaking",
        "GET /api/list",
        "query.sort: no longer accepts \"desc\"",
    );
}

#[test]
fn output_type_changed_is_breaking() {
    let old = greeting(json!({"message": {"type": "string"}}), &["message"]);
    let new = greeting(json!({"message": {"type": "integer"}}), &["message"]);
    expect(
        old,
        new,
        "breaking",
        "GET /api/hello",
        "response.message: type changed from string to integer",
    );
}

#[test]
fn output_field_removed_is_breaking() {
    let old = greeting(
        json!({"message": {"type": "string"}, "lang": {"type": "string"}}),
        &["message", "lang"],
    );
    let new = greeting(json!({"message": {"type": "string"}}), &["message"]);
    expect(
        old,
        new,
        "breaking",
        "GET /api/hello",
        "response.lang: field removed",
    );
}

#[test]
fn output_field_made_optional_is_breaking() {
    let old = greeting(json!({"message": {"type": "string"}}), &["message"]);
    let new = greeting(json!({"message": {"type": "string"}}), &[]);
    expect(
        old,
        new,
        "breaking",
        "GET /api/hello",
        "response.message: field made optional",
    );
}

/// The seed's example: `todos: TodoList` becomes `todos: Nullable(TodoList)`.
#[test]
fn output_field_made_nullable_is_breaking() {
    let todo_list = json!({"TodoList": {"type": "array", "items": {"type": "string"}}});
    let paths = json!({"/api/todo": {"post": {"operationId": "addTodo", "responses": ok(json!({"$ref": "#/components/schemas/AddTodoOutput"}))}}});
    let mut old_schemas = todo_list.clone();
    old_schemas["AddTodoOutput"] = obj(
        json!({"todos": {"$ref": "#/components/schemas/TodoList"}}),
        &["todos"],
    );
    let mut new_schemas = todo_list;
    new_schemas["AddTodoOutput"] = obj(
        json!({"todos": {"anyOf": [{"$ref": "#/components/schemas/TodoList"}, {"type": "null"}]}}),
        &["todos"],
    );
    expect(
        manifest(paths.clone(), old_schemas),
        manifest(paths, new_schemas),
        "breaking",
        "POST /api/todo",
        "response.todos: may now be null",
    );
}

#[test]
fn output_integer_widened_to_64_bits_is_breaking() {
    let old = greeting(
        json!({"count": {"type": "integer", "format": "uint32"}}),
        &["count"],
    );
    let new = greeting(
        json!({"count": {"type": "integer", "format": "uint64"}}),
        &["count"],
    );
    expect(
        old,
        new,
        "breaking",
        "GET /api/hello",
        "response.count: format changed from \"uint32\" to \"uint64\"",
    );
}

#[test]
fn response_changed_from_json_to_text_is_breaking() {
    let old = manifest(json!({"/api/a": get(json!({"type": "string"}))}), json!({}));
    let new = manifest(
        json!({"/api/a": {"get": {"responses": {"200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}}}}}}),
        json!({}),
    );
    expect(
        old,
        new,
        "breaking",
        "GET /api/a",
        "response 200: content type text/plain added",
    );
}

// ---- compatible ----

#[test]
fn route_added_is_compatible() {
    let old = manifest(json!({"/api/a": get(json!({"type": "string"}))}), json!({}));
    let new = manifest(
        json!({"/api/a": get(json!({"type": "string"})), "/api/b": get(json!({"type": "string"}))}),
        json!({}),
    );
    expect(old, new, "compatible", "GET /api/b", "route added");
}

#[test]
fn optional_input_field_added_is_compatible() {
    let old = with_body(
        "application/json",
        obj(json!({"content": {"type": "string"}}), &["content"]),
    );
    let new = with_body(
        "application/json",
        obj(
            json!({"content": {"type": "string"}, "tag": {"type": "string"}}),
            &["content"],
        ),
    );
    expect(
        old,
        new,
        "compatible",
        "POST /api/todo",
        "body.tag: optional field added",
    );
}

#[test]
fn optional_query_parameter_added_is_compatible() {
    let old = with_query(json!([]));
    let new = with_query(json!([query("size", json!({"type": "integer"}), false)]));
    expect(
        old,
        new,
        "compatible",
        "GET /api/list",
        "query.size: optional parameter added",
    );
}

#[test]
fn output_field_added_is_compatible() {
    let old = greeting(json!({"message": {"type": "string"}}), &["message"]);
    let new = greeting(
        json!({"message": {"type": "string"}, "lang": {"type": "string"}}),
        &["message", "lang"],
    );
    expect(
        old,
        new,
        "compatible",
        "GET /api/hello",
        "response.lang: field added",
    );
}

#[test]
fn description_change_is_compatible() {
    let old = greeting(
        json!({"message": {"type": "string", "description": "old"}}),
        &["message"],
    );
    let new = greeting(
        json!({"message": {"type": "string", "description": "new"}}),
        &["message"],
    );
    expect(
        old,
        new,
        "compatible",
        "GET /api/hello",
        "response.message: description changed",
    );
}

#[test]
fn deprecation_is_compatible() {
    let old = manifest(json!({"/api/a": get(json!({"type": "string"}))}), json!({}));
    let new = manifest(
        json!({"/api/a": {"get": {"deprecated": true, "x-bffkit-deprecated": "use /api/b", "responses": ok(json!({"type": "string"}))}}}),
        json!({}),
    );
    expect(
        old,
        new,
        "compatible",
        "GET /api/a",
        "deprecated: use /api/b",
    );
}

#[test]
fn output_enum_value_added_is_breaking() {
    let old = greeting(
        json!({"kind": {"type": "string", "enum": ["a", "b"]}}),
        &["kind"],
    );
    let new = greeting(
        json!({"kind": {"type": "string", "enum": ["a", "b", "c"]}}),
        &["kind"],
    );
    expect(
        old,
        new,
        "breaking",
        "GET /api/hello",
        "response.kind: may now return \"c\" (old clients' types",
    );
}

#[test]
fn input_type_widened_is_compatible() {
    let old = with_query(json!([query("page", json!({"type": "integer"}), true)]));
    let new = with_query(json!([query(
        "page",
        json!({"type": ["number", "null"]}),
        true
    )]));
    let run = run_diff(&old, &new);
    assert_eq!(run.code, 3, "{}", run.stdout);
    assert!(
        run.stdout.contains("query.page: now accepts null"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("query.page: type widened from integer to number"),
        "{}",
        run.stdout
    );
}

#[test]
fn renamed_path_parameter_is_no_change() {
    let item = |name: &str| {
        manifest(
            json!({format!("/api/item/{{{name}}}"): {"get": {"operationId": "getItem", "parameters": [{"name": name, "in": "path", "required": true, "schema": {"type": "integer"}}], "responses": ok(json!({"type": "string"}))}}}),
            json!({}),
        )
    };
    let run = run_diff(&item("id"), &item("itemId"));
    assert_eq!(
        (run.code, run.stdout.trim()),
        (0, "no changes"),
        "{}",
        run.stderr
    );
}

#[test]
fn recursive_types_are_compared_without_looping() {
    let tree = |extra: bool| {
        let mut properties = json!({
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "parent": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
        });
        if extra {
            properties["size"] = json!({"type": "integer"});
        }
        manifest(
            json!({"/api/tree": get(json!({"$ref": "#/components/schemas/Node"}))}),
            json!({"Node": obj(properties, &["name", "children"])}),
        )
    };
    expect(
        tree(false),
        tree(true),
        "compatible",
        "GET /api/tree",
        "response.size: field added",
    );
    // The change inside the recursion is found through the reference too.
    let run = run_diff(&tree(true), &tree(false));
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("response.size: field removed"),
        "{}",
        run.stdout
    );
}

// ---- the command itself ----

#[test]
fn identical_manifests_have_no_changes() {
    let path = fixture();
    let run = bffkit(
        &["diff", path.to_str().unwrap(), path.to_str().unwrap()],
        None,
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, "no changes\n"));
}

#[test]
fn breaking_lines_come_first_with_a_summary() {
    let old = greeting(
        json!({"message": {"type": "string"}, "lang": {"type": "string"}}),
        &["message", "lang"],
    );
    let new = greeting(
        json!({"message": {"type": "string"}, "tone": {"type": "string"}}),
        &["message", "tone"],
    );
    let run = run_diff(&old, &new);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("breaking") && lines[1].starts_with("compatible"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("1 breaking, 1 compatible changes"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_and_input_errors_exit_2() {
    let run = bffkit(&["diff", "only-one.json"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("diff takes two manifests, got 1"),
        "{}",
        run.stderr
    );
    let run = bffkit(&["diff", "missing-a.json", "missing-b.json"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("failed to read missing-a.json"),
        "{}",
        run.stderr
    );
}

fn limited(requests: u64, period_secs: u64, burst: u64) -> Value {
    let mut manifest = greeting(json!({"text": {"type": "string"}}), &["text"]);
    manifest["paths"]["/api/hello"]["get"]["x-bffkit-rate-limit"] = json!([{
        "name": "hello", "requests": requests, "period_secs": period_secs, "burst": burst, "key": "ip"
    }]);
    manifest
}

#[test]
fn a_tightened_or_new_rate_limit_is_breaking_a_loosened_or_removed_one_compatible() {
    let unlimited = greeting(json!({"text": {"type": "string"}}), &["text"]);
    expect(
        limited(100, 60, 100),
        limited(50, 60, 100),
        "breaking",
        "GET /api/hello",
        "rate limit hello: tightened from 100 requests per 60 s (burst 100) per ip to 50 requests per 60 s",
    );
    // The same rate over a longer period with a smaller burst is tighter too.
    expect(
        limited(100, 60, 100),
        limited(200, 120, 10),
        "breaking",
        "GET /api/hello",
        "tightened",
    );
    expect(
        unlimited.clone(),
        limited(10, 1, 10),
        "breaking",
        "GET /api/hello",
        "rate limit hello: added",
    );
    expect(
        limited(50, 60, 100),
        limited(100, 60, 100),
        "compatible",
        "GET /api/hello",
        "loosened",
    );
    expect(
        limited(50, 60, 100),
        unlimited,
        "compatible",
        "GET /api/hello",
        "rate limit hello: removed",
    );
}
