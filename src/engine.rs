//! The engine: one site, loaded once and kept, that `build`, `check` and
//! `serve` all drive.
//!
//! Takes a [`Config`]; gives a loaded site (articles, model, theme, locale)
//! that renders into any [`Sink`]: a staging folder (build), memory (check)
//! or the served folder (serve). After an edit, [`Engine::update`] reloads
//! what changed and re-renders only the pages the plan says show it
//! ([`Scope::Touching`]), or everything when URLs, lists or the theme moved.

use crate::config::{self, Config};
use crate::content::{self, Article};
use crate::highlight::Highlighter;
use crate::i18n::Locale;
use crate::output::{Patch, Sink, Staging};
use crate::photos::{Library, Photo};
use crate::render::{self, RenderStats, Scope};
use crate::{fsx, markdown, search, site, theme};
use anyhow::{Result, anyhow};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// A loaded site: the model, the theme and the locale, ready to render.
pub(crate) struct Loaded {
    pub(crate) site: site::Site,
    pub(crate) theme: theme::Theme,
    pub(crate) locale: Arc<Locale>,
    /// The photo of social cards for pages without one (site.yaml `image:`).
    pub(crate) default_image: Option<Arc<Photo>>,
}

/// The options the content loader takes from the config.
pub(crate) fn load_options<'a>(
    cfg: &'a Config,
    photos: &'a Library,
    base_path: &'a str,
) -> content::LoadOptions<'a> {
    content::LoadOptions {
        timezone: &cfg.timezone,
        drafts: cfg.drafts,
        reading_speed: cfg.yaml.reading_speed,
        html_budget: content::HTML_BUDGET,
        markdown: markdown::Context {
            base_path,
            photos: Some(photos),
            doc: "",
            unsafe_html: cfg.yaml.unsafe_html,
        },
    }
}

/// One site, loaded and kept: `build` and `check` load it once and render
/// it, `serve` keeps it between edits so that a saved article re-renders
/// only the pages that show it.
pub(crate) struct Engine {
    cfg: Config,
    /// How `cfg` was made, to read site.yaml again after it changes (serve).
    overrides: config::Overrides,
    /// Where [`Engine::full`] and [`Engine::update`] write (serve's folder).
    out: PathBuf,
    hl: Highlighter,
    /// The site's photos, found while content loads.
    photos: Library,
    loaded: Option<Loaded>,
    /// Content path (relative to content/) → index in `loaded.site.articles`.
    by_source: HashMap<String, usize>,
    /// Articles dated after the build clock, left out (without `future`):
    /// content path and date.
    scheduled: Vec<(String, jiff::ZonedDateTime)>,
    /// The related lists' memo this load made, until
    /// [`Engine::keep_related_memo`] writes it (a build, beside its next
    /// step).
    related_memo: Option<site::related::Memo>,
    /// Take unchanged articles from the content cache (a build). Serve and
    /// check render every body, so they parse them all and hold them.
    content_cache: bool,
}

/// How a change to the files was handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rebuilt {
    Full,
    /// Re-rendered the pages of these articles only.
    Partial {
        articles: usize,
        body_only: bool,
    },
    Static {
        css_only: bool,
    },
    Nothing,
}

impl std::fmt::Display for Rebuilt {
    /// For the preview's log: "re-rendered the pages of 1 article".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rebuilt::Full => write!(f, "rebuilt the whole site"),
            Rebuilt::Partial {
                articles,
                body_only: true,
            } => write!(
                f,
                "re-rendered the pages of {}",
                crate::count(*articles, "article")
            ),
            Rebuilt::Partial { articles, .. } => write!(
                f,
                "re-rendered {} and the lists that show them",
                crate::count(*articles, "article")
            ),
            Rebuilt::Static { css_only: true } => write!(f, "copied the changed styles"),
            Rebuilt::Static { .. } => write!(f, "copied the changed static files"),
            Rebuilt::Nothing => write!(f, "nothing to rebuild"),
        }
    }
}

