//! Content loading: `content/**/*.md` → validated, rendered [`Article`]s.
//!
//! Takes the content folder and settings; walks it (walkdir), then reads,
//! splits and validates the front matter and renders the Markdown of every
//! file in parallel (rayon). Gives every article, or every error of every
//! bad file as `path:line: message` lines — never only the first.

pub(crate) mod cache;
pub mod frontmatter;
pub(crate) mod held;
pub(crate) mod page;

use crate::arabic;
use crate::highlight::Highlighter;
use crate::markdown;
use crate::photos::Photo;
use anyhow::Result;
use frontmatter::{FmError, FrontMatter, Split};
use jiff::ZonedDateTime;
use jiff::tz::TimeZone;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Settings the loader needs from the config.
pub(crate) struct LoadOptions<'a> {
    pub(crate) timezone: &'a TimeZone,
    pub(crate) drafts: bool,
    pub(crate) reading_speed: u32,
    /// The most body HTML a load holds ([`HTML_BUDGET`]).
    pub(crate) html_budget: usize,
    pub(crate) markdown: markdown::Context<'a>,
}

impl LoadOptions<'_> {
    /// Every setting an article's parsed form depends on, as text: the
    /// content cache is kept for one such set.
    pub(crate) fn settings(&self) -> String {
        format!(
            "{:?} {} {} {}",
            self.timezone, self.reading_speed, self.markdown.base_path, self.markdown.unsafe_html
        )
    }
}

/// One article, validated and rendered. Everything but its HTML and its
/// photos is kept in the content cache ([`cache`]) between builds.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Article {
    /// Path relative to `content/`, with `/` separators.
    pub(crate) source: String,
    pub(crate) title: String,
    pub(crate) date: ZonedDateTime,
    /// False when `date` was written as a day only (`YYYY-MM-DD`).
    pub(crate) has_time: bool,
    pub(crate) updated: Option<ZonedDateTime>,
    pub(crate) slug: Option<String>,
    /// Display forms, cleaned and de-duplicated by folded key.
    pub(crate) tags: Vec<String>,
    /// The section, cleaned.
    pub(crate) section: Option<String>,
    /// The authors' names, cleaned and de-duplicated by folded key.
    pub(crate) authors: Vec<String>,
    pub(crate) summary: Option<String>,
    /// The summary, or the first paragraph, cut near 200 characters: see
    /// [`Article::excerpt`]. `None` when it is the summary whole (most
    /// are), so that it is neither held nor cached twice.
    excerpt: Option<String>,
    pub(crate) place: Option<String>,
    pub(crate) source_name: Option<String>,
    pub(crate) reading_time: u32,
    /// The lead photo.
    pub(crate) image: Option<Lead>,
    pub(crate) caption: Option<String>,
    pub(crate) caption_url: Option<String>,
    pub(crate) read_also: Vec<String>,
    pub(crate) draft: bool,
    pub(crate) breaking: bool,
    pub(crate) breaking_until: Option<ZonedDateTime>,
    #[serde(with = "json_text")]
    pub(crate) extra: BTreeMap<String, serde_json::Value>,
    /// What rendering the body found (words, links, photos…); its HTML is
    /// moved to `html`, and its `lede` is let go once the excerpt and
    /// `summary_is_lede` are made from it.
    pub(crate) body: markdown::Rendered,
    /// The body as HTML, while it is held: an article parsed by this run
    /// holds it (packed, within the budget: [`held`]); one taken from the
    /// cache or past the budget does not, and [`Bodies::html`] renders it
    /// again for the pages that show it.
    #[serde(skip)]
    pub(crate) html: Option<held::Held>,
    /// The line of the file the Markdown body starts on.
    pub(crate) body_line: usize,
    /// BLAKE3 of its path and its text: with the settings, what its
    /// parsed form was made from.
    pub(crate) digest: [u8; 32],
    /// What the site model groups and names it by, made once.
    pub(crate) keys: Keys,
    /// Its summary is its first paragraph, whole or cut short: no
    /// standfirst (see [`Article::standfirst`]). The body's `lede` itself
    /// is not kept.
    pub(crate) summary_is_lede: bool,
}

