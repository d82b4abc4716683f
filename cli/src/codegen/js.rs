//! `--lang js`: the generated TypeScript as ES2015+ JavaScript with a `.d.ts` beside it,
//! for mini-program projects written in plain JavaScript. The generator's own output has a
//! known shape (top-level imports, type aliases and functions, each after its JSDoc), so the
//! split is done on that shape: types go to the declarations, code to the JavaScript.

/// `(javascript, declarations)` from the generated TypeScript `ts`.
pub fn split(ts: &str) -> Result<(String, String), String> {
    let mut js = String::new();
    let mut dts = String::new();
    for item in items(ts) {
        let code = item.code.trim_start();
        let (to_js, to_dts) =
            if code.starts_with("import type ") || code.starts_with("export type ") {
                (None, Some(item.code.clone()))
            } else if code.starts_with("import ") || code.starts_with("export {") {
                (Some(item.code.clone()), Some(item.code.clone()))
            } else if let Some(rest) = code
                .strip_prefix("const ")
                .or_else(|| code.strip_prefix("let "))
            {
                // `const defaults: ClientOptions = …;`: module-private, code only.
                let keyword = if code.starts_with("const ") {
                    "const"
                } else {
                    "let"
                };
                let (name, value) = rest
                    .split_once(" = ")
                    .ok_or_else(|| format!("unexpected declaration: {code}"))?;
                let name = name.split(':').next().unwrap_or(name).trim();
                (Some(format!("{keyword} {name} = {value}")), None)
            } else if code.starts_with("export function ")
                || code.starts_with("export async function ")
                || code.starts_with("function ")
            {
                let f = function(code)?;
                let exported = code.starts_with("export ");
                (Some(f.js), exported.then_some(f.dts))
            } else if code.starts_with("/**") && item.doc.is_empty() {
                // The file's header comment.
                (Some(item.code.clone()), Some(item.code.clone()))
            } else {
                return Err(format!(
                    "--lang js: unexpected statement in the generated client: {}",
                    code.lines().next().unwrap_or("")
                ));
            };
        for (out, text) in [(&mut js, to_js), (&mut dts, to_dts)] {
            if let Some(text) = text {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&item.doc);
                out.push_str(&text);
                if !text.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
    Ok((js, dts))
}

struct Item {
    /// The JSDoc before the statement, if any.
    doc: String,
    code: String,
}

/// The top-level statements, each with the JSDoc right before it.
fn items(ts: &str) -> Vec<Item> {
    let mut out = Vec::new();
    let mut doc = String::new();
    let mut code = String::new();
    let mut depth = 0i32;
    let mut in_doc = false;
    for line in ts.split_inclusive('\n') {
        if code.is_empty() && depth == 0 {
            if line.trim().is_empty() {
                // A comment followed by a blank line stands alone (the file header).
                if !doc.is_empty() {
                    out.push(Item {
                        doc: String::new(),
                        code: std::mem::take(&mut doc),
                    });
                }
                continue;
            }
            if line.starts_with("/**") || in_doc {
                in_doc = !line.trim_end().ends_with("*/");
                doc.push_str(line);
                continue;
            }
        }
        code.push_str(line);
        depth += brace_balance(line);
        let end = line.trim_end();
        if depth == 0 && (end.ends_with(';') || end == "}") {
            out.push(Item {
                doc: std::mem::take(&mut doc),
                code: std::mem::take(&mut code),
            });
        }
    }
    out
}

/// `{` minus `}` on a line, outside strings and `//` comments.
fn brace_balance(line: &str) -> i32 {
    let mut balance = 0;
    let mut quote = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), '\\') => {
                chars.next();
            }
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '/') if chars.peek() == Some(&'/') => break,
            (None, '{') => balance += 1,
            (None, '}') => balance -= 1,
            _ => {}
        }
    }
    balance
}

struct Function {
    js: String,
    dts: String,
}

/// `export async function f(a: A, input: I = {}, options?: O): R { body }`.
fn function(code: &str) -> Result<Function, String> {
    let open = code.find('(').ok_or("a function without parameters")?;
    let close = matching(code, open)?;
    let head = &code[..open];
    let params = split_params(&code[open + 1..close]);
    let after = &code[close + 1..];
    let colon = after
        .find(':')
        .ok_or_else(|| format!("{head}: no return type"))?;
    let body_start = body_brace(after, colon + 1).ok_or_else(|| format!("{head}: no body"))?;
    let returns = after[colon + 1..body_start].trim();
    let body = &after[body_start..];

    let mut js_params = Vec::new();
    let mut dts_params = Vec::new();
    for param in &params {
        let param = param.trim();
        let (decl, default) = match top_level_find(param, " = ") {
            Some(at) => (&param[..at], Some(&param[at + 3..])),
            None => (param, None),
        };
        let (name, ty) = decl
            .split_once(':')
            .ok_or_else(|| format!("{head}: untyped parameter {param}"))?;
        let optional = name.ends_with('?') || default.is_some();
        let name = name.trim_end_matches('?').trim();
        js_params.push(match default {
            Some(value) => format!("{name} = {value}"),
            None => name.to_owned(),
        });
        dts_params.push(format!(
            "{name}{}: {}",
            if optional { "?" } else { "" },
            ty.trim()
        ));
    }
    let declared = head
        .replace("async ", "")
        .replacen("export ", "export declare ", 1);
    Ok(Function {
        js: format!(
            "{head}({}) {}",
            js_params.join(", "),
            erase_type_arguments(body)
        ),
        dts: format!("{declared}({}): {returns};\n", dts_params.join(", ")),
    })
}

