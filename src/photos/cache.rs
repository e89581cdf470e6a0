//! The rendition cache: `.mujaz/cache/images/` beside the site, never
//! published. `index.tsv` remembers each photo's hash and size by its
//! file's length and time (so a rebuild reads no unchanged photo); one
//! folder per settings, one per photo's hash, one file per rendition.

use anyhow::{Context, Result};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What the hash of a file was when it had this length and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Known {
    pub(super) len: u64,
    pub(super) modified: i128,
    pub(super) hash: String,
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) alpha: bool,
}

/// The file of rendition `r` in the cache folder of its photo.
pub(super) fn rendition(dir: &Path, r: &super::Rendition) -> PathBuf {
    dir.join(format!("{}.{}", r.width, r.format.ext()))
}

/// Write `bytes` to `to` through a temporary file and a rename: a killed
/// build never leaves half a file in the cache.
pub(super) fn write_atomic(to: &Path, bytes: &[u8]) -> Result<()> {
    crate::fsx::replace(to, |tmp| std::fs::write(tmp, bytes))
}

pub(super) fn read_index(path: &Path) -> HashMap<PathBuf, Known> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let [p, len, modified, hash, w, h, alpha] = f.as_slice() else {
                return None;
            };
            Some((
                PathBuf::from(p),
                Known {
                    len: len.parse().ok()?,
                    modified: modified.parse().ok()?,
                    hash: (hash.len() == 32).then(|| hash.to_string())?,
                    width: w.parse().ok()?,
                    height: h.parse().ok()?,
                    alpha: *alpha == "1",
                },
            ))
        })
        .collect()
}

/// Remove cached renditions of other settings and of photos not in `used`.
pub(super) fn prune(cache_dir: &Path, used: &HashSet<&str>) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(cache_dir) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if !e.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if name != super::SETTINGS {
            remove_dir(&path)?;
            continue;
        }
        for photo in std::fs::read_dir(&path).into_iter().flatten().flatten() {
            let hash = photo.file_name().to_string_lossy().into_owned();
            if !used.contains(hash.as_str()) {
                remove_dir(&photo.path())?;
            }
        }
    }
    Ok(())
}

fn remove_dir(path: &Path) -> Result<()> {
    std::fs::remove_dir_all(path)
        .map_err(|e| anyhow::anyhow!("cannot remove `{}`: {e}", path.display()))
}

/// Write the index of `entries` to `path`, unless it holds them already.
pub(super) fn write_index(path: &Path, entries: &BTreeMap<&Path, &Known>) -> Result<()> {
    let mut text = String::new();
    for (file, k) in entries {
        let Some(p) = file.to_str().filter(|p| !p.contains(['\t', '\n'])) else {
            continue;
        };
        text.push_str(&format!(
            "{p}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            k.len, k.modified, k.hash, k.width, k.height, k.alpha as u8
        ));
    }
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        crate::fsx::create_dir_all(dir)?;
    }
    write_atomic(path, text.as_bytes())
}

/// Copy `from` to `to` unless `to` is there already (through a temporary
/// file and a rename, like every file of the cache).
pub(super) fn keep_copy(from: &Path, to: &Path) -> Result<()> {
    if to.is_file() {
        return Ok(());
    }
    if let Some(dir) = to.parent() {
        crate::fsx::create_dir_all(dir)?;
    }
    crate::fsx::replace(to, |tmp| std::fs::copy(from, tmp).map(|_| ()))
        .with_context(|| format!("cannot copy `{}` to `{}`", from.display(), to.display()))
}
