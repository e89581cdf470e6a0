//! Rendering: the site model → every output file, in memory.
//!
//! Takes the [`Site`], the config, the theme and the locale; gives one
//! [`OutFile`] per page, feed, sitemap and static file to a [`Sink`] as soon
//! as it is rendered, in parallel (rayon) through Tera. Templates receive typed view structs (documented in
//! the README's theme reference), never the model itself. Each list page gets
//! only its own slice of items; article cards (dates, reading time, tags) are
//! formatted once per article and shared by every list that shows them.
//! Nothing here touches the disk: the sink decides where files go.

use crate::config::{Config, FeedContent};
use crate::content::Article;
use crate::i18n::Locale;
use crate::output::{OutFile, Sink};
use crate::site::{self, Site};
use crate::theme::Theme;
use anyhow::{Result, anyhow};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tera::{Context, Kwargs, State, Tera};

/// Which files a render makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every file of the site.
    All,
    /// Only the files that show these articles, after an edit that kept
    /// their title, date, slug, tags and draft state (so no URL, list
    /// membership or order changed). With `body_only`, only their text
    /// changed: just their own pages (and full-content feeds) are affected.
    Touching {
        articles: Vec<usize>,
        body_only: bool,
    },
}

impl Scope {
    /// Everything else may still show old data: does `job` need rendering?
    fn wants(&self, job: Job, cfg: &Config, site: &Site) -> bool {
        let Scope::Touching {
            articles,
            body_only,
        } = self
        else {
            return true;
        };
        let per = cfg.per_page.max(1);
        let feed = cfg.feed_limit;
        let on_page = |list: &[usize], page: usize| {
            articles
                .iter()
                .any(|k| list.binary_search(k).is_ok_and(|pos| pos / per == page))
        };
        let in_feed = |list: &[usize]| {
            articles
                .iter()
                .any(|k| list.binary_search(k).is_ok_and(|pos| pos < feed))
        };
        let full_feeds = cfg.feed_content == FeedContent::Full;
        match job {
            Job::Article(i) => {
                articles.contains(&i)
                    || (!body_only
                        && (articles.iter().any(|&k| k + 1 == i || i + 1 == k)
                            || site.related[i].iter().any(|j| articles.contains(j))
                            || site.read_also[i]
                                .iter()
                                .any(|r| r.target.is_some_and(|t| articles.contains(&t)))))
            }
            Job::Atom | Job::Rss => {
                (!body_only || full_feeds) && articles.iter().any(|&k| k < feed)
            }
            Job::TagFeed(t) => (!body_only || full_feeds) && in_feed(&site.tags[t].articles),
            _ if *body_only => false,
            Job::Home(p) => articles.iter().any(|&k| k / per == p) || p == 0,
            Job::NewsSitemap => true,
            Job::Tag(t, p) => on_page(&site.tags[t].articles, p),
            Job::Year(y, p) => on_page(&site.years[y].articles, p),
            Job::Month(y, m, p) => on_page(&site.years[y].months[m].articles, p),
            Job::Day(y, m, d, p) => on_page(&site.years[y].months[m].days[d].articles, p),
            Job::TagsIndex | Job::ArchiveIndex | Job::NotFound | Job::Robots | Job::Search => false,
        }
    }
}

/// What a render produced, for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub files: usize,
    pub pages: usize,
}

/// The most URLs one sitemap file may list (sitemaps.org protocol).
pub const SITEMAP_LIMIT: usize = 50_000;

pub struct Input<'a> {
    pub cfg: &'a Config,
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub locale: Arc<Locale>,
}

// ---------------------------------------------------------------- view structs

/// `site`: the same on every page (Tera's global context).
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    dir: &'a str,
    author: &'a str,
    /// Absolute, ending in `/`.
    base_url: &'a str,
    /// Path of the site root, like `/` or `/news/`: prefix of every internal link.
    base_path: String,
    home_url: String,
    tags_url: Option<String>,
    archive_url: Option<String>,
    search_url: Option<String>,
    atom_url: String,
    rss_url: String,
    atom_permalink: String,
    rss_permalink: String,
    og_locale: String,
    strings: BTreeMap<&'a str, &'a str>,
    extra: &'a BTreeMap<String, serde_json::Value>,
    generator: &'static str,
    article_count: usize,
}

/// `page`: what every HTML page knows about itself.
#[derive(Serialize)]
struct PageView {
    kind: &'static str,
    title: String,
    description: String,
    /// Site-relative path (`tags/x/`, empty for the home page).
    path: String,
    /// Root-relative URL (`/news/tags/x/`).
    url: String,
    /// Absolute URL: the canonical link.
    permalink: String,
    /// Page number in a paginated list (1 for the first page).
    number: usize,
}

#[derive(Serialize, Clone)]
struct TagRef<'a> {
    name: &'a str,
    url: Option<String>,
}

