//! Expansion snapshots of representative handlers, pretty-printed with `prettyplease` and
//! compared by insta with `tests/snapshots/*.snap`. `INSTA_UPDATE=always cargo test -p
//! bffkit-macro-support` accepts the current output.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use bffkit_contract::route_index::{self, IndexedRoute};
use bffkit_macro_support::{expand_method, expand_schema, CallSite, HttpMethod};
use proc_macro2::TokenStream;
use quote::quote;

/// The fixture app's lambda directory; the files need not exist.
const LAMBDA_DIR: &str = "/fixture/api/lambda";

/// An `OUT_DIR` holding a route index of a few fixture files, written once for all tests.
fn out_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(write_index).clone()
}

fn write_index() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("macro-support-expand");
    let routes: Vec<IndexedRoute> = [
        ("index.rs", "/api", &[][..]),
        ("item/[id].rs", "/api/item/{id}", &["id"][..]),
        ("todos.rs", "/api/todos", &[][..]),
        (
            "shop/[shop]/orders.rs",
            "/api/shop/{shop}/orders",
            &["shop"][..],
        ),
    ]
    .into_iter()
    .map(|(file, route, params)| IndexedRoute {
        file: Path::new(LAMBDA_DIR).join(file),
        display: format!("api/lambda/{file}"),
        route: route.to_owned(),
        params: params.iter().map(|p| p.to_string()).collect(),
    })
    .collect();
    let index = route_index::index_path(&dir);
    std::fs::create_dir_all(index.parent().unwrap()).unwrap();
    std::fs::write(index, route_index::render(Path::new(LAMBDA_DIR), &routes)).unwrap();
    dir
}

fn site(file: &str) -> CallSite {
    CallSite {
        file: Some(Path::new(LAMBDA_DIR).join(file)),
        out_dir: Some(out_dir()),
    }
}

fn pretty(tokens: TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens.clone())
        .unwrap_or_else(|e| panic!("the expansion is not a file of items ({e}):\n{tokens}"));
    // prettyplease leaves macro bodies on a few long lines; the items `match_route!` wraps
    // are printed as items, indented inside it.
    let mut text = String::new();
    let mut plain = Vec::new();
    for item in file.items {
        match &item {
            syn::Item::Macro(wrap)
                if wrap.mac.path.segments.last().unwrap().ident == "match_route" =>
            {
                text += &unparse(std::mem::take(&mut plain));
                let inner: syn::File = syn::parse2(wrap.mac.tokens.clone()).unwrap();
                let path = &wrap.mac.path;
                text += &format!("{}! {{\n", quote!(#path).to_string().replace(' ', ""));
                for line in prettyplease::unparse(&inner).lines() {
                    text += &format!("    {line}\n").replace("    \n", "\n");
                }
                text += "}\n";
            }
            _ => plain.push(item),
        }
    }
    text + &unparse(plain)
}

fn unparse(items: Vec<syn::Item>) -> String {
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    })
}

