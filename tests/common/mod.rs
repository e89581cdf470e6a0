//! Test harness: copy a fixture site to a temp folder, run the real `mujaz`
//! binary on it, and read back the output as files and parsed HTML.
#![allow(dead_code)]

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) struct TestSite {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

pub(crate) struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub(crate) fn ok(&self) -> &Self {
        assert_eq!(
            self.status, 0,
            "mujaz failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub(crate) fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>/` in a fresh temp folder.
    pub(crate) fn fixture(name: &str) -> TestSite {
        let site = TestSite::empty();
        copy_dir(&fixture_path(name), &site.root);
        site
    }

    /// A site with an empty `content/` folder.
    pub(crate) fn empty() -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        TestSite { _dir: dir, root }
    }

    pub(crate) fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub(crate) fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root.join(rel)).unwrap();
    }

    /// Write an article with the given front-matter lines and body.
    pub(crate) fn article(&self, rel: &str, front: &str, body: &str) -> &Self {
        self.write(
            &format!("content/{rel}"),
            &format!("---\n{front}\n---\n\n{body}\n"),
        )
    }

    pub(crate) fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root, args)
    }

    /// `mujaz build --root ROOT EXTRA…`
    pub(crate) fn build(&self, extra: &[&str]) -> Run {
        let root = self.root.to_str().unwrap().to_string();
        let mut args = vec!["build", "--root", &root];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// [`TestSite::build`] with the build clock at `now` (RFC 3339).
    pub(crate) fn build_at(&self, now: &str, extra: &[&str]) -> Run {
        let root = self.root.to_str().unwrap().to_string();
        let mut args = vec!["build", "--root", &root];
        args.extend_from_slice(extra);
        run_with(&self.root, &args, &[("MUJAZ_NOW", now)])
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.root.join("output")
    }

    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
    }

    pub(crate) fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    /// Every file under output/ (relative path → bytes).
    pub(crate) fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.out())
    }

    /// Relative paths of every `index.html` page, as site paths (`tags/x/`).
    pub(crate) fn pages(&self) -> Vec<String> {
        self.tree()
            .keys()
            .filter_map(|p| p.strip_suffix("index.html").map(str::to_string))
            .collect()
    }
}

pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with(dir, args, &[])
}

/// [`run_in`] with more environment variables.
pub(crate) fn run_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_mujaz"))
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "info")
        .envs(env.iter().copied())
        .output()
        .expect("run mujaz");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub(crate) fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// Trimmed text of every element matching `css`.
pub(crate) fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&sel(css))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The `attr` of every element matching `css`.
pub(crate) fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    html.select(&sel(css))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Percent-decode a URL path.
pub(crate) fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The titles on the home page's front, in order: the lead story, the top
/// stories, then the rest by day.
pub(crate) fn front_titles(html: &Html) -> Vec<String> {
    texts(
        html,
        ".lead-title, .top-stories .card-title, .day .card-title",
    )
}