/// An article as shown in lists (and the head of its own page).
#[derive(Serialize)]
struct Card<'a> {
    title: &'a str,
    url: String,
    permalink: String,
    date_iso: String,
    date: String,
    /// Time of day ("2:30 م"), empty when the article has a date only.
    time: String,
    day_iso: String,
    summary: &'a str,
    has_summary: bool,
    place: Option<&'a str>,
    source: Option<&'a str>,
    reading_time: u32,
    reading_time_text: String,
    tags: Vec<TagRef<'a>>,
    breaking: bool,
    /// When a breaking item stops being breaking news (RFC 3339).
    breaking_until: Option<String>,
}

#[derive(Serialize)]
struct DayGroup<'c, 'a> {
    heading: String,
    day_iso: &'c str,
    items: Vec<&'c Card<'a>>,
}

#[derive(Serialize)]
struct PagerLink {
    /// 0 for a gap (`…`).
    number: usize,
    label: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct PagerView {
    current: usize,
    total: usize,
    current_label: String,
    total_label: String,
    prev: Option<String>,
    next: Option<String>,
    links: Vec<PagerLink>,
}

#[derive(Serialize)]
struct ReadAlsoView<'a> {
    title: &'a str,
    url: Option<String>,
}

#[derive(Serialize)]
struct ArticleView<'c, 'a> {
    #[serde(flatten)]
    card: &'c Card<'a>,
    hijri: Option<String>,
    updated_iso: Option<String>,
    updated: Option<String>,
    dateline: Option<String>,
    caption: Option<&'a str>,
    caption_url: Option<&'a str>,
    body: &'a str,
    has_code: bool,
    words: usize,
    extra: &'a BTreeMap<String, serde_json::Value>,
    jsonld: String,
}

#[derive(Serialize)]
struct TagSummary<'a> {
    name: &'a str,
    url: String,
    count: usize,
    count_text: String,
    feed_url: String,
}

#[derive(Serialize)]
struct PeriodLink {
    label: String,
    url: String,
    count: usize,
    count_text: String,
}

#[derive(Serialize)]
struct YearView {
    label: String,
    url: String,
    count: usize,
    count_text: String,
    months: Vec<PeriodLink>,
}

#[derive(Serialize)]
struct PeriodView {
    kind: &'static str,
    label: String,
    url: String,
    parent: Option<PeriodLink>,
    count: usize,
    count_text: String,
}

#[derive(Serialize)]
struct FeedView {
    title: String,
    subtitle: String,
    /// Absolute URL of the feed itself.
    url: String,
    /// Absolute URL of the page the feed follows.
    home: String,
    updated: String,
    updated_rfc2822: String,
    language: String,
}

#[derive(Serialize)]
struct EntryView<'a> {
    title: &'a str,
    permalink: String,
    published: String,
    updated: String,
    published_rfc2822: String,
    summary: &'a str,
    content: Option<&'a str>,
    tags: Vec<&'a str>,
    place: Option<&'a str>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

// ---------------------------------------------------------------- jobs

/// One output file to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Article(usize),
    Home(usize),
    TagsIndex,
    Tag(usize, usize),
    TagFeed(usize),
    ArchiveIndex,
    Year(usize, usize),
    Month(usize, usize, usize),
    Day(usize, usize, usize, usize),
    Atom,
    Rss,
    NotFound,
    Robots,
    Search,
    NewsSitemap,
}

/// Every job, and for HTML pages the path and last-modified article for the sitemap.
fn jobs(cfg: &Config, site: &Site) -> Vec<Job> {
    let per = cfg.per_page;
    let mut jobs: Vec<Job> = (0..site.articles.len()).map(Job::Article).collect();
    jobs.extend((0..site::paginate(site.articles.len(), per).len()).map(Job::Home));
    if cfg.tags {
        jobs.push(Job::TagsIndex);
        for (t, tag) in site.tags.iter().enumerate() {
            jobs.extend((0..site::paginate(tag.articles.len(), per).len()).map(|p| Job::Tag(t, p)));
            jobs.push(Job::TagFeed(t));
        }
    }
    if cfg.archives {
        jobs.push(Job::ArchiveIndex);
        for (y, year) in site.years.iter().enumerate() {
            jobs.extend(
                (0..site::paginate(year.articles.len(), per).len()).map(|p| Job::Year(y, p)),
            );
            for (m, month) in year.months.iter().enumerate() {
                jobs.extend(
                    (0..site::paginate(month.articles.len(), per).len())
                        .map(|p| Job::Month(y, m, p)),
                );
                for (d, day) in month.days.iter().enumerate() {
                    jobs.extend(
                        (0..site::paginate(day.articles.len(), per).len())
                            .map(|p| Job::Day(y, m, d, p)),
                    );
                }
            }
        }
    }
    jobs.extend([
        Job::Atom,
        Job::Rss,
        Job::NotFound,
        Job::Robots,
        Job::NewsSitemap,
    ]);
    if cfg.search_on() {
        jobs.push(Job::Search);
    }
    jobs
}

// ---------------------------------------------------------------- the renderer

struct Renderer<'a> {
    cfg: &'a Config,
    site: &'a Site,
    locale: &'a Locale,
    tera: Tera,
    /// Template name → the file it came from, for error messages.
    theme: &'a Theme,
    base_path: String,
    cards: Vec<Card<'a>>,
    /// 0..n: the home page's list (every article, newest first).
    everything: Vec<usize>,
}

