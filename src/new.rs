//! `mujaz new "العنوان"`: start an article by hand.
//!
//! Takes the config, a title and the clock; writes
//! `content/YYYY/MM/<slug>.md` (the path the importer would use) with the
//! front matter filled in — title, the current time in the site's time zone,
//! slug, the section if given, empty tags and summary — and gives its path.
//! Never overwrites.

use crate::config::Config;
use crate::content::frontmatter::{FrontMatter, Scalar};
use crate::{arabic, fsx, slug};
use anyhow::{Result, bail};
use std::path::PathBuf;

/// Create `content/<year>/<slug>.md` for a new article titled `title`,
/// dated `now`; gives its path. Refuses to overwrite a file.
pub fn run(
    cfg: &Config,
    title: &str,
    section: Option<&str>,
    now: jiff::Timestamp,
) -> Result<PathBuf> {
    let title = arabic::without_tatweel(title.trim());
    if title.is_empty() {
        bail!("the title is empty");
    }
    let z = now.to_zoned_datetime(cfg.timezone.clone());
    let slug = slug::of(cfg.yaml.slug, &title);
    if slug.is_empty() {
        bail!("the title `{title}` has no letters or digits to make a slug from");
    }
    let rel = format!("{}/{}.md", z.strftime("%Y/%m"), slug);
    let path = cfg.content_dir.join(&rel);
    if path.exists() {
        bail!("`content/{rel}` already exists; choose another title or edit that file");
    }
    let fm = FrontMatter {
        title: Some(title),
        date: Some(Scalar::Text(crate::timefmt::rfc3339(&z))),
        slug: Some(slug),
        section: section
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        summary: Some(String::new()),
        ..FrontMatter::default()
    };
    let text = format!("---\n{}---\n\n", crate::yaml::to_string(&fm)?);
    if let Some(parent) = path.parent() {
        fsx::create_dir_all(parent)?;
    }
    fsx::write(&path, text.as_bytes())?;
    Ok(PathBuf::from("content").join(rel))
}