enum Kind {
    Content(String),
    Static { css: bool },
    Full,
    Ignored,
}

impl Engine {
    /// An engine for the site `cfg` describes, writing (for `full` and
    /// `update`) into `overrides.output`, or the site's output folder.
    pub(crate) fn new(cfg: Config, overrides: config::Overrides) -> Engine {
        Engine {
            out: overrides
                .output
                .clone()
                .unwrap_or_else(|| cfg.output_dir.clone()),
            overrides,
            hl: Highlighter::new(),
            photos: Library::new(&cfg),
            cfg,
            loaded: None,
            by_source: HashMap::new(),
            scheduled: Vec::new(),
            related_memo: None,
            content_cache: false,
        }
    }

    /// Load unchanged articles from the content cache, and keep it up to
    /// date ([`content::cache`]): for builds, which render only the pages
    /// that changed.
    pub(crate) fn with_content_cache(mut self) -> Engine {
        self.content_cache = true;
        self
    }

    /// The site's configuration.
    pub(crate) fn config(&self) -> &Config {
        &self.cfg
    }

    /// The loaded site, once [`Engine::load_content`] succeeded.
    pub(crate) fn loaded(&self) -> Option<&Loaded> {
        self.loaded.as_ref()
    }

    /// Load the content, the theme and the locale and model the site. Gives
    /// every error of the content files (the site is loaded without them),
    /// and of the theme (then nothing is loaded); fails only when a folder
    /// cannot be read.
    pub(crate) fn load_content(&mut self) -> Result<Vec<String>> {
        let cfg = &self.cfg;
        let t = Instant::now();
        let base_path = cfg.base_url.path();
        let opts = load_options(cfg, &self.photos, &base_path);
        let content::Loaded {
            articles,
            pages,
            mut errors,
            cached,
            by_stamp,
        } = content::load(
            &cfg.content_dir,
            &opts,
            &self.hl,
            self.content_cache.then_some(cfg.root.as_path()),
        )?;
        let default_image = cfg.yaml.image.as_deref().and_then(|src| {
            self.photos
                .file("", src)
                .map_err(|why| errors.push(format!("site.yaml: bad `image`: {why}")))
                .ok()
        });
        log::debug!(
            "loaded {} articles in {:?} ({} in the cache)",
            articles.len(),
            t.elapsed(),
            cached
        );
        log::debug!("{by_stamp} articles taken from the cache by their file's stamp, unread");
        // Scheduled articles wait for the first build after their date: no
        // page, feed entry, sitemap entry, search record or list entry.
        let (articles, scheduled): (Vec<Box<Article>>, Vec<Box<Article>>) = articles
            .into_iter()
            .partition(|a| cfg.future || a.date.timestamp() <= cfg.now);
        self.scheduled = scheduled
            .into_iter()
            .map(|a| (format!("content/{}", a.source), a.date))
            .collect();
        self.scheduled
            .sort_by(|a, b| a.1.timestamp().cmp(&b.1.timestamp()).then(a.0.cmp(&b.0)));
        let t = Instant::now();
        // A build keeps its related lists beside the content cache, so that
        // the next computes only those an edit can change. Read after the
        // content, not beside it: not held while the content loads.
        let prior = self
            .content_cache
            .then(|| site::related::Memo::load(&cfg.root, cfg.yaml.related))
            .flatten();
        log::debug!("read the related lists' memo in {:?}", t.elapsed());
        // The theme loads while the model is made.
        let ((site, related_memo), themed) = rayon::join(
            || {
                site::assemble(
                    articles,
                    pages,
                    &site::Settings {
                        slug: cfg.yaml.slug,
                        related: cfg.yaml.related,
                        keep_related: self.content_cache,
                        related_memo: prior.as_ref(),
                        section_slugs: cfg.section_slugs.clone(),
                    },
                )
            },
            || {
                theme::load(cfg).and_then(|theme| {
                    let locale = Arc::new(Locale::new(cfg, theme.strings_for(&cfg.language)?)?);
                    Ok((theme, locale))
                })
            },
        );
        drop(prior);
        log::debug!("assembled the site model in {:?}", t.elapsed());
        self.related_memo = related_memo;
        match themed {
            Ok((theme, locale)) => {
                // Serve finds the article of a saved file by its path (a
                // build has no use for it).
                self.by_source = if self.content_cache {
                    HashMap::new()
                } else {
                    site.articles
                        .iter()
                        .enumerate()
                        .map(|(i, a)| (a.source.clone(), i))
                        .collect()
                };
                self.loaded = Some(Loaded {
                    site,
                    theme,
                    locale,
                    default_image,
                });
            }
            Err(e) => {
                self.loaded = None;
                errors.push(format!("{e:#}"));
            }
        }
        Ok(errors)
    }