/// The keys the site model groups and names an article by: made when it is
/// parsed (and kept in the cache), not by every build for every article.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Keys {
    /// The slug of its title (Unicode style), or a short id of its path.
    pub(crate) title_slug: String,
    /// Its title folded: how "read also" lines find it.
    pub(crate) title: String,
    /// Its tags', section's and authors' names folded ([`arabic::name_key`]),
    /// in the order of the names.
    pub(crate) tags: Vec<String>,
    pub(crate) section: Option<String>,
    pub(crate) authors: Vec<String>,
}

/// An article's lead photo: the file its front matter names, as written,
/// the alt text, and the photo found there.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Lead {
    pub(crate) src: String,
    pub(crate) alt: String,
    /// `None` only in an article read from the cache whose photo was not
    /// looked up yet: every loaded article has it.
    #[serde(skip)]
    pub(crate) photo: Option<Arc<Photo>>,
}

/// `extra` as JSON text: a compact cache format cannot hold a JSON value
/// of any shape by itself.
mod json_text {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::collections::BTreeMap;

    type Extra = BTreeMap<String, serde_json::Value>;

    pub(super) fn serialize<S: Serializer>(extra: &Extra, s: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(extra).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Extra, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

impl Article {
    /// The lead photo and its alt text.
    pub(crate) fn lead(&self) -> Option<(&Arc<Photo>, &str)> {
        let lead = self.image.as_ref()?;
        Some((lead.photo.as_ref()?, lead.alt.as_str()))
    }

    /// Every photo the article shows: the lead photo, then the body's.
    pub(crate) fn photos(&self) -> impl Iterator<Item = &Arc<Photo>> {
        self.lead()
            .map(|(p, _)| p)
            .into_iter()
            .chain(&self.body.photos)
    }

    /// The standfirst under the headline: the summary as written, unless
    /// the body's first paragraph says it again (an imported article's
    /// summary is often its lead paragraph, whole or cut short), which
    /// would put the same words on the page twice.
    pub(crate) fn standfirst(&self) -> Option<&str> {
        let summary = self.summary.as_deref()?;
        (!self.summary_is_lede).then_some(summary)
    }

    /// What cards, feeds and the page's description say of it: its
    /// summary, or else its first paragraph, cut near 200 characters.
    pub(crate) fn excerpt(&self) -> &str {
        match (&self.excerpt, &self.summary) {
            (Some(cut), _) => cut,
            (None, Some(summary)) => summary,
            (None, None) => "",
        }
    }
}

/// Whether `summary` is the first paragraph `lede`, whole or its start cut
/// short (then it is no standfirst).
fn repeats(summary: Option<&str>, lede: &str) -> bool {
    let Some(summary) = summary else {
        return false;
    };
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let said = words(summary);
    let said = said.trim_end_matches(['…', '.', '،', '؛', '؟', '?', '!', '۔', ' ']);
    let lede = words(lede);
    !said.is_empty()
        && lede
            .strip_prefix(said)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// The most body HTML a load holds (in bytes, packed: [`held`]): the bodies
/// parsed past it are rendered again by [`Bodies`] for their pages, so that
/// a cold build of a 200,000-article archive does not hold every body at
/// once.
pub(crate) const HTML_BUDGET: usize = 128 << 20;

/// Content files larger than this are refused with an error naming them.
pub(crate) const MAX_ARTICLE_BYTES: u64 = 8 << 20;

/// The content files under a folder.
pub(crate) struct Listing {
    /// Sorted, as (path, path relative to the folder with `/` between its
    /// parts).
    pub(crate) files: Vec<(PathBuf, String)>,
    /// The files whose names are not text: a content path is written into
    /// messages, caches and (for a page) its address, so these cannot be
    /// loaded, and each is an error naming it.
    pub(crate) not_text: Vec<PathBuf>,
}

/// All content files under `dir`.
pub(crate) fn list_files(dir: &Path) -> Result<Listing> {
    let mut files = Vec::new();
    let mut not_text = Vec::new();
    if !dir.is_dir() {
        anyhow::bail!(
            "no content folder at `{}`: create it and put Markdown articles in it (or run `mujaz import`)",
            dir.display()
        );
    }
    // Listed unsorted, then sorted by their paths' parts: the order a walk
    // sorted folder by folder gives, without comparing `Path`s (which
    // parses them at every comparison).
    for entry in walkdir::WalkDir::new(dir) {
        let entry =
            entry.map_err(|e| anyhow::anyhow!("cannot read folder `{}`: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && entry.depth() > 0 {
            continue; // editor swap files, .git, .DS_Store
        }
        if entry.file_type().is_file() && name.ends_with(".md") {
            let Some(rel) = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_str()
            else {
                not_text.push(entry.into_path());
                continue;
            };
            // `/` between folders, as content paths are written everywhere.
            #[cfg(windows)]
            let rel = rel.replace('\\', "/");
            let rel = rel.to_string();
            files.push((entry.into_path(), rel));
        }
    }
    files.par_sort_unstable_by(|a, b| by_parts(&a.1, &b.1));
    not_text.sort();
    Ok(Listing { files, not_text })
}

/// The order of two relative paths by their parts (`a/b` before `a-c`, as a
/// walk sorted folder by folder gives them): their bytes, with `/` below
/// every other byte.
fn by_parts(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Where they begin to differ, found eight bytes at a time: the paths of
    // one folder share their beginning.
    let mut same = 0;
    while same + 8 <= a.len().min(b.len()) && a[same..same + 8] == b[same..same + 8] {
        same += 8;
    }
    let rank = |c: u8| if c == b'/' { 0 } else { u16::from(c) + 1 };
    match a[same..].iter().zip(&b[same..]).find(|(x, y)| x != y) {
        Some((&x, &y)) => rank(x).cmp(&rank(y)),
        None => a.len().cmp(&b.len()),
    }
}

/// What the content folder holds: articles, and pages (`content/pages/`).
#[derive(Default)]
pub(crate) struct Loaded {
    /// Boxed, as they were parsed or decoded: not moved whole on the way.
    #[expect(
        clippy::vec_box,
        reason = "an article is about a kilobyte: it goes from the cache to the model as a pointer"
    )]
    pub(crate) articles: Vec<Box<Article>>,
    pub(crate) pages: Vec<page::PageDoc>,
    /// One line for each file that could not be loaded.
    pub(crate) errors: Vec<String>,
    /// How many articles the content cache held.
    pub(crate) cached: usize,
    /// How many of them were taken by their file's stamp, unread.
    pub(crate) by_stamp: usize,
}

enum Doc {
    Article(Box<Article>),
    Page(Box<page::PageDoc>),
}

impl Doc {
    fn body(&self) -> &markdown::Rendered {
        match self {
            Doc::Article(a) => &a.body,
            Doc::Page(p) => &p.body,
        }
    }

    fn draft(&self) -> bool {
        match self {
            Doc::Article(a) => a.draft,
            Doc::Page(p) => p.draft,
        }
    }
}

/// Load every article and page that can be loaded, and the error of every
/// file that cannot (so that a build reports them together with its other
/// errors). With the content cache of the site at `cache_root` (read while
/// the folder is listed), articles it holds unchanged are taken from it,
/// and it is then brought up to date. Fails only when there is no content
/// folder.
pub(crate) fn load(
    dir: &Path,
    opts: &LoadOptions<'_>,
    hl: &Highlighter,
    cache_root: Option<&Path>,
) -> Result<Loaded> {
    let (files, cache) = rayon::join(
        || list_files(dir),
        || cache_root.map(|root| cache::Cache::open(root, &opts.settings())),
    );
    let Listing { files, not_text } = files?;
    let cache = cache.as_ref();
    // Each file is looked at by its path in the folder.
    let folder = crate::fsx::Folder::open(dir);
    let held = AtomicUsize::new(0);
    let results: Vec<Result<(Doc, cache::Stamp), String>> = files
        .par_iter()
        .map(|(path, rel)| {
            // How the file is named in messages (made only for one).
            let shown = || display_path(dir, path);
            let listed = path.strip_prefix(dir).unwrap_or(path);
            let meta = folder
                .meta(listed, true)
                .map_err(|e| format!("{}: cannot read: {e}", shown()))?;
            if meta.len > MAX_ARTICLE_BYTES {
                return Err(format!(
                    "{}: the file is {:.1} MiB; an article may be at most {} MiB",
                    shown(),
                    meta.len as f64 / 1_048_576.0,
                    MAX_ARTICLE_BYTES >> 20
                ));
            }
            let stamp = cache::Stamp::of(&meta);
            let is_page = page::is_page(rel);
            let cache = cache.filter(|_| !is_page);
            // Unchanged by its stamp, without reading it; or by its text.
            let cached = |digest| cache?.take(rel, stamp, digest, opts.markdown.photos);
            let kept = |a| {
                let doc = Doc::Article(a);
                warn_plain_code(shown, &doc);
                Ok((doc, stamp))
            };
            if let Some(a) = cached(None) {
                return kept(a);
            }
            let text = read_text(path, &shown())?;
            if cache.is_some()
                && let Some(a) = cached(Some(digest(rel, &text)))
            {
                return kept(a);
            }
            let at = |e: FmError| format!("{}:{}: {}", shown(), e.line, e.message);
            let doc = if is_page {
                Doc::Page(Box::new(parse_page(rel, &text, opts, hl).map_err(at)?))
            } else {
                let mut a = parse_article(rel, &text, opts, hl).map_err(at)?;
                // Held packed; past the budget, the HTML is let go (not
                // packed first): its page renders it again.
                a.html = a
                    .html
                    .filter(|_| held.load(Ordering::Relaxed) < opts.html_budget)
                    .map(held::Held::packed)
                    .filter(|h| {
                        let len = h.size();
                        held.fetch_add(len, Ordering::Relaxed) + len <= opts.html_budget
                    });
                Doc::Article(Box::new(a))
            };
            warn_plain_code(shown, &doc);
            Ok((doc, stamp))
        })
        .collect();
    if let Some(cache) = cache {
        let articles: Vec<(cache::Stamp, &Article)> = results
            .iter()
            .filter_map(|r| match r {
                Ok((Doc::Article(a), stamp)) => Some((*stamp, &**a)),
                _ => None,
            })
            .collect();
        if let Err(e) = cache.save(&articles) {
            log::warn!("cannot keep the content cache: {e:#}");
        }
    }
    let mut loaded = Loaded {
        cached: cache.map_or(0, cache::Cache::len),
        by_stamp: cache.map_or(0, cache::Cache::taken_by_stamp),
        ..Loaded::default()
    };
    for path in not_text {
        loaded.errors.push(format!(
            "{}: the file's name is not UTF-8 text: rename it",
            display_path(dir, &path)
        ));
    }
    for r in results {
        match r {
            Ok((doc, _)) if !opts.drafts && doc.draft() => {}
            Ok((Doc::Article(a), _)) => loaded.articles.push(a),
            Ok((Doc::Page(p), _)) => loaded.pages.push(*p),
            Err(e) => loaded.errors.push(e),
        }
    }
    // Two pages at one address: both named.
    let mut by_path: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for p in &loaded.pages {
        by_path.entry(&p.path).or_default().push(&p.source);
    }
    for (path, sources) in by_path.into_iter().filter(|(_, s)| s.len() > 1) {
        loaded.errors.push(format!(
            "content/{}: two pages would be at /{path}: {}",
            sources[0],
            sources
                .iter()
                .map(|s| format!("content/{s}"))
                .collect::<Vec<_>>()
                .join(" and ")
        ));
    }
    Ok(loaded)
}

fn warn_plain_code(shown: impl Fn() -> String, doc: &Doc) {
    for why in &doc.body().plain_code {
        log::warn!("{}: code shown without highlighting: {why}", shown());
    }
}

/// A content file's text, or why it cannot be had.
fn read_text(path: &Path, shown: &str) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Gives the body of an article as HTML for the pages that show it: the one
/// it holds, unpacked, or rendered again when the article came from the
/// [`cache`] or past the budget without it.
pub(crate) struct Bodies<'a> {
    /// The content folder.
    pub(crate) dir: &'a Path,
    pub(crate) opts: &'a LoadOptions<'a>,
    pub(crate) hl: &'a Highlighter,
}

impl Bodies<'_> {
    /// The body of `a` as HTML: the one it holds, or rendered again from
    /// its file (which must still be the text it was loaded from).
    pub(crate) fn html<'b>(&self, a: &'b Article) -> Result<std::borrow::Cow<'b, str>, String> {
        if let Some(html) = a.html.as_ref().and_then(held::Held::html) {
            return Ok(html);
        }
        let path = self.dir.join(&a.source);
        let shown = display_path(self.dir, &path);
        let text = read_text(&path, &shown)?;
        if digest(&a.source, &text) != a.digest {
            return Err(format!(
                "{shown}: changed while the site was being built; build again"
            ));
        }
        let again = parse_article(&a.source, &text, self.opts, self.hl)
            .map_err(|e| format!("{shown}:{}: {}", e.line, e.message))?;
        Ok(std::borrow::Cow::Owned(
            again
                .html
                .and_then(held::Held::into_html)
                .unwrap_or_default(),
        ))
    }
}

