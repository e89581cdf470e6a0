//! Writing the site: the only code that writes into the output folder.
//!
//! Takes rendered [`OutFile`]s one at a time through a [`Sink`]. [`Staging`]
//! is the sink of `mujaz build`: while pages render, a file whose bytes did
//! not change is left where it is and a changed one is written into a
//! staging folder beside the output folder (so memory stays flat however
//! large the site). Nothing in the output folder changes until
//! [`Staging::commit`]:
//!
//! - when the changed and removed files are few (a newsroom publishing one
//!   article), they are moved in and out in place, under a journal that the
//!   next build rolls back from if this one is killed mid-way ([`inplace`]);
//! - otherwise the unchanged files are linked into the staging folder, the
//!   files mujaz never wrote are carried over, and the new tree is swapped
//!   in with one atomic exchange (`renameat2(RENAME_EXCHANGE)` on Linux; two
//!   renames elsewhere).
//!
//! A failed build leaves the output exactly as it was; a killed one leaves
//! it old or new (after a cut-short in-place commit, once the next build
//! has rolled it back). The files an earlier build wrote that this one no
//! longer makes are gone. The list of what a build wrote is kept beside the
//! output folder (`.output.mujaz-manifest`), never published; what killed
//! builds left beside it is removed by the next build. Symlinks in the
//! output folder are never followed. [`Memory`] keeps files in memory, for
//! `check` and tests; [`Patch`] writes into `serve`'s folder.

mod inplace;

use crate::fsx;
use anyhow::{Result, anyhow, bail};
use crossbeam_utils::CachePadded;
use rayon::slice::ParallelSliceMut as _;
use rustc_hash::FxHashSet;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

pub(crate) const MANIFEST: &str = ".mujaz-manifest";

/// One file of the built site: its path under the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file's length, modification time (ns since the epoch) and inode (0
/// where there are none): a file found with the stamp a build noted is the
/// file that build wrote.
pub(crate) type FileStamp = (u64, i128, u64);

/// The [`FileStamp`] of a file's metadata.
pub(crate) fn file_stamp(m: &std::fs::Metadata) -> FileStamp {
    stamp_of(&fsx::Meta::of(m))
}

/// The [`FileStamp`] of what a look at a file found.
pub(crate) fn stamp_of(m: &fsx::Meta) -> FileStamp {
    (m.len, m.mtime, m.ino)
}

/// Where rendered files go.
pub(crate) trait Sink: Sync {
    fn put(&self, file: OutFile) -> Result<()>;

    /// Keep the output's file at `path` as it is, in place of rendering it
    /// again (the caller knows it would render the same bytes, if the file
    /// is the one the last build left: `stamp` is its length and
    /// modification time then). Tells whether the sink did; one that
    /// cannot (it is not writing into an output folder with that file, or
    /// the file changed) says no, and the file is rendered.
    fn keep(&self, path: &str, stamp: FileStamp) -> Result<bool> {
        let _ = (path, stamp);
        Ok(false)
    }

    /// Keep the files at `paths` as they are: regular files the caller
    /// found in the output folder a moment ago, which mujaz never changes in
    /// place (a reused search part's, thousands in a few folders). A sink
    /// that cannot (it is not writing into that output folder) says no;
    /// then the caller puts them.
    fn keep_found(&self, paths: &[String]) -> Result<bool> {
        let _ = paths;
        Ok(false)
    }

    /// Put the file `from`, one mujaz keeps and never changes in place (a
    /// cached rendition, written once through a rename), at `path`. A sink
    /// that can links it rather than reading it.
    fn put_kept(&self, path: String, from: &Path) -> Result<()> {
        self.put(OutFile {
            path,
            bytes: fsx::read(from)?,
        })
    }
}

