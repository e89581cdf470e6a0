//! Filesystem wrappers that put the path in every error message.
//!
//! Takes paths, gives the same results as `std::fs` with `anyhow` errors of the
//! form "cannot read `content/x.md`: No such file or directory"; and the one
//! rule for the editors' leftovers that are never read, published or watched.

use anyhow::{Context, Result};
use std::fs;
use std::path::Path;

pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))
}

pub(crate) fn read_to_string(path: &Path) -> Result<String> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "`{}` is not valid UTF-8 (byte {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).with_context(|| format!("cannot write `{}`", path.display()))
}

/// Write `lines` into the file at `path`, each followed by a newline (not
/// joined first: a large site's manifest is tens of megabytes).
pub(crate) fn write_lines(path: &Path, lines: &[String]) -> Result<()> {
    use std::io::Write as _;
    let write = || -> std::io::Result<()> {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, fs::File::create(path)?);
        for line in lines {
            w.write_all(line.as_bytes())?;
            w.write_all(b"\n")?;
        }
        w.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        Ok(())
    };
    write().with_context(|| format!("cannot write `{}`", path.display()))
}

pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).with_context(|| format!("cannot create folder `{}`", path.display()))
}

pub(crate) fn remove_file(path: &Path) -> Result<()> {
    fs::remove_file(path).with_context(|| format!("cannot remove `{}`", path.display()))
}

/// The absolute path with every symlink and `.`/`..` resolved.
pub(crate) fn canonicalize(path: &Path) -> Result<std::path::PathBuf> {
    fs::canonicalize(path).with_context(|| format!("cannot find `{}`", path.display()))
}

/// Make `to` through a temporary file beside it (which `make` writes) and
/// a rename: a killed run never leaves half a file there.
pub(crate) fn replace(to: &Path, make: impl FnOnce(&Path) -> std::io::Result<()>) -> Result<()> {
    let tmp = to.with_extension(format!("tmp-{}", std::process::id()));
    if let Err(e) = make(&tmp) {
        let _ = fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write `{}`", tmp.display()));
    }
    rename(&tmp, to)
}

pub(crate) fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to)
        .with_context(|| format!("cannot move `{}` to `{}`", from.display(), to.display()))
}

/// The state mujaz keeps for a site, outside its output: `ROOT/.mujaz/`.
pub(crate) fn state_dir(root: &Path) -> std::path::PathBuf {
    root.join(".mujaz")
}

/// The cache of one kind (`images`, `pages`): `ROOT/.mujaz/cache/<kind>/`.
pub(crate) fn cache_dir(root: &Path, kind: &str) -> std::path::PathBuf {
    state_dir(root).join("cache").join(kind)
}

/// Held while a command writes into a site (its content, its output): one
/// at a time per site. Released when dropped (or when the process dies).
#[derive(Debug)]
pub struct SiteLock {
    _file: fs::File,
}

/// Take the site's lock, waiting (and saying so) while another mujaz holds it.
pub fn lock_site(root: &Path) -> Result<SiteLock> {
    use std::io::Write;
    let dir = state_dir(root);
    create_dir_all(&dir)?;
    let path = dir.join("lock");
    let mut file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open the lock file `{}`", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let holder = fs::read_to_string(&path).unwrap_or_default();
            log::info!(
                "waiting for another mujaz ({}) that is writing this site…",
                holder.trim()
            );
            file.lock()
                .with_context(|| format!("cannot lock `{}`", path.display()))?;
        }
        Err(fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("cannot lock `{}`", path.display()));
        }
    }
    file.set_len(0)
        .and_then(|()| write!(file, "pid {}", std::process::id()))
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(SiteLock { _file: file })
}

