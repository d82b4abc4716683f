//! `bffkit diff`, one test per compatibility rule, each in both directions: what a client
//! sends may only get looser, what the server answers may only get tighter. A schema
//! change is tried as a request body and as a response, forwards and backwards.

use serde_json::{json, Value};

use crate::diff::{expect, get, manifest, obj, ok, query, with_body, with_query};

fn body(schema: Value) -> Value {
    let mut manifest = with_body(
        "application/json",
        json!({"$ref": "#/components/schemas/T"}),
    );
    manifest["components"]["schemas"]["T"] = schema;
    manifest
}

fn answer(schema: Value) -> Value {
    manifest(
        json!({"/api/todo": get(json!({"$ref": "#/components/schemas/T"}))}),
        json!({"T": schema}),
    )
}

/// `narrow` admits fewer values than `wide`. Narrowing a request, or widening a response,
/// must be breaking; the other two must be compatible. Each printed line names `what`.
fn tightening(wide: Value, narrow: Value, what: &str) {
    expect(
        body(wide.clone()),
        body(narrow.clone()),
        "breaking",
        "POST /api/todo",
        what,
    );
    expect(
        body(narrow.clone()),
        body(wide.clone()),
        "compatible",
        "POST /api/todo",
        what,
    );
    expect(
        answer(wide.clone()),
        answer(narrow.clone()),
        "compatible",
        "GET /api/todo",
        what,
    );
    expect(
        answer(narrow),
        answer(wide),
        "breaking",
        "GET /api/todo",
        what,
    );
}

/// A change neither side can absorb: breaking as a request and as a response.
fn incompatible(a: Value, b: Value, what: &str) {
    expect(
        body(a.clone()),
        body(b.clone()),
        "breaking",
        "POST /api/todo",
        what,
    );
    expect(answer(a), answer(b), "breaking", "GET /api/todo", what);
}

#[test]
fn type_keyword() {
    tightening(
        json!({"type": "number"}),
        json!({"type": "integer"}),
        "type",
    );
    incompatible(
        json!({"type": "string"}),
        json!({"type": "integer"}),
        "type changed from string to integer",
    );
}

#[test]
fn required() {
    let field = json!({"a": {"type": "string"}});
    tightening(obj(field.clone(), &[]), obj(field, &["a"]), ".a: field");
    // The response lines name `response.a`; check the message there too.
    let field = json!({"a": {"type": "string"}});
    expect(
        answer(obj(field.clone(), &["a"])),
        answer(obj(field, &[])),
        "breaking",
        "GET /api/todo",
        "response.a: field made optional",
    );
}

#[test]
fn enum_values() {
    tightening(
        json!({"type": "string", "enum": ["a", "b"]}),
        json!({"type": "string", "enum": ["a"]}),
        "\"b\"",
    );
    tightening(
        json!({"type": "string"}),
        json!({"type": "string", "enum": ["a"]}),
        "\"a\"",
    );
}

#[test]
fn minimum_and_maximum() {
    tightening(
        json!({"type": "integer", "minimum": 0}),
        json!({"type": "integer", "minimum": 1}),
        "minimum",
    );
    tightening(
        json!({"type": "integer", "maximum": 10}),
        json!({"type": "integer", "maximum": 9}),
        "maximum",
    );
    tightening(
        json!({"type": "integer"}),
        json!({"type": "integer", "maximum": 4294967295u64}),
        "maximum 4294967295",
    );
    // Values past 2^53 compare exactly.
    tightening(
        json!({"type": "integer", "maximum": 18446744073709551615u64}),
        json!({"type": "integer", "maximum": 18446744073709551614u64}),
        "maximum",
    );
}

#[test]
fn exclusive_minimum_and_maximum() {
    tightening(
        json!({"type": "number", "minimum": 0}),
        json!({"type": "number", "exclusiveMinimum": 0}),
        "minimum",
    );
    tightening(
        json!({"type": "number", "exclusiveMaximum": 10}),
        json!({"type": "number", "exclusiveMaximum": 5}),
        "exclusive 5",
    );
    // The stricter of `minimum` and `exclusiveMinimum` is the bound.
    tightening(
        json!({"type": "number", "minimum": 1, "exclusiveMinimum": 0}),
        json!({"type": "number", "minimum": 1, "exclusiveMinimum": 1}),
        "minimum",
    );
}

