//! The search index of the preview, built in the background after each
//! rebuild at a lower priority, so that the saved page reloads first.

use super::*;

/// Build the search index of `articles` articles (their records from
/// `records`) and put it in `out`: changed files are written, index files of
/// earlier builds that are gone are removed. Gives the number of files written.
/// Each write holds `open` (see [`Shared::open`]): once the server stopped,
/// nothing more is written.
pub(super) fn write_index(
    cfg: &Config,
    out: &Path,
    articles: usize,
    key: &mut dyn FnMut(usize, std::ops::Range<usize>) -> Result<String>,
    records: &mut dyn FnMut(std::ops::Range<usize>) -> Result<Vec<crate::search::Record>>,
    open: &std::sync::RwLock<bool>,
) -> Result<usize> {
    let patch = WhileOpen {
        patch: Patch::new(out),
        open,
    };
    let written = crate::search::write(cfg, out, articles, key, records, &patch)?;
    let _open = patch.still_open()?;
    let keep: std::collections::HashSet<&str> = written.paths.iter().map(String::as_str).collect();
    for entry in walkdir::WalkDir::new(out.join("pagefind"))
        .contents_first(true)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let rel = entry
            .path()
            .strip_prefix(out)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if entry.file_type().is_file() && !keep.contains(rel.as_str()) {
            let _ = std::fs::remove_file(entry.path());
        } else if entry.file_type().is_dir() {
            let _ = std::fs::remove_dir(entry.path()); // only when empty
        }
    }
    Ok(patch.patch.written())
}

/// The served folder's [`Patch`], written only while the server is open.
struct WhileOpen<'a> {
    patch: Patch,
    open: &'a std::sync::RwLock<bool>,
}

impl WhileOpen<'_> {
    /// A read lock on `open` while the folder is still there, else an error.
    fn still_open(&self) -> Result<std::sync::RwLockReadGuard<'_, bool>> {
        self.open
            .read()
            .ok()
            .filter(|o| **o)
            .ok_or_else(|| anyhow!("the server stopped"))
    }
}

impl crate::output::Sink for WhileOpen<'_> {
    fn put(&self, file: crate::output::OutFile) -> Result<()> {
        let _open = self.still_open()?;
        self.patch.put(file)
    }

    /// A reused file of the index is already in the served folder.
    fn put_kept(&self, path: String, from: &Path) -> Result<()> {
        let _open = self.still_open()?;
        if from == self.patch.out().join(&path) {
            return Ok(());
        }
        self.patch.put_kept(path, from)
    }
}

/// The background search index build: at most one at a time; a change
/// during a build asks for one more.
#[derive(Default)]
pub(super) struct IndexState {
    pub(super) running: bool,
    pub(super) again: bool,
}

/// Rebuild the search index in the background, so that the page that
/// changed reloads at once and search catches up a moment later.
pub(super) fn index_in_background(engine: Arc<Mutex<Engine>>, shared: Arc<Shared>) {
    {
        let Ok(mut state) = shared.indexing.lock() else {
            return;
        };
        if state.running {
            state.again = true;
            return;
        }
        state.running = true;
    }
    std::thread::spawn(move || {
        lower_priority();
        // Pagefind indexes with rayon: in the global pool its work would queue
        // ahead of a rebuild's (and at full priority), so it gets a pool of
        // its own, at the same low priority as this thread.
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("mujaz-index-{i}"))
            .start_handler(|_| lower_priority())
            .build();
        loop {
            let start = engine.lock().ok().and_then(|e| {
                let n = e.searchable()?.site.articles.len();
                Some((e.config().clone(), e.out().to_path_buf(), n))
            });
            if let Some((cfg, out, n)) = start {
                let started = Instant::now();
                // Each part's records are taken from the engine as it is then,
                // 256 at a time so that a saved page never waits long for the
                // lock; a change meanwhile asks for another round (`again`).
                let mut records = |range: std::ops::Range<usize>| {
                    let mut part = Vec::with_capacity(range.len());
                    for start in range.clone().step_by(256) {
                        let chunk = start..(start + 256).min(range.end);
                        let records = engine
                            .lock()
                            .map_err(|_| anyhow!("the site is being rebuilt"))?
                            .search_records(chunk)?;
                        part.extend(records);
                    }
                    Ok(part)
                };
                let mut key = |k: usize, range: std::ops::Range<usize>| {
                    engine
                        .lock()
                        .map_err(|_| anyhow!("the site is being rebuilt"))?
                        .search_key(k, range)
                };
                let mut write = || write_index(&cfg, &out, n, &mut key, &mut records, &shared.open);
                let result = match &pool {
                    Ok(pool) => pool.install(write),
                    Err(_) => write(),
                };
                match result {
                    Ok(0) => {}
                    Ok(files) => {
                        log::info!(
                            "search index updated in {:.1} s ({files} files)",
                            started.elapsed().as_secs_f64()
                        );
                        let _ = shared.notices.send(Notice::SearchIndex);
                    }
                    Err(_) if !shared.open.read().is_ok_and(|o| *o) => return,
                    Err(e) => log::warn!("search index: {e:#}"),
                }
            }
            let Ok(mut state) = shared.indexing.lock() else {
                return;
            };
            if !std::mem::take(&mut state.again) {
                state.running = false;
                return;
            }
        }
    });
}

/// Let rebuilds of saved pages go first: the index thread runs at a lower
/// scheduling priority (Linux sets it per thread).
pub(super) fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; `0` names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 15);
    }
}
