//! `POST /api/category`: a recursive type, validated at every depth, echoed back with a
//! count of the nodes.

#[bffkit::schema]
pub struct Category {
    #[schemars(length(min = 1))]
    pub name: String,
    pub subcategories: Vec<Category>,
}

#[bffkit::schema]
pub struct CategoryTree {
    pub nodes: usize,
    pub tree: Category,
}

fn count(category: &Category) -> usize {
    1 + category.subcategories.iter().map(count).sum::<usize>()
}

/// Counts the nodes of a category tree.
#[bffkit::api(match = {
    request: { data: Category },
    response: CategoryTree,
})]
pub async fn post(data: Category) -> CategoryTree {
    CategoryTree { nodes: count(&data), tree: data }
}