#[test]
fn string_length() {
    tightening(
        json!({"type": "string", "maxLength": 50}),
        json!({"type": "string", "maxLength": 20}),
        "maxLength",
    );
    tightening(
        json!({"type": "string"}),
        json!({"type": "string", "minLength": 1}),
        "minLength 1",
    );
}

#[test]
fn array_length() {
    tightening(
        json!({"type": "array", "items": {"type": "string"}, "maxItems": 100}),
        json!({"type": "array", "items": {"type": "string"}, "maxItems": 10}),
        "maxItems",
    );
    tightening(
        json!({"type": "array", "items": {"type": "string"}}),
        json!({"type": "array", "items": {"type": "string"}, "minItems": 1}),
        "minItems 1",
    );
}

#[test]
fn pattern() {
    tightening(
        json!({"type": "string"}),
        json!({"type": "string", "pattern": "^[a-z]+$"}),
        "pattern \"^[a-z]+$\"",
    );
    incompatible(
        json!({"type": "string", "pattern": "^[a-z]+$"}),
        json!({"type": "string", "pattern": "^[a-z0-9]+$"}),
        "pattern changed",
    );
}

#[test]
fn format() {
    tightening(
        json!({"type": "string"}),
        json!({"type": "string", "format": "email"}),
        "format changed",
    );
    tightening(
        json!({"type": "integer", "format": "uint64"}),
        json!({"type": "integer", "format": "uint32"}),
        "format changed",
    );
}

#[test]
fn additional_properties() {
    let fields = json!({"a": {"type": "string"}});
    let open = obj(fields.clone(), &["a"]);
    let mut closed = obj(fields, &["a"]);
    closed["additionalProperties"] = json!(false);
    tightening(open, closed, "additionalProperties");
    // With unknown fields refused, a field added to a response breaks old validating clients.
    let mut old = obj(json!({"a": {"type": "string"}}), &["a"]);
    old["additionalProperties"] = json!(false);
    let mut new = obj(
        json!({"a": {"type": "string"}, "b": {"type": "string"}}),
        &["a"],
    );
    new["additionalProperties"] = json!(false);
    expect(
        answer(old.clone()),
        answer(new.clone()),
        "breaking",
        "GET /api/todo",
        "response.b: field added where the old schema refused unknown fields",
    );
    // ...and a field removed from a closed request body refuses clients still sending it.
    expect(
        body(new),
        body(old),
        "breaking",
        "POST /api/todo",
        "body.b: field removed and unknown fields are refused",
    );
}

#[test]
fn null_in_type() {
    tightening(
        json!({"type": ["string", "null"]}),
        json!({"type": "string"}),
        "null",
    );
    tightening(
        json!({"anyOf": [{"type": "string"}, {"type": "null"}]}),
        json!({"type": "string"}),
        "null",
    );
}

#[test]
fn one_of_and_any_of_branches() {
    let a = json!({"type": "object", "properties": {"kind": {"const": "a"}}, "required": ["kind"]});
    let b = json!({"type": "object", "properties": {"kind": {"const": "b"}}, "required": ["kind"]});
    for keyword in ["oneOf", "anyOf"] {
        tightening(
            json!({keyword: [a.clone(), b.clone()]}),
            json!({keyword: [a.clone()]}),
            "variant kind=\"b\"",
        );
    }
}