    /// Write the related lists' memo the last load made, if it made one
    /// (a build's load does, when its lists changed).
    pub(crate) fn keep_related_memo(&mut self) {
        if let Some(memo) = self.related_memo.take() {
            let t = Instant::now();
            match memo.save(&self.cfg.root, self.cfg.yaml.related) {
                Ok(()) => log::debug!("kept the related lists' memo in {:?}", t.elapsed()),
                Err(e) => log::warn!("cannot keep the related articles: {e:#}"),
            }
        }
    }

    /// Render the files `scope` names into `sink`; gives what was rendered
    /// and the errors of the pages (each template mistake once).
    pub(crate) fn render(
        &self,
        sink: &dyn Sink,
        scope: &Scope,
        memo: Option<&render::memo::PageMemo>,
    ) -> Result<(RenderStats, Vec<String>)> {
        let loaded = self
            .loaded
            .as_ref()
            .ok_or_else(|| anyhow!("the site is not loaded"))?;
        self.with_bodies(|bodies| {
            let input = render::Input {
                bodies,
                cfg: &self.cfg,
                site: &loaded.site,
                theme: &loaded.theme,
                locale: loaded.locale.clone(),
                default_image: loaded.default_image.as_deref(),
                memo,
            };
            render::render(&input, sink, scope)
        })
    }

    /// The photos of the built articles and pages, and the site's default
    /// image.
    fn used_photos(&self) -> Vec<Arc<Photo>> {
        let Some(loaded) = self.loaded.as_ref() else {
            return Vec::new();
        };
        let site = &loaded.site;
        site.articles
            .iter()
            .flat_map(|a| a.photos())
            .chain(site.pages.iter().flat_map(|p| &p.body.photos))
            .chain(&loaded.default_image)
            .cloned()
            .collect()
    }

    /// The paths under the output folder of the files of the photos
    /// ([`Engine::write_photos`] writes them), without making them.
    pub(crate) fn photo_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .used_photos()
            .iter()
            .flat_map(|p| p.files().map(str::to_string).collect::<Vec<_>>())
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    /// Make the renditions of the photos of the built articles and pages
    /// (and the site's default image) and hand their files to `sink`. For
    /// the `whole` site, the cached renditions of photos no longer used
    /// are dropped; otherwise only the photos no earlier call handed over
    /// are written (serve, after an edit).
    pub(crate) fn write_photos(&self, sink: &dyn Sink, whole: bool) -> Result<usize> {
        if self.loaded.is_none() {
            return Ok(0); // nothing known to be used: prune nothing
        }
        let used = self.used_photos();
        let t = Instant::now();
        let done = self.photos.write(&used, sink, whole)?;
        log::debug!(
            "photos: {} encoded, {} files, in {:?}",
            done.encoded,
            done.files,
            t.elapsed()
        );
        Ok(done.files)
    }

