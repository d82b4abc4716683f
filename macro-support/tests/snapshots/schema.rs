#[derive(
    my::bffkit::__private::serde::Serialize,
    my::bffkit::__private::serde::Deserialize,
    my::bffkit::__private::schemars::JsonSchema
)]
#[serde(crate = "my::bffkit::__private::serde")]
#[schemars(crate = "my::bffkit::__private::schemars")]
pub struct Item {
    pub id: u32,
}