/// Swap two paths in one atomic step (Linux `renameat2(RENAME_EXCHANGE)`):
/// at no moment is either name missing. An error where the system cannot
/// (another OS, a file system without it); the caller then falls back.
pub(crate) fn exchange(a: &Path, b: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let ca = CString::new(a.as_os_str().as_bytes())?;
        let cb = CString::new(b.as_os_str().as_bytes())?;
        // SAFETY: both paths are valid NUL-terminated strings that outlive
        // the call; AT_FDCWD resolves them as given.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(());
        }
        Err(std::io::Error::last_os_error())
            .with_context(|| format!("cannot swap `{}` and `{}`", a.display(), b.display()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        anyhow::bail!(
            "cannot swap `{}` and `{}` atomically here",
            a.display(),
            b.display()
        )
    }
}

/// What a look at a file says of it: what the stamps of builds and caches
/// are made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Meta {
    pub(crate) len: u64,
    /// Modification time, ns since the epoch (-1 before it).
    pub(crate) mtime: i128,
    /// Change time, ns since the epoch (the modification time where there
    /// is none).
    pub(crate) ctime: i128,
    /// Inode (0 where there is none).
    pub(crate) ino: u64,
    pub(crate) is_file: bool,
}

impl Meta {
    pub(crate) fn of(m: &fs::Metadata) -> Meta {
        let mtime = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(-1, |d| d.as_nanos() as i128);
        #[cfg(unix)]
        let (ctime, ino) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
                m.ino(),
            )
        };
        #[cfg(not(unix))]
        let (ctime, ino) = (mtime, 0);
        Meta {
            len: m.len(),
            mtime,
            ctime,
            ino,
            is_file: m.is_file(),
        }
    }

    #[cfg(unix)]
    #[allow(
        clippy::unnecessary_cast,
        reason = "the widths of stat's fields differ between systems"
    )]
    fn of_stat(st: &rustix::fs::Stat) -> Meta {
        let ns = |s: i128, n: i128| s * 1_000_000_000 + n;
        let (msec, mnsec) = (st.st_mtime as i128, st.st_mtime_nsec as i128);
        Meta {
            len: st.st_size as u64,
            // As `SystemTime` gives it: nothing before the epoch.
            mtime: if msec < 0 { -1 } else { ns(msec, mnsec) },
            ctime: ns(st.st_ctime as i128, st.st_ctime_nsec as i128),
            ino: st.st_ino as u64,
            is_file: rustix::fs::FileType::from_raw_mode(st.st_mode as _).is_file(),
        }
    }
}

/// A folder held open, whose files are looked at by their paths relative to
/// it: the system then walks only those, not the folder's own path again
/// for each of 200,000 files. Where it cannot be opened (or on a system
/// without such calls), its path is joined as usual.
pub(crate) struct Folder {
    path: std::path::PathBuf,
    #[cfg(unix)]
    fd: Option<rustix::fd::OwnedFd>,
}

impl Folder {
    pub(crate) fn open(path: &Path) -> Folder {
        #[cfg(unix)]
        let fd = {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            rustix::fs::open(path, flags, Mode::empty()).ok()
        };
        Folder {
            path: path.to_path_buf(),
            #[cfg(unix)]
            fd,
        }
    }

    /// What `rel` (a path relative to the folder) is, following a symlink
    /// at its end when `follow`.
    pub(crate) fn meta(&self, rel: &Path, follow: bool) -> std::io::Result<Meta> {
        #[cfg(unix)]
        if let Some(fd) = &self.fd {
            let flags = if follow {
                rustix::fs::AtFlags::empty()
            } else {
                rustix::fs::AtFlags::SYMLINK_NOFOLLOW
            };
            return rustix::fs::statat(fd, rel, flags)
                .map(|st| Meta::of_stat(&st))
                .map_err(std::io::Error::from);
        }
        let path = self.path.join(rel);
        let m = if follow {
            fs::metadata(path)
        } else {
            fs::symlink_metadata(path)
        };
        m.map(|m| Meta::of(&m))
    }
}

/// Call `each` with the name of every regular file in the folder `dir`
/// (symlinks are not files here). On Linux the names are read straight
/// from the system's listing, without a string made for each (a search
/// part's folder holds thousands). Fails when the folder cannot be read.
pub(crate) fn each_file_in(dir: &Path, each: impl FnMut(&[u8])) -> Result<()> {
    list_files_in(dir, each).with_context(|| format!("cannot read folder `{}`", dir.display()))
}

