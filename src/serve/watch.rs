//! Watching the site's sources (notify, debounced): each batch of changes
//! is one rebuild.

use super::*;

pub(super) type Watcher = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// The folders of a site whose changes matter.
pub(super) const WATCHED: [&str; 6] = ["seeds", "content", "themes", "templates", "static", "i18n"];

/// Watch the site's sources; each debounced batch of changes is one rebuild.
pub(super) fn watch_files(
    root: &Path,
    engine: Arc<Mutex<Engine>>,
    shared: Arc<Shared>,
) -> Result<Arc<Mutex<Watcher>>> {
    use notify::RecursiveMode;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Vec<PathBuf>>();
    let mut debouncer = notify_debouncer_full::new_debouncer(
        Duration::from_millis(60),
        None,
        move |result: notify_debouncer_full::DebounceEventResult| {
            if let Ok(events) = result {
                let mut paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !e.kind.is_access())
                    .flat_map(|e| e.event.paths)
                    .filter(|p| !crate::fsx::is_editor_leftover(p))
                    .collect();
                paths.sort();
                paths.dedup();
                if !paths.is_empty() {
                    let _ = tx.send(paths);
                }
            }
        },
    )
    .context("cannot watch files")?;
    for dir in WATCHED {
        let p = root.join(dir);
        if p.is_dir() {
            debouncer
                .watch(&p, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch `{}`", p.display()))?;
        }
    }
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch `{}`", root.display()))?;
    let debouncer = Arc::new(Mutex::new(debouncer));
    let watcher = debouncer.clone();
    let root = root.to_path_buf();
    tokio::spawn(async move {
        while let Some(mut paths) = rx.recv().await {
            // Join batches that arrived while the last rebuild ran.
            while let Ok(more) = rx.try_recv() {
                paths.extend(more);
            }
            paths.retain(|p| p.starts_with(&root) && p != &root);
            // A folder such as static/ created after the start is watched from now on.
            for dir in WATCHED {
                let p = root.join(dir);
                if paths.contains(&p) && p.is_dir() {
                    if let Ok(mut w) = watcher.lock()
                        && let Err(e) = w.watch(&p, RecursiveMode::Recursive)
                    {
                        log::warn!("cannot watch `{}`: {e}", p.display());
                    }
                    for entry in walkdir::WalkDir::new(&p).into_iter().filter_map(|e| e.ok()) {
                        paths.push(entry.path().to_path_buf());
                    }
                }
            }
            if !paths.is_empty() {
                rebuild(&engine, &shared, &paths).await;
            }
        }
    });
    Ok(debouncer)
}
