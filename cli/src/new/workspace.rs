//! An app created inside another cargo workspace joins it, as `cargo new` does: cargo
//! refuses to build a package below a workspace root that does not list it ("current
//! package believes it's in a workspace when it's not").

use std::path::{Path, PathBuf};

use toml_edit::{Array, DocumentMut, Item, Value};

/// The workspace above the new app that does not list it yet.
pub struct EnclosingWorkspace {
    /// The workspace root's `Cargo.toml`.
    pub manifest: PathBuf,
    document: DocumentMut,
    /// The app's folder relative to the workspace root, `/`-separated, as `members` lists it.
    member: String,
}

/// The nearest `Cargo.toml` with a `[workspace]` above `dir`, unless its `members` already
/// match `dir` or its `exclude` leaves `dir` out. An unreadable manifest on the way is an
/// error, as it is for cargo.
pub fn find(dir: &Path) -> Result<Option<EnclosingWorkspace>, String> {
    let dir = std::path::absolute(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for root in dir.ancestors().skip(1) {
        let manifest = root.join("Cargo.toml");
        let text = match std::fs::read_to_string(&manifest) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("cannot read {}: {e}", manifest.display())),
        };
        let document: DocumentMut = text
            .parse()
            .map_err(|e| format!("{} is not valid TOML: {e}", manifest.display()))?;
        let Some(workspace) = document.get("workspace").and_then(Item::as_table_like) else {
            continue;
        };
        let member = dir
            .strip_prefix(root)
            .expect("an ancestor")
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let listed = |key: &str| -> Vec<String> {
            workspace
                .get(key)
                .and_then(Item::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let excluded = listed("exclude")
            .iter()
            .any(|e| Path::new(&member).starts_with(e.trim_end_matches('/')));
        let matched = listed("members").iter().any(|pattern| {
            pattern.trim_end_matches('/') == member
                || glob::Pattern::new(pattern).is_ok_and(|p| p.matches(&member))
        });
        if excluded || matched {
            return Ok(None);
        }
        return Ok(Some(EnclosingWorkspace {
            manifest,
            document,
            member,
        }));
    }
    Ok(None)
}

impl EnclosingWorkspace {
    /// Adds the app to `workspace.members`, keeping the rest of the file as it was.
    pub fn add_member(mut self) -> Result<PathBuf, String> {
        let workspace = self.document["workspace"]
            .as_table_like_mut()
            .expect("found as a table");
        match workspace.get_mut("members").and_then(Item::as_array_mut) {
            Some(members) => members.push(self.member.as_str()),
            None => {
                let mut members = Array::new();
                members.push(self.member.as_str());
                workspace.insert("members", Item::Value(Value::Array(members)));
            }
        }
        std::fs::write(&self.manifest, self.document.to_string())
            .map_err(|e| format!("failed to write {}: {e}", self.manifest.display()))?;
        Ok(self.manifest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workspace root holding `manifest`, and the app folder `apps/shop` below it.
    fn workspace_with(test: &str, manifest: &str) -> (PathBuf, PathBuf) {
        let root = std::env::temp_dir().join(format!(
            "bffkit-new-workspace-{test}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("Cargo.toml"), manifest).unwrap();
        (root.clone(), root.join("apps/shop"))
    }

    #[test]
    fn joins_a_workspace_that_does_not_list_it() {
        let (root, app) = workspace_with("new", "[workspace]\nresolver = \"2\" # kept\n");
        let found = find(&app).unwrap().expect("a workspace above");
        assert_eq!(found.add_member().unwrap(), root.join("Cargo.toml"));
        assert_eq!(
            std::fs::read_to_string(root.join("Cargo.toml")).unwrap(),
            "[workspace]\nresolver = \"2\" # kept\nmembers = [\"apps/shop\"]\n"
        );
        let (root, app) = workspace_with("append", "[workspace]\nmembers = [\"core\"]\n");
        find(&app).unwrap().unwrap().add_member().unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("Cargo.toml")).unwrap(),
            "[workspace]\nmembers = [\"core\", \"apps/shop\"]\n"
        );
    }

    #[test]
    fn leaves_a_workspace_that_lists_or_excludes_it() {
        for (i, manifest) in [
            "[workspace]\nmembers = [\"apps/*\"]\n",
            "[workspace]\nmembers = [\"apps/shop\"]\n",
            "[workspace]\nexclude = [\"apps\"]\n",
        ]
        .into_iter()
        .enumerate()
        {
            let (_, app) = workspace_with(&format!("listed{i}"), manifest);
            assert!(find(&app).unwrap().is_none(), "{manifest}");
        }
        let (_, app) = workspace_with("package", "[package]\nname = \"not-a-workspace\"\n");
        assert!(find(&app).unwrap().is_none());
    }
}