#[test]
fn ref_targets_are_followed() {
    let with_target = |target: Value| {
        let outer = json!({"type": "object", "properties": {"inner": {"$ref": "#/components/schemas/Inner"}}, "required": ["inner"]});
        (outer, target)
    };
    let run = |(t, inner): (Value, Value), as_body: bool| {
        let mut m = if as_body { body(t) } else { answer(t) };
        m["components"]["schemas"]["Inner"] = inner;
        m
    };
    let wide = with_target(json!({"type": "string"}));
    let narrow = with_target(json!({"type": "string", "maxLength": 8}));
    expect(
        run(wide.clone(), true),
        run(narrow.clone(), true),
        "breaking",
        "POST /api/todo",
        "body.inner: maxLength 8 added",
    );
    expect(
        run(wide.clone(), false),
        run(narrow.clone(), false),
        "compatible",
        "GET /api/todo",
        "response.inner: maxLength 8 added",
    );
    expect(
        run(narrow.clone(), true),
        run(wide.clone(), true),
        "compatible",
        "POST /api/todo",
        "body.inner: maxLength 8 removed",
    );
    expect(
        run(narrow, false),
        run(wide, false),
        "breaking",
        "GET /api/todo",
        "response.inner: maxLength 8 removed",
    );
}

#[test]
fn recursive_ref_targets_terminate_and_find_changes_inside() {
    let tree = |limit: Option<u64>| {
        let mut name = json!({"type": "string"});
        if let Some(limit) = limit {
            name["maxLength"] = json!(limit);
        }
        json!({"type": "object", "properties": {"name": name, "children": {"type": "array", "items": {"$ref": "#/components/schemas/T"}}}, "required": ["name", "children"]})
    };
    tightening(tree(None), tree(Some(10)), "maxLength 10");
}

#[test]
fn parameters_added_removed_and_made_required() {
    let page = |required| query("page", json!({"type": "integer"}), required);
    let list = |params: Value| with_query(params);
    expect(
        list(json!([])),
        list(json!([page(true)])),
        "breaking",
        "GET /api/list",
        "query.page: required parameter added",
    );
    expect(
        list(json!([])),
        list(json!([page(false)])),
        "compatible",
        "GET /api/list",
        "query.page: optional parameter added",
    );
    expect(
        list(json!([page(true)])),
        list(json!([])),
        "compatible",
        "GET /api/list",
        "query.page: parameter removed",
    );
    expect(
        list(json!([page(false)])),
        list(json!([page(true)])),
        "breaking",
        "GET /api/list",
        "query.page: parameter made required",
    );
    expect(
        list(json!([page(true)])),
        list(json!([page(false)])),
        "compatible",
        "GET /api/list",
        "query.page: parameter made optional",
    );
    // A parameter's schema is a request: it may only loosen.
    expect(
        list(json!([query("page", json!({"type": "integer"}), true)])),
        list(json!([query(
            "page",
            json!({"type": "integer", "maximum": 99}),
            true
        )])),
        "breaking",
        "GET /api/list",
        "query.page: maximum 99 added",
    );
}

#[test]
fn header_parameters_added_removed_and_made_required() {
    let tenant = |required: bool| json!({"name": "x-tenant", "in": "header", "required": required, "schema": {"type": "string"}});
    let list = |params: Value| with_query(params);
    let cases = [
        (
            json!([]),
            json!([tenant(true)]),
            "breaking",
            "header.x-tenant: required parameter added",
        ),
        (
            json!([]),
            json!([tenant(false)]),
            "compatible",
            "header.x-tenant: optional parameter added",
        ),
        (
            json!([tenant(true)]),
            json!([]),
            "compatible",
            "header.x-tenant: parameter removed",
        ),
        (
            json!([tenant(false)]),
            json!([tenant(true)]),
            "breaking",
            "header.x-tenant: parameter made required",
        ),
        (
            json!([tenant(true)]),
            json!([tenant(false)]),
            "compatible",
            "header.x-tenant: parameter made optional",
        ),
    ];
    for (old, new, severity, what) in cases {
        expect(list(old), list(new), severity, "GET /api/list", what);
    }
}