    /// Build the search index and hand its files to `sink`, one part at a
    /// time. Gives their number. Parts an earlier build left in the output
    /// folder are reused when the articles they were built from did not change.
    pub(crate) fn write_search_index(&self, sink: &dyn Sink) -> Result<usize> {
        let Some(loaded) = self.loaded.as_ref() else {
            return Ok(0);
        };
        let cfg = &self.cfg;
        let t = Instant::now();
        let written = search::write(
            cfg,
            &cfg.output_dir,
            loaded.site.articles.len(),
            &mut |k, range| self.search_key(k, range),
            &mut |range| self.search_records(range),
            sink,
        )?;
        log::debug!(
            "search index: {} parts ({} rebuilt), {} files, {:.1} MiB, in {:?}",
            written.parts,
            written.rebuilt,
            written.paths.len(),
            written.bytes as f64 / 1048576.0,
            t.elapsed()
        );
        Ok(written.paths.len())
    }

    /// Import new seeds, load and render everything, write what changed.
    pub(crate) fn full(&mut self) -> Result<()> {
        let _lock = fsx::lock_site(&self.cfg.root)?;
        self.rebuild_all()
    }

    /// [`Engine::full`], with the site's lock already held.
    fn rebuild_all(&mut self) -> Result<()> {
        self.loaded = None;
        self.cfg = config::load(&self.cfg.root, &self.overrides)?;
        self.photos = Library::new(&self.cfg);
        let imported = crate::import::run(&self.cfg, &crate::import::Options::default())?;
        crate::report_import(&imported)?;
        let errors = self.load_content()?;
        if !errors.is_empty() {
            self.loaded = None;
            return Err(crate::many_errors(errors));
        }
        let staging = Staging::new(&self.out)?;
        // The search index is built aside, in the background (serve/index.rs).
        let (_, page_errors) = self.write_site(&staging, None, false, &|_| {})?;
        if !page_errors.is_empty() {
            // The staging folder is dropped: the last good site stays served.
            let mut errors = page_errors;
            errors.extend(staging.abandon());
            return Err(crate::many_errors(errors));
        }
        staging.commit()?;
        Ok(())
    }

