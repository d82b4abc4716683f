//! Watching the app's sources: its lambda directory (`[routes] dir` of `bffkit.toml`,
//! `api/lambda` by default), `src/`, `build.rs`, `Cargo.toml` and `bffkit.toml`, and
//! folding a burst of saves into one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher};

use super::Event;

/// Files at the crate root whose change needs a rebuild.
const ROOT_FILES: [&str; 3] = ["Cargo.toml", "build.rs", "bffkit.toml"];
/// The folders watched recursively (when they exist): the lambda directory the app's
/// build script reads from `bffkit.toml`, and `src`. A `bffkit.toml` that does not parse
/// leaves the default; the build then names its mistake.
fn source_dirs(root: &Path) -> Vec<String> {
    vec![super::app_toml::lambda_dir(root), "src".to_owned()]
}

/// Starts watching `root`; changes arrive on `events` as [`Event::Changed`].
pub fn start(root: &Path, events: Sender<Event>) -> Result<notify::RecommendedWatcher, String> {
    let root = root.to_path_buf();
    let filter_root = root.clone();
    let dirs = source_dirs(&root);
    let filter_dirs = dirs.clone();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        let Ok(event) = result else { return };
        if !is_edit(&event.kind) {
            return;
        }
        let paths: Vec<PathBuf> = event
            .paths
            .into_iter()
            .filter(|p| is_source(&filter_root, &filter_dirs, p))
            .collect();
        if !paths.is_empty() {
            let _ = events.send(Event::Changed(paths));
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    // The root non-recursively (editors replace files by renaming, which drops a watch on
    // the file itself), the source folders recursively.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    for dir in &dirs {
        let dir = root.join(dir);
        if dir.is_dir() {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
        }
    }
    Ok(watcher)
}

/// Writes, creations, removals and renames; not reads (cargo reads every source).
fn is_edit(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Any
            | EventKind::Modify(
                ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any | ModifyKind::Other
            )
    )
}

/// Rust sources and folders under the watched folders, and the root build files; not
/// editor swap or backup files.
fn is_source(root: &Path, dirs: &[String], path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let name = relative
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if relative.parent() == Some(Path::new("")) {
        return ROOT_FILES.contains(&name);
    }
    if !dirs.iter().any(|d| relative.starts_with(d)) {
        return false;
    }
    let hidden = relative
        .components()
        .any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.')));
    let scratch = name.ends_with('~') || name == "4913";
    if hidden || scratch {
        return false;
    }
    // `.rs` files, and extension-less names (folders created, renamed or removed).
    match relative.extension() {
        Some(ext) => ext == "rs",
        None => true,
    }
}

/// After a first change, waits until `quiet` passes with no further change; returns the
/// changed paths, or `Err(())` when a stop arrived meanwhile.
pub fn settle(
    first: Vec<PathBuf>,
    events: &Receiver<Event>,
    quiet: Duration,
) -> Result<Vec<PathBuf>, ()> {
    let mut changed = first;
    let mut deadline = Instant::now() + quiet;
    loop {
        match events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Event::Changed(more)) => {
                changed.extend(more);
                deadline = Instant::now() + quiet;
            }
            Ok(Event::Stop) => return Err(()),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return Err(()),
        }
    }
    changed.sort();
    changed.dedup();
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_sources_and_drops_noise() {
        let root = Path::new("/app");
        let yes = [
            "/app/Cargo.toml",
            "/app/api/lambda/user/[id].rs",
            "/app/src/main.rs",
            "/app/api/lambda/item",
        ];
        let no = [
            "/app/Cargo.lock",
            "/app/target/debug/app",
            "/app/api/lambda/.hello.rs.swp",
            "/app/api/lambda/hello.rs~",
            "/app/api/lambda/4913",
            "/app/web/src/api.ts",
            "/app/src/notes.md",
        ];
        let dirs = source_dirs(root);
        for p in yes {
            assert!(is_source(root, &dirs, Path::new(p)), "{p}");
        }
        for p in no {
            assert!(!is_source(root, &dirs, Path::new(p)), "{p}");
        }
    }

    #[test]
    fn the_lambda_directory_is_the_apps_setting() {
        let root = std::env::temp_dir().join(format!("bffkit-watch-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("bffkit.toml"), "[routes]\ndir = \"handlers\"\n").unwrap();
        let dirs = source_dirs(&root);
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(dirs, ["handlers", "src"]);
        let app = Path::new("/app");
        assert!(is_source(
            app,
            &dirs,
            Path::new("/app/handlers/user/[id].rs")
        ));
        assert!(!is_source(
            app,
            &dirs,
            Path::new("/app/api/lambda/user/[id].rs")
        ));
    }
}
