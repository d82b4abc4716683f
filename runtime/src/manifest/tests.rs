//! The document's builders, tested on routes made here.

use bffkit_contract::manifest::extension;
use serde_json::{json, Value};

use super::*;
use crate::error::Statuses;
use crate::routes::{MergedRoute, ResolvedRoute, RouteDoc};
use bffkit_contract::Method;

fn route(method: Method, path: &str) -> ResolvedRoute {
    fn call(
        _: axum::extract::Request,
        _: crate::AppContext,
    ) -> crate::routes::table::HandlerFuture {
        unreachable!("only documented")
    }
    ResolvedRoute {
        method,
        path: path.to_owned(),
        file: "api/lambda/x.rs",
        function: "f",
        params: &[],
        middleware: &[],
        call,
        describe: |_| {},
    }
}

/// A document's settings: no sign-in, prefix `/api`, bffkit's routes `in_app`.
fn info<'a>(in_app: &'a [MergedRoute], merged: &'a [MergedRoute]) -> ManifestInfo<'a> {
    ManifestInfo {
        title: "t",
        version: "0",
        prefix: "/api",
        envelope: false,
        sign_in: None,
        merged,
        in_app,
        beside: &[],
    }
}

fn document_of(routes: &[ResolvedRoute]) -> Value {
    written(routes, &info(&[], &[]))
}

/// The document as it is served.
fn written(routes: &[ResolvedRoute], info: &ManifestInfo) -> Value {
    serde_json::to_value(document(routes, info)).unwrap()
}

#[test]
fn with_a_middleware_scheme_and_no_sign_in_every_operation_states_its_security() {
    static ADMIN: crate::middleware::FolderMiddleware = crate::middleware::FolderMiddleware {
        folder: "api/lambda/admin",
        file: "api/lambda/admin/_middleware.rs",
        make: || {
            crate::Middleware::from_fn(|request, next: crate::middleware::Next| next.run(request))
                .security("adminToken", json!({ "type": "http", "scheme": "bearer" }))
        },
    };
    static COVERED: &[&crate::middleware::FolderMiddleware] = &[&ADMIN];
    let mut admin = route(Method::Get, "/api/admin/stats");
    admin.middleware = COVERED;
    let batch = crate::batch::routes("/api", 50);
    let info = info(batch.described(), &[]);
    let doc = written(&[admin, route(Method::Get, "/api/open")], &info);
    assert_eq!(
        doc["paths"]["/api/admin/stats"]["get"]["security"],
        json!([{ "adminToken": [] }])
    );
    assert_eq!(doc["paths"]["/api/open"]["get"]["security"], json!([]));
    assert_eq!(doc["paths"]["/api/_batch"]["post"]["security"], json!([]));
    // `[batch] max_calls`, which the parser enforces with 413, is in the body's schema.
    assert_eq!(
        doc["paths"]["/api/_batch"]["post"]["requestBody"]["content"]["application/json"]["schema"]
            ["properties"]["calls"]["maxItems"],
        json!(50)
    );
    assert!(doc["components"]["securitySchemes"]["adminToken"].is_object());
}

#[test]
fn a_described_merged_route_documents_params_headers_errors_and_upgrades() {
    #[derive(schemars::JsonSchema)]
    #[allow(dead_code)]
    struct Params {
        shop: u32,
    }
    #[derive(schemars::JsonSchema)]
    #[allow(dead_code)]
    struct Headers {
        #[serde(rename = "x-trace")]
        trace: Option<String>,
    }
    const GONE: crate::ErrorCode =
        crate::ErrorCode::new(21007, http::StatusCode::GONE, "SHOP_GONE");
    let merged = [
        MergedRoute {
            method: Method::Get,
            path: "/legacy/{shop}/{slug}".to_owned(),
            doc: Some(
                RouteDoc::new()
                    .path_params::<Params>()
                    .headers::<Headers>()
                    .error(GONE)
                    .error((409, 21008))
                    .response::<bool>(),
            ),
        },
        MergedRoute {
            method: Method::Get,
            path: "/legacy/socket".to_owned(),
            doc: Some(RouteDoc::new().websocket()),
        },
    ];
    let doc = written(&[], &info(&[], &merged));
    let op = &doc["paths"]["/legacy/{shop}/{slug}"]["get"];
    let params = op["parameters"].as_array().unwrap();
    assert_eq!(params[0]["name"], "shop");
    assert_eq!(params[0]["schema"]["minimum"], 0, "{op}");
    assert_eq!(params[1]["name"], "slug");
    assert_eq!(params[1]["schema"], json!({ "type": "string" }));
    assert_eq!(params[2]["in"], "header");
    assert_eq!(params[2]["name"], "x-trace");
    assert_eq!(
        op[extension::ERRORS],
        json!([
            { "status": 410, "code": 21007, "name": "SHOP_GONE" },
            { "status": 409, "code": 21008 }
        ])
    );
    for status in ["409", "410"] {
        assert_eq!(
            op["responses"][status]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ApiError",
            "{status}"
        );
    }
    let socket = &doc["paths"]["/legacy/socket"]["get"];
    assert_eq!(socket[extension::WEBSOCKET], true);
    assert!(socket["responses"]["101"].is_object(), "{socket}");
    assert!(socket["responses"].get("200").is_none(), "{socket}");
    // axum's own handshake refusals: plain text, not bffkit's error body.
    assert_eq!(
        socket["responses"]["426"],
        json!({ "description": "Upgrade Required" })
    );
}