/// Whether `a` and `b` are one file (hard links to the same inode).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Why `path` may not be written under the output folder, if it may not.
pub(crate) fn unsafe_reason(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("empty path");
    }
    if path.contains('\0') {
        return Some("NUL byte");
    }
    if path.contains('\\') {
        return Some("backslash");
    }
    if path.starts_with('/') {
        return Some("absolute path");
    }
    if path
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Some("empty, `.` or `..` segment");
    }
    // (Where `/` is the only separator, the checks above leave nothing
    // else; elsewhere a drive or a prefix could.)
    if !cfg!(unix)
        && !Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    {
        return Some("not a plain relative path");
    }
    if path == MANIFEST {
        return Some("reserved file name");
    }
    None
}

/// The paths a build produces, gathered as they come and checked once, when
/// it commits: unsafe paths are refused at once (nothing is written at
/// them); two outputs for one path are found when the paths are sorted for
/// the manifest (side by side), not by a lookup for each of the hundreds of
/// thousands of files a large site has. Gathered in shards by thread, so
/// that the threads that render rarely wait for each other (each on its
/// own cache line: two threads' locks side by side would contend all the
/// same).
struct Produced([CachePadded<Mutex<Vec<String>>>; SHARDS]);

const SHARDS: usize = 16;

impl Default for Produced {
    fn default() -> Produced {
        Produced::with_capacity(0)
    }
}

impl Produced {
    /// Room for about `n` paths (what the last build wrote), shared by
    /// the threads there are.
    fn with_capacity(n: usize) -> Produced {
        let threads = rayon::current_num_threads().clamp(1, SHARDS);
        let per = n.div_ceil(threads);
        Produced(std::array::from_fn(|i| {
            CachePadded::new(Mutex::new(Vec::with_capacity(if i < threads {
                per
            } else {
                0
            })))
        }))
    }

    fn add(&self, path: String) -> Result<()> {
        refuse(&path)?;
        self.shard()?.push(path);
        Ok(())
    }

    /// The calling thread's shard.
    fn shard(&self) -> Result<std::sync::MutexGuard<'_, Vec<String>>> {
        let shard = rayon::current_thread_index().unwrap_or(SHARDS - 1) % SHARDS;
        self.0[shard].lock().map_err(|_| anyhow!("poisoned lock"))
    }

    /// Every path, sorted, and one error for each path produced more than
    /// once.
    fn into_sorted(self) -> Result<(Vec<String>, Vec<String>)> {
        let mut v: Vec<String> =
            Vec::with_capacity(self.0.iter().map(|s| s.lock().map_or(0, |s| s.len())).sum());
        for shard in self.0 {
            v.append(
                &mut CachePadded::into_inner(shard)
                    .into_inner()
                    .map_err(|_| anyhow!("poisoned lock"))?,
            );
        }
        v.par_sort_unstable();
        let mut doubles: Vec<String> = v
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| format!("two outputs for `{}`", w[0]))
            .collect();
        doubles.dedup();
        Ok((v, doubles))
    }
}

/// An error when `path` may not be written under the output folder.
fn refuse(path: &str) -> Result<()> {
    match unsafe_reason(path) {
        Some(why) => bail!("refusing to write `{}`: {why}", path.escape_debug()),
        None => Ok(()),
    }
}

/// Paths already produced by a sink that writes as it goes (in memory, or
/// `serve`'s patches): refuses unsafe paths and duplicates at once.
#[derive(Default)]
struct Seen(Mutex<FxHashSet<String>>);

impl Seen {
    fn admit(&self, path: &str) -> Result<()> {
        refuse(path)?;
        let mut seen = self.0.lock().map_err(|_| anyhow!("poisoned lock"))?;
        if !seen.insert(path.to_string()) {
            bail!("two outputs for `{path}`");
        }
        Ok(())
    }
}

/// Keeps every file in memory (for `check`, `serve` and tests).
#[derive(Default)]
pub(crate) struct Memory {
    seen: Seen,
    files: Mutex<Vec<OutFile>>,
}

