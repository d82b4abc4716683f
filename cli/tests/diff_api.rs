//! `bffkit diff` on the demo's committed `api.json`: against itself (no change, exit 0),
//! and against a copy edited by hand for each rule, the way a developer's change would
//! alter the generated manifest.

use serde_json::{json, Value};

use crate::support::{bffkit, crate_dir, scratch};

fn committed() -> Value {
    let text = std::fs::read_to_string(crate_dir().join("../api.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Diffs `old` against `new` and checks the exit status and a line naming the route.
fn check(case: &str, old: &Value, new: &Value, code: i32, line: &[&str]) {
    let dir = scratch("diff-api");
    std::fs::write(dir.join("old.json"), old.to_string()).unwrap();
    std::fs::write(dir.join("new.json"), new.to_string()).unwrap();
    let run = bffkit(&["diff", "old.json", "new.json"], Some(&dir));
    assert_eq!(
        run.code, code,
        "{case}: exit status\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout
            .lines()
            .any(|l| line.iter().all(|fragment| l.contains(fragment))),
        "{case}: no line with {line:?}:\n{}",
        run.stdout
    );
}

/// The committed manifest and a copy changed by `edit`.
fn edited(edit: impl FnOnce(&mut Value)) -> (Value, Value) {
    let old = committed();
    let mut new = old.clone();
    edit(&mut new);
    (old, new)
}

fn schema<'a>(doc: &'a mut Value, name: &str) -> &'a mut Value {
    &mut doc["components"]["schemas"][name]
}

const BREAKING: i32 = 1;
const COMPATIBLE: i32 = 3;

#[test]
fn committed_manifest_against_itself_is_no_change() {
    let path = crate_dir().join("../api.json");
    let path = path.to_str().unwrap();
    let run = bffkit(&["diff", path, path], None);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no changes\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn type_changed_in_a_response() {
    let (old, new) =
        edited(|d| schema(d, "Todo")["properties"]["title"]["type"] = json!("integer"));
    check(
        "type",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/todo",
            "response.title: type changed from string to integer",
        ],
    );
}

#[test]
fn required_field_added_to_a_request_and_made_optional_in_a_response() {
    let (old, new) = edited(|d| {
        let new_todo = schema(d, "NewTodo");
        new_todo["properties"]["done"] = json!({"type": "boolean"});
        new_todo["required"] = json!(["title", "done"]);
    });
    check(
        "required input",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/todo",
            "body.done: required field added",
        ],
    );
    let (old, new) = edited(|d| schema(d, "Todo")["required"] = json!(["title"]));
    check(
        "required output",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/todo",
            "response.id: field made optional",
        ],
    );
}

#[test]
fn enum_value_removed_from_a_request() {
    let (old, new) = edited(|d| schema(d, "Topic")["enum"] = json!(["news"]));
    check(
        "enum",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/subscribe",
            "no longer accepts \"offers\"",
        ],
    );
}

#[test]
fn minimum_raised_and_made_exclusive() {
    let (old, new) =
        edited(|d| schema(d, "Subscription")["properties"]["age"]["minimum"] = json!(14));
    check(
        "minimum",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/subscribe",
            "body.age: minimum tightened",
        ],
    );
    let (old, new) = edited(|d| {
        let age = &mut schema(d, "Subscription")["properties"]["age"];
        let minimum = age["minimum"].take();
        age.as_object_mut().unwrap().remove("minimum");
        age["exclusiveMinimum"] = minimum;
    });
    check(
        "exclusiveMinimum",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/subscribe",
            "body.age: minimum tightened",
            "from 13 to exclusive 13",
        ],
    );
}

#[test]
fn max_length_lowered_and_raised() {
    let (old, new) =
        edited(|d| schema(d, "GreetData")["properties"]["name"]["maxLength"] = json!(1));
    check(
        "maxLength lowered",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/greet",
            "body.name: maxLength tightened",
        ],
    );
    // GreetData is only read, never answered: loosening it is compatible.
    let (old, new) = edited(|d| {
        schema(d, "GreetData")["properties"]["name"]
            .as_object_mut()
            .unwrap()
            .remove("maxLength");
    });
    check(
        "maxLength removed",
        &old,
        &new,
        COMPATIBLE,
        &[
            "compatible",
            "POST /api/greet",
            "body.name: maxLength 50 removed",
        ],
    );
}

#[test]
fn max_items_lowered() {
    let (old, new) =
        edited(|d| schema(d, "Numbers")["properties"]["numbers"]["maxItems"] = json!(1));
    check(
        "maxItems",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/sum",
            "body.numbers: maxItems tightened",
        ],
    );
}

