// The docs playground: renders the embedded OpenAPI manifest and sends requests with fetch.
"use strict";
(function () {
  const manifest = JSON.parse(document.getElementById("manifest").textContent);
  const schemas = (manifest.components && manifest.components.schemas) || {};
  const METHODS = ["get", "post", "put", "patch", "delete", "head", "options", "trace"];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") node.className = v; else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  // `#/components/schemas/Name` → the schema; `seen` keeps recursive types finite.
  function deref(schema, seen) {
    if (schema && typeof schema.$ref === "string") {
      const name = decodeURIComponent(schema.$ref.split("/").pop());
      if (seen.has(name)) return { recursive: name };
      return { name, schema: schemas[name] || {}, seen: new Set([...seen, name]) };
    }
    return { schema: schema || {}, seen };
  }

  // A TypeScript-like text rendering of a JSON Schema.
  function render(schema, indent, seen) {
    const pad = "  ".repeat(indent);
    const r = deref(schema, seen);
    if (r.recursive) return r.recursive + " /* recursive */";
    const s = r.schema;
    const named = r.name ? r.name + " " : "";
    seen = r.seen;
    if (s === true || Object.keys(s).length === 0) return named + "any";
    if (s.const !== undefined) return JSON.stringify(s.const);
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
    const alts = s.oneOf || s.anyOf;
    if (alts) return alts.map((a) => render(a, indent, seen)).join(" | ");
    if (s.allOf) return s.allOf.map((a) => render(a, indent, seen)).join(" & ");
    let type = s.type;
    if (Array.isArray(type)) {
      return type.map((t) => render(Object.assign({}, s, { type: t }), indent, seen)).join(" | ");
    }
    if (type === "array" || s.items) {
      const item = s.items ? render(s.items, indent, seen) : "any";
      // Parenthesize unions, not named objects: `(A | B)[]`, `Todo {…}[]`.
      return (/^[^{\n]*[|&]/.test(item) ? "(" + item + ")" : item) + "[]" + limits(s);
    }
    if (type === "object" || s.properties) {
      const required = new Set(s.required || []);
      const lines = Object.entries(s.properties || {}).map(([k, v]) => {
        const doc = v && v.description ? pad + "  // " + v.description.replace(/\n/g, " ") + "\n" : "";
        return doc + pad + "  " + k + (required.has(k) ? "" : "?") + ": " + render(v, indent + 1, seen) + ";";
      });
      if (s.additionalProperties && typeof s.additionalProperties === "object") {
        lines.push(pad + "  [key: string]: " + render(s.additionalProperties, indent + 1, seen) + ";");
      }
      return named + (lines.length ? "{\n" + lines.join("\n") + "\n" + pad + "}" : "{}");
    }
    return (type || "any") + (s.format ? " <" + s.format + ">" : "") + limits(s);
  }

  function limits(s) {
    const out = [];
    for (const k of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "pattern"]) {
      if (s[k] !== undefined) out.push(k + " " + s[k]);
    }
    return out.length ? " /* " + out.join(", ") + " */" : "";
  }

  // A value matching the schema, to prefill forms.
  function example(schema, seen, depth) {
    const r = deref(schema, seen);
    if (r.recursive || depth > 6) return null;
    const s = r.schema;
    seen = r.seen;
    if (s.examples && s.examples.length) return s.examples[0];
    if (s.default !== undefined) return s.default;
    if (s.const !== undefined) return s.const;
    if (s.enum) return s.enum[0];
    const alts = s.oneOf || s.anyOf;
    if (alts) {
      const first = alts.find((a) => a.type !== "null") || alts[0];
      return example(first, seen, depth + 1);
    }
    if (s.allOf) return Object.assign({}, ...s.allOf.map((a) => example(a, seen, depth + 1)));
    let type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
    if (!type && s.properties) type = "object";
    switch (type) {
      case "object": {
        const out = {};
        for (const [k, v] of Object.entries(s.properties || {})) out[k] = example(v, seen, depth + 1);
        return out;
      }
      case "array": return s.items ? [example(s.items, seen, depth + 1)] : [];
      case "string": return s.format === "date-time" ? new Date(0).toISOString() : s.minLength ? "x".repeat(s.minLength) : "string";
      case "integer": return s.minimum !== undefined ? s.minimum : 0;
      case "number": return s.minimum !== undefined ? s.minimum : 0;
      case "boolean": return false;
      case "null": return null;
      default: return null;
    }
  }

  function section(title, ...content) {
    return [el("h3", {}, title), ...content];
  }

  function routeView(path, method, op) {
    const params = op.parameters || [];
    const deprecated = op.deprecated === true;
    const summaryLine = el("summary", {},
      el("span", { class: "method " + method }, method.toUpperCase()),
      el("span", { class: "path" }, path),
      el("span", { class: "summary" }, op.summary || ""),
      deprecated ? el("span", { class: "tag warn" }, "deprecated") : null,
      op["x-bffkit-internal"] ? el("span", { class: "tag" }, "built in") : null,
      op.responses && op.responses["401"] ? el("span", { class: "tag" }, "sign-in") : null);
    const body = el("div", { class: "body" });
    if (deprecated) {
      body.append(el("p", { class: "reason" }, "Deprecated" + (op["x-bffkit-deprecated"] ? ": " + op["x-bffkit-deprecated"] : "")));
    }
    if (op.description) body.append(el("p", { class: "description" }, op.description));
    if (params.length) {
      body.append(...section("Parameters", el("table", { class: "params" },
        el("tr", {}, el("th", {}, "name"), el("th", {}, "in"), el("th", {}, "type"), el("th", {}, "")),
        params.map((p) => el("tr", {},
          el("td", {}, el("code", {}, p.name)), el("td", {}, p.in),
          el("td", {}, el("code", {}, render(p.schema, 0, new Set()))),
          el("td", {}, (p.required ? "required" : "optional") + (p.description ? " — " + p.description : "")))))));
    }
    const content = op.requestBody && op.requestBody.content;
    const bodyType = content ? Object.keys(content)[0] : null;
    if (bodyType) {
      body.append(...section("Request body (" + bodyType + ")", el("pre", {}, render(content[bodyType].schema, 0, new Set()))));
    }
    const responses = op.responses || {};
    for (const [status, resp] of Object.entries(responses)) {
      if (status !== "200") continue;
      const schema = resp.content && resp.content["application/json"] && resp.content["application/json"].schema;
      body.append(...section("Response 200", el("pre", {}, render(schema, 0, new Set()))));
    }
    const errors = Object.keys(responses).filter((s) => s !== "200");
    if (errors.length) body.append(el("p", { class: "summary" }, "Errors (ApiError {code, msg, data?}): " + errors.map((s) => s + " " + responses[s].description).join(", ")));
    body.append(...section("Try it", tryForm(path, method, params, bodyType, bodyType ? content[bodyType].schema : null)));
    return el("details", { class: "route" + (deprecated ? " deprecated" : ""), "data-method": method.toUpperCase(), "data-path": path }, summaryLine, body);
  }

  function tryForm(path, method, params, bodyType, bodySchema) {
    const form = el("form", { class: "try" });
    const inputs = [];
    for (const p of params) {
      if (p.in === "cookie") continue; // browsers do not let fetch set cookies
      const value = example(p.schema, new Set(), 0);
      const input = el("input", { name: p.name, "data-in": p.in, placeholder: p.required ? "required" : "optional",
        value: p.in === "path" && value !== null ? String(value) : "" });
      inputs.push(input);
      form.append(el("label", {}, p.in + " " + p.name, input));
    }
    let textarea = null;
    if (bodyType === "multipart/form-data") {
      form.append(el("p", { class: "summary" }, "multipart/form-data: send this one with curl or the client."));
    } else if (bodyType) {
      const ex = example(bodySchema, new Set(), 0);
      let text = "";
      if (bodyType === "application/json") text = JSON.stringify(ex, null, 2);
      else if (bodyType === "application/x-www-form-urlencoded") text = new URLSearchParams(ex && typeof ex === "object" ? ex : {}).toString();
      else text = typeof ex === "string" ? ex : "";
      textarea = el("textarea", { name: "body", spellcheck: "false" });
      textarea.value = text;
      form.append(el("label", {}, "body", textarea));
    }
    const result = el("div", { class: "result" });
    form.append(el("button", { type: "submit" }, "Send"), result);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      let url = path;
      const query = new URLSearchParams();
      const headers = {};
      for (const input of inputs) {
        const where = input.dataset.in;
        if (where === "path") url = url.replace("{" + input.name + "}", encodeURIComponent(input.value));
        else if (input.value === "") continue;
        else if (where === "query") query.append(input.name, input.value);
        else if (where === "header") headers[input.name] = input.value;
      }
      const auth = document.getElementById("authorization").value.trim();
      if (auth) headers.authorization = /^bearer /i.test(auth) ? auth : "Bearer " + auth;
      const init = { method: method.toUpperCase(), headers };
      if (textarea) { init.body = textarea.value; headers["content-type"] = bodyType; }
      const qs = query.toString();
      const started = performance.now();
      result.replaceChildren(el("p", {}, "Sending…"));
      try {
        const response = await fetch(url + (qs ? "?" + qs : ""), init);
        const text = await response.text();
        let shown = text;
        try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (_) { /* not JSON */ }
        result.replaceChildren(
          el("p", {}, el("span", { class: "status " + (response.ok ? "ok" : "err"), "data-status": String(response.status) },
            response.status + " " + response.statusText), " in " + Math.round(performance.now() - started) + " ms — " + init.method + " " + url + (qs ? "?" + qs : "")),
          el("pre", { class: "response" }, shown));
      } catch (error) {
        result.replaceChildren(el("p", { class: "status err" }, "Request failed: " + error));
      }
    });
    return form;
  }

  const title = (manifest.info && manifest.info.title) || "API";
  document.getElementById("title").textContent = title + " " + ((manifest.info && manifest.info.version) || "");
  document.title = title + " — API docs";
  const main = document.getElementById("routes");
  for (const [path, item] of Object.entries(manifest.paths || {})) {
    for (const method of METHODS) if (item[method]) main.append(routeView(path, method, item[method]));
  }
  document.getElementById("filter").addEventListener("input", (event) => {
    const needle = event.target.value.toLowerCase();
    for (const route of main.children) {
      route.hidden = needle !== "" && !route.textContent.toLowerCase().includes(needle);
    }
  });
})();