impl Memory {
    /// The files, sorted by path.
    pub(crate) fn into_files(self) -> Vec<OutFile> {
        let mut files = self.files.into_inner().unwrap_or_default();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Memory {
    fn put(&self, file: OutFile) -> Result<()> {
        self.seen.admit(&file.path)?;
        self.files
            .lock()
            .map_err(|_| anyhow!("poisoned lock"))?
            .push(file);
        Ok(())
    }
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// Is every folder on the way from `root` to `root/rel` a real folder (no
/// symlink)? Only then may a file there be read as the output's own.
/// Folders found real are remembered in `real` (one build: the output
/// folder is not changed while it renders), so that 10,000 pages in 3,000
/// folders take 3,000 checks, not 40,000.
fn no_symlink_on_the_way(root: &Path, rel: &str, real: &Mutex<HashSet<String>>) -> bool {
    rel.rsplit_once('/')
        .is_none_or(|(folder, _)| real_folder(root, folder, real))
}

/// Whether `folder` (a relative path under `root`) and each folder on the
/// way to it are real folders, not symlinks. `real` holds the folders
/// found to be.
fn real_folder(root: &Path, folder: &str, real: &Mutex<HashSet<String>>) -> bool {
    let ends = folder.match_indices('/').map(|(at, _)| at);
    for end in ends.chain([folder.len()]) {
        let folder = &folder[..end];
        if real.lock().is_ok_and(|r| r.contains(folder)) {
            continue;
        }
        match std::fs::symlink_metadata(root.join(folder)) {
            Ok(m) if m.is_dir() => {
                if let Ok(mut r) = real.lock() {
                    r.insert(folder.to_string());
                }
            }
            _ => return false,
        }
    }
    true
}

/// Link `from` at `to` (same file system: no copy), or copy it when links
/// are not possible there.
fn link_or_copy(from: &Path, to: &Path) -> Result<()> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to).map(|_| ()).map_err(|e| {
        anyhow!(
            "cannot copy `{}` to `{}`: {e}",
            from.display(),
            to.display()
        )
    })
}

/// The names of the files beside the output folder that belong to it:
/// the staging folder of a build, the previous tree, the manifest, the
/// journal and undo folder of an in-place commit.
struct Beside {
    parent: PathBuf,
    name: String,
}

impl Beside {
    fn of(out: &Path) -> Result<Beside> {
        let name = out
            .file_name()
            .ok_or_else(|| anyhow!("output `{}` has no folder name", out.display()))?
            .to_string_lossy()
            .into_owned();
        let parent = out.parent().unwrap_or(Path::new(".")).to_path_buf();
        Ok(Beside { parent, name })
    }
    fn staging_prefix(&self) -> String {
        format!(".{}.mujaz-staging-", self.name)
    }
    fn staging(&self) -> PathBuf {
        self.parent
            .join(format!("{}{}", self.staging_prefix(), std::process::id()))
    }
    fn old(&self) -> PathBuf {
        self.parent
            .join(format!(".{}.mujaz-old-{}", self.name, std::process::id()))
    }
    /// The list of files a build wrote, kept beside the output (never published).
    fn manifest(&self) -> PathBuf {
        self.parent.join(format!(".{}.mujaz-manifest", self.name))
    }
    /// The next manifest, until the build commits.
    fn manifest_tmp(&self) -> PathBuf {
        self.parent.join(format!(
            ".{}.mujaz-manifest.tmp-{}",
            self.name,
            std::process::id()
        ))
    }
    /// What an in-place commit is about to do (see [`inplace`]).
    fn journal(&self) -> PathBuf {
        self.parent.join(format!(".{}.mujaz-journal", self.name))
    }
    /// The files an in-place commit replaces or removes, kept until it is done.
    fn undo(&self) -> PathBuf {
        self.parent
            .join(format!(".{}.mujaz-undo-{}", self.name, std::process::id()))
    }
    /// Remove what builds that were killed left beside the output folder.
    /// (Called under the site's build lock: no other build is running.)
    fn clear_leftovers(&self) {
        let Ok(entries) = std::fs::read_dir(&self.parent) else {
            return;
        };
        let prefixes = [
            self.staging_prefix(),
            format!(".{}.mujaz-old-", self.name),
            format!(".{}.mujaz-manifest.tmp-", self.name),
            format!(".{}.mujaz-journal.tmp-", self.name),
            format!(".{}.mujaz-undo-", self.name),
        ];
        for e in entries.filter_map(|e| e.ok()) {
            let n = e.file_name().to_string_lossy().into_owned();
            if prefixes.iter().any(|p| n.starts_with(p.as_str())) {
                let path = e.path();
                let _ = if path.is_dir() && !path.is_symlink() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
            }
        }
    }
}

/// The sink of a real build: the changed files of the new site are written
/// into a staging folder beside the output folder, then committed in place
/// (a few) or swapped in as a whole new tree.
pub(crate) struct Staging {
    out: PathBuf,
    dir: PathBuf,
    beside: Beside,
    /// What the previous build wrote (`None`: no manifest, an unknown
    /// folder).
    previous: Option<Manifest>,
    produced: Produced,
    /// The files written into the staging folder.
    changed: Mutex<Vec<String>>,
    unchanged: AtomicUsize,
    made_dirs: Mutex<HashSet<String>>,
    /// Folders of the output found to be real folders (no symlink).
    real_folders: Mutex<HashSet<String>>,
    /// The output folder, held open to look at the files the last build
    /// left by their paths in it.
    out_folder: fsx::Folder,
    committed: bool,
}

impl Staging {
    pub(crate) fn new(out: &Path) -> Result<Staging> {
        if out.exists() && !out.is_dir() {
            bail!("output `{}` exists and is not a folder", out.display());
        }
        let beside = Beside::of(out)?;
        fsx::create_dir_all(&beside.parent)?;
        // A build killed while it moved files into the output folder is
        // undone first.
        inplace::recover(out, &beside)?;
        let dir = beside.staging();
        if dir.exists() {
            remove_tree(&dir)?;
        }
        fsx::create_dir_all(&dir)?;
        // The manifest beside the output; older builds kept it inside.
        let previous = std::fs::read_to_string(beside.manifest())
            .or_else(|_| std::fs::read_to_string(out.join(MANIFEST)))
            .ok()
            .map(Manifest::of);
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            beside,
            produced: Produced::with_capacity(previous.as_ref().map_or(0, Manifest::len)),
            previous,
            changed: Mutex::new(Vec::new()),
            unchanged: AtomicUsize::new(0),
            made_dirs: Mutex::new(HashSet::new()),
            real_folders: Mutex::new(HashSet::new()),
            out_folder: fsx::Folder::open(out),
            committed: false,
        })
    }

    /// Note a file written into the staging folder.
    fn changed_one(&self, path: String) -> Result<()> {
        self.changed
            .lock()
            .map_err(|_| anyhow!("poisoned lock"))?
            .push(path);
        Ok(())
    }

    fn ensure_parent(&self, rel: &str) -> Result<()> {
        let Some((parent, _)) = rel.rsplit_once('/') else {
            return Ok(());
        };
        if self
            .made_dirs
            .lock()
            .map_err(|_| anyhow!("poisoned lock"))?
            .contains(parent)
        {
            return Ok(());
        }
        fsx::create_dir_all(&self.dir.join(parent))?;
        self.made_dirs
            .lock()
            .map_err(|_| anyhow!("poisoned lock"))?
            .insert(parent.to_string());
        Ok(())
    }

    /// Files in the current output folder that mujaz did not write (a
    /// `CNAME`, a verification file) go into the new tree too. Symlinks are
    /// copied as links, never followed.
    fn carry_foreign(&self, seen: &HashSet<&str>) -> Result<usize> {
        let mut removed = 0;
        if !self.out.is_dir() {
            return Ok(0);
        }
        for entry in walkdir::WalkDir::new(&self.out)
            .follow_links(false)
            .min_depth(1)
            .sort_by_file_name()
        {
            let entry = entry.map_err(|e| anyhow!("cannot read `{}`: {e}", self.out.display()))?;
            let rel = entry
                .path()
                .strip_prefix(&self.out)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if rel == MANIFEST || seen.contains(rel.as_str()) {
                continue;
            }
            let ft = entry.file_type();
            if self.previous.as_ref().is_some_and(|p| p.contains(&rel)) {
                if !ft.is_dir() {
                    removed += 1; // written by the last build, not by this one
                }
                continue;
            }
            let target = self.dir.join(&rel);
            if std::fs::symlink_metadata(&target).is_ok() {
                continue; // this build made something there
            }
            if ft.is_dir() {
                continue; // made when a foreign file in it is carried over
            }
            if let Some(p) = target.parent() {
                fsx::create_dir_all(p)?;
            }
            if ft.is_symlink() {
                #[cfg(unix)]
                {
                    let to = std::fs::read_link(entry.path()).map_err(|e| {
                        anyhow!("cannot read link `{}`: {e}", entry.path().display())
                    })?;
                    std::os::unix::fs::symlink(to, &target)
                        .map_err(|e| anyhow!("cannot link `{}`: {e}", target.display()))?;
                }
            } else {
                link_or_copy(entry.path(), &target)?;
            }
        }
        Ok(removed)
    }

    /// Leave the output folder as it is (a build that failed before its
    /// commit): gives an error for each path this build produced twice,
    /// for the build to report with its others.
    pub(crate) fn abandon(mut self) -> Vec<String> {
        std::mem::take(&mut self.produced)
            .into_sorted()
            .map_or_else(|e| vec![format!("{e:#}")], |(_, doubles)| doubles)
    }

    /// Put the new site in place of the old one: the changed files moved in
    /// (when they are few), or the whole new tree swapped in. A build killed
    /// at any moment leaves the output folder entirely old or entirely new
    /// (after an in-place commit was cut short, once the next build has
    /// rolled it back).
    pub(crate) fn commit(mut self) -> Result<WriteStats> {
        self.committed = true;
        let (seen_sorted, doubles) = std::mem::take(&mut self.produced).into_sorted()?;
        if !doubles.is_empty() {
            bail!("{}", doubles.join("\n"));
        }
        let mut changed =
            std::mem::take(&mut *self.changed.lock().map_err(|_| anyhow!("poisoned lock"))?);
        changed.sort_unstable();
        let tmp = self.beside.manifest_tmp();
        fsx::write_lines(&tmp, &seen_sorted)?;
        let unchanged = self.unchanged.load(Ordering::Relaxed);
        let in_place = self.previous.as_ref().and_then(|previous| {
            let removed: Vec<String> = not_in(previous.iter(), &seen_sorted)
                .filter(|p| std::fs::symlink_metadata(self.out.join(p)).is_ok_and(|m| !m.is_dir()))
                .map(str::to_string)
                .collect();
            inplace::plan(&self.out, &changed, removed, seen_sorted.len())
        });
        let removed = if let Some(plan) = in_place {
            let removed = plan.removed();
            plan.apply(&self.out, &self.dir, &self.beside, &tmp)?;
            remove_tree(&self.dir)?;
            log::debug!(
                "committed {} written and {removed} removed files in place",
                changed.len()
            );
            removed
        } else {
            let removed = self.swap(&seen_sorted, &changed)?;
            fsx::rename(&tmp, &self.beside.manifest())?;
            removed
        };
        let stats = WriteStats {
            written: changed.len(),
            unchanged,
            removed,
        };
        // What killed builds left beside the output goes now, after the
        // commit (the site is served new without waiting for it).
        self.beside.clear_leftovers();
        Ok(stats)
    }

    /// Make the staging folder the whole new site (the unchanged files
    /// linked from the output folder, and the files mujaz never wrote) and
    /// swap it in. Gives the number of files removed.
    fn swap(&self, seen: &[String], changed: &[String]) -> Result<usize> {
        use rayon::prelude::*;
        let changed: HashSet<&str> = changed.iter().map(String::as_str).collect();
        seen.par_iter()
            .filter(|p| !changed.contains(p.as_str()))
            .try_for_each(|p| {
                self.ensure_parent(p)?;
                link_or_copy(&self.out.join(p), &self.dir.join(p))
            })?;
        let seen: HashSet<&str> = seen.iter().map(String::as_str).collect();
        let removed = self.carry_foreign(&seen)?;
        if !self.out.exists() {
            fsx::rename(&self.dir, &self.out)?;
        } else if fsx::exchange(&self.dir, &self.out).is_ok() {
            // The old tree is where the new one was.
            remove_tree(&self.dir)?;
        } else {
            // No atomic exchange here: two renames, the old tree kept until
            // the new one is in place.
            let old = self.beside.old();
            fsx::rename(&self.out, &old)?;
            fsx::rename(&self.dir, &self.out)?;
            remove_tree(&old)?;
        }
        Ok(removed)
    }
}

