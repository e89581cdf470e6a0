//! Rendering: the site model → every output file, in memory.
//!
//! Takes the [`Site`], the config, the theme and the locale; gives one
//! [`OutFile`] per page, feed, sitemap and static file to a [`Sink`] as soon
//! as it is rendered, in parallel (rayon) through Tera.
//!
//! - [`plan`] decides which pages exist, what each shows and which an edit touches;
//! - [`pages`] renders one planned page from typed [`views`] (documented in
//!   the README's theme reference), never the model itself; article cards
//!   (dates, reading time, tags) are formatted once and shared by every list;
//!   [`feeds`] renders the feeds and [`sitemap`] the sitemap;
//! - [`templates`] is the Tera engine and its functions.
//!
//! Nothing here touches the disk: the sink decides where files go.

mod feeds;
mod lists;
pub(crate) mod memo;
mod pages;
pub(crate) mod plan;
mod relative;
mod sitemap;
mod templates;
mod views;

use crate::config::Config;
use crate::i18n::Locale;
use crate::output::{OutFile, Sink};
use crate::paths;
use crate::site::{self, Site};
use crate::theme::Theme;
use anyhow::Result;
use pages::Renderer;
use plan::Plan;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use views::{MenuLink, SiteView};

/// Which files a render makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
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

/// What a render produced, for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct RenderStats {
    pub files: usize,
    pub pages: usize,
}

/// The most URLs one sitemap file may list (sitemaps.org protocol), and
/// the default `sitemap_limit`.
pub(crate) const SITEMAP_LIMIT: usize = 50_000;

pub(crate) struct Input<'a> {
    /// Renders again the bodies of articles taken from the content cache.
    pub bodies: &'a crate::content::Bodies<'a>,
    pub cfg: &'a Config,
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub locale: Arc<Locale>,
    /// The photo of social cards for pages without one.
    pub default_image: Option<&'a crate::photos::Photo>,
    /// What the last build into the same output folder wrote of its
    /// article and list pages: those whose inputs did not change are kept,
    /// not rendered (a build; `None` for check and serve).
    pub memo: Option<&'a memo::PageMemo>,
}

/// The theme's static files, as output files.
pub(crate) fn static_files(theme: &Theme) -> impl Iterator<Item = OutFile> + '_ {
    theme.static_files.iter().map(|(path, src)| OutFile {
        path: path.clone(),
        bytes: src.bytes.clone(),
    })
}

/// The main menu: site.yaml's `menu` in its order, or every section, the
/// largest first. A section no article is in yet is left out (with a
/// warning): its page does not exist.
fn menu(cfg: &Config, site: &Site, url: &dyn Fn(&str) -> String) -> Vec<MenuLink> {
    let section = |s: &crate::site::Term| MenuLink {
        title: s.name.clone(),
        url: url(&s.path),
        path: Some(s.path.clone()),
    };
    let Some(entries) = &cfg.yaml.menu else {
        return site.sections.iter().map(section).collect();
    };
    let mut links = Vec::new();
    for e in entries {
        if let Some(name) = &e.section {
            match site.section_named(name).map(|s| &site.sections[s]) {
                Some(s) => links.push(MenuLink {
                    title: e.title.clone().unwrap_or_else(|| s.name.clone()),
                    ..section(s)
                }),
                None => log::warn!(
                    "site.yaml: menu: no article is in the section `{name}` yet; it is left out of the menu"
                ),
            }
        } else if let Some(name) = &e.page {
            let name = name.trim().trim_matches('/');
            let page = site.pages.iter().find(|p| {
                p.path.trim_end_matches('/') == name
                    || p.source
                        .strip_prefix(crate::content::page::FOLDER)
                        .and_then(|s| s.strip_suffix(".md"))
                        == Some(name)
            });
            match page {
                Some(p) => links.push(MenuLink {
                    title: e.title.clone().unwrap_or_else(|| p.title.clone()),
                    url: url(&p.path),
                    path: Some(p.path.clone()),
                }),
                None => log::warn!(
                    "site.yaml: menu: there is no page `{name}` (content/pages/{name}.md); it is left out of the menu"
                ),
            }
        } else if let (Some(title), Some(u)) = (&e.title, &e.url) {
            links.push(MenuLink {
                title: title.clone(),
                url: if u.starts_with('/') && !u.starts_with("//") {
                    url(u.trim_start_matches('/'))
                } else {
                    u.clone()
                },
                path: None,
            });
        }
    }
    links
}

