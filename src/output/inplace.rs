//! Committing a small change in place, under a journal.
//!
//! Takes the files a build changed (already written in its staging folder)
//! and the files it no longer makes; gives the output folder with them
//! moved in and out, without rebuilding the rest of the tree: publishing one
//! article on a site of 10,000 moves some 20 files instead of relinking
//! 15,000. Before the first file moves, the files about to be replaced or
//! removed are kept in an undo folder beside the output, and a journal says
//! what is about to happen; the commit is done when the new manifest is
//! renamed into place. A build killed between the two is rolled back by the
//! next one ([`recover`]), so the output ends as it was before the killed
//! build. Used only when the change is small (its moves take milliseconds)
//! and the paths are plain: no symlink on the way, no file where a folder
//! goes; otherwise the whole tree is swapped.

use super::{Beside, link_or_copy, unsafe_reason};
use crate::fsx;
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// Always small enough to move in place.
const SMALL: usize = 64;
/// Never moved in place: the moves would take long enough for readers of
/// the folder to see a half-published site.
const LARGE: usize = 5_000;

/// What an in-place commit does, written down before it starts.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct Plan {
    /// Files the build changed that exist in the output folder.
    replaced: Vec<String>,
    /// Files the build made that do not exist yet.
    added: Vec<String>,
    /// Files the previous build made and this one does not.
    removed: Vec<String>,
    /// Folders to make in the output folder, parents first.
    dirs: Vec<String>,
    /// The next manifest's temporary file: while it exists, the commit is
    /// not done.
    manifest_tmp: String,
    /// The undo folder (a name beside the output folder).
    undo: String,
}

/// Whether `path` under `root` is a real folder (`Some(true)`), missing
/// (`Some(false)`) or something else (`None`).
fn folder(root: &Path, rel: &str) -> Option<bool> {
    match std::fs::symlink_metadata(root.join(rel)) {
        Ok(m) if m.is_dir() => Some(true),
        Ok(_) => None,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(false),
        Err(_) => None,
    }
}

/// The folders on the way to `rel`, shortest first: `a/b/c.html` → `a`, `a/b`.
fn parents(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(move |(i, _)| &rel[..i])
}

/// An in-place commit of `changed` and `removed` into `out`, when it is one
/// (few changes among `files`, every path plain); `None` when the whole tree
/// must be swapped.
pub(super) fn plan(
    out: &Path,
    changed: &[String],
    removed: Vec<String>,
    files: usize,
) -> Option<Plan> {
    let changes = changed.len() + removed.len();
    if changes > LARGE || (changes > SMALL && changes * 10 > files) {
        return None;
    }
    if !std::fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()) {
        return None;
    }
    let mut dirs = BTreeSet::new();
    for path in changed.iter().chain(&removed) {
        let mut missing = false;
        for dir in parents(path) {
            if missing || dirs.contains(dir) {
                missing = true;
                dirs.insert(dir.to_string());
                continue;
            }
            match folder(out, dir)? {
                true => {}
                false => {
                    missing = true;
                    dirs.insert(dir.to_string());
                }
            }
        }
    }
    let mut replaced = Vec::new();
    let mut added = Vec::new();
    for path in changed {
        match std::fs::symlink_metadata(out.join(path)) {
            Ok(m) if m.is_file() => replaced.push(path.clone()),
            Ok(_) => return None, // a folder or a link where the file goes
            Err(_) => added.push(path.clone()),
        }
    }
    for path in &removed {
        if !std::fs::symlink_metadata(out.join(path)).is_ok_and(|m| m.is_file()) {
            return None;
        }
    }
    Some(Plan {
        replaced,
        added,
        removed,
        dirs: dirs.into_iter().collect(),
        manifest_tmp: String::new(),
        undo: String::new(),
    })
}

/// Stop the process after this many moves (tests of killed builds only).
fn die_after_moves() -> Option<usize> {
    if cfg!(debug_assertions) {
        std::env::var("MUJAZ_TEST_DIE_AFTER_MOVES")
            .ok()?
            .parse()
            .ok()
    } else {
        None
    }
}

impl Plan {
    /// How many files the commit removes.
    pub(super) fn removed(&self) -> usize {
        self.removed.len()
    }