/// The items of sorted `all` that sorted `but` does not hold, in order: one
/// walk through both.
fn not_in<'a>(
    all: impl Iterator<Item = &'a str>,
    but: &'a [String],
) -> impl Iterator<Item = &'a str> {
    let mut rest = but.iter().map(String::as_str).peekable();
    all.filter(move |item| {
        while rest.next_if(|b| b < item).is_some() {}
        rest.peek() != Some(item)
    })
}

/// The files an earlier build wrote, as its manifest lists them: the text
/// and where each line is in it, sorted and without repeats, but for lines
/// no build could have written ([`unsafe_reason`]). (Not a string
/// for each: a large site's manifest lists hundreds of thousands.)
struct Manifest {
    text: String,
    lines: Vec<std::ops::Range<usize>>,
}

impl Manifest {
    fn of(text: String) -> Manifest {
        let mut lines = Vec::with_capacity(text.len() / 48);
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let body = match line.strip_suffix('\n') {
                Some(body) => body.strip_suffix('\r').unwrap_or(body),
                None => line,
            };
            // A line that names no file mujaz could have written (edited
            // by hand) is no file to remove.
            if unsafe_reason(body).is_none() {
                lines.push(at..at + body.len());
            }
            at += line.len();
        }
        let line = |r: &std::ops::Range<usize>| &text[r.clone()];
        // Written sorted; sorted here only when edited by hand.
        if !lines.is_sorted_by(|a, b| line(a) < line(b)) {
            lines.sort_unstable_by(|a, b| line(a).cmp(line(b)));
            lines.dedup_by(|a, b| line(a) == line(b));
        }
        Manifest { text, lines }
    }

    fn len(&self) -> usize {
        self.lines.len()
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        self.lines.iter().map(|r| &self.text[r.clone()])
    }

    fn contains(&self, path: &str) -> bool {
        self.lines
            .binary_search_by(|r| self.text[r.clone()].cmp(path))
            .is_ok()
    }
}