/// Ranges of at most `limit` URLs each.
pub(crate) fn sitemap_chunks(n: usize, limit: usize) -> Vec<std::ops::Range<usize>> {
    site::paginate(n, limit)
}

/// Render the files of the site that `scope` names into `sink`, in
/// parallel. Gives what was rendered and the errors of the pages (one line
/// for each distinct template error, with the number of pages it stopped),
/// so that a build reports them with its other errors.
pub(crate) fn render(
    input: &Input<'_>,
    sink: &dyn Sink,
    scope: &Scope,
) -> Result<(RenderStats, Vec<String>)> {
    let cfg = input.cfg;
    let site = input.site;
    let t = std::time::Instant::now();
    let mut tera = templates::engine(input.theme, input.locale.clone())?;
    let locale: &Locale = &input.locale;
    let base_path = cfg.base_url.path();
    let url = |p: &str| paths::url(&base_path, p);
    let og_locale = match cfg.primary_language() {
        "ar" => "ar_AR".to_string(),
        "en" => "en_US".to_string(),
        other => other.to_string(),
    };
    let site_view = SiteView {
        title: &cfg.yaml.title,
        description: &cfg.yaml.description,
        language: &cfg.language,
        dir: cfg.dir.as_str(),
        author: &cfg.author,
        base_url: cfg.base_url.as_str(),
        base_path: base_path.clone(),
        home_url: url(paths::HOME),
        tags_url: cfg.yaml.tags.then(|| url(paths::TAGS)),
        sections_url: (!site.sections.is_empty()).then(|| url(&paths::Taxonomy::Section.index())),
        authors_url: (!site.authors.is_empty()).then(|| url(&paths::Taxonomy::Author.index())),
        archive_url: cfg.yaml.archives.then(|| url(paths::ARCHIVE)),
        search_url: cfg.search_on().then(|| url(paths::SEARCH)),
        atom_url: url(paths::ATOM),
        rss_url: url(paths::RSS),
        atom_permalink: cfg.base_url.join(paths::ATOM),
        rss_permalink: cfg.base_url.join(paths::RSS),
        og_locale,
        strings: locale.texts(),
        extra: &cfg.yaml.extra,
        generator: concat!("mujaz ", env!("CARGO_PKG_VERSION")),
        article_count: site.articles.len(),
        menu: menu(cfg, site, &url),
    };
    tera.global_context().insert("site", &site_view);
    let plan = Plan::new(cfg, site);
    let mut r = Renderer {
        bodies: input.bodies,
        cfg,
        site,
        plan: &plan,
        locale,
        tera,
        theme: input.theme,
        base_path,
        cards: site.articles.iter().map(|_| OnceLock::new()).collect(),
        default_image: None,
    };
    r.default_image = input.default_image.map(|p| r.og_image(p, &cfg.yaml.title));
    log::debug!("templates and plan in {:?}", t.elapsed());

    let t = std::time::Instant::now();
    let fingerprints = input.memo.map(|_| {
        memo::Fingerprints::new(
            cfg,
            input.theme,
            &site_view,
            locale,
            input.default_image,
            site,
        )
    });
    if fingerprints.is_some() {
        log::debug!("fingerprinted the cards in {:?}", t.elapsed());
    }
    let wanted = plan.touched(scope, cfg, site);
    let pages = AtomicUsize::new(0);
    let kept_articles = AtomicUsize::new(0);
    let kept_lists = AtomicUsize::new(0);
    let kept_feeds = AtomicUsize::new(0);
    // A file whose inputs (of fingerprint `fp`) are those the last build
    // wrote it from, and which is as that build left it, is kept as it is.
    let keep_recorded = |memo: &memo::PageMemo, file: &str, fp| -> Result<bool, String> {
        let stamp = memo.recorded(file, fp);
        let kept = match stamp {
            Some(stamp) => sink.keep(file, stamp).map_err(|e| format!("{e:#}"))?,
            None => false,
        };
        memo.note(file, fp, stamp.filter(|_| kept));
        Ok(kept)
    };
    // So is an article or list page, or a feed.
    let kept = |page: &plan::Page| -> Result<bool, String> {
        let (Some(memo), Some(fps)) = (input.memo, &fingerprints) else {
            return Ok(false);
        };
        let (fp, count) = match &page.kind {
            plan::Kind::Article(i) => (Some(fps.article(site, *i, &page.path)), &kept_articles),
            plan::Kind::ListPage { .. } => (fps.list(&r, page), &kept_lists),
            plan::Kind::Feed { .. } => (fps.feed(&r, page), &kept_feeds),
            _ => return Ok(false),
        };
        let Some(fp) = fp else {
            return Ok(false);
        };
        let file = page.file();
        let html = file.ends_with(".html");
        let kept = keep_recorded(memo, &file, fp)?;
        if kept {
            if html {
                pages.fetch_add(1, Ordering::Relaxed);
            }
            count.fetch_add(1, Ordering::Relaxed);
        }
        Ok(kept)
    };
    let deliver = |res: Result<OutFile, String>| -> Result<(), String> {
        let mut file = res?;
        if cfg.relative && file.path.ends_with(".html") {
            file.bytes = relative::rewrite(&file.bytes, &r.base_path, &file.path)?;
        }
        if file.path.ends_with(".html") {
            pages.fetch_add(1, Ordering::Relaxed);
        }
        sink.put(file).map_err(|e| format!("{e:#}"))
    };
    let page_loop = || {
        let t = std::time::Instant::now();
        let errors: Vec<String> = wanted
            .par_iter()
            .filter_map(|page| match kept(page) {
                Ok(true) => None,
                Ok(false) => {
                    log::trace!("rendering {}", page.file());
                    deliver(r.run(page)).err()
                }
                Err(e) => Some(e),
            })
            .collect();
        if input.memo.is_some() {
            log::debug!(
                "kept {} article pages, {} list pages and {} feeds as the last build wrote them ({} pages and files, in {:?})",
                kept_articles.load(Ordering::Relaxed),
                kept_lists.load(Ordering::Relaxed),
                kept_feeds.load(Ordering::Relaxed),
                wanted.len(),
                t.elapsed()
            );
        }
        errors
    };
    // The sitemap (one template render, on one thread) and the static
    // files: made while the pages are, not after them.
    let other_files = || {
        let t = std::time::Instant::now();
        let mut files = 0;
        let mut errors = Vec::new();
        if Plan::sitemap_touched(scope) {
            let kept_parts = AtomicUsize::new(0);
            let kept_part = |file: &str, entries: &[sitemap::Entry<'_>]| {
                let kept = match (input.memo, &fingerprints) {
                    (Some(memo), Some(fps)) => {
                        keep_recorded(memo, file, fps.sitemap(file, entries))?
                    }
                    _ => false,
                };
                kept_parts.fetch_add(usize::from(kept), Ordering::Relaxed);
                Ok(kept)
            };
            match r.sitemaps(&r.sitemap_entries(), kept_part) {
                Ok(maps) => {
                    let kept_parts = kept_parts.into_inner();
                    log::debug!(
                        "sitemap: {} files written and {kept_parts} kept",
                        maps.len()
                    );
                    files += maps.len() + kept_parts;
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
        log::debug!("sitemap and static files in {:?}", t.elapsed());
        (files, errors)
    };
    let (mut errors, (other, other_errors)) = rayon::join(page_loop, other_files);
    errors.extend(other_errors);
    let files = wanted.len() + other;
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
