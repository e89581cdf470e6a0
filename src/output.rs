//! Writing the site: the only code that writes into the output folder.
//!
//! Takes the output folder and every rendered [`OutFile`]; checks that each
//! path stays inside the folder, writes only the files whose bytes changed
//! (in parallel), removes the files an earlier build wrote that this build
//! no longer makes, and records what it wrote in `.mujaz-manifest`. Files it
//! never wrote are never removed. Gives counts for the summary line.

use crate::fsx;
use crate::render::OutFile;
use anyhow::{Result, bail};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};

pub const MANIFEST: &str = ".mujaz-manifest";

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
    for part in path.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Some("empty, `.` or `..` segment");
        }
    }
    let p = Path::new(path);
    if !p.components().all(|c| matches!(c, Component::Normal(_))) {
        return Some("not a plain relative path");
    }
    if path == MANIFEST {
        return Some("reserved file name");
    }
    None
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

fn read_manifest(out: &Path) -> Vec<String> {
    std::fs::read_to_string(out.join(MANIFEST))
        .map(|s| s.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Check every path before anything is written.
pub fn check_paths(files: &[OutFile]) -> Result<()> {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for f in files {
        if let Some(why) = unsafe_reason(&f.path) {
            problems.push(format!(
                "refusing to write `{}`: {why}",
                f.path.escape_debug()
            ));
        } else if !seen.insert(f.path.as_str()) {
            problems.push(format!("two outputs for `{}`", f.path));
        }
    }
    if !problems.is_empty() {
        return Err(crate::many_errors(problems));
    }
    Ok(())
}

/// Write `files` into `out`, skipping unchanged files and removing stale ones.
pub fn write(out: &Path, files: &[OutFile]) -> Result<WriteStats> {
    check_paths(files)?;
    if out.exists() && !out.is_dir() {
        bail!("output `{}` exists and is not a folder", out.display());
    }
    let previous = read_manifest(out);
    fsx::create_dir_all(out)?;

    let dirs: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    for d in &dirs {
        let dir = out.join(d);
        // A stale file where a folder must go (or a symlink) is replaced.
        if let Ok(m) = std::fs::symlink_metadata(&dir) {
            if !m.is_dir() {
                fsx::remove_file(&dir)?;
            }
        }
        fsx::create_dir_all(&dir)?;
    }

    let results: Vec<Result<bool>> = files
        .par_iter()
        .map(|f| {
            let target = out.join(&f.path);
            if same_bytes(&target, &f.bytes) {
                return Ok(false);
            }
            if std::fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
                fsx::remove_file(&target)?;
            }
            fsx::write(&target, &f.bytes)?;
            Ok(true)
        })
        .collect();
    let mut stats = WriteStats::default();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(true) => stats.written += 1,
            Ok(false) => stats.unchanged += 1,
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    if !errors.is_empty() {
        return Err(crate::many_errors(errors));
    }

    let current: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut emptied: BTreeSet<PathBuf> = BTreeSet::new();
    for old in &previous {
        if current.contains(old.as_str()) || unsafe_reason(old).is_some() {
            continue;
        }
        let path = out.join(old);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            fsx::remove_file(&path)?;
            stats.removed += 1;
            let mut dir = path.parent();
            while let Some(d) = dir {
                if d == out {
                    break;
                }
                emptied.insert(d.to_path_buf());
                dir = d.parent();
            }
        }
    }
    // Deepest first; only folders that are now empty go.
    for d in emptied.iter().rev() {
        let _ = std::fs::remove_dir(d);
    }

    let mut manifest: Vec<&str> = current.into_iter().collect();
    manifest.sort_unstable();
    let mut text = manifest.join("\n");
    text.push('\n');
    if !same_bytes(&out.join(MANIFEST), text.as_bytes()) {
        fsx::write(&out.join(MANIFEST), text.as_bytes())?;
    }
    Ok(stats)
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
        ] {
            assert!(unsafe_reason(bad).is_some(), "{bad:?}");
        }
        assert!(unsafe_reason("tags/داعش/index.html").is_none());
        let dir = tempfile::tempdir().unwrap();
        assert!(write(dir.path(), &[f("ok.html", "x"), f("../evil", "x")]).is_err());
        assert!(
            !dir.path().join("ok.html").exists(),
            "nothing is written when a path is bad"
        );
    }

    #[test]
    fn writes_changed_removes_stale_keeps_foreign() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("CNAME"), "example.com").unwrap();
        let s = write(&out, &[f("a/index.html", "A"), f("b/index.html", "B")]).unwrap();
        assert_eq!(
            s,
            WriteStats {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        let s = write(&out, &[f("a/index.html", "A2")]).unwrap();
        assert_eq!(
            s,
            WriteStats {
                written: 1,
                unchanged: 0,
                removed: 1
            }
        );
        assert!(!out.join("b").exists(), "emptied folder is removed");
        assert!(out.join("CNAME").exists(), "a file mujaz never wrote stays");
        let s = write(&out, &[f("a/index.html", "A2")]).unwrap();
        assert_eq!(
            s,
            WriteStats {
                written: 0,
                unchanged: 1,
                removed: 0
            }
        );
    }
}