/// Remove a tree that mujaz made (never following symlinks out of it).
fn remove_tree(dir: &Path) -> Result<()> {
    std::fs::remove_dir_all(dir).map_err(|e| anyhow!("cannot remove `{}`: {e}", dir.display()))
}

impl Sink for Staging {
    fn keep(&self, path: &str, stamp: FileStamp) -> Result<bool> {
        // A file with the length, modification time and inode the last
        // build noted is the file it wrote (through whatever folders lead
        // to it now): no other check is needed to keep it.
        if !self
            .out_folder
            .meta(Path::new(path), false)
            .is_ok_and(|m| m.is_file && stamp_of(&m) == stamp)
        {
            return Ok(false);
        }
        self.produced.add(path.to_string())?;
        self.unchanged.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }

    fn keep_found(&self, paths: &[String]) -> Result<bool> {
        for path in paths {
            refuse(path)?;
        }
        // Each folder looked at once.
        let mut folders: Vec<&str> = paths
            .iter()
            .filter_map(|p| p.rsplit_once('/').map(|(folder, _)| folder))
            .collect();
        folders.sort_unstable();
        folders.dedup();
        if !folders
            .iter()
            .all(|f| real_folder(&self.out, f, &self.real_folders))
        {
            return Ok(false);
        }
        self.produced.shard()?.extend(paths.iter().cloned());
        self.unchanged.fetch_add(paths.len(), Ordering::Relaxed);
        Ok(true)
    }