#[test]
fn pattern_and_format_added_to_a_request() {
    let (old, new) =
        edited(|d| schema(d, "GreetData")["properties"]["name"]["pattern"] = json!("^[a-z]+$"));
    check(
        "pattern",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/greet",
            "body.name: pattern \"^[a-z]+$\" added",
        ],
    );
    let (old, new) =
        edited(|d| schema(d, "GreetData")["properties"]["name"]["format"] = json!("email"));
    check(
        "format",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/greet",
            "body.name: format changed from none to \"email\"",
        ],
    );
}

#[test]
fn additional_properties_closed_on_a_request() {
    let (old, new) = edited(|d| schema(d, "NewTodo")["additionalProperties"] = json!(false));
    check(
        "additionalProperties",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/todo",
            "body: additionalProperties closed",
        ],
    );
}

#[test]
fn null_no_longer_accepted_in_a_query() {
    let (old, new) = edited(|d| {
        d["paths"]["/api/hello"]["get"]["parameters"][0]["schema"]["type"] = json!("string")
    });
    check(
        "null",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "GET /api/hello",
            "query.name: no longer accepts null",
        ],
    );
}

#[test]
fn any_of_branch_added_to_a_response() {
    let (old, new) = edited(|d| {
        let content =
            &mut d["paths"]["/api/sum"]["post"]["responses"]["200"]["content"]["application/json"];
        let sum = content["schema"].take();
        content["schema"] = json!({"anyOf": [sum, {"type": "object", "properties": {"overflow": {"const": true}}, "required": ["overflow"]}]});
    });
    check(
        "anyOf",
        &old,
        &new,
        BREAKING,
        &["breaking", "POST /api/sum", "response"],
    );
}

#[test]
fn change_inside_a_recursive_ref_target() {
    let (old, new) =
        edited(|d| schema(d, "Category")["properties"]["name"]["minLength"] = json!(2));
    check(
        "$ref",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/category",
            "body.name: minLength tightened",
        ],
    );
}

#[test]
fn parameter_added_and_made_required() {
    let (old, new) = edited(|d| {
        d["paths"]["/api/user/list"]["get"]["parameters"][1]["required"] = json!(true);
    });
    check(
        "made required",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "GET /api/user/list",
            "query.size: parameter made required",
        ],
    );
    let (old, new) = edited(|d| {
        let params = d["paths"]["/api/user/list"]["get"]["parameters"]
            .as_array_mut()
            .unwrap();
        params.push(
            json!({"in": "query", "name": "sort", "required": true, "schema": {"type": "string"}}),
        );
    });
    check(
        "added",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "GET /api/user/list",
            "query.sort: required parameter added",
        ],
    );
}

#[test]
fn request_body_made_required() {
    let (new, old) =
        edited(|d| d["paths"]["/api/todo"]["post"]["requestBody"]["required"] = json!(false));
    check(
        "body required",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/todo",
            "body: request body made required",
        ],
    );
}

#[test]
fn success_status_changed() {
    let (old, new) = edited(|d| {
        let responses = d["paths"]["/api/todo"]["post"]["responses"]
            .as_object_mut()
            .unwrap();
        let ok = responses.remove("200").unwrap();
        responses.insert("201".into(), ok);
    });
    check(
        "status",
        &old,
        &new,
        BREAKING,
        &["breaking", "POST /api/todo", "success status 201 added"],
    );
}

#[test]
fn response_content_type_added() {
    let (old, new) = edited(|d| {
        d["paths"]["/api/todo"]["post"]["responses"]["200"]["content"]["text/csv"] =
            json!({"schema": {"type": "string"}});
    });
    check(
        "content type",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "POST /api/todo",
            "response 200: content type text/csv added",
        ],
    );
}

#[test]
fn route_now_requires_authentication() {
    let (old, new) =
        edited(|d| d["paths"]["/api/hello"]["get"]["security"] = json!([{"session": []}]));
    check(
        "security",
        &old,
        &new,
        BREAKING,
        &[
            "breaking",
            "GET /api/hello",
            "security: now requires session",
        ],
    );
}

#[test]
fn deprecation_is_reported_as_compatible() {
    let (old, new) = edited(|d| d["paths"]["/api/hello"]["get"]["deprecated"] = json!(true));
    check(
        "deprecated",
        &old,
        &new,
        COMPATIBLE,
        &["compatible", "GET /api/hello", "deprecated"],
    );
}

#[test]
fn declared_error_added_is_flagged_as_compatible() {
    let (old, new) = edited(|d| {
        let errors = d["paths"]["/api/todo"]["post"]["x-bffkit-errors"]
            .as_array_mut()
            .unwrap();
        errors.push(json!({"status": 422, "code": 21002, "name": "TITLE_EMPTY"}));
    });
    check(
        "declared error",
        &old,
        &new,
        COMPATIBLE,
        &[
            "compatible",
            "POST /api/todo",
            "errors: may now fail with 422 21002 TITLE_EMPTY",
        ],
    );
}