/// The expansion, pretty-printed, against `tests/snapshots/{name}.snap` (insta: a failure
/// shows the diff; `INSTA_UPDATE=always` or `cargo insta review` accepts).
fn check(name: &str, expanded: TokenStream) {
    let text = pretty(expanded);
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn get_with_a_path_param_and_request_option() {
    check(
        "get_path_param_request_option",
        expand_method(
            Some(HttpMethod::Get),
            TokenStream::new(),
            quote! {
                /// One item.
                pub async fn get(id: u32, RequestOption { query, .. }: RequestOption<Fields>) -> Result<Item, ApiError> {
                    load(id, query).await
                }
            },
            &site("item/[id].rs"),
        ),
    );
}

#[test]
fn post_with_a_body() {
    check(
        "post_body",
        expand_method(
            Some(HttpMethod::Post),
            TokenStream::new(),
            quote! {
                pub async fn post(state: State<Db>, RequestOption { data, .. }: RequestOption<(), NewTodo>) -> ApiResult<Todo> {
                    state.insert(data).await
                }
            },
            &site("todos.rs"),
        ),
    );
}

#[test]
fn match_with_params_query_and_data() {
    check(
        "match_params_query_data",
        expand_method(
            None,
            quote! {
                match = {
                    request: { params: ShopParams, query: Page, data: NewOrder },
                    response: Order,
                    errors: [409],
                    description: "Places an order.",
                }
            },
            quote! {
                pub async fn post(params: ShopParams, query: Page, NewOrder { items }: NewOrder, user: CurrentUser) -> Result<Order, ApiError> {
                    place(params.shop, query, items, user).await
                }
            },
            &site("shop/[shop]/orders.rs"),
        ),
    );
}

#[test]
fn declared_errors() {
    check(
        "errors",
        expand_method(
            Some(HttpMethod::Delete),
            quote!(errors(409, (404, 21002), TODO_EXISTS)),
            quote! {
                pub async fn delete(id: String) -> Result<(), ApiError> {
                    remove(id).await
                }
            },
            &site("item/[id].rs"),
        ),
    );
}

#[test]
fn auth() {
    check(
        "auth",
        expand_method(
            Some(HttpMethod::Get),
            quote!(auth),
            quote! {
                pub async fn get(user: CurrentUser) -> String {
                    user.id
                }
            },
            &site("index.rs"),
        ),
    );
}

#[test]
fn stream_return() {
    check(
        "stream",
        expand_method(
            Some(HttpMethod::Get),
            TokenStream::new(),
            quote! {
                pub async fn get(last: LastEventId) -> EventStream<Tick> {
                    ticks(last.resume_from())
                }
            },
            &site("index.rs"),
        ),
    );
}

#[test]
fn without_a_route_index_types_decide_path_params() {
    check(
        "unrouted",
        expand_method(
            Some(HttpMethod::Get),
            TokenStream::new(),
            quote! {
                pub async fn get(id: u32, headers: HeaderMap) -> impl IntoResponse {
                    (headers, id.to_string())
                }
            },
            &CallSite::default(),
        ),
    );
}

#[test]
fn schema_derives() {
    check(
        "schema",
        expand_schema(
            quote!("my::bffkit"),
            quote! {
                pub struct Item {
                    pub id: u32,
                }
            },
        ),
    );
}

#[test]
fn mistakes_keep_the_function_and_report_every_error() {
    let out = expand_method(
        Some(HttpMethod::Get),
        quote!(bogus, errors(700)),
        quote!(
            fn get<T>() {}
        ),
        &site("index.rs"),
    )
    .to_string();
    for message in [
        "an error status is an HTTP status from 400 to 599",
        "unknown option",
        "bffkit handlers must be async",
        "a handler cannot be generic",
    ] {
        assert!(out.contains(message), "{message} missing from {out}");
    }
    assert!(out.contains("fn get < T > () { }"), "{out}");
}

#[test]
fn route_aware_errors_need_the_index() {
    let out = expand_method(
        Some(HttpMethod::Get),
        TokenStream::new(),
        quote!(
            async fn get() {}
        ),
        &site("item/[id].rs"),
    )
    .to_string();
    assert!(out.contains("api/lambda/item/[id].rs serves `/api/item/{id}`, so the first argument must be the path parameter: add `id: String`"), "{out}");
    let out = expand_method(
        Some(HttpMethod::Get),
        TokenStream::new(),
        quote!(
            async fn get() {}
        ),
        &CallSite {
            file: Some(PathBuf::from("/elsewhere/src/main.rs")),
            out_dir: Some(out_dir()),
        },
    )
    .to_string();
    assert!(
        out.contains("/elsewhere/src/main.rs is not a lambda file"),
        "{out}"
    );
    let out = expand_method(
        Some(HttpMethod::Get),
        TokenStream::new(),
        quote!(
            async fn get() {}
        ),
        &CallSite {
            file: Some(PathBuf::from("/fixture/api/lambda/index.rs")),
            out_dir: None,
        },
    )
    .to_string();
    assert!(out.contains("this crate has no route table"), "{out}");
}

#[test]
fn helper_files_keep_their_function_unregistered() {
    let out = expand_method(
        Some(HttpMethod::Get),
        TokenStream::new(),
        quote!(
            async fn get() {}
        ),
        &site("_utils.rs"),
    );
    assert_eq!(
        out.to_string(),
        quote!(
            async fn get() {}
        )
        .to_string()
    );
}
