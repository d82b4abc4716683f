//! One operation → one exported async function: path parameters first, then one input
//! object (`query`, one body member, `headers`), then the runtime's `CallOptions`.

use bffkit_contract::RequestPart;

use super::jsdoc::Doc;
use super::names::{self, string_literal, NameSet};
use super::target::Target;
use super::ts_type::{object_literal, Field, TypeWriter};
use crate::manifest::{BodyKind, Location, Manifest, Operation, Param, Response};

/// Runtime helpers a body kind needs; each is emitted once, only when used.
#[derive(Default)]
pub struct Helpers {
    pub form_data: bool,
    pub urlencoded: bool,
}

pub const FORM_DATA_HELPER: &str = r#"/** Builds multipart form data from a typed object (arrays become repeated fields). */
function formDataOf(value: FormData | Record<string, unknown> | undefined): FormData | undefined {
  if (value === undefined || value instanceof FormData) return value;
  const form = new FormData();
  for (const [name, field] of Object.entries(value)) {
    for (const item of Array.isArray(field) ? field : [field]) {
      if (item === undefined || item === null) continue;
      form.append(name, item instanceof Blob ? item : typeof item === "object" ? JSON.stringify(item) : String(item));
    }
  }
  return form;
}
"#;

pub const URLENCODED_HELPER: &str = r#"/** Builds an urlencoded form from a typed object (arrays become repeated fields). */
function urlencodedOf(value: URLSearchParams | Record<string, unknown> | undefined): URLSearchParams | undefined {
  if (value === undefined || value instanceof URLSearchParams) return value;
  const params = new URLSearchParams();
  for (const [name, field] of Object.entries(value)) {
    for (const item of Array.isArray(field) ? field : [field]) {
      if (item !== undefined && item !== null) params.append(name, String(item));
    }
  }
  return params;
}
"#;

pub fn render(
    manifest: &Manifest,
    op: &Operation,
    name: &str,
    types: &TypeWriter,
    helpers: &mut Helpers,
    target: Target,
) -> Result<String, String> {
    let route = format!("{} {}", op.method, op.path);
    let mut arg_names = NameSet::with(&["input", "options", "client"]);
    let path_params = ordered_path_params(op).map_err(|e| format!("{route}: {e}"))?;

    let mut args = Vec::new();
    let mut path_expr = String::new();
    for segment in &path_params {
        match segment {
            Segment::Literal(text) => path_expr.push_str(&escape_template(text)),
            Segment::Param { name: raw, param } => {
                let arg = arg_names.claim(names::identifier(raw));
                let catch_all = param.is_some_and(|p| p.catch_all);
                let ty = match param {
                    Some(p) if !catch_all => types.ts(p.schema, 0),
                    _ => "string".to_owned(),
                };
                let encoded = if catch_all {
                    format!("{arg}.split(\"/\").map(encodeURIComponent).join(\"/\")")
                } else if matches!(ty.as_str(), "string" | "number" | "boolean") {
                    format!("encodeURIComponent({arg})")
                } else {
                    format!("encodeURIComponent(String({arg}))")
                };
                path_expr.push_str(&format!("${{{encoded}}}"));
                args.push(format!("{arg}: {ty}"));
            }
        }
    }
    let path_literal = if path_params
        .iter()
        .any(|s| matches!(s, Segment::Param { .. }))
    {
        format!("`{path_expr}`")
    } else {
        string_literal(op.path)
    };

    if op.websocket {
        return Ok(socket(manifest, op, name, args, &path_literal, types));
    }
    let (fields, overrides) = input_fields(op, types, helpers, target);
    let input_required = fields.iter().any(|f| !f.optional);
    let input_type = object_literal(&fields, 0);
    args.push(if input_required {
        format!("input: {input_type}")
    } else {
        format!("input: {input_type} = {{}}")
    });
    args.push("options?: CallOptions".to_owned());

    let output = match op.response {
        Response::Json(schema) => types.ts(schema, 0),
        Response::Text => "string".to_owned(),
        Response::Empty => "void".to_owned(),
        Response::Stream(item) => {
            let mut doc = function_doc(manifest, op);
            super::stream::note(&mut doc, target);
            return Ok(super::stream::render(
                doc,
                name,
                &args,
                &types.ts(item, 0),
                target,
                &call_object(&op.method, &path_literal, &overrides),
            ));
        }
    };

    let mut doc = function_doc(manifest, op);
    if target.is_miniprogram() && op.method == "PATCH" {
        doc.gap().line(&format!(
            "`{}` cannot send PATCH: this call travels inside a batch request (the batch \
             endpoint names each call's method), even alone or with `batch: false`.",
            target.request_function()
        ));
    }
    let mut out = doc.render(0);
    out.push_str(&format!(
        "export async function {name}({}): Promise<{output}> {{\n",
        args.join(", ")
    ));
    let options = if op.unbatched {
        "{ ...options, batch: false }"
    } else {
        "options"
    };
    out.push_str(&format!(
        "  return client.call<{output}>({}, {options});\n}}\n",
        call_object(&op.method, &path_literal, &overrides)
    ));
    Ok(out)
}

