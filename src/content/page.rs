//! Pages: `content/pages/**/*.md`, the site's standing pages ("من نحن",
//! "اتصل بنا"), not articles.
//!
//! Takes one content file under `pages/`; gives a [`PageDoc`]: its title,
//! its rendered body and its site path, from the file's path
//! (`pages/about.md` → `about/`, `pages/company/team.md` → `company/team/`;
//! `slug:` renames the last part). A page needs no date, and is never in
//! feeds, archives, the digest, related lists or the search index. The keys
//! that only mean something for an article are errors on a page, with
//! their line.

use super::frontmatter::{self, FmError, FrontMatter, Split};
use super::{LoadOptions, cut_at_word, optional_date};
use crate::arabic;
use crate::config::SlugStyle;
use crate::highlight::Highlighter;
use crate::markdown;
use jiff::ZonedDateTime;
use std::collections::BTreeMap;

/// The folder under `content/` whose files are pages.
pub(crate) const FOLDER: &str = "pages/";

/// One page, validated and rendered.
#[derive(Debug, Clone)]
pub(crate) struct PageDoc {
    /// Path relative to `content/`, with `/` separators.
    pub(crate) source: String,
    pub(crate) title: String,
    /// The page's description: its `summary`, or its first paragraph, cut.
    pub(crate) description: String,
    /// When it last changed (`updated`, or `date`), for the sitemap.
    pub(crate) updated: Option<ZonedDateTime>,
    /// Site path: `about/`.
    pub(crate) path: String,
    pub(crate) draft: bool,
    pub(crate) extra: BTreeMap<String, serde_json::Value>,
    pub(crate) body: markdown::Rendered,
}

/// Whether a content path (relative to `content/`) is a page.
pub(crate) fn is_page(rel: &str) -> bool {
    rel.starts_with(FOLDER)
}

/// Top-level folders the site's own pages use: a page may not take them.
const RESERVED: &[&str] = &[
    "tags", "sections", "authors", "archive", "search", "page", "pagefind",
];

/// The site path of the page at `rel` (`pages/about.md` → `about/`), with
/// its last part renamed to `slug` when given.
fn path_of(rel: &str, slug: Option<&str>) -> Result<String, String> {
    let inner = rel
        .strip_prefix(FOLDER)
        .and_then(|r| r.strip_suffix(".md"))
        .unwrap_or(rel);
    let mut parts: Vec<String> = inner
        .split('/')
        .map(|p| crate::slug::of(SlugStyle::Unicode, p))
        .collect();
    if let (Some(last), Some(s)) = (parts.last_mut(), slug) {
        *last = crate::slug::of(SlugStyle::Unicode, s);
    }
    if parts.iter().any(String::is_empty) {
        return Err("has no letters or digits to make its address from".into());
    }
    let first = parts[0].as_str();
    if parts.len() == 1 && first == "index" {
        return Err("would be the home page, which is the digest of articles".into());
    }
    if RESERVED.contains(&first) || (first.len() == 4 && first.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!(
            "would be at `/{}/`, which the site's own pages use; rename the file or set `slug`",
            parts.join("/")
        ));
    }
    Ok(format!("{}/", parts.join("/")))
}

/// Validate and render one page.
pub(crate) fn parse(
    rel: &str,
    split: &Split<'_>,
    fm: FrontMatter,
    opts: &LoadOptions<'_>,
    hl: &Highlighter,
) -> Result<PageDoc, FmError> {
    let err = |key: &str, message: String| FmError {
        line: frontmatter::line_of_key(split, key),
        message,
    };
    let article_only: [(&str, bool); 14] = [
        ("tags", !fm.tags.is_empty()),
        ("section", fm.section.is_some()),
        ("authors", !fm.authors.is_empty()),
        ("read_also", !fm.read_also.is_empty()),
        ("place", fm.place.is_some()),
        ("source", fm.source.is_some()),
        ("reading_time", fm.reading_time.is_some()),
        ("image", fm.image.is_some()),
        ("image_alt", fm.image_alt.is_some()),
        ("caption", fm.caption.is_some()),
        ("caption_url", fm.caption_url.is_some()),
        ("breaking", fm.breaking),
        ("breaking_until", fm.breaking_until.is_some()),
        ("seed", fm.seed.is_some()),
    ];
    if let Some((key, _)) = article_only.iter().find(|(_, set)| *set) {
        return Err(err(
            key,
            format!("`{key}` is for articles; a page (under content/pages/) has none"),
        ));
    }
    let title = arabic::without_tatweel(fm.title.as_deref().unwrap_or("").trim());
    if title.is_empty() {
        return Err(err("title", "missing `title`".into()));
    }
    let updated = optional_date(split, "updated", &fm.updated, opts.timezone)?.or(optional_date(
        split,
        "date",
        &fm.date,
        opts.timezone,
    )?);
    let path = path_of(rel, fm.slug.as_deref().filter(|s| !s.trim().is_empty())).map_err(|m| {
        err(
            if fm.slug.is_some() { "slug" } else { "title" },
            format!("this page {m}"),
        )
    })?;
    let cx = markdown::Context {
        doc: rel,
        ..opts.markdown
    };
    let body = markdown::render(&split.body.replace("\r\n", "\n"), hl, &cx);
    super::body_images(&body, split.body_line)?;
    let summary = fm
        .summary
        .as_deref()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty());
    Ok(PageDoc {
        source: rel.to_string(),
        description: cut_at_word(summary.as_deref().unwrap_or(&body.lede), 200),
        title,
        updated,
        path,
        draft: fm.draft,
        extra: fm.extra,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_at_its_file_name() {
        assert_eq!(path_of("pages/about.md", None).unwrap(), "about/");
        assert_eq!(path_of("pages/من نحن.md", None).unwrap(), "من-نحن/");
        assert_eq!(
            path_of("pages/company/team.md", None).unwrap(),
            "company/team/"
        );
        assert_eq!(
            path_of("pages/about.md", Some("Who We Are")).unwrap(),
            "who-we-are/"
        );
    }

    #[test]
    fn a_page_may_not_take_the_site_s_own_addresses() {
        for rel in [
            "pages/tags.md",
            "pages/2024.md",
            "pages/index.md",
            "pages/search/x.md",
            "pages/؟.md",
        ] {
            assert!(path_of(rel, None).is_err(), "{rel}");
        }
    }
}