/// Breaking news stays breaking until `breaking_until`, or for a day.
fn breaking_end(a: &Article) -> jiff::ZonedDateTime {
    a.breaking_until.clone().unwrap_or_else(|| {
        a.date
            .checked_add(jiff::SignedDuration::from_hours(24))
            .unwrap_or_else(|_| a.date.clone())
    })
}

/// How long before the build clock an article counts for the news sitemap.
pub const NEWS_WINDOW_HOURS: i64 = 48;

#[derive(Serialize)]
struct NewsItem<'a> {
    loc: &'a str,
    title: &'a str,
    published: &'a str,
}

fn rfc3339(z: &jiff::ZonedDateTime) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn rfc2822(z: &jiff::ZonedDateTime) -> String {
    jiff::fmt::rfc2822::to_string(z).unwrap_or_default()
}

/// Build the Tera engine: every template of the theme, our functions, contrib filters.
fn engine(theme: &Theme, locale: Arc<Locale>) -> Result<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter("json_encode", tera_contrib::json::json_encode);
    tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
    tera.register_filter(
        "urlencode_strict",
        tera_contrib::urlencode::urlencode_strict,
    );
    let l = locale.clone();
    tera.register_function(
        "plural",
        move |kw: Kwargs, _: &State| -> tera::TeraResult<String> {
            let key: String = kw.must_get("key")?;
            let n: i64 = kw.must_get("n")?;
            l.plural(&key, n.max(0) as u64)
                .map_err(|e| tera::Error::message(e.to_string()))
        },
    );
    let l = locale.clone();
    tera.register_function(
        "num",
        move |kw: Kwargs, _: &State| -> tera::TeraResult<String> {
            let n: i64 = kw.must_get("n")?;
            Ok(l.number(n))
        },
    );
    let l = locale;
    tera.register_function(
        "t",
        move |kw: Kwargs, _: &State| -> tera::TeraResult<String> {
            let key: String = kw.must_get("key")?;
            l.text(&key)
                .map(str::to_string)
                .map_err(|e| tera::Error::message(e.to_string()))
        },
    );
    let mut sources = Vec::new();
    for (name, src) in &theme.templates {
        sources.push((name.as_str(), src.text()?));
    }
    tera.add_raw_templates(sources).map_err(|e| {
        let origins: Vec<&str> = theme
            .templates
            .values()
            .map(|s| s.origin.as_str())
            .collect();
        let msg = template_error(&e);
        // Tera names the template; point at the file it came from.
        let origin = theme
            .templates
            .iter()
            .find(|(name, _)| msg.contains(name.as_str()))
            .map(|(_, s)| s.origin.clone())
            .unwrap_or_else(|| origins.join(", "));
        anyhow!("{origin}: template error:\n{msg}")
    })?;
    Ok(tera)
}

/// XML 1.0 forbids most control characters and U+FFFE/U+FFFF, even as
/// character references: they are removed from every XML file written
/// (feeds, sitemaps), whatever a template or a value put there.
pub fn xml_safe(bytes: Vec<u8>) -> Vec<u8> {
    let bad = |i: usize, b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || (b == 0xEF
                && bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)))
    };
    if !bytes.iter().enumerate().any(|(i, &b)| bad(i, b)) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == 0xEF && bad(i, b) {
            i += 3;
        } else if bad(i, b) {
            i += 1;
        } else {
            out.push(b);
            i += 1;
        }
    }
    out
}

fn template_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!("\n{s}"));
        source = s.source();
    }
    msg
}

impl<'a> Renderer<'a> {
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    fn permalink(&self, path: &str) -> String {
        self.cfg.base_url.join(path)
    }

