// Types decide, not their spelling: a `Result` alias, a renamed `Result`, a renamed
// `RequestOption` and a `RequestOption` alias are read, answered and documented exactly
// like the plain spelling, which `main` checks on the registered handlers' docs.
use bffkit::__private::{inventory, schemars, Handler, OperationDoc};
use bffkit::{ApiError, RequestOption};
use bffkit::RequestOption as Options;
use std::result::Result as Outcome;

#[bffkit::schema]
pub struct Filter {
    pub q: Option<String>,
}

#[bffkit::schema]
pub struct NewItem {
    pub name: String,
}

#[bffkit::schema]
pub struct Item {
    pub name: String,
}

pub type ApiResult<T> = Result<T, ApiError>;
pub type ItemOptions = RequestOption<Filter, NewItem>;

#[bffkit::get]
pub async fn get(RequestOption { data, .. }: RequestOption<Filter, NewItem>) -> Result<Item, ApiError> {
    Ok(Item { name: data.name })
}

#[bffkit::post]
pub async fn post(RequestOption { data, .. }: ItemOptions) -> ApiResult<Item> {
    Ok(Item { name: data.name })
}

#[bffkit::put]
pub async fn put(Options { data, .. }: Options<Filter, NewItem>) -> Outcome<Item, ApiError> {
    Ok(Item { name: data.name })
}

#[bffkit::api(match = { request: { data: NewItem }, response: Item })]
pub async fn patch(NewItem { name }: NewItem) -> ApiResult<Item> {
    Ok(Item { name })
}

pub type ItemBody = NewItem;

#[bffkit::delete(match = { request: { data: NewItem }, response: Item })]
pub async fn delete(NewItem { name }: ItemBody) -> ApiResult<Item> {
    Ok(Item { name })
}

/// The query, body and response a handler documents, with the schemas they refer to.
fn documented(function: &str) -> String {
    let handler = inventory::iter::<Handler>()
        .find(|h| h.function == function)
        .unwrap_or_else(|| panic!("`{function}` is registered"));
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut doc = OperationDoc::new(&mut generator);
    (handler.describe)(&mut doc);
    let parts = format!("{:?} {:?} {:?}", doc.query, doc.body, doc.response);
    format!("{parts} {:?}", generator.definitions())
}

fn main() {
    let plain = documented("get");
    assert!(plain.contains("Filter") && plain.contains("NewItem") && plain.contains("Item"), "{plain}");
    assert_eq!(documented("post"), plain, "an alias documents like the plain spelling");
    assert_eq!(documented("put"), plain, "renamed imports document like the plain spelling");
    let matched = documented("patch");
    assert!(matched.contains("NewItem") && matched.contains("Item"), "{matched}");
    assert_eq!(documented("delete"), matched, "a destructured alias binds by elimination");
}
