//! Route conflicts, checked with the same matcher axum uses so that a table which
//! builds is a table the router accepts.

use std::collections::HashMap;
use std::path::PathBuf;

use bffkit_contract::{prefix, rules};

use crate::walk::SourceFile;
use crate::BuildError;

/// Fails on the first pair of files whose routes the router would refuse together.
pub fn routes(files: &[&SourceFile], prefix: &str) -> Result<(), BuildError> {
    let mut router = matchit::Router::new();
    let mut owner: HashMap<String, &SourceFile> = HashMap::new();
    for file in files {
        let Some(segments) = &file.route else {
            continue;
        };
        let mut paths = vec![prefix::join(prefix, &rules::route_path(segments))];
        if rules::has_optional_rest(segments) {
            paths.push(prefix::join(prefix, &rules::route_without_rest(segments)));
        }
        for path in paths {
            if let Err(error) = router.insert(path.clone(), ()) {
                let other = match &error {
                    matchit::InsertError::Conflict { with } => owner.get(with).copied(),
                    _ => None,
                };
                let other = other.or_else(|| owner.get(&path).copied());
                return Err(BuildError::RouteConflict {
                    route: path,
                    first: other.map(|o| PathBuf::from(&o.display)).unwrap_or_default(),
                    second: PathBuf::from(&file.display),
                    detail: error.to_string(),
                });
            }
            owner.insert(path, file);
        }
    }
    Ok(())
}