#[test]
fn connect_is_an_extension_not_an_operation() {
    let doc = document_of(&[
        route(Method::Connect, "/api/tunnel"),
        route(Method::Get, "/api/tunnel"),
    ]);
    let item = &doc["paths"]["/api/tunnel"];
    assert!(item.get("connect").is_none(), "{item}");
    assert!(item[extension::CONNECT]["responses"].is_object(), "{item}");
    assert!(item["get"].is_object(), "{item}");
}

/// A route that takes a JSON body, as the macros describe `Json<T>`.
fn with_body(method: Method, path: &str) -> ResolvedRoute {
    let mut route = route(method, path);
    route.describe = |doc| crate::schema::parts::body::<bool>(doc, crate::schema::BodyKind::Json);
    route
}

#[test]
fn a_variant_added_to_a_rejection_type_is_documented_with_no_other_edit() {
    // `BodyRejection::TeapotForTest` exists only in this test build, with its code
    // stated once, in the rejection's own table.
    let doc = document_of(&[
        with_body(Method::Post, "/api/brew"),
        route(Method::Get, "/api/brew"),
    ]);
    let post = &doc["paths"]["/api/brew"]["post"]["responses"];
    assert_eq!(post["418"]["description"], "Only in unit tests", "{post}");
    assert_eq!(
        post["418"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ApiError"
    );
    // Only where the extractor that can answer it serves the route.
    assert!(doc["paths"]["/api/brew"]["get"]["responses"]
        .get("418")
        .is_none());
    assert!(doc["paths"]["/api/brew"]["get"]["responses"]
        .get("413")
        .is_none());
    assert!(
        post.get("413").is_some() && post.get("415").is_some(),
        "{post}"
    );
}

#[test]
fn statuses_come_from_what_serves_the_route() {
    let doc = document_of(&[route(Method::Get, "/api/plain")]);
    let responses = doc["paths"]["/api/plain"]["get"]["responses"]
        .as_object()
        .unwrap();
    let statuses: Vec<&str> = responses.keys().map(String::as_str).collect();
    assert_eq!(
        statuses,
        ["200", "400", "404", "405", "408", "414", "431", "500"]
    );
    // hyper answers 431 before routing, without a body.
    assert!(responses["431"].get("content").is_none());
    // The meaning is the rejection's own.
    let mut limits = Statuses::default();
    limits.rejection::<crate::extract::LimitRejection>();
    assert_eq!(
        limits.get(414).unwrap().meaning,
        responses["414"]["description"]
    );
}

/// bffkit's own routes, described where they are served: their statuses are those of
/// the rejection types their code answers with, and of the router they sit in.
#[test]
fn the_framework_routes_state_their_statuses_through_their_rejection_types() {
    let in_app: Vec<MergedRoute> = [
        crate::manifest::routes("/api").described(),
        crate::docs::routes("/api").described(),
        crate::batch::routes("/api", 50).described(),
    ]
    .concat();
    let beside = crate::ops::health_routes().described().to_vec();
    let info = ManifestInfo {
        beside: &beside,
        ..info(&in_app, &[])
    };
    let doc = written(&[], &info);
    let statuses = |path: &str, method: &str| -> Vec<String> {
        doc["paths"][path][method]["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{method} {path}: {doc}"))
            .keys()
            .cloned()
            .collect()
    };
    // `_batch` answers `BatchRejection`, which nests `BodyRejection`: the variant only this
    // test build has reaches it with no other edit.
    assert_eq!(
        statuses("/api/_batch", "post"),
        ["200", "400", "404", "405", "408", "413", "414", "415", "418", "431", "500"]
    );
    // No query or body is read: nothing a client sends is refused with 400.
    assert_eq!(
        statuses("/api/_manifest", "get"),
        ["200", "404", "405", "408", "414", "431", "500"]
    );
    // In the app's router, a wrong method is bffkit's JSON 405; beside it, axum's bare one.
    let method_not_allowed = |path: &str| doc["paths"][path]["get"]["responses"]["405"].clone();
    assert!(method_not_allowed("/api/_docs")["content"].is_object());
    assert!(method_not_allowed("/readyz").get("content").is_none());
    assert_eq!(
        doc["paths"]["/readyz"]["get"]["responses"]["503"]["description"],
        "A check failed or timed out"
    );
    assert_eq!(doc["tags"][0]["name"], "operations");
    for (path, method) in [("/api/_batch", "post"), ("/healthz", "get")] {
        assert_eq!(
            doc["paths"][path][method][extension::INTERNAL],
            true,
            "{path}"
        );
    }
}

