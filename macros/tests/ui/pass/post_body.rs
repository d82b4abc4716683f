// POST with a JSON body and an extractor before it.
use bffkit::{ApiError, RequestOption, State};

#[derive(Clone)]
pub struct Db;

#[bffkit::schema]
pub struct NewTodo {
    pub title: String,
}

#[bffkit::schema]
pub struct Todo {
    pub id: u32,
    pub title: String,
}

#[bffkit::post]
pub async fn post(
    _db: State<Db>,
    RequestOption { data, .. }: RequestOption<(), NewTodo>,
) -> Result<Todo, ApiError> {
    Ok(Todo {
        id: 1,
        title: data.title,
    })
}

fn main() {}