    fn put(&self, file: OutFile) -> Result<()> {
        self.produced.add(file.path.clone())?;
        let current = self.out.join(&file.path);
        if same_bytes(&current, &file.bytes)
            && no_symlink_on_the_way(&self.out, &file.path, &self.real_folders)
        {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.ensure_parent(&file.path)?;
        fsx::write(&self.dir.join(&file.path), &file.bytes)?;
        self.changed_one(file.path)
    }

    /// Links the kept file into the staging folder (nothing is read or
    /// copied; across file systems, it is copied), unless the current
    /// output file is that same file.
    fn put_kept(&self, path: String, from: &Path) -> Result<()> {
        self.produced.add(path.clone())?;
        let current = self.out.join(&path);
        // A file the output holds already (a reused search part) is its own
        // file: one look that it is a file, not a symlink, is enough.
        let same = if current == from {
            std::fs::symlink_metadata(&current).is_ok_and(|m| m.is_file())
        } else {
            same_file(&current, from)
        };
        if same && no_symlink_on_the_way(&self.out, &path, &self.real_folders) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.ensure_parent(&path)?;
        link_or_copy(from, &self.dir.join(&path))?;
        self.changed_one(path)
    }
}

/// Writes changed files straight into an existing output folder, each
/// through a temporary file and a rename, so that a server reading the folder
/// never sees half a file. For `serve`'s incremental rebuilds: it renders a
/// part of the site, so it keeps no manifest and removes nothing.
pub(crate) struct Patch {
    out: PathBuf,
    seen: Seen,
    written: AtomicUsize,
    counter: AtomicUsize,
}

impl Patch {
    pub(crate) fn new(out: &Path) -> Patch {
        Patch {
            out: out.to_path_buf(),
            seen: Seen::default(),
            written: AtomicUsize::new(0),
            counter: AtomicUsize::new(0),
        }
    }