    /// Move the staged files into `out` and the removed ones out of it,
    /// then rename `manifest_tmp` into place: the commit.
    pub(super) fn apply(
        mut self,
        out: &Path,
        staging: &Path,
        beside: &Beside,
        manifest_tmp: &Path,
    ) -> Result<()> {
        let undo = beside.undo();
        self.undo = name(&undo);
        self.manifest_tmp = name(manifest_tmp);
        fsx::create_dir_all(&undo)?;
        for path in &self.replaced {
            let kept = undo.join(path);
            if let Some(p) = kept.parent() {
                fsx::create_dir_all(p)?;
            }
            link_or_copy(&out.join(path), &kept)?;
        }
        let journal = beside.journal();
        let tmp = beside
            .parent
            .join(format!("{}.tmp-{}", name(&journal), std::process::id()));
        fsx::write(&tmp, serde_json::to_string(&self)?.as_bytes())?;
        fsx::rename(&tmp, &journal)?;

        let die = die_after_moves();
        let mut moves = 0;
        let mut moved = || {
            moves += 1;
            if die == Some(moves) {
                std::process::abort();
            }
        };
        for dir in &self.dirs {
            let path = out.join(dir);
            std::fs::create_dir(&path)
                .with_context(|| format!("cannot create folder `{}`", path.display()))?;
        }
        for path in &self.removed {
            let kept = undo.join(path);
            if let Some(p) = kept.parent() {
                fsx::create_dir_all(p)?;
            }
            fsx::rename(&out.join(path), &kept)?;
            moved();
        }
        for path in self.replaced.iter().chain(&self.added) {
            fsx::rename(&staging.join(path), &out.join(path))?;
            moved();
        }
        // The commit.
        fsx::rename(manifest_tmp, &beside.manifest())?;

        fsx::remove_file(&journal)?;
        super::remove_tree(&undo)?;
        // Folders the removed files leave empty go too.
        for path in &self.removed {
            for dir in parents(path).collect::<Vec<_>>().into_iter().rev() {
                if std::fs::remove_dir(out.join(dir)).is_err() {
                    break;
                }
            }
        }
        Ok(())
    }
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Undo an in-place commit that a killed build left unfinished (its
/// journal is beside the output folder and its manifest was not renamed):
/// the output folder goes back to what it was before that build. Moves
/// that never happened are skipped, so a recovery cut short can run again.
pub(super) fn recover(out: &Path, beside: &Beside) -> Result<()> {
    let journal = beside.journal();
    let text = match std::fs::read_to_string(&journal) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => bail!("cannot read `{}`: {e}", journal.display()),
    };
    let plan: Plan = serde_json::from_str(&text)
        .with_context(|| format!("`{}` is not a journal of mujaz", journal.display()))?;
    let all = plan
        .replaced
        .iter()
        .chain(&plan.added)
        .chain(&plan.removed)
        .chain(&plan.dirs);
    for path in all.chain([&plan.undo, &plan.manifest_tmp]) {
        if let Some(why) = unsafe_reason(path) {
            bail!("`{}` names `{path}`: {why}", journal.display());
        }
    }
    if plan.undo.contains('/') || plan.manifest_tmp.contains('/') {
        bail!("`{}` names a file outside its folder", journal.display());
    }
    let undo = beside.parent.join(&plan.undo);
    let manifest_tmp = beside.parent.join(&plan.manifest_tmp);
    if manifest_tmp.exists() {
        log::info!(
            "undoing the unfinished commit of a build that was stopped ({} files)",
            plan.replaced.len() + plan.added.len() + plan.removed.len()
        );
        for path in plan.replaced.iter().chain(&plan.removed) {
            let kept = undo.join(path);
            if std::fs::symlink_metadata(&kept).is_ok() {
                fsx::rename(&kept, &out.join(path))?;
            }
        }
        for path in &plan.added {
            let made = out.join(path);
            if std::fs::symlink_metadata(&made).is_ok() {
                fsx::remove_file(&made)?;
            }
        }
        for dir in plan.dirs.iter().rev() {
            let _ = std::fs::remove_dir(out.join(dir));
        }
        fsx::remove_file(&manifest_tmp)?;
    }
    if undo.exists() {
        super::remove_tree(&undo)?;
    }
    fsx::remove_file(&journal)
}