    /// Render the whole loaded site into `sink`: every page (those `memo`
    /// says are unchanged kept), the photos' files, and the search index
    /// when `search`; `stage` is told each step. Gives what was rendered
    /// and the errors of the pages (then no photo is written, and the sink
    /// must not be committed). What `mujaz build` and serve's full rebuild
    /// both do.
    pub(crate) fn write_site(
        &self,
        sink: &dyn Sink,
        memo: Option<&render::memo::PageMemo>,
        search: bool,
        stage: &dyn Fn(&'static str),
    ) -> Result<(RenderStats, Vec<String>)> {
        stage(if search {
            "rendering pages and the search index"
        } else {
            "rendering pages"
        });
        // The search index is built while the pages render (each step of
        // either leaves a core idle at times). It is wasted work when a page
        // fails: then the sink is not committed.
        let (pages, searched) = rayon::join(
            || self.render(sink, &Scope::All, memo),
            || search.then(|| self.write_search_index(sink)),
        );
        let (mut rendered, errors) = pages?;
        if !errors.is_empty() {
            return Ok((rendered, errors));
        }
        rendered.files += searched.transpose()?.unwrap_or(0);
        stage("processing photos");
        rendered.files += self.write_photos(sink, true)?;
        Ok((rendered, errors))
    }

    fn kind(&self, path: &Path) -> Kind {
        let root = &self.cfg.root;
        let Ok(rel) = path.strip_prefix(root) else {
            return Kind::Ignored;
        };
        if fsx::is_editor_leftover(path) {
            return Kind::Ignored;
        }
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let css = rel.extension().is_some_and(|e| e == "css");
        // A photo's renditions are made from it: any page may show it.
        let photo = crate::photos::is_image_file(rel);
        match parts.first().map(String::as_str) {
            Some("content") if rel.extension().is_some_and(|e| e == "md") => {
                Kind::Content(parts[1..].join("/"))
            }
            Some("content" | "static") if photo => Kind::Full,
            Some("content") => Kind::Ignored,
            Some("static") => Kind::Static { css },
            Some("themes") if parts.get(2).map(String::as_str) == Some("static") => {
                Kind::Static { css }
            }
            Some("seeds" | "templates" | "themes" | "i18n") => Kind::Full,
            Some("site.yaml") => Kind::Full,
            _ => Kind::Ignored,
        }
    }

    /// Bring the served site up to date after `paths` changed (holding the
    /// site's lock: a `mujaz build` of the same site waits, and is waited for).
    pub(crate) fn update(&mut self, paths: &[PathBuf]) -> Result<Rebuilt> {
        let _lock = fsx::lock_site(&self.cfg.root)?;
        if self.loaded.is_none() {
            self.rebuild_all()?;
            return Ok(Rebuilt::Full);
        }
        let mut content = Vec::new();
        let mut statics = Vec::new();
        let mut full = false;
        for p in paths {
            match self.kind(p) {
                Kind::Content(rel) => content.push((p.clone(), rel)),
                Kind::Static { .. } if p.is_dir() => {}
                Kind::Static { css } => statics.push(css),
                Kind::Full => full = true,
                Kind::Ignored => {}
            }
        }
        // Static files first: a full build only removes what it wrote itself.
        if !statics.is_empty() && self.update_statics()? {
            full = true;
        }
        if full {
            self.rebuild_all()?;
            return Ok(Rebuilt::Full);
        }
        let mut done = Rebuilt::Nothing;
        if !content.is_empty() {
            done = self.update_articles(&content)?;
        }
        if !statics.is_empty() && done == Rebuilt::Nothing {
            done = Rebuilt::Static {
                css_only: statics.iter().all(|&css| css),
            };
        }
        Ok(done)
    }

    /// Copy the static files again (only changed bytes are written) and
    /// remove the deleted ones. Tells whether one was deleted (then a full
    /// build follows, to bring back a page it may have hidden).
    fn update_statics(&mut self) -> Result<bool> {
        let loaded = self.loaded.as_mut().expect("loaded before an update");
        let before: Vec<String> = loaded.theme.static_files.keys().cloned().collect();
        loaded.theme = theme::load(&self.cfg)?;
        let patch = Patch::new(&self.out);
        for file in crate::render::static_files(&loaded.theme) {
            crate::output::Sink::put(&patch, file)?;
        }
        let mut removed = false;
        for gone in before
            .iter()
            .filter(|p| !loaded.theme.static_files.contains_key(*p))
        {
            let path = self.out.join(gone);
            if path.is_file() {
                fsx::remove_file(&path)?;
            }
            removed = true;
        }
        Ok(removed)
    }

    fn update_articles(&mut self, changed: &[(PathBuf, String)]) -> Result<Rebuilt> {
        let base_path = self.cfg.base_url.path();
        let opts = load_options(&self.cfg, &self.photos, &base_path);
        let mut replaced: Vec<(usize, Article)> = Vec::new();
        let mut body_only = true;
        for (path, rel) in changed {
            let Some(&k) = self.by_source.get(rel) else {
                self.rebuild_all()?; // a new article, or one that was a draft
                return Ok(Rebuilt::Full);
            };
            if !path.exists() {
                self.rebuild_all()?; // removed
                return Ok(Rebuilt::Full);
            }
            let text = fsx::read_to_string(path)?;
            let shown = format!("content/{rel}");
            let new = content::parse_article(rel, &text, &opts, &self.hl)
                .map_err(|e| anyhow!("{shown}:{}: {}", e.line, e.message))?;
            let loaded = self.loaded.as_ref().expect("checked by update");
            let old = &loaded.site.articles[k];
            let same_place = old.title == new.title
                && old.date == new.date
                && old.slug == new.slug
                && old.tags == new.tags
                && old.section == new.section
                && old.authors == new.authors
                && old.read_also == new.read_also
                && (new.draft == old.draft || self.cfg.drafts);
            if !same_place {
                self.rebuild_all()?;
                return Ok(Rebuilt::Full);
            }
            let same_card = old.excerpt() == new.excerpt()
                && old.place == new.place
                && old.source_name == new.source_name
                && old.reading_time == new.reading_time
                && old.breaking == new.breaking
                && old.breaking_until == new.breaking_until
                && old.updated == new.updated
                && old.has_time == new.has_time
                && old.image == new.image;
            body_only &= same_card;
            replaced.push((k, new));
        }
        let loaded = self.loaded.as_mut().expect("checked by update");
        let articles: Vec<usize> = replaced.iter().map(|(k, _)| *k).collect();
        for (k, a) in replaced {
            *loaded.site.articles[k] = a;
        }
        let patch = Patch::new(&self.out);
        let scope = Scope::Touching {
            articles: articles.clone(),
            body_only,
        };
        let (_, errors) = self.render(&patch, &scope, None)?;
        if !errors.is_empty() {
            return Err(crate::many_errors(errors));
        }
        self.write_photos(&patch, false)?;
        Ok(Rebuilt::Partial {
            articles: articles.len(),
            body_only,
        })
    }

    /// The articles left out because they are dated after the build clock
    /// (content path and date), soonest first.
    pub(crate) fn scheduled(&self) -> &[(String, jiff::ZonedDateTime)] {
        &self.scheduled
    }

    /// The folder `full` and `update` write into.
    pub(crate) fn out(&self) -> &Path {
        &self.out
    }

    /// Drop the loaded site (after a rebuild that panicked): the next
    /// update loads and renders everything.
    pub(crate) fn forget(&mut self) {
        self.loaded = None;
    }

    /// The loaded site, when it has a search index to build.
    pub(crate) fn searchable(&self) -> Option<&Loaded> {
        self.loaded.as_ref().filter(|_| self.cfg.search_on())
    }

    /// The loaded site with a search index, or why there is none now.
    fn searched(&self) -> Result<&Loaded> {
        self.searchable()
            .ok_or_else(|| anyhow!("the site is being rebuilt"))
    }

    /// The fingerprint of part `k` of the search index, the articles at
    /// `range`; an error without search or a loaded site.
    pub(crate) fn search_key(&self, k: usize, range: std::ops::Range<usize>) -> Result<String> {
        let loaded = self.searched()?;
        Ok(search::fingerprint(
            &self.cfg,
            &loaded.site,
            &loaded.locale,
            k,
            range,
        ))
    }

    /// The search records of the articles at `range` (newest first); an
    /// error without search or a loaded site.
    pub(crate) fn search_records(
        &self,
        range: std::ops::Range<usize>,
    ) -> Result<Vec<crate::search::Record>> {
        let loaded = self.searched()?;
        self.with_bodies(|bodies| {
            search::records_of(&self.cfg, &loaded.site, &loaded.locale, bodies, range)
        })
    }

    /// Call `f` with what renders the bodies of cached articles again.
    fn with_bodies<R>(&self, f: impl FnOnce(&content::Bodies<'_>) -> R) -> R {
        let base_path = self.cfg.base_url.path();
        let opts = load_options(&self.cfg, &self.photos, &base_path);
        f(&content::Bodies {
            dir: &self.cfg.content_dir,
            opts: &opts,
            hl: &self.hl,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every file under `dir`: relative path → bytes.
    fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    fn article(i: usize, title: &str, tags: &[&str], summary: &str, body: &str) -> String {
        format!(
            "---\ntitle: \"{title}\"\ndate: 2024-03-{:02}T{:02}:00:00+03:00\ntags: {tags:?}\nsummary: \"{summary}\"\n---\n\n{body}\n",
            1 + i % 5,
            8 + i % 9
        )
    }

    fn engine(root: &Path, out: &Path) -> Engine {
        let overrides = config::Overrides {
            output: Some(out.to_path_buf()),
            now: Some("2024-03-06T12:00:00Z".parse().unwrap()),
            ..Default::default()
        };
        let cfg = config::load(root, &overrides).unwrap();
        Engine::new(cfg, overrides)
    }

    /// A template that fails on its pages fails a full rebuild too (serve
    /// shows the error and keeps the last good site).
    #[test]
    fn a_full_rebuild_fails_on_page_errors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(root.join("site.yaml"), "search: false\n").unwrap();
        std::fs::write(
            root.join("content/a.md"),
            article(0, "خبر", &["وسم"], "ملخص", "نص."),
        )
        .unwrap();
        std::fs::write(
            root.join("templates/article.html"),
            "{% extends \"base.html\" %}{% block content %}{{ article.no_such_field.deeper }}{% endblock content %}",
        )
        .unwrap();
        let served = dir.path().join("served");
        let err = engine(&root, &served).full().unwrap_err();
        assert!(format!("{err:#}").contains("article.html"), "{err:#}");
        assert!(
            !served.join("index.html").exists(),
            "nothing half-built is served"
        );
    }

    /// What serve does after each save (re-render only what the plan says
    /// an edit touches, or everything) gives the same site, byte for byte,
    /// as a clean build of the same files, over a random run of edits.
    #[test]
    fn updates_after_random_edits_match_a_clean_build() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(
            root.join("site.yaml"),
            "per_page: 3\nfeed_limit: 4\nsearch: false\nbase_url: https://x.example/\n",
        )
        .unwrap();
        let tags = ["اقتصاد", "سياسة", "رياضة", "ثقافة"];
        let n = 14;
        let path = |i: usize| root.join("content").join(format!("a{i}.md"));
        for i in 0..n {
            let t = [tags[i % 4], tags[(i + 1) % 4]];
            std::fs::write(
                path(i),
                article(i, &format!("خبر رقم {i}"), &t, &format!("ملخص {i}"), "نص."),
            )
            .unwrap();
        }
        let served = dir.path().join("served");
        let mut live = engine(&root, &served);
        live.full().unwrap();
        // A small deterministic generator (the run is the same every time).
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m as u64) as usize
        };
        let mut kinds = BTreeMap::new();
        for step in 0..40 {
            let i = next(n);
            let t = [tags[next(4)], tags[next(4)]];
            let text = match next(5) {
                0 => article(
                    i,
                    &format!("خبر رقم {i}"),
                    &[tags[i % 4], tags[(i + 1) % 4]],
                    &format!("ملخص {i}"),
                    &format!("نص معدل {step}."),
                ),
                1 => article(
                    i,
                    &format!("خبر رقم {i}"),
                    &[tags[i % 4], tags[(i + 1) % 4]],
                    &format!("ملخص جديد {step}"),
                    "نص.",
                ),
                2 => article(i, &format!("خبر رقم {i}"), &t, &format!("ملخص {i}"), "نص."),
                3 => article(
                    i,
                    &format!("عنوان جديد {step} للخبر {i}"),
                    &t,
                    &format!("ملخص {i}"),
                    "نص.",
                ),
                _ => std::fs::read_to_string(path(i)).unwrap(),
            };
            std::fs::write(path(i), text).unwrap();
            let done = live.update(&[path(i)]).unwrap();
            *kinds.entry(format!("{done}")).or_insert(0) += 1;
            let clean_dir = dir.path().join(format!("clean{step}"));
            engine(&root, &clean_dir).full().unwrap();
            let (a, b) = (tree(&served), tree(&clean_dir));
            let differ: Vec<&String> = a
                .keys()
                .chain(b.keys())
                .filter(|k| a.get(*k) != b.get(*k))
                .collect();
            assert!(differ.is_empty(), "step {step} ({done}): {differ:?}");
            std::fs::remove_dir_all(&clean_dir).unwrap();
        }
        // The run went through the partial paths, not only full rebuilds.
        assert!(
            kinds.keys().any(|k| k.starts_with("re-rendered")),
            "{kinds:?}"
        );
    }
}