    fn card(&self, i: usize, a: &'a Article) -> Card<'a> {
        let path = &self.site.paths[i];
        let tags = self.site.article_tags[i]
            .iter()
            .map(|&t| {
                let tag = &self.site.tags[t];
                TagRef {
                    name: &tag.name,
                    url: self.cfg.tags.then(|| self.url(&tag.path)),
                }
            })
            .collect();
        Card {
            title: &a.title,
            url: self.url(path),
            permalink: self.permalink(path),
            date_iso: rfc3339(&a.date),
            date: self.locale.date(&a.date),
            time: if a.has_time {
                self.locale.time(&a.date)
            } else {
                String::new()
            },
            day_iso: a.date.date().to_string(),
            summary: &a.excerpt,
            has_summary: !a.excerpt.is_empty(),
            place: a.place.as_deref(),
            source: a.source_name.as_deref(),
            reading_time: a.reading_time,
            reading_time_text: self
                .locale
                .plural("reading_time", a.reading_time as u64)
                .unwrap_or_default(),
            tags,
            breaking: a.breaking,
            breaking_until: a.breaking.then(|| rfc3339(&breaking_end(a))),
        }
    }

    fn page(
        &self,
        kind: &'static str,
        title: String,
        description: String,
        path: String,
        number: usize,
    ) -> PageView {
        PageView {
            kind,
            url: self.url(&path),
            permalink: self.permalink(&path),
            title,
            description,
            path,
            number,
        }
    }

    fn pager(&self, base: &str, number: usize, total: usize) -> PagerView {
        let mut links = Vec::new();
        let mut last_shown = 0;
        for n in 1..=total {
            let near = n + 2 >= number && n <= number + 2;
            if n == 1 || n == total || near {
                if last_shown + 1 < n {
                    links.push(PagerLink {
                        number: 0,
                        label: "…".into(),
                        url: String::new(),
                        current: false,
                    });
                }
                links.push(PagerLink {
                    number: n,
                    label: self.locale.number(n as i64),
                    url: self.url(&site::page_path(base, n)),
                    current: n == number,
                });
                last_shown = n;
            }
        }
        PagerView {
            current: number,
            total,
            current_label: self.locale.number(number as i64),
            total_label: self.locale.number(total as i64),
            prev: (number > 1).then(|| self.url(&site::page_path(base, number - 1))),
            next: (number < total).then(|| self.url(&site::page_path(base, number + 1))),
            links,
        }
    }

    fn groups<'c>(&'c self, items: &[usize]) -> Vec<DayGroup<'c, 'a>> {
        let mut groups: Vec<DayGroup> = Vec::new();
        for &i in items {
            let card = &self.cards[i];
            if groups.last().is_none_or(|g| g.day_iso != card.day_iso) {
                let d = &self.site.articles[i].date;
                groups.push(DayGroup {
                    heading: self.locale.weekday_date(d.year(), d.month(), d.day()),
                    day_iso: &card.day_iso,
                    items: Vec::new(),
                });
            }
            if let Some(g) = groups.last_mut() {
                g.items.push(card);
            }
        }
        groups
    }