#[cfg(feature = "auth")]
mod sign_in {
    use schemars::{JsonSchema, SchemaGenerator};
    use serde_json::Value;

    use super::*;
    use crate::auth::{Revoked, SessionAnswer, WechatLogin};
    use crate::config::Config;

    /// The schema the document would write for `T`, as the routes' `RouteDoc`s name it.
    fn schema_of<T: JsonSchema>() -> Value {
        SchemaGenerator::default().subschema_for::<T>().to_value()
    }

    /// The sign-in routes' entries in the manifest come from the types `auth/routes.rs`
    /// reads and answers with: the login bodies, `SessionAnswer` and `Revoked`.
    #[test]
    fn the_manifest_entries_are_the_types_the_routes_read_and_answer() {
        let mut config = Config::default();
        config.routes.prefix = "/api".to_owned();
        let routes = crate::auth::routes(&config);
        let in_app = [routes.limited.described(), routes.logout.described()].concat();
        let info = ManifestInfo {
            title: "t",
            version: "0",
            prefix: "/api",
            envelope: false,
            sign_in: Some(SignInDoc {
                cookie: None,
                api_key_header: "x-api-key".to_owned(),
            }),
            merged: &[],
            in_app: &in_app,
            beside: &[],
        };
        let doc = serde_json::to_value(crate::manifest::document(&[], &info)).unwrap();
        let op = |path: &str| doc["paths"][path]["post"].clone();
        let json = |value: &Value| value["content"]["application/json"]["schema"].clone();

        let login = op("/api/auth/wechat/login");
        assert_eq!(login["operationId"], "wechatLogin");
        assert_eq!(json(&login["requestBody"]), schema_of::<WechatLogin>());
        assert_eq!(
            json(&login["responses"]["200"]),
            schema_of::<SessionAnswer>()
        );
        #[cfg(feature = "auth-alipay")]
        assert_eq!(
            json(&op("/api/auth/alipay/login")["requestBody"]),
            schema_of::<crate::auth::AlipayLogin>()
        );
        let refresh = op("/api/auth/refresh");
        assert_eq!(
            json(&refresh["responses"]["200"]),
            schema_of::<SessionAnswer>()
        );
        let logout = op("/api/auth/logout");
        assert_eq!(json(&logout["responses"]["200"]), schema_of::<Revoked>());
        // What the routes' code answers with: a body refused, the platform's failures, the
        // session check; sign-in needs no session, and none of them is batchable.
        for status in ["400", "401", "413", "415", "429", "502", "503", "504"] {
            assert!(login["responses"][status].is_object(), "{status}: {login}");
        }
        assert!(refresh["responses"].get("400").is_none(), "{refresh}");
        assert_eq!(
            logout["responses"]["401"]["description"],
            "No valid session"
        );
        assert_eq!(login["security"], serde_json::json!([]));
        assert_eq!(logout["security"], serde_json::json!([{ "bearer": [] }]));
        for op in [&login, &refresh, &logout] {
            assert_eq!(op["x-bffkit-unbatched"], true, "{op}");
        }
    }
}