/// A path parameter is part of the route: adding or removing one is another route, and a
/// rename is no change on the wire. Its schema is a request: it may only loosen.
#[test]
fn path_parameters_added_removed_renamed_and_narrowed() {
    let item = |path: &str, params: Value| {
        manifest(
            json!({ path: {"get": {"operationId": "getItem", "parameters": params, "responses": ok(json!({"type": "string"}))}} }),
            json!({}),
        )
    };
    let id = |name: &str, schema: Value| json!({"name": name, "in": "path", "required": true, "schema": schema});
    let int = json!({"type": "integer"});
    let one = item("/api/item/{id}", json!([id("id", int.clone())]));
    let two = item(
        "/api/item/{id}/{rev}",
        json!([id("id", int.clone()), id("rev", int.clone())]),
    );
    expect(
        one.clone(),
        two.clone(),
        "breaking",
        "GET /api/item/{id}",
        "route removed",
    );
    expect(
        two,
        one.clone(),
        "breaking",
        "GET /api/item/{id}/{rev}",
        "route removed",
    );

    let renamed = item("/api/item/{item_id}", json!([id("item_id", int.clone())]));
    let run = crate::diff::run_diff(&one, &renamed);
    assert_eq!(
        run.code, 0,
        "a renamed path parameter is no change:\n{}",
        run.stdout
    );

    let capped = item(
        "/api/item/{id}",
        json!([id("id", json!({"type": "integer", "maximum": 99}))]),
    );
    expect(
        one.clone(),
        capped.clone(),
        "breaking",
        "GET /api/item/{id}",
        "path.id: maximum 99 added",
    );
    expect(
        capped,
        one,
        "compatible",
        "GET /api/item/{id}",
        "path.id: maximum 99 removed",
    );
}

#[test]
fn request_body_made_required() {
    let post = |required: bool| {
        manifest(
            json!({"/api/todo": {"post": {"requestBody": {"required": required, "content": {"application/json": {"schema": {"type": "string"}}}}, "responses": ok(json!({"type": "boolean"}))}}}),
            json!({}),
        )
    };
    expect(
        post(false),
        post(true),
        "breaking",
        "POST /api/todo",
        "body: request body made required",
    );
    expect(
        post(true),
        post(false),
        "compatible",
        "POST /api/todo",
        "body: request body made optional",
    );
}

fn with_responses(responses: Value) -> Value {
    manifest(
        json!({"/api/a": {"get": {"responses": responses}}}),
        json!({}),
    )
}

#[test]
fn success_status_codes() {
    let ok_with = |status: &str| json!({status: {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}}});
    let mut both = ok_with("200");
    both["202"] = ok_with("202")["202"].clone();
    expect(
        with_responses(ok_with("200")),
        with_responses(both.clone()),
        "breaking",
        "GET /api/a",
        "response: success status 202 added",
    );
    expect(
        with_responses(both),
        with_responses(ok_with("200")),
        "compatible",
        "GET /api/a",
        "response: success status 202 no longer returned",
    );
}

#[test]
fn response_content_types() {
    let media = |types: &[&str]| {
        let content: serde_json::Map<String, Value> = types
            .iter()
            .map(|t| (t.to_string(), json!({"schema": {"type": "string"}})))
            .collect();
        with_responses(json!({"200": {"description": "ok", "content": content}}))
    };
    expect(
        media(&["application/json"]),
        media(&["application/json", "text/csv"]),
        "breaking",
        "GET /api/a",
        "response 200: content type text/csv added",
    );
    expect(
        media(&["application/json", "text/csv"]),
        media(&["application/json"]),
        "compatible",
        "GET /api/a",
        "response 200: content type text/csv no longer returned",
    );
    expect(
        with_responses(json!({"204": {"description": "none"}})),
        with_responses(
            json!({"204": {"description": "none", "content": {"application/json": {"schema": {"type": "string"}}}}}),
        ),
        "compatible",
        "GET /api/a",
        "response 204: now has a body",
    );
}

fn secured(security: Option<Value>) -> Value {
    let mut op = json!({"responses": ok(json!({"type": "string"}))});
    if let Some(security) = security {
        op["security"] = security;
    }
    manifest(json!({"/api/a": {"get": op}}), json!({}))
}