    fn tag_summary<'t>(&self, t: &'t site::Tag) -> TagSummary<'t> {
        TagSummary {
            name: &t.name,
            url: self.url(&t.path),
            count: t.articles.len(),
            count_text: self.count_text(t.articles.len()),
            feed_url: self.url(&format!("{}atom.xml", t.path)),
        }
    }

    fn period_link(&self, label: String, path: &str, count: usize) -> PeriodLink {
        PeriodLink {
            label,
            url: self.url(path),
            count,
            count_text: self.count_text(count),
        }
    }

    fn count_text(&self, n: usize) -> String {
        self.locale.plural("articles", n as u64).unwrap_or_default()
    }

    fn render(&self, template: &str, ctx: &Context, path: &str) -> Result<OutFile, String> {
        // Render straight into bytes: no UTF-8 re-validation of every page.
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, ctx, &mut bytes)
            .map(|()| OutFile {
                path: path.to_string(),
                bytes: if path.ends_with(".xml") {
                    xml_safe(bytes)
                } else {
                    bytes
                },
            })
            .map_err(|e| {
                let file = self
                    .theme
                    .templates
                    .get(template)
                    .map_or(template, |s| s.origin.as_str());
                format!("{file} (rendering /{path}): {}", template_error(&e))
            })
    }

    /// A paginated list of articles (home, tag, year, month, day).
    fn list_context(
        &self,
        kind: &'static str,
        title: String,
        base: &str,
        items: &[usize],
        page: usize,
    ) -> (Context, String) {
        let ranges = site::paginate(items.len(), self.cfg.per_page);
        let number = page + 1;
        let path = site::page_path(base, number);
        let slice = &items[ranges[page].clone()];
        let mut ctx = Context::new();
        let description = if kind == "home" && !self.cfg.description.is_empty() {
            self.cfg.description.clone()
        } else {
            title.clone()
        };
        ctx.insert(
            "page",
            &self.page(kind, title, description, path.clone(), number),
        );
        ctx.insert(
            "items",
            &slice.iter().map(|&i| &self.cards[i]).collect::<Vec<_>>(),
        );
        ctx.insert("groups", &self.groups(slice));
        ctx.insert("pager", &self.pager(base, number, ranges.len()));
        (ctx, path)
    }

    fn article(&self, i: usize) -> Result<OutFile, String> {
        let a = &self.site.articles[i];
        let card = &self.cards[i];
        let dateline = match (&a.place, &a.source_name) {
            (Some(p), Some(s)) => Some(format!("{p} – {s}")),
            (Some(p), None) => Some(p.clone()),
            (None, Some(s)) => Some(s.clone()),
            (None, None) => None,
        };
        let keywords: Vec<&str> = card.tags.iter().map(|t| t.name).collect();
        let jsonld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "description": a.excerpt,
            "datePublished": card.date_iso,
            "dateModified": a.updated.as_ref().map(rfc3339).unwrap_or_else(|| card.date_iso.clone()),
            "dateline": dateline,
            "keywords": keywords,
            "inLanguage": self.cfg.language,
            "url": card.permalink,
            "mainEntityOfPage": card.permalink,
            "isAccessibleForFree": true,
            "author": {"@type": "Organization", "name": a.source_name.as_deref().unwrap_or(&self.cfg.author)},
            "publisher": {"@type": "Organization", "name": self.cfg.title},
        });
        // `</script>` can never appear inside the JSON: escape every `<`.
        let jsonld = jsonld.to_string().replace('<', "\\u003c");
        let view = ArticleView {
            card,
            hijri: self.locale.hijri(&a.date),
            updated_iso: a.updated.as_ref().map(rfc3339),
            updated: a.updated.as_ref().map(|u| self.locale.date(u)),
            dateline,
            caption: a.caption.as_deref(),
            caption_url: a.caption_url.as_deref(),
            body: &a.body.html,
            has_code: a.body.has_code,
            words: a.body.words,
            extra: &a.extra,
            jsonld,
        };
        let read_also: Vec<ReadAlsoView> = self.site.read_also[i]
            .iter()
            .map(|r| ReadAlsoView {
                title: &r.title,
                url: r.target.map(|j| self.cards[j].url.clone()),
            })
            .collect();
        let related: Vec<&Card> = self.site.related[i]
            .iter()
            .map(|&j| &self.cards[j])
            .collect();
        let mut ctx = Context::new();
        let path = self.site.paths[i].clone();
        ctx.insert(
            "page",
            &self.page(
                "article",
                a.title.clone(),
                a.excerpt.clone(),
                path.clone(),
                1,
            ),
        );
        ctx.insert("article", &view);
        ctx.insert("read_also", &read_also);
        ctx.insert("related", &related);
        ctx.insert("prev", &self.cards.get(i + 1));
        ctx.insert("next", &i.checked_sub(1).and_then(|j| self.cards.get(j)));
        self.render("article.html", &ctx, &format!("{path}index.html"))
    }

    fn feed(
        &self,
        template: &str,
        out: &str,
        title: String,
        home: &str,
        items: &[usize],
    ) -> Result<OutFile, String> {
        let items = &items[..items.len().min(self.cfg.feed_limit)];
        let newest = items.first().map(|&i| {
            let a = &self.site.articles[i];
            a.updated.as_ref().unwrap_or(&a.date)
        });
        let feed = FeedView {
            title,
            subtitle: self.cfg.description.clone(),
            url: self.permalink(out),
            home: self.permalink(home),
            updated: newest
                .map(rfc3339)
                .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into()),
            updated_rfc2822: newest.map(rfc2822).unwrap_or_default(),
            language: self.cfg.language.clone(),
        };
        let entries: Vec<EntryView> = items
            .iter()
            .map(|&i| {
                let a = &self.site.articles[i];
                let card = &self.cards[i];
                EntryView {
                    title: &a.title,
                    permalink: card.permalink.clone(),
                    published: card.date_iso.clone(),
                    updated: a
                        .updated
                        .as_ref()
                        .map(rfc3339)
                        .unwrap_or_else(|| card.date_iso.clone()),
                    published_rfc2822: rfc2822(&a.date),
                    summary: &a.excerpt,
                    content: (self.cfg.feed_content == FeedContent::Full)
                        .then_some(a.body.html.as_str()),
                    tags: card.tags.iter().map(|t| t.name).collect(),
                    place: a.place.as_deref(),
                }
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("feed", &feed);
        ctx.insert("entries", &entries);
        self.render(template, &ctx, out)
    }

    fn run(&self, job: Job) -> Result<OutFile, String> {
        let site = self.site;
        match job {
            Job::Article(i) => self.article(i),
            Job::Home(p) => {
                let title = if p == 0 {
                    self.cfg.title.clone()
                } else {
                    self.locale.text("home").unwrap_or("").to_string()
                };
                let (mut ctx, path) = self.list_context("home", title, "", &self.everything, p);
                // Breaking news, on the first page only, by the build clock.
                let now = self.cfg.now;
                let breaking: Vec<&Card> = if p == 0 {
                    site.articles
                        .iter()
                        .enumerate()
                        .filter(|(_, a)| {
                            a.breaking
                                && a.date.timestamp() <= now
                                && breaking_end(a).timestamp() > now
                        })
                        .map(|(i, _)| &self.cards[i])
                        .collect()
                } else {
                    Vec::new()
                };
                ctx.insert("breaking", &breaking);
                self.render("index.html", &ctx, &format!("{path}index.html"))
            }
            Job::TagsIndex => {
                let tags: Vec<TagSummary> = site.tags.iter().map(|t| self.tag_summary(t)).collect();
                let title = self.locale.text("tags").unwrap_or("").to_string();
                let mut ctx = Context::new();
                ctx.insert(
                    "page",
                    &self.page("tags", title.clone(), title, "tags/".into(), 1),
                );
                ctx.insert("tags", &tags);
                self.render("tags.html", &ctx, "tags/index.html")
            }
            Job::Tag(t, p) => {
                let tag = &site.tags[t];
                let (mut ctx, path) =
                    self.list_context("tag", tag.name.clone(), &tag.path, &tag.articles, p);
                ctx.insert("tag", &self.tag_summary(tag));
                self.render("tag.html", &ctx, &format!("{path}index.html"))
            }
            Job::TagFeed(t) => {
                let tag = &site.tags[t];
                let title = format!("{} – {}", self.cfg.title, tag.name);
                self.feed(
                    "atom.xml",
                    &format!("{}atom.xml", tag.path),
                    title,
                    &tag.path,
                    &tag.articles,
                )
            }
            Job::ArchiveIndex => {
                let years: Vec<YearView> = site
                    .years
                    .iter()
                    .map(|y| YearView {
                        label: self.locale.number(y.year as i64),
                        url: self.url(&y.path),
                        count: y.articles.len(),
                        count_text: self.count_text(y.articles.len()),
                        months: y
                            .months
                            .iter()
                            .map(|m| {
                                self.period_link(
                                    self.locale.month_name(m.month),
                                    &m.path,
                                    m.articles.len(),
                                )
                            })
                            .collect(),
                    })
                    .collect();
                let title = self.locale.text("archive").unwrap_or("").to_string();
                let mut ctx = Context::new();
                ctx.insert(
                    "page",
                    &self.page("archive", title.clone(), title, "archive/".into(), 1),
                );
                ctx.insert("years", &years);
                ctx.insert("period", &None::<PeriodView>);
                self.render("archive.html", &ctx, "archive/index.html")
            }
            Job::Year(y, p) => {
                let year = &site.years[y];
                let label = self.locale.number(year.year as i64);
                let children: Vec<PeriodLink> = year
                    .months
                    .iter()
                    .map(|m| {
                        self.period_link(self.locale.month_name(m.month), &m.path, m.articles.len())
                    })
                    .collect();
                self.period("year", label, &year.path, None, children, &year.articles, p)
            }
            Job::Month(y, m, p) => {
                let year = &site.years[y];
                let month = &year.months[m];
                let label = self.locale.month_year(year.year, month.month);
                let parent = self.period_link(
                    self.locale.number(year.year as i64),
                    &year.path,
                    year.articles.len(),
                );
                let children: Vec<PeriodLink> = month
                    .days
                    .iter()
                    .map(|d| {
                        self.period_link(
                            self.locale.weekday_date(year.year, month.month, d.day),
                            &d.path,
                            d.articles.len(),
                        )
                    })
                    .collect();
                self.period(
                    "month",
                    label,
                    &month.path,
                    Some(parent),
                    children,
                    &month.articles,
                    p,
                )
            }
            Job::Day(y, m, d, p) => {
                let year = &site.years[y];
                let month = &year.months[m];
                let day = &month.days[d];
                let label = self.locale.weekday_date(year.year, month.month, day.day);
                let parent = self.period_link(
                    self.locale.month_year(year.year, month.month),
                    &month.path,
                    month.articles.len(),
                );
                self.period(
                    "day",
                    label,
                    &day.path,
                    Some(parent),
                    Vec::new(),
                    &day.articles,
                    p,
                )
            }
            Job::Atom | Job::Rss => {
                let name = if matches!(job, Job::Atom) {
                    "atom.xml"
                } else {
                    "rss.xml"
                };
                self.feed(name, name, self.cfg.title.clone(), "", &self.everything)
            }
            Job::Search => {
                let title = self.locale.text("search").unwrap_or("").to_string();
                let years: Vec<String> = site.years.iter().map(|y| y.year.to_string()).collect();
                let mut ctx = Context::new();
                ctx.insert(
                    "page",
                    &self.page("search", title.clone(), title, "search/".into(), 1),
                );
                ctx.insert("years", &years);
                ctx.insert(
                    "search_parts",
                    &crate::search::part_count(site.articles.len(), self.cfg.search_part_size),
                );
                ctx.insert("result_forms", &self.locale.plural_forms("results"));
                self.render("search.html", &ctx, "search/index.html")
            }
            Job::NotFound => {
                let title = self.locale.text("not_found").unwrap_or("404").to_string();
                let mut ctx = Context::new();
                let mut page = self.page("404", title.clone(), title, String::new(), 1);
                page.path = "404.html".into();
                page.permalink = self.permalink("404.html");
                page.url = self.url("404.html");
                ctx.insert("page", &page);
                self.render("404.html", &ctx, "404.html")
            }
            Job::Robots => {
                let mut ctx = Context::new();
                ctx.insert("sitemap_url", &self.permalink("sitemap.xml"));
                ctx.insert("news_sitemap_url", &self.permalink("news-sitemap.xml"));
                self.render("robots.txt", &ctx, "robots.txt")
            }
            Job::NewsSitemap => {
                let now = self.cfg.now;
                let since = now
                    .checked_sub(jiff::SignedDuration::from_hours(NEWS_WINDOW_HOURS))
                    .unwrap_or(now);
                let items: Vec<NewsItem> = site
                    .articles
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.date.timestamp() > since && a.date.timestamp() <= now)
                    .map(|(i, a)| NewsItem {
                        loc: &self.cards[i].permalink,
                        title: &a.title,
                        published: &self.cards[i].date_iso,
                    })
                    .collect();
                let mut ctx = Context::new();
                ctx.insert("items", &items);
                ctx.insert("publication", &self.cfg.title);
                ctx.insert("language", self.cfg.primary_language());
                self.render("news_sitemap.xml", &ctx, "news-sitemap.xml")
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn period(
        &self,
        kind: &'static str,
        label: String,
        base: &str,
        parent: Option<PeriodLink>,
        children: Vec<PeriodLink>,
        items: &[usize],
        p: usize,
    ) -> Result<OutFile, String> {
        let (mut ctx, path) = self.list_context(kind, label.clone(), base, items, p);
        ctx.insert(
            "period",
            &PeriodView {
                kind,
                label,
                url: self.url(base),
                parent,
                count: items.len(),
                count_text: self.count_text(items.len()),
            },
        );
        ctx.insert("children", &children);
        ctx.insert("years", &None::<Vec<YearView>>);
        self.render("archive.html", &ctx, &format!("{path}index.html"))
    }

    /// Path and last-modified date of the HTML page a job makes, for the sitemap.
    fn sitemap_entry(&self, job: Job) -> Option<SitemapUrl> {
        let site = self.site;
        let newest = |items: &[usize], page: usize| {
            let start = page * self.cfg.per_page;
            items.get(start).map(|&i| {
                let a = &site.articles[i];
                rfc3339(a.updated.as_ref().unwrap_or(&a.date))
            })
        };
        let (path, lastmod) = match job {
            Job::Article(i) => {
                let a = &site.articles[i];
                (
                    site.paths[i].clone(),
                    Some(rfc3339(a.updated.as_ref().unwrap_or(&a.date))),
                )
            }
            Job::Home(p) => {
                let lastmod = site
                    .articles
                    .get(p * self.cfg.per_page)
                    .map(|a| rfc3339(&a.date));
                (site::page_path("", p + 1), lastmod)
            }
            Job::TagsIndex => ("tags/".into(), None),
            Job::Tag(t, p) => {
                let tag = &site.tags[t];
                (site::page_path(&tag.path, p + 1), newest(&tag.articles, p))
            }
            Job::ArchiveIndex => ("archive/".into(), None),
            Job::Year(y, p) => {
                let year = &site.years[y];
                (
                    site::page_path(&year.path, p + 1),
                    newest(&year.articles, p),
                )
            }
            Job::Month(y, m, p) => {
                let month = &site.years[y].months[m];
                (
                    site::page_path(&month.path, p + 1),
                    newest(&month.articles, p),
                )
            }
            Job::Day(y, m, d, p) => {
                let day = &site.years[y].months[m].days[d];
                (site::page_path(&day.path, p + 1), newest(&day.articles, p))
            }
            Job::Search
            | Job::TagFeed(_)
            | Job::Atom
            | Job::Rss
            | Job::NotFound
            | Job::Robots
            | Job::NewsSitemap => return None,
        };
        Some(SitemapUrl {
            loc: self.permalink(&path),
            lastmod,
        })
    }

    fn sitemaps(&self, urls: Vec<SitemapUrl>) -> Result<Vec<OutFile>, String> {
        let chunks = sitemap_chunks(urls.len(), SITEMAP_LIMIT);
        if chunks.len() <= 1 {
            let mut ctx = Context::new();
            ctx.insert("urls", &urls);
            return Ok(vec![self.render("sitemap.xml", &ctx, "sitemap.xml")?]);
        }
        let mut files = Vec::new();
        let mut index = Vec::new();
        for (n, range) in chunks.into_iter().enumerate() {
            let name = format!("sitemap-{}.xml", n + 1);
            let part = &urls[range];
            let lastmod = part.iter().filter_map(|u| u.lastmod.clone()).max();
            let mut ctx = Context::new();
            ctx.insert("urls", part);
            files.push(self.render("sitemap.xml", &ctx, &name)?);
            index.push(SitemapUrl {
                loc: self.permalink(&name),
                lastmod,
            });
        }
        let mut ctx = Context::new();
        ctx.insert("sitemaps", &index);
        files.push(self.render("sitemap_index.xml", &ctx, "sitemap.xml")?);
        Ok(files)
    }
}

/// The theme's static files, as output files.
pub fn static_files(theme: &Theme) -> impl Iterator<Item = OutFile> + '_ {
    theme.static_files.iter().map(|(path, src)| OutFile {
        path: path.clone(),
        bytes: src.bytes.clone(),
    })
}

/// Ranges of at most `limit` URLs each.
pub fn sitemap_chunks(n: usize, limit: usize) -> Vec<std::ops::Range<usize>> {
    site::paginate(n, limit)
}

/// Render the files of the site that `scope` names into `sink`. All errors
/// are reported together.
pub fn render(input: &Input<'_>, sink: &dyn Sink, scope: &Scope) -> Result<RenderStats> {
    let (stats, errors) = render_collect(input, sink, scope)?;
    if !errors.is_empty() {
        return Err(crate::many_errors(errors));
    }
    Ok(stats)
}

/// [`render`], giving the errors of every page (one line for each distinct
/// template error, with the number of pages it stopped) instead of failing
/// on them, so that a build reports them with its other errors.
pub fn render_collect(
    input: &Input<'_>,
    sink: &dyn Sink,
    scope: &Scope,
) -> Result<(RenderStats, Vec<String>)> {
    let cfg = input.cfg;
    let site = input.site;
    let mut tera = engine(input.theme, input.locale.clone())?;
    let locale: &Locale = &input.locale;
    let base_path = cfg.base_url.path();
    let url = |p: &str| format!("{base_path}{p}");
    let og_locale = match cfg.primary_language() {
        "ar" => "ar_AR".to_string(),
        "en" => "en_US".to_string(),
        other => other.to_string(),
    };
    let site_view = SiteView {
        title: &cfg.title,
        description: &cfg.description,
        language: &cfg.language,
        dir: cfg.dir.as_str(),
        author: &cfg.author,
        base_url: cfg.base_url.as_str(),
        base_path: base_path.clone(),
        home_url: url(""),
        tags_url: cfg.tags.then(|| url("tags/")),
        archive_url: cfg.archives.then(|| url("archive/")),
        search_url: cfg.search_on().then(|| url("search/")),
        atom_url: url("atom.xml"),
        rss_url: url("rss.xml"),
        atom_permalink: cfg.base_url.join("atom.xml"),
        rss_permalink: cfg.base_url.join("rss.xml"),
        og_locale,
        strings: locale.texts(),
        extra: &cfg.extra,
        generator: concat!("mujaz ", env!("CARGO_PKG_VERSION")),
        article_count: site.articles.len(),
    };
    tera.global_context().insert("site", &site_view);
    let mut r = Renderer {
        cfg,
        site,
        locale,
        tera,
        theme: input.theme,
        base_path,
        cards: Vec::new(),
        everything: (0..site.articles.len()).collect(),
    };
    let cards: Vec<Card> = site
        .articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| r.card(i, a))
        .collect();
    r.cards = cards;

    let all_jobs = jobs(cfg, site);
    let jobs: Vec<Job> = all_jobs
        .iter()
        .copied()
        .filter(|&j| scope.wants(j, cfg, site))
        .collect();
    let pages = AtomicUsize::new(0);
    let deliver = |res: Result<OutFile, String>| -> Result<(), String> {
        let file = res?;
        if file.path.ends_with(".html") {
            pages.fetch_add(1, Ordering::Relaxed);
        }
        sink.put(file).map_err(|e| format!("{e:#}"))
    };
    let mut errors: Vec<String> = jobs
        .par_iter()
        .filter_map(|&j| deliver(r.run(j)).err())
        .collect();
    let mut files = jobs.len();
    // The sitemap lists every page (with its last change); body edits leave it alone.
    if !matches!(
        scope,
        Scope::Touching {
            body_only: true,
            ..
        }
    ) {
        let urls: Vec<SitemapUrl> = all_jobs
            .iter()
            .filter_map(|&j| r.sitemap_entry(j))
            .collect();
        match r.sitemaps(urls) {
            Ok(maps) => {
                files += maps.len();
                errors.extend(maps.into_iter().filter_map(|f| deliver(Ok(f)).err()));
            }
            Err(e) => errors.push(e),
        }
    }
    if *scope == Scope::All {
        files += input.theme.static_files.len();
        for file in static_files(input.theme) {
            errors.extend(deliver(Ok(file)).err());
        }
    }
    Ok((
        RenderStats {
            files,
            pages: pages.into_inner(),
        },
        group_page_errors(errors),
    ))
}

