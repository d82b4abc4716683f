//! `GET /api/port/tags_match?tag=a&tag=b&id=1`: the same arrays in a `match` route,
//! validated against the schema.

#[bffkit::schema]
pub struct TagFilter {
    /// No `tag` key at all is an empty array: that is how `[]` is sent.
    pub tag: Vec<String>,
    pub id: Option<Vec<u32>>,
}

#[bffkit::schema]
pub struct Tags {
    pub tag: Vec<String>,
    pub id: Option<Vec<u32>>,
}

#[bffkit::api(match = {
    request: { query: TagFilter },
    response: Tags,
})]
pub async fn get(TagFilter { tag, id }: TagFilter) -> Tags {
    Tags { tag, id }
}