    /// The folder it writes into.
    pub(crate) fn out(&self) -> &Path {
        &self.out
    }

    /// How many files were written (changed or new).
    pub(crate) fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }
}

impl Sink for Patch {
    fn put(&self, file: OutFile) -> Result<()> {
        self.seen.admit(&file.path)?;
        let target = self.out.join(&file.path);
        if same_bytes(&target, &file.bytes) {
            return Ok(());
        }
        let parent = target.parent().unwrap_or(&self.out);
        fsx::create_dir_all(parent)?;
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let tmp = parent.join(format!(".mujaz-patch-{}-{n}", std::process::id()));
        fsx::write(&tmp, &file.bytes)?;
        fsx::rename(&tmp, &target)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed || self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(path: &str, body: &str) -> OutFile {
        OutFile {
            path: path.into(),
            bytes: body.as_bytes().to_vec(),
        }
    }

    /// The names in a folder, sorted.
    fn beside(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn build(out: &Path, files: &[OutFile]) -> Result<WriteStats> {
        let s = Staging::new(out)?;
        for file in files {
            s.put(file.clone())?;
        }
        s.commit()
    }

    #[test]
    fn refuses_paths_outside() {
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a\\b",
            "a//b",
            "a/./b",
            "",
            "a\0b",
            MANIFEST,
        ] {
            assert!(unsafe_reason(bad).is_some(), "{bad:?}");
        }
        assert!(unsafe_reason("tags/داعش/index.html").is_none());
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        assert!(build(&out, &[f("ok.html", "x"), f("../evil", "x")]).is_err());
        assert!(!out.exists(), "nothing is written when a path is bad");
        assert!(!dir.path().join("evil").exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "staging is cleaned up"
        );
    }

    #[test]
    fn duplicates_are_refused() {
        let m = Memory::default();
        m.put(f("a.html", "1")).unwrap();
        assert!(m.put(f("a.html", "2")).is_err());
    }

    #[test]
    fn a_manifest_edited_by_hand_is_sorted_again() {
        let m = Manifest::of("b.html\r\na/x.html\nb.html\n\n../up\na.html\r".to_string());
        assert_eq!(
            m.iter().collect::<Vec<_>>(),
            ["a.html\r", "a/x.html", "b.html"],
            "a last line without its newline keeps its \\r, as `str::lines` does"
        );
        assert!(m.contains("a/x.html") && m.contains("b.html") && !m.contains("c.html"));
        let written = Manifest::of("a.html\nb.html\n".to_string());
        assert_eq!(written.iter().collect::<Vec<_>>(), ["a.html", "b.html"]);
        let all = ["a.html", "b.html", "c.html"];
        let but = ["b.html".to_string(), "d.html".to_string()];
        assert_eq!(
            not_in(all.into_iter(), &but).collect::<Vec<_>>(),
            ["a.html", "c.html"]
        );
    }

    #[test]
    fn a_build_with_two_outputs_for_one_path_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        build(&out, &[f("a.html", "old"), f("b.html", "old")]).unwrap();
        let before = beside(dir.path());
        let s = Staging::new(&out).unwrap();
        s.put(f("a.html", "1")).unwrap();
        s.put(f("b.html", "new")).unwrap();
        // Found when the build commits (the paths are sorted then).
        s.put(f("a.html", "2")).unwrap();
        let e = s.commit().unwrap_err();
        assert!(
            format!("{e:#}").contains("two outputs for `a.html`"),
            "{e:#}"
        );
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "old");
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "old");
        assert_eq!(beside(dir.path()), before, "staging is cleaned up");
        // A build that fails before its commit reports every double.
        let s = Staging::new(&out).unwrap();
        for (path, body) in [
            ("c.html", "1"),
            ("a.html", "1"),
            ("c.html", "2"),
            ("a.html", "2"),
        ] {
            s.put(f(path, body)).unwrap();
        }
        assert_eq!(
            s.abandon(),
            ["two outputs for `a.html`", "two outputs for `c.html`"]
        );
        assert_eq!(beside(dir.path()), before);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "old");
    }

    #[test]
    fn writes_changed_removes_stale_keeps_foreign() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let s = build(&out, &[f("a/index.html", "A"), f("b/index.html", "B")]).unwrap();
        assert_eq!(
            s,
            WriteStats {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        std::fs::write(out.join("CNAME"), "example.com").unwrap();
        let s = build(&out, &[f("a/index.html", "A2")]).unwrap();
        assert_eq!(
            s,
            WriteStats {
                written: 1,
                unchanged: 0,
                removed: 1
            }
        );
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "A2"
        );
        assert!(!out.join("b").exists(), "emptied folder is removed");
        assert!(out.join("CNAME").exists(), "a file mujaz never wrote stays");
        let s = build(&out, &[f("a/index.html", "A2")]).unwrap();
        assert_eq!(
            s,
            WriteStats {
                written: 0,
                unchanged: 1,
                removed: 0
            }
        );
        assert_eq!(
            beside(dir.path()),
            [".output.mujaz-manifest", "output"],
            "no staging folder left"
        );
    }

    #[test]
    fn patch_writes_only_changes_and_leaves_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        build(&out, &[f("a/index.html", "A"), f("b/index.html", "B")]).unwrap();
        let p = Patch::new(&out);
        p.put(f("a/index.html", "A")).unwrap();
        p.put(f("b/index.html", "B2")).unwrap();
        p.put(f("c/new.html", "C")).unwrap();
        assert!(p.put(f("../x", "x")).is_err());
        assert_eq!(p.written(), 2);
        assert_eq!(
            std::fs::read_to_string(out.join("b/index.html")).unwrap(),
            "B2"
        );
        assert!(out.join("a/index.html").exists(), "nothing is removed");
        let leftovers = walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("mujaz-patch"))
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn uncommitted_staging_leaves_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        build(&out, &[f("a/index.html", "A")]).unwrap();
        {
            let s = Staging::new(&out).unwrap();
            s.put(f("a/index.html", "changed")).unwrap();
            s.put(f("new.html", "new")).unwrap();
        } // dropped without commit: the build failed
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "A"
        );
        assert!(!out.join("new.html").exists());
        assert_eq!(beside(dir.path()), [".output.mujaz-manifest", "output"]);
    }
}