/// One template mistake stops every page that uses it: report it once,
/// with the number of pages and one of them
/// ("article.html: … (on 2,208 pages, e.g. /2024/01/01/x/)").
fn group_page_errors(errors: Vec<String>) -> Vec<String> {
    let mut groups: Vec<(String, String, Vec<String>)> = Vec::new(); // template, message, pages
    let mut other = Vec::new();
    for e in errors {
        let parsed = e.split_once(" (rendering ").and_then(|(template, rest)| {
            let (page, message) = rest.split_once("): ")?;
            Some((template.to_string(), page.to_string(), message.to_string()))
        });
        match parsed {
            Some((t, page, m)) => match groups.iter_mut().find(|g| g.0 == t && g.1 == m) {
                Some(g) => g.2.push(page),
                None => groups.push((t, m, vec![page])),
            },
            None => other.push(e),
        }
    }
    for (template, message, mut pages) in groups {
        pages.sort();
        other.push(if pages.len() == 1 {
            format!("{template} (rendering {}): {message}", pages[0])
        } else {
            format!(
                "{template}: {message} (on {} pages, e.g. {})",
                pages.len(),
                pages[0]
            )
        });
    }
    other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_splits_at_the_limit() {
        assert_eq!(sitemap_chunks(3, 50_000).len(), 1);
        assert_eq!(sitemap_chunks(50_000, 50_000).len(), 1);
        let c = sitemap_chunks(50_001, 50_000);
        assert_eq!(c, vec![0..50_000, 50_000..50_001]);
    }
}