/// The BLAKE3 of a content file's path and text.
pub(crate) fn digest(rel: &str, text: &str) -> [u8; 32] {
    *blake3::Hasher::new()
        .update(rel.as_bytes())
        .update(&[0])
        .update(text.as_bytes())
        .finalize()
        .as_bytes()
}

/// Split a content file and read its front matter, then `validate` it.
/// Control characters (but tab and line ends) are no text: a page, a feed
/// or a sitemap that carried them would be invalid.
fn read<T>(
    text: &str,
    validate: impl FnOnce(&Split<'_>, FrontMatter) -> Result<T, FmError>,
) -> Result<T, FmError> {
    let cleaned;
    let text = if text.chars().any(frontmatter::is_stray_control) {
        cleaned = text.replace(frontmatter::is_stray_control, "");
        cleaned.as_str()
    } else {
        text
    };
    let split = frontmatter::split(text)?;
    let fm = frontmatter::parse(&split)?;
    validate(&split, fm)
}

/// Parse and validate one page (a file under `content/pages/`).
pub(crate) fn parse_page(
    rel: &str,
    text: &str,
    opts: &LoadOptions<'_>,
    hl: &Highlighter,
) -> Result<page::PageDoc, FmError> {
    read(text, |split, fm| page::parse(rel, split, fm, opts, hl))
}

/// The path as the user would type it: relative to the site root when possible.
fn display_path(content_dir: &Path, path: &Path) -> String {
    let base = content_dir.parent().unwrap_or(content_dir);
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Parse and validate one article.
pub(crate) fn parse_article(
    rel: &str,
    text: &str,
    opts: &LoadOptions<'_>,
    hl: &Highlighter,
) -> Result<Article, FmError> {
    let digest = digest(rel, text);
    read(text, |split, fm| validate(rel, digest, split, fm, opts, hl))
}

/// An optional date of the front matter (`updated`, `breaking_until`…), or
/// an error on its line.
pub(crate) fn optional_date(
    split: &Split<'_>,
    key: &str,
    value: &Option<frontmatter::Scalar>,
    tz: &TimeZone,
) -> Result<Option<ZonedDateTime>, FmError> {
    value
        .as_ref()
        .map(|d| parse_date(&d.as_text(), tz))
        .transpose()
        .map_err(|m| FmError {
            line: frontmatter::line_of_key(split, key),
            message: format!("bad `{key}`: {m}"),
        })
}

fn validate(
    rel: &str,
    digest: [u8; 32],
    split: &Split<'_>,
    fm: FrontMatter,
    opts: &LoadOptions<'_>,
    hl: &Highlighter,
) -> Result<Article, FmError> {
    let err = |key: &str, message: String| FmError {
        line: frontmatter::line_of_key(split, key),
        message,
    };
    let title = arabic::without_tatweel(fm.title.as_deref().unwrap_or("").trim());
    if title.is_empty() {
        return Err(err("title", "missing `title`".into()));
    }
    let date = match &fm.date {
        None => {
            return Err(err(
                "date",
                "missing `date` (use YYYY-MM-DD or RFC 3339)".into(),
            ));
        }
        Some(d) => parse_date(&d.as_text(), opts.timezone)
            .map_err(|m| err("date", format!("bad `date`: {m}")))?,
    };
    let has_time = fm
        .date
        .as_ref()
        .is_some_and(|d| d.as_text().trim().len() > 10);
    let updated = optional_date(split, "updated", &fm.updated, opts.timezone)?;
    let breaking_until = optional_date(split, "breaking_until", &fm.breaking_until, opts.timezone)?;
    if let Some(u) = &fm.caption_url
        && !is_safe_url(u)
    {
        return Err(err(
            "caption_url",
            format!("`caption_url` `{u}` must be an http(s) URL or a path"),
        ));
    }
    let names = |list: &[String]| -> Vec<String> {
        let mut seen = HashSet::new();
        list.iter()
            .map(|t| arabic::clean(t))
            .filter(|t| !t.is_empty() && seen.insert(arabic::fold(t)))
            .collect()
    };
    let tags = names(&fm.tags);
    let authors = names(fm.authors.as_slice());
    let section = fm
        .section
        .as_deref()
        .map(arabic::clean)
        .filter(|s| !s.is_empty());
    let body_src = split.body.replace("\r\n", "\n");
    let body_line = split.body_line;
    let cx = markdown::Context {
        doc: rel,
        ..opts.markdown
    };
    let mut body = markdown::render(&body_src, hl, &cx);
    body_images(&body, body_line)?;
    let html = std::mem::take(&mut body.html);
    let image = match (fm.image.as_deref().map(str::trim), cx.photos) {
        (Some(src), Some(lib)) if !src.is_empty() => Some((
            src.to_string(),
            lib.file(rel, src)
                .map_err(|why| err("image", format!("bad `image`: {why}")))?,
        )),
        _ => None,
    };
    let reading_time = fm.reading_time.unwrap_or_else(|| {
        let wpm = opts.reading_speed.max(1) as usize;
        body.words.div_ceil(wpm).max(1) as u32
    });
    let clean_opt = |s: &Option<String>| {
        s.as_deref()
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|v| !v.is_empty())
    };
    let summary = clean_opt(&fm.summary);
    let excerpt = cut_at_word(summary.as_deref().unwrap_or(&body.lede), 200);
    let excerpt = (Some(&excerpt) != summary.as_ref() && !excerpt.is_empty()).then_some(excerpt);
    // The first paragraph is only needed for these two: not held (nor
    // cached) for every article of the archive.
    let summary_is_lede = repeats(summary.as_deref(), &body.lede);
    body.lede = String::new();
    let keys = Keys {
        title_slug: crate::slug::of_or_id(crate::config::SlugStyle::Unicode, &title, rel),
        title: arabic::fold(&title),
        tags: tags.iter().map(|t| arabic::name_key(t)).collect(),
        section: section.as_deref().map(arabic::name_key),
        authors: authors.iter().map(|t| arabic::name_key(t)).collect(),
    };
    Ok(Article {
        summary_is_lede,
        keys,
        digest,
        source: rel.to_string(),
        title,
        date,
        has_time,
        updated,
        slug: fm.slug.filter(|s| !s.trim().is_empty()),
        tags,
        section,
        authors,
        summary,
        excerpt,
        place: clean_opt(&fm.place),
        source_name: clean_opt(&fm.source),
        reading_time,
        image: image.map(|(src, photo)| Lead {
            src,
            alt: clean_opt(&fm.image_alt)
                .or_else(|| clean_opt(&fm.caption))
                .unwrap_or_default(),
            photo: Some(photo),
        }),
        caption: clean_opt(&fm.caption),
        caption_url: clean_opt(&fm.caption_url),
        read_also: fm
            .read_also
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        draft: fm.draft,
        breaking: fm.breaking,
        breaking_until,
        extra: fm.extra,
        body,
        html: Some(held::Held::Plain(html)),
        body_line,
    })
}

/// The first image of the body that names a missing or unusable file, as
/// an error on its line of the file.
pub(crate) fn body_images(body: &markdown::Rendered, body_line: usize) -> Result<(), FmError> {
    match body.image_errors.as_slice() {
        [] => Ok(()),
        [(line, why), rest @ ..] => Err(FmError {
            line: body_line + line - 1,
            message: if rest.is_empty() {
                why.clone()
            } else {
                format!("{why} (and {} more missing images)", rest.len())
            },
        }),
    }
}

/// `http(s)://…`, a path, or a fragment: anything that cannot run script.
pub(crate) fn is_safe_url(u: &str) -> bool {
    let lower = u.trim().to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with('/')
        || lower.starts_with('#')
}

/// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, or RFC 3339 with an offset. Without
/// an offset the site's time zone applies; with one, the article keeps it.
pub(crate) fn parse_date(text: &str, tz: &TimeZone) -> Result<ZonedDateTime, String> {
    let text = text.trim();
    let pieces = jiff::fmt::temporal::Pieces::parse(text).map_err(|_| {
        format!("`{text}` is not a date: use YYYY-MM-DD or RFC 3339 like 2024-02-14T09:15:00+03:00")
    })?;
    let time = pieces.time().unwrap_or(jiff::civil::Time::midnight());
    let dt = pieces.date().to_datetime(time);
    let zoned = match pieces.to_numeric_offset() {
        Some(offset) => dt.to_zoned_datetime(TimeZone::fixed(offset)),
        None => dt.to_zoned_datetime(tz.clone()),
    };
    zoned.map_err(|e| format!("`{text}`: {e}"))
}

/// Cut `text` at a word boundary so that it is at most about `max` characters, adding `…`.
pub(crate) fn cut_at_word(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(max).collect();
    }
    let trimmed = out.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '،' || c == '؛');
    format!("{trimmed}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_sort_by_their_parts() {
        let mut paths = vec![
            "a-c",
            "a/b",
            "a",
            "a/b/c",
            "ab",
            "a.md",
            "b",
            "a/a-b",
            "a/a/z",
            "خبر/أ",
            "خبر",
        ];
        let mut want = paths.clone();
        want.sort_by(|a, b| a.split('/').cmp(b.split('/')));
        paths.sort_by(|a, b| by_parts(a, b));
        assert_eq!(paths, want);
        assert_eq!(want[..3], ["a", "a/a/z", "a/a-b"]);
    }

    proptest::proptest! {
        #[test]
        fn sorting_by_parts_is_comparing_the_parts(
            shared in "[a.ب/-]{0,20}",
            a in "[a.ب/-]{0,12}",
            b in "[a.ب/-]{0,12}",
        ) {
            let (a, b) = (format!("{shared}{a}"), format!("{shared}{b}"));
            proptest::prop_assert_eq!(by_parts(&a, &b), a.split('/').cmp(b.split('/')));
        }
    }

    fn opts() -> (TimeZone, Highlighter) {
        (TimeZone::get("Asia/Riyadh").unwrap(), Highlighter::new())
    }

    fn parse(text: &str) -> Result<Article, FmError> {
        let (tz, hl) = opts();
        let o = LoadOptions {
            timezone: &tz,
            drafts: false,
            reading_speed: 200,
            html_budget: crate::content::HTML_BUDGET,
            markdown: markdown::Context::plain(),
        };
        parse_article("a.md", text, &o, &hl)
    }

    #[test]
    fn dates() {
        let tz = TimeZone::get("Asia/Riyadh").unwrap();
        let d = parse_date("2022-01-31", &tz).unwrap();
        assert_eq!(d.to_string(), "2022-01-31T00:00:00+03:00[Asia/Riyadh]");
        let d = parse_date("2024-02-14T09:15:00+01:00", &tz).unwrap();
        assert_eq!(d.hour(), 9);
        assert_eq!(d.offset().seconds(), 3600);
        assert!(parse_date("2024-02-14T09:15:00Z", &tz).is_ok());
        assert!(parse_date("2024-02-14 09:15", &tz).is_ok());
        assert!(parse_date("14/02/2024", &tz).is_err());
        assert!(parse_date("2024-02-30", &tz).is_err());
    }

    #[test]
    fn required_fields_and_lines() {
        let e = parse("---\ndate: 2024-01-01\n---\nx").unwrap_err();
        assert!(e.message.contains("missing `title`"));
        let e = parse("---\ntitle: t\n---\nx").unwrap_err();
        assert!(e.message.contains("missing `date`"));
        let e = parse("---\ntitle: t\ntags: []\ndate: 2024-13-01\n---\nx").unwrap_err();
        assert_eq!(e.line, 4);
        let e =
            parse("---\ntitle: t\ndate: 2024-01-01\ncaption_url: javascript:x\n---\n").unwrap_err();
        assert_eq!(e.line, 4);
    }

    #[test]
    fn a_summary_the_first_paragraph_repeats_is_no_standfirst() {
        let with = |summary: &str, body: &str| {
            parse(&format!(
                "---\ntitle: t\ndate: 2024-01-01\nsummary: \"{summary}\"\n---\n{body}"
            ))
            .unwrap()
            .standfirst()
            .map(str::to_string)
        };
        let lead = "أعلنت الوزارة اليوم وفاة سبعة أشخاص.\nوقالت إن الوضع تحت السيطرة.";
        // Written apart from the body: shown.
        assert_eq!(
            with("حصيلة جديدة للكوليرا", lead).as_deref(),
            Some("حصيلة جديدة للكوليرا")
        );
        // The whole first paragraph, or its start cut short: not shown.
        assert_eq!(
            with(
                "أعلنت الوزارة اليوم وفاة سبعة أشخاص. وقالت إن الوضع تحت السيطرة.",
                lead
            ),
            None
        );
        assert_eq!(with("أعلنت الوزارة اليوم وفاة سبعة…", lead), None);
        // A summary that stops inside a word of the paragraph is its own.
        assert_eq!(with("أعلنت الوزا", lead).as_deref(), Some("أعلنت الوزا"));
        assert_eq!(with("x", "").as_deref(), Some("x"));
    }

    #[test]
    fn tags_are_cleaned_and_deduplicated() {
        let a =
            parse("---\ntitle: t\ndate: 2024-01-01\ntags: [الحسكة, الحسكه, ' داعش ', '']\n---\nx")
                .unwrap();
        assert_eq!(a.tags, ["الحسكة", "داعش"]);
    }

    #[test]
    fn reading_time_and_excerpt() {
        let body = "كلمة ".repeat(450);
        let a = parse(&format!("---\ntitle: t\ndate: 2024-01-01\n---\n{body}\n")).unwrap();
        assert_eq!(a.reading_time, 3);
        assert!(a.excerpt().ends_with('…'));
        assert!(a.excerpt().chars().count() <= 201);
        let a = parse("---\ntitle: t\ndate: 2024-01-01\nreading_time: 7\nsummary: ملخص\n---\nx")
            .unwrap();
        assert_eq!(a.reading_time, 7);
        assert_eq!(a.excerpt(), "ملخص");
    }
}