/// The index of the bracket closing the one at `open`.
fn matching(text: &str, open: usize) -> Result<usize, String> {
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(open + i);
                }
            }
            _ => {}
        }
    }
    Err("unbalanced brackets".into())
}

/// The `{` opening the body: the first one outside every bracket after the return type began.
fn body_brace(text: &str, from: usize) -> Option<usize> {
    let mut depth = 0i32;
    let bytes = text.as_bytes();
    for (i, c) in text[from..].char_indices() {
        let at = from + i;
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' if at > 0 && bytes[at - 1] != b'=' => depth -= 1,
            ')' | ']' => depth -= 1,
            '{' if depth == 0
                && text[from..at].trim().ends_with(|c: char| {
                    c.is_alphanumeric() || c == '>' || c == ']' || c == ')'
                }) =>
            {
                return Some(at)
            }
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Parameters split at top-level commas.
fn split_params(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    let mut prev = ' ';
    for c in text.chars() {
        match c {
            '(' | '{' | '[' | '<' => depth += 1,
            ')' | '}' | ']' => depth -= 1,
            '>' if prev != '=' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut current));
                prev = c;
                continue;
            }
            _ => {}
        }
        current.push(c);
        prev = c;
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

/// Where `needle` first occurs outside brackets.
fn top_level_find(text: &str, needle: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '{' | '[' | '<' => depth += 1,
            ')' | '}' | ']' | '>' => depth -= 1,
            _ => {}
        }
        if depth == 0 && text[i..].starts_with(needle) {
            return Some(i);
        }
    }
    None
}

/// `client.call<T>(` → `client.call(`: the only types inside the generated bodies.
fn erase_type_arguments(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = ["client.call<", "client.stream<"]
        .iter()
        .filter_map(|m| rest.find(m).map(|i| i + m.len() - 1))
        .min()
    {
        out.push_str(&rest[..at]);
        let mut depth = 0;
        let mut end = at;
        let bytes = rest.as_bytes();
        for (i, c) in rest[at..].char_indices() {
            match c {
                '<' => depth += 1,
                '>' if bytes[at + i - 1] != b'=' => {
                    depth -= 1;
                    if depth == 0 {
                        end = at + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_loses_its_types_in_js_and_its_body_in_the_declarations() {
        let ts = "/**\n * Header.\n */\n\nimport { BffError, createClient } from \"@bffkit/client/wechat\";\nimport type { BffClient, CallOptions } from \"@bffkit/client/wechat\";\n\nconst defaults: ClientOptions = { baseUrl: \"\" };\nlet client: BffClient = createClient(defaults);\n\nexport type Info = {\n  /** A `{name}`. */\n  name: string;\n};\n\n/** Gets it. */\nexport async function getInfo(id: number, input: {\n  query?: { a?: Record<string, string> };\n} = {}, options?: CallOptions): Promise<{\n  name: string;\n}> {\n  return client.call<{\n  name: string;\n}>({\n    method: \"GET\",\n    path: `/api/${encodeURIComponent(id)}`,\n    ...input,\n  }, options);\n}\n\nexport function isGetInfoError(e: unknown): e is BffError {\n  return e instanceof BffError;\n}\n";
        let (js, dts) = split(ts).unwrap();
        assert_eq!(
            js,
            "/**\n * Header.\n */\n\nimport { BffError, createClient } from \"@bffkit/client/wechat\";\n\nconst defaults = { baseUrl: \"\" };\n\nlet client = createClient(defaults);\n\n/** Gets it. */\nexport async function getInfo(id, input = {}, options) {\n  return client.call({\n    method: \"GET\",\n    path: `/api/${encodeURIComponent(id)}`,\n    ...input,\n  }, options);\n}\n\nexport function isGetInfoError(e) {\n  return e instanceof BffError;\n}\n"
        );
        assert!(dts.contains("export declare function getInfo(id: number, input?: {\n  query?: { a?: Record<string, string> };\n}, options?: CallOptions): Promise<{\n  name: string;\n}>;\n"), "{dts}");
        assert!(
            dts.contains("export declare function isGetInfoError(e: unknown): e is BffError;\n"),
            "{dts}"
        );
        assert!(
            dts.contains("export type Info = {\n  /** A `{name}`. */\n  name: string;\n};\n"),
            "{dts}"
        );
        assert!(
            dts.contains("import type { BffClient, CallOptions }"),
            "{dts}"
        );
        assert!(!dts.contains("const defaults") && !js.contains("export type"));
    }
}
