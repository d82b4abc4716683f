//! The whole document, assembled from typed parts: each route's operation (the lambdas',
//! the merged routers', and bffkit's own, which describe themselves the same way), the
//! schemas, the security schemes and bffkit's settings.

use std::collections::BTreeMap;

use bffkit_contract::manifest::{
    BuiltinEndpoint, Components, Document, ErrorCodeEntry, Info, InfoExtension, PathItem, Tag,
};
use schemars::generate::SchemaSettings;
use serde_json::Value;

use super::operation::{self, Context, Describer, Entry};
use super::{operation_id, schemas, ManifestInfo};
use crate::error::code;
use crate::routes::ResolvedRoute;

/// The whole document.
pub(crate) fn document(routes: &[ResolvedRoute], info: &ManifestInfo) -> Document {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator();
    let mut entries: Vec<Entry> = routes
        .iter()
        .map(|r| Entry {
            method: r.method,
            path: &r.path,
            describe: Describer::Lambda(r.describe),
            middleware: r.middleware,
        })
        .collect();
    // The app's merged routers, then bffkit's own routes, each described by its `RouteDoc`.
    let merged = info.merged.iter().map(|m| (m, false));
    let own = (info.in_app.iter().map(|m| (m, true))).chain(info.beside.iter().map(|m| (m, false)));
    entries.extend(merged.chain(own).filter_map(|(m, in_app)| {
        Some(Entry {
            method: m.method,
            path: &m.path,
            describe: Describer::Merged {
                doc: m.doc.as_ref()?,
                in_app,
            },
            middleware: &[],
        })
    }));
    let mut ids: Vec<String> = entries
        .iter()
        .map(|e| match e.describe {
            Describer::Merged { doc, .. } if doc.named_operation_id().is_some() => {
                doc.named_operation_id().unwrap_or_default().to_owned()
            }
            _ => operation_id::operation_id(e.method.as_str(), e.path, info.prefix),
        })
        .collect();
    operation_id::dedupe(&mut ids);

    let mut paths: BTreeMap<String, PathItem> = BTreeMap::new();
    let mut security_schemes = BTreeMap::new();
    let mut middleware = crate::middleware::Built::default();
    let mut tags = BTreeMap::new();
    let mut cx = Context {
        info,
        generator: &mut generator,
        middleware: &mut middleware,
        security_schemes: &mut security_schemes,
        tags: &mut tags,
    };
    for (entry, id) in entries.iter().zip(&ids) {
        let op = operation::operation(entry, id, &mut cx);
        // OpenAPI has no `connect` operation: `PathItem` writes a `#[connect]` route under
        // a specification extension, which validators accept and generators skip.
        paths
            .entry(openapi_path(entry.path))
            .or_default()
            .set(entry.method, op);
    }
    // Where the document has security schemes, every operation says what it needs, and one
    // that says nothing needs none (an absent `security` would mean "the document's default").
    if info.sign_in.is_some() || !security_schemes.is_empty() {
        for op in paths.values_mut().flat_map(PathItem::operations_mut) {
            op.security.get_or_insert_with(Vec::new);
        }
    }

    let mut schemas: BTreeMap<String, Value> = generator
        .take_definitions(true)
        .into_iter()
        .map(|(name, schema)| (name, schemas::component(schema)))
        .collect();
    schemas.insert(schemas::API_ERROR.to_owned(), schemas::api_error());
    let mut all_schemes = info
        .sign_in
        .as_ref()
        .map(|s| s.schemes())
        .unwrap_or_default();
    all_schemes.extend(security_schemes);
    let tags = tags
        .into_iter()
        .map(|(name, description)| Tag {
            name: name.to_owned(),
            description: description.map(str::to_owned),
        })
        .collect();
    Document {
        openapi: "3.1.0".to_owned(),
        info: Info {
            title: Some(info.title.to_owned()),
            version: Some(info.version.to_owned()),
            bffkit: Some(InfoExtension {
                prefix: Some(info.prefix.to_owned()),
                envelope: info.envelope,
                batch_path: Some(BuiltinEndpoint::Batch.path(info.prefix)),
                error_codes: code::ALL
                    .iter()
                    .map(|c| (c, c.status))
                    .chain(code::OTHER_STATUSES.iter().map(|(c, status)| (c, *status)))
                    .map(|(c, status)| ErrorCodeEntry {
                        code: c.code,
                        status: status.as_u16(),
                        name: c.name.to_owned(),
                    })
                    .collect(),
            }),
            other: BTreeMap::new(),
        },
        paths,
        components: Components {
            schemas,
            security_schemes: all_schemes,
            other: BTreeMap::new(),
        },
        tags,
        other: BTreeMap::new(),
    }
}

/// axum's `{*rest}` is OpenAPI's `{rest}`.
fn openapi_path(path: &str) -> String {
    path.replace("{*", "{")
}