fn list_files_in(dir: &Path, mut each: impl FnMut(&[u8])) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fd::AsFd as _;
        use rustix::fs::{AtFlags, FileType, Mode, OFlags, RawDir};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fd = rustix::fs::open(dir, flags, Mode::empty())?;
        let mut buf = Vec::with_capacity(64 * 1024);
        let mut names = RawDir::new(fd.as_fd(), buf.spare_capacity_mut());
        while let Some(entry) = names.next() {
            let entry = entry?;
            let is_file = match entry.file_type() {
                FileType::RegularFile => true,
                // A file system that does not say: asked of the file itself.
                FileType::Unknown => {
                    rustix::fs::statat(fd.as_fd(), entry.file_name(), AtFlags::SYMLINK_NOFOLLOW)
                        .is_ok_and(|st| FileType::from_raw_mode(st.st_mode).is_file())
                }
                _ => false,
            };
            if is_file {
                each(entry.file_name().to_bytes());
            }
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                each(entry.file_name().as_encoded_bytes());
            }
        }
        Ok(())
    }
}

/// Files that editors, operating systems and downloads leave beside the real
/// ones: swap and lock files, backups, temporary files. They are never
/// published and never trigger a rebuild. (Other dot-files, such as
/// `.htaccess` or `.nojekyll` in `static/`, are real and are published.)
pub(crate) fn is_editor_leftover(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('#')
        || name.starts_with(".#")
        || name.ends_with('~')
        || matches!(&*name, "4913" | ".DS_Store" | "Thumbs.db" | "desktop.ini")
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".part",
            ".crdownload",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_in_names_the_files_only() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("a.pf"), "x").unwrap();
        fs::write(root.path().join("بحث.pf"), "x").unwrap();
        fs::create_dir(root.path().join("sub")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.path().join("a.pf"), root.path().join("link.pf")).unwrap();
        let mut names = Vec::new();
        each_file_in(root.path(), |n| {
            names.push(String::from_utf8(n.to_vec()).unwrap())
        })
        .unwrap();
        names.sort();
        assert_eq!(names, ["a.pf", "بحث.pf"]);
        assert!(each_file_in(&root.path().join("none"), |_| {}).is_err());
    }

    #[test]
    fn a_folder_sees_its_files_as_std_does() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a/b")).unwrap();
        fs::write(root.join("a/b/f.html"), "<p>x</p>").unwrap();
        let folder = Folder::open(root);
        let seen = folder.meta(Path::new("a/b/f.html"), false).unwrap();
        let std = Meta::of(&fs::symlink_metadata(root.join("a/b/f.html")).unwrap());
        assert_eq!(seen, std);
        assert!(seen.is_file && seen.len == 8 && seen.mtime > 0);
        assert!(!folder.meta(Path::new("a/b"), false).unwrap().is_file);
        assert!(folder.meta(Path::new("a/missing.html"), false).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("b/f.html", root.join("a/link.html")).unwrap();
            let link = folder.meta(Path::new("a/link.html"), false).unwrap();
            assert!(!link.is_file, "a symlink is not followed");
            let target = folder.meta(Path::new("a/link.html"), true).unwrap();
            assert_eq!(target, std, "unless asked");
        }
        // A folder that could not be opened looks its files up by path.
        let later = root.join("later");
        let folder = Folder::open(&later);
        fs::create_dir_all(&later).unwrap();
        fs::write(later.join("g"), "1").unwrap();
        assert_eq!(folder.meta(Path::new("g"), true).unwrap().len, 1);
    }

    #[test]
    fn editor_leftovers() {
        for n in [
            ".a.md.swp",
            "a.md~",
            "#a.md#",
            "4913",
            ".#a.md",
            "a.tmp",
            "static/.DS_Store",
            "style.css.bak",
        ] {
            assert!(is_editor_leftover(Path::new(n)), "{n}");
        }
        for n in ["content/a.md", "static/.htaccess", ".nojekyll", "a.css"] {
            assert!(!is_editor_leftover(Path::new(n)), "{n}");
        }
    }
}