#[test]
fn security_requirements() {
    expect(
        secured(None),
        secured(Some(json!([{"session": []}]))),
        "breaking",
        "GET /api/a",
        "security: now requires session",
    );
    expect(
        secured(Some(json!([{"session": []}]))),
        secured(None),
        "compatible",
        "GET /api/a",
        "security: session loosened to no authentication",
    );
    expect(
        secured(Some(json!([{"oauth": ["read"]}]))),
        secured(Some(json!([{"oauth": ["read", "write"]}]))),
        "breaking",
        "GET /api/a",
        "security: oauth[read] is no longer enough; now requires oauth[read, write]",
    );
    expect(
        secured(Some(json!([{"session": []}]))),
        secured(Some(json!([{"session": []}, {"apiKey": []}]))),
        "compatible",
        "GET /api/a",
        "security: now also accepts apiKey",
    );
    expect(
        secured(Some(json!([{"session": []}, {"apiKey": []}]))),
        secured(Some(json!([{"session": []}]))),
        "breaking",
        "GET /api/a",
        "security: apiKey is no longer enough; now requires session",
    );
    // An operation without its own `security` inherits the document's.
    let mut inherited = secured(None);
    inherited["security"] = json!([{"session": []}]);
    expect(
        secured(None),
        inherited,
        "breaking",
        "GET /api/a",
        "security: now requires session",
    );
}

#[test]
fn deprecation_is_reported_not_breaking() {
    let op = |deprecated: bool| {
        manifest(
            json!({"/api/a": {"get": {"deprecated": deprecated, "responses": ok(json!({"type": "string"}))}}}),
            json!({}),
        )
    };
    expect(
        op(false),
        op(true),
        "compatible",
        "GET /api/a",
        "deprecated",
    );
    expect(
        op(true),
        op(false),
        "compatible",
        "GET /api/a",
        "no longer deprecated",
    );
    let param = |deprecated: bool| {
        with_query(
            json!([{"name": "page", "in": "query", "deprecated": deprecated, "schema": {"type": "integer"}}]),
        )
    };
    expect(
        param(false),
        param(true),
        "compatible",
        "GET /api/list",
        "query.page: deprecated",
    );
}

#[test]
fn json_format_is_machine_readable_and_exit_codes_say_the_result() {
    let wide = body(json!({"type": "string"}));
    let narrow = body(json!({"type": "string", "maxLength": 3}));
    let dir = crate::support::scratch("diff-json");
    std::fs::write(dir.join("wide.json"), wide.to_string()).unwrap();
    std::fs::write(dir.join("narrow.json"), narrow.to_string()).unwrap();
    let run =
        |a: &str, b: &str| crate::support::bffkit(&["diff", a, b, "--format", "json"], Some(&dir));

    let breaking = run("wide.json", "narrow.json");
    assert_eq!(breaking.code, 1, "{}", breaking.stderr);
    let report: Value = serde_json::from_str(&breaking.stdout).unwrap();
    assert_eq!(
        report,
        json!({"result": "breaking", "breaking": 1, "compatible": 0, "changes": [
            {"severity": "breaking", "method": "POST", "path": "/api/todo", "location": "body", "message": "maxLength 3 added"}
        ]})
    );

    let compatible = run("narrow.json", "wide.json");
    assert_eq!(compatible.code, 3, "{}", compatible.stderr);
    let report: Value = serde_json::from_str(&compatible.stdout).unwrap();
    assert_eq!(report["result"], "compatible");
    assert_eq!(report["changes"][0]["message"], "maxLength 3 removed");

    let none = run("wide.json", "wide.json");
    assert_eq!(none.code, 0, "{}", none.stderr);
    let report: Value = serde_json::from_str(&none.stdout).unwrap();
    assert_eq!(
        report,
        json!({"result": "none", "breaking": 0, "compatible": 0, "changes": []})
    );

    let bad = crate::support::bffkit(&["diff", "a", "b", "--format", "yaml"], Some(&dir));
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("--format takes text or json"),
        "{}",
        bad.stderr
    );
}