/// The call input literal: method, path, the caller's input, then the typed-form overrides.
fn call_object(method: &str, path_literal: &str, overrides: &[&str]) -> String {
    let mut out = format!(
        "{{\n    method: {},\n    path: {path_literal},\n    ...input,\n",
        string_literal(method)
    );
    for line in overrides {
        out.push_str(&format!("    {line},\n"));
    }
    out.push_str("  }");
    out
}

/// The input object's members, and the call-input lines that convert typed forms.
fn input_fields(
    op: &Operation,
    types: &TypeWriter,
    helpers: &mut Helpers,
    target: Target,
) -> (Vec<Field>, Vec<&'static str>) {
    let mut fields = Vec::new();
    let mut overrides = Vec::new();
    let query = params_object(op.params_in(Location::Query), |p| types.ts(p.schema, 2));
    if !query.is_empty() {
        fields.push(Field {
            key: RequestPart::Query.client_key().into(),
            optional: query.iter().all(|f| f.optional),
            ty: object_literal(&query, 2),
            doc: Doc::default(),
        });
    }
    if let Some(body) = &op.body {
        let schema_ty = || types.ts(body.schema, 2);
        let ty = match body.kind {
            BodyKind::Json => schema_ty(),
            BodyKind::Text => "string".to_owned(),
            // Mini-programs have no FormData: the runtime encodes the record of fields.
            BodyKind::Multipart | BodyKind::FormUrlencoded if target.is_miniprogram() => {
                schema_ty()
            }
            BodyKind::Multipart => {
                helpers.form_data = true;
                overrides.push("formData: formDataOf(input.formData)");
                format!("FormData | {}", schema_ty())
            }
            BodyKind::FormUrlencoded => {
                helpers.urlencoded = true;
                overrides.push("formUrlencoded: urlencodedOf(input.formUrlencoded)");
                format!("URLSearchParams | {}", schema_ty())
            }
        };
        let key = body.kind.part().client_key();
        let mut doc = Doc::default();
        doc.line(&format!("`{}` body.", body.kind.media_type()));
        fields.push(Field {
            key: key.into(),
            ty,
            optional: !body.required,
            doc,
        });
    }
    // Header values travel as strings whatever their schema says; the server parses them.
    let headers = params_object(op.params_in(Location::Header), |_| "string".to_owned());
    if headers.is_empty() {
        let mut doc = Doc::default();
        doc.line("Extra request headers; a call with headers is sent on its own, not batched.");
        fields.push(Field {
            key: RequestPart::Headers.client_key().into(),
            ty: "Record<string, string>".into(),
            optional: true,
            doc,
        });
    } else {
        fields.push(Field {
            key: RequestPart::Headers.client_key().into(),
            optional: headers.iter().all(|f| f.optional),
            ty: format!("{} & Record<string, string>", object_literal(&headers, 2)),
            doc: Doc::default(),
        });
    }
    (fields, overrides)
}

