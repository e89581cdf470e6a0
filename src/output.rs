//! Writing the site: the only code that writes into the output folder.
//!
//! Takes rendered [`OutFile`]s one at a time through a [`Sink`]. [`Staging`]
//! is the sink of `mujaz build`: each file is compared with the one already
//! in the output folder and, if its bytes differ, written into a staging
//! folder beside it, so memory stays flat however large the site. Nothing in
//! the output folder changes until [`Staging::commit`]: a failed build drops
//! the staging folder and leaves the output exactly as it was. Commit moves
//! the changed files in (one rename when the output folder is new), removes
//! the files an earlier build wrote that this build no longer makes, and
//! records what it wrote in `.mujaz-manifest`; files mujaz never wrote are
//! never removed. [`Memory`] keeps files in memory, for `check` and tests.

use crate::fsx;
use anyhow::{Result, anyhow, bail};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const MANIFEST: &str = ".mujaz-manifest";

/// One file of the built site: its path under the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go.
pub trait Sink: Sync {
    fn put(&self, file: OutFile) -> Result<()>;
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Why `path` may not be written under the output folder, if it may not.
pub fn unsafe_reason(path: &str) -> Option<&'static str> {
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
    if !Path::new(path)
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

/// Paths already produced in this run: refuses unsafe paths and duplicates.
#[derive(Default)]
struct Seen(Mutex<HashSet<String>>);

impl Seen {
    fn admit(&self, path: &str) -> Result<()> {
        if let Some(why) = unsafe_reason(path) {
            bail!("refusing to write `{}`: {why}", path.escape_debug());
        }
        let mut seen = self.0.lock().map_err(|_| anyhow!("poisoned lock"))?;
        if !seen.insert(path.to_string()) {
            bail!("two outputs for `{path}`");
        }
        Ok(())
    }
    fn into_sorted(self) -> Vec<String> {
        let mut v: Vec<String> = self
            .0
            .into_inner()
            .unwrap_or_default()
            .into_iter()
            .collect();
        v.sort_unstable();
        v
    }
}

/// Keeps every file in memory (for `check`, `serve` and tests).
#[derive(Default)]
pub struct Memory {
    seen: Seen,
    files: Mutex<Vec<OutFile>>,
}

impl Memory {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutFile> {
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

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut d| d.next().is_none())
}

/// The sink of a real build: stages changed files beside the output folder.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// The output folder is new or empty: every file is staged and commit is one rename.
    fresh: bool,
    seen: Seen,
    changed: Mutex<Vec<String>>,
    unchanged: AtomicUsize,
    made_dirs: Mutex<HashSet<String>>,
    committed: bool,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Staging> {
        if out.exists() && !out.is_dir() {
            bail!("output `{}` exists and is not a folder", out.display());
        }
        let name = out
            .file_name()
            .ok_or_else(|| anyhow!("output `{}` has no folder name", out.display()))?
            .to_string_lossy();
        let parent = out.parent().unwrap_or(Path::new("."));
        fsx::create_dir_all(parent)?;
        let dir = parent.join(format!(".{name}.mujaz-staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| anyhow!("cannot clear `{}`: {e}", dir.display()))?;
        }
        fsx::create_dir_all(&dir)?;
        Ok(Staging {
            fresh: !out.exists() || is_empty_dir(out),
            out: out.to_path_buf(),
            dir,
            seen: Seen::default(),
            changed: Mutex::new(Vec::new()),
            unchanged: AtomicUsize::new(0),
            made_dirs: Mutex::new(HashSet::new()),
            committed: false,
        })
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

    /// Move the staged files into the output folder.
    pub fn commit(mut self) -> Result<WriteStats> {
        self.committed = true;
        let seen = std::mem::take(&mut self.seen).into_sorted();
        let mut changed =
            std::mem::take(&mut *self.changed.lock().map_err(|_| anyhow!("poisoned lock"))?);
        let mut stats = WriteStats {
            written: changed.len(),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed: 0,
        };
        let mut manifest = seen.join("\n");
        manifest.push('\n');
        let previous: Vec<String> = std::fs::read_to_string(self.out.join(MANIFEST))
            .map(|s| s.lines().map(str::to_string).collect())
            .unwrap_or_default();

        if self.fresh {
            fsx::write(&self.dir.join(MANIFEST), manifest.as_bytes())?;
            if self.out.exists() {
                std::fs::remove_dir(&self.out)
                    .map_err(|e| anyhow!("cannot replace `{}`: {e}", self.out.display()))?;
            }
            fsx::rename(&self.dir, &self.out)?;
            return Ok(stats);
        }

        changed.sort_unstable();
        let dirs: BTreeSet<&str> = changed
            .iter()
            .filter_map(|p| p.rsplit_once('/').map(|(d, _)| d))
            .collect();
        for d in dirs {
            let target = self.out.join(d);
            // A stale file (or a symlink) where a folder must go is replaced.
            if std::fs::symlink_metadata(&target).is_ok_and(|m| !m.is_dir()) {
                fsx::remove_file(&target)?;
            }
            fsx::create_dir_all(&target)?;
        }
        changed.par_iter().try_for_each(|p| {
            let target = self.out.join(p);
            if std::fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
                fsx::remove_file(&target)?;
            }
            fsx::rename(&self.dir.join(p), &target)
        })?;

        let current: HashSet<&str> = seen.iter().map(String::as_str).collect();
        let mut emptied: BTreeSet<PathBuf> = BTreeSet::new();
        for old in &previous {
            if current.contains(old.as_str()) || unsafe_reason(old).is_some() {
                continue;
            }
            let path = self.out.join(old);
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                fsx::remove_file(&path)?;
                stats.removed += 1;
                let mut dir = path.parent();
                while let Some(d) = dir.filter(|d| *d != self.out) {
                    emptied.insert(d.to_path_buf());
                    dir = d.parent();
                }
            }
        }
        // Deepest first; only folders that are now empty go.
        for d in emptied.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
        if !same_bytes(&self.out.join(MANIFEST), manifest.as_bytes()) {
            fsx::write(&self.out.join(MANIFEST), manifest.as_bytes())?;
        }
        std::fs::remove_dir_all(&self.dir)
            .map_err(|e| anyhow!("cannot remove `{}`: {e}", self.dir.display()))?;
        Ok(stats)
    }
}

impl Sink for Staging {
    fn put(&self, file: OutFile) -> Result<()> {
        self.seen.admit(&file.path)?;
        if !self.fresh && same_bytes(&self.out.join(&file.path), &file.bytes) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.ensure_parent(&file.path)?;
        fsx::write(&self.dir.join(&file.path), &file.bytes)?;
        self.changed
            .lock()
            .map_err(|_| anyhow!("poisoned lock"))?
            .push(file.path);
        Ok(())
    }
}

/// Writes changed files straight into an existing output folder, each
/// through a temporary file and a rename, so that a server reading the folder
/// never sees half a file. For `serve`'s incremental rebuilds: it renders a
/// part of the site, so it keeps no manifest and removes nothing.
pub struct Patch {
    out: PathBuf,
    seen: Seen,
    written: AtomicUsize,
    counter: AtomicUsize,
}

impl Patch {
    pub fn new(out: &Path) -> Patch {
        Patch {
            out: out.to_path_buf(),
            seen: Seen::default(),
            written: AtomicUsize::new(0),
            counter: AtomicUsize::new(0),
        }
    }

    /// How many files were written (changed or new).
    pub fn written(&self) -> usize {
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
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
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
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
