//! `mujaz init [DIR]`: a new site that builds at once.
//!
//! Takes a folder (made if missing, refused unless empty) and a language;
//! writes a commented `site.yaml`, an example article dated now in the
//! menu's section, an about page, `seeds/` with a short README, a
//! `.gitignore` for the output and the build's state, and the deploy
//! recipes of `deploy/` (the GitHub Pages workflow, `netlify.toml`, nginx
//! and S3 files; docs/deploy.md); gives the files written. The texts are in `data/init/` (Arabic, and English for any
//! other language, with the language's code in site.yaml).

use crate::{fsx, timefmt};
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

struct Texts {
    site_yaml: &'static str,
    article: &'static str,
    about: &'static str,
    article_file: &'static str,
}

const AR: Texts = Texts {
    site_yaml: include_str!("../data/init/ar/site.yaml"),
    article: include_str!("../data/init/ar/article.md"),
    about: include_str!("../data/init/ar/about.md"),
    article_file: "أهلا-بكم-في-موجز.md",
};

const EN: Texts = Texts {
    site_yaml: include_str!("../data/init/en/site.yaml"),
    article: include_str!("../data/init/en/article.md"),
    about: include_str!("../data/init/en/about.md"),
    article_file: "welcome.md",
};

const SEEDS_README: &str = include_str!("../data/init/seeds-README.md");
/// The deploy recipes (docs/deploy.md), as shipped in `deploy/`.
const DEPLOY: [(&str, &str); 5] = [
    (
        ".github/workflows/deploy.yml",
        include_str!("../deploy/github-pages.yml"),
    ),
    ("netlify.toml", include_str!("../deploy/netlify.toml")),
    ("deploy/nginx.conf", include_str!("../deploy/nginx.conf")),
    (
        "deploy/nginx-subpath.conf",
        include_str!("../deploy/nginx-subpath.conf"),
    ),
    (
        "deploy/s3-cloudfront.sh",
        include_str!("../deploy/s3-cloudfront.sh"),
    ),
];
const GITIGNORE: &str = include_str!("../data/init/gitignore");

/// Make a new site in `dir` for `language` (`ar`, `en`, …), dated `now`;
/// gives the files written, relative to `dir`.
pub fn run(dir: &Path, language: &str, now: jiff::Timestamp) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!(
                "`{}` is a file; give a folder for the new site",
                dir.display()
            );
        }
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| anyhow::anyhow!("cannot read `{}`: {e}", dir.display()))?;
        if let Some(Ok(first)) = entries.next() {
            bail!(
                "`{}` is not empty (it has `{}`); `mujaz init` makes a new site in an empty or new folder",
                dir.display(),
                first.file_name().to_string_lossy()
            );
        }
    }
    let language = language.trim();
    if language.is_empty()
        || !language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        bail!("`{language}` is not a language code such as `ar` or `en`");
    }
    let texts = if crate::config::primary_language(language) == "ar" {
        &AR
    } else {
        &EN
    };
    let site_yaml = texts.site_yaml.replace("{language}", language);
    // The example is dated now, in the site's own time zone.
    let zone = site_yaml
        .lines()
        .find_map(|l| l.strip_prefix("timezone:"))
        .and_then(|name| jiff::tz::TimeZone::get(name.trim()).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    let z = now.to_zoned_datetime(zone);
    let article = texts.article.replace("{date}", &timefmt::rfc3339(&z));
    let article_path = format!("content/{}/{}", z.strftime("%Y/%m"), texts.article_file);
    let mut files: Vec<(String, &str)> = vec![
        ("site.yaml".into(), &site_yaml),
        (article_path, &article),
        ("content/pages/about.md".into(), texts.about),
        ("seeds/README.md".into(), SEEDS_README),
        (".gitignore".into(), GITIGNORE),
    ];
    files.extend(DEPLOY.iter().map(|(p, t)| (p.to_string(), *t)));
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            fsx::create_dir_all(parent)?;
        }
        fsx::write(&path, text.as_bytes())?;
        #[cfg(unix)]
        if rel.ends_with(".sh") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                .map_err(|e| anyhow::anyhow!("cannot make `{}` runnable: {e}", path.display()))?;
        }
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}