fn params_object<'p, 'a: 'p>(
    params: impl Iterator<Item = &'p Param<'a>>,
    ty: impl Fn(&Param) -> String,
) -> Vec<Field> {
    params
        .map(|p| {
            let mut doc = Doc::default();
            doc.remarks(p.description);
            if super::jsdoc::has_64bit_integer(p.schema) {
                doc.line(&format!("@remarks {}", super::jsdoc::INT64_NOTE));
            }
            if p.deprecated || p.schema["deprecated"] == true {
                doc.deprecated(Some(""));
            }
            Field {
                key: p.name.to_owned(),
                ty: ty(p),
                optional: !p.required,
                doc,
            }
        })
        .collect()
}

fn function_doc(manifest: &Manifest, op: &Operation) -> Doc {
    let mut doc = Doc::default();
    if let Some(summary) = op.summary {
        doc.line(summary).gap();
    }
    if op.description.is_some() {
        doc.remarks(op.description).gap();
    }
    doc.line(&format!("`{} {}`", op.method, op.path));
    if let Some(line) = super::security::requirement_line(manifest, op) {
        doc.line(&line);
    }
    let cookies: Vec<String> = op
        .params_in(Location::Cookie)
        .map(|p| format!("`{}`", p.name))
        .collect();
    if !cookies.is_empty() {
        doc.line(&format!(
            "Reads cookies {} (sent by the browser, not by this function).",
            cookies.join(", ")
        ));
    }
    for param in op.params_in(Location::Path) {
        let wide = matches!(param.schema["format"].as_str(), Some("int64" | "uint64"));
        let text = match (param.description, wide) {
            (Some(d), true) => format!("{d} ({})", super::jsdoc::INT64_NOTE),
            (Some(d), false) => d.to_owned(),
            (None, true) => super::jsdoc::INT64_NOTE.to_owned(),
            (None, false) => continue,
        };
        doc.line(&format!(
            "@param {} - {text}",
            names::identifier(param.name)
        ));
    }
    for (status, description, file) in &op.middleware_statuses {
        doc.line(&format!(
            "@throws {{BffError}} {status} {description} (from `{file}`)"
        ));
    }
    doc.deprecated(op.deprecated);
    doc
}

enum Segment<'o, 'a> {
    Literal(String),
    Param {
        name: String,
        param: Option<&'o Param<'a>>,
    },
}

/// The path template split into literal text and `{param}`s, in path order.
fn ordered_path_params<'o, 'a>(op: &'o Operation<'a>) -> Result<Vec<Segment<'o, 'a>>, String> {
    let mut segments = Vec::new();
    let mut rest = op.path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').ok_or("unclosed `{` in the path")? + open;
        segments.push(Segment::Literal(rest[..open].to_owned()));
        let raw = rest[open + 1..close].trim_start_matches('*');
        let param = op.params_in(Location::Path).find(|p| p.name == raw);
        segments.push(Segment::Param {
            name: raw.to_owned(),
            param,
        });
        rest = &rest[close + 1..];
    }
    segments.push(Segment::Literal(rest.to_owned()));
    Ok(segments)
}

fn escape_template(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('`', "\\`")
        .replace("${", "\\${")
}

/// A WebSocket lambda → a function opening the connection through the platform
/// (`wx.connectSocket`, `my.connectSocket`), with the session's bearer token.
fn socket(
    manifest: &Manifest,
    op: &Operation,
    name: &str,
    mut args: Vec<String>,
    path_literal: &str,
    types: &TypeWriter,
) -> String {
    let query = params_object(op.params_in(Location::Query), |p| types.ts(p.schema, 2));
    let query_arg = !query.is_empty();
    if query_arg {
        let optional = if query.iter().all(|f| f.optional) {
            "?"
        } else {
            ""
        };
        args.push(format!("query{optional}: {}", object_literal(&query, 0)));
    }
    let mut doc = function_doc(manifest, op);
    doc.gap()
        .line("Opens the WebSocket (messages are JSON both ways); `close()` ends it.");
    let mut out = doc.render(0);
    out.push_str(&format!(
        "export function {name}({}): BffSocket {{\n",
        args.join(", ")
    ));
    let query = if query_arg { ", query" } else { "" };
    out.push_str(&format!(
        "  return client.socket({path_literal}{query});\n}}\n"
    ));
    out
}
