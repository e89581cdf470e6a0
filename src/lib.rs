//! mujaz: a static site generator for Arabic news-digest websites.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! seeds/ --import--> content/*.md --content--> Vec<Article> --site--> Site
//!        --render--> OutFile stream (pages, feeds, sitemap, static) --output--> output/
//! ```
//!
//! [`build`] chains the stages. Every file is rendered (into a staging folder
//! beside the output, or into memory) before the output folder is touched, so
//! a failed build leaves it exactly as it was.

pub(crate) mod arabic;
pub mod check;
pub mod config;
pub mod content;
pub(crate) mod fsx;
pub(crate) mod highlight;
pub(crate) mod hijri;
pub(crate) mod i18n;
pub mod import;
pub(crate) mod markdown;
pub mod new;
pub(crate) mod output;
pub(crate) mod paths;
pub(crate) mod render;
pub(crate) mod sanitize;
pub(crate) mod search;
pub mod serve;
pub(crate) mod site;
pub(crate) mod slug;
pub(crate) mod theme;
pub(crate) mod timefmt;
pub(crate) mod yaml;

pub use fsx::{SiteLock, lock_site};

#[cfg(test)]
mod proptests;

#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub mod fuzzing;

use anyhow::Result;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a build did, for the summary line.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Articles built.
    pub articles: usize,
    pub(crate) render: render::RenderStats,
    pub(crate) stats: output::WriteStats,
    /// Wall time of the build.
    pub elapsed: Duration,
}

impl std::fmt::Display for BuildReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {}: {}, {} ({} written, {} unchanged, {} removed) in {:.2} s",
            count(self.articles, "article"),
            count(self.render.pages, "page"),
            count(self.render.files, "file"),
            self.stats.written,
            self.stats.unchanged,
            self.stats.removed,
            self.elapsed.as_secs_f64()
        )
    }
}

/// A loaded site: the model, the theme and the locale, ready to render.
pub(crate) struct Loaded {
    pub(crate) site: site::Site,
    pub(crate) theme: theme::Theme,
    pub(crate) locale: Arc<i18n::Locale>,
}

impl Loaded {
    /// Render (all of it, or the part `scope` names) into `sink`.
    pub(crate) fn render(
        &self,
        cfg: &config::Config,
        sink: &dyn output::Sink,
        scope: &render::Scope,
    ) -> Result<render::RenderStats> {
        let input = render::Input {
            cfg,
            site: &self.site,
            theme: &self.theme,
            locale: self.locale.clone(),
        };
        render::render(&input, sink, scope)
    }

    /// Build the search index and hand its files to `sink`, one part at a
    /// time. Gives their number. Parts an earlier build left in the output
    /// folder are reused when the articles they were built from did not change.
    pub(crate) fn write_search_index(
        &self,
        cfg: &config::Config,
        sink: &dyn output::Sink,
    ) -> Result<usize> {
        let t = Instant::now();
        let written = search::write(
            cfg,
            &cfg.output_dir,
            self.site.articles.len(),
            &mut |range| Ok(search::records_of(cfg, &self.site, &self.locale, range)),
            &mut |f| sink.put(f),
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
}

/// Where a site's images are found: the root-relative URL of an image
/// (`/images/a.jpg`, or under the base path) → its size, read from the
/// site's `static/` or its theme's `static/` folder.
pub(crate) struct ImageSizes {
    base_path: String,
    dirs: Vec<std::path::PathBuf>,
}

impl ImageSizes {
    pub(crate) fn new(cfg: &config::Config) -> ImageSizes {
        ImageSizes {
            base_path: cfg.base_url.path(),
            dirs: vec![
                cfg.root.join("static"),
                cfg.root.join("themes").join(&cfg.yaml.theme).join("static"),
            ],
        }
    }
}

impl markdown::ImageSize for ImageSizes {
    fn size(&self, src: &str) -> Option<(u32, u32)> {
        let rel = src.strip_prefix(&self.base_path)?;
        let rel = percent_encoding::percent_decode_str(rel)
            .decode_utf8()
            .ok()?;
        if output::unsafe_reason(&rel).is_some() {
            return None;
        }
        self.dirs.iter().find_map(|d| {
            let s = imagesize::size(d.join(rel.as_ref())).ok()?;
            Some((s.width as u32, s.height as u32))
        })
    }
}

/// The options the content loader takes from the config.
pub(crate) fn load_options<'a>(
    cfg: &'a config::Config,
    images: &'a ImageSizes,
) -> content::LoadOptions<'a> {
    content::LoadOptions {
        timezone: &cfg.timezone,
        drafts: cfg.drafts,
        reading_speed: cfg.yaml.reading_speed,
        markdown: markdown::Context {
            base_path: images.base_path.as_str(),
            image_size: images,
            unsafe_html: cfg.yaml.unsafe_html,
        },
    }
}

/// Load the content, theme and locale of a site and build its model.
pub(crate) fn load_site(cfg: &config::Config, hl: &highlight::Highlighter) -> Result<Loaded> {
    let t = Instant::now();
    let images = ImageSizes::new(cfg);
    let articles = content::load(&cfg.content_dir, &load_options(cfg, &images), hl)?;
    log::debug!("loaded {} articles in {:?}", articles.len(), t.elapsed());
    let t = Instant::now();
    let site = site::assemble(
        articles,
        &site::Settings {
            slug: cfg.yaml.slug,
            related: cfg.yaml.related,
        },
    );
    log::debug!("assembled the site model in {:?}", t.elapsed());
    let theme = theme::load(cfg)?;
    let locale = Arc::new(i18n::Locale::new(cfg, theme.strings_for(&cfg.language)?)?);
    Ok(Loaded {
        site,
        theme,
        locale,
    })
}

/// Load, model and render the whole site into `sink`, with the search
/// index when `with_search` (and the site has search on).
pub(crate) fn render_site(
    cfg: &config::Config,
    sink: &dyn output::Sink,
    with_search: bool,
) -> Result<(site::Site, render::RenderStats)> {
    let loaded = load_site(cfg, &highlight::Highlighter::new())?;
    let t = Instant::now();
    let mut stats = loaded.render(cfg, sink, &render::Scope::All)?;
    log::debug!("rendered {} files in {:?}", stats.files, t.elapsed());
    if with_search && cfg.search_on() {
        stats.files += loaded.write_search_index(cfg, sink)?;
    }
    Ok((loaded.site, stats))
}

/// Build the site into `cfg.output_dir`. On any error the output folder is
/// left exactly as it was.
pub fn build(cfg: &config::Config) -> Result<BuildReport> {
    let start = Instant::now();
    if cfg.base_url_is_default {
        log::warn!(
            "base_url is not set: using {}; set it in site.yaml or with --base-url",
            config::DEFAULT_BASE_URL
        );
    }
    // One build (or import, or serve rebuild) at a time writes this site.
    let _lock = fsx::lock_site(&cfg.root)?;
    // Every error of the run is gathered and reported once: bad seeds, bad
    // articles, the theme, the pages (not one stage at a time).
    let mut errors: Vec<String> = Vec::new();
    let imported = import::run(cfg, &import::Options::default())?;
    for path in &imported.written {
        log::info!("imported {path}");
    }
    log_import(&imported);
    errors.extend(imported.errors.iter().cloned());
    let staging = output::Staging::new(&cfg.output_dir)?;
    let hl = highlight::Highlighter::new();
    let images = ImageSizes::new(cfg);
    let (articles, bad) =
        content::load_partial(&cfg.content_dir, &load_options(cfg, &images), &hl)?;
    errors.extend(bad);
    let site = site::assemble(
        articles,
        &site::Settings {
            slug: cfg.yaml.slug,
            related: cfg.yaml.related,
        },
    );
    let loaded = theme::load(cfg).and_then(|theme| {
        let locale = Arc::new(i18n::Locale::new(cfg, theme.strings_for(&cfg.language)?)?);
        Ok(Loaded {
            site,
            theme,
            locale,
        })
    });
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => {
            errors.push(format!("{e:#}"));
            return Err(many_errors(errors));
        }
    };
    let input = render::Input {
        cfg,
        site: &loaded.site,
        theme: &loaded.theme,
        locale: loaded.locale.clone(),
    };
    let (mut render, page_errors) = render::render_collect(&input, &staging, &render::Scope::All)?;
    errors.extend(page_errors);
    if !errors.is_empty() {
        return Err(many_errors(errors));
    }
    if cfg.search_on() {
        render.files += loaded.write_search_index(cfg, &staging)?;
    }
    let t = Instant::now();
    let stats = staging.commit()?;
    log::debug!("committed the output in {:?}", t.elapsed());
    Ok(BuildReport {
        articles: loaded.site.articles.len(),
        render,
        stats,
        elapsed: start.elapsed(),
    })
}

/// Warn about seeds that changed since their import and about what an
/// editor should check.
pub(crate) fn log_import(report: &import::Report) {
    for w in &report.warnings {
        log::warn!("{w}");
    }
    for (seed, content) in &report.changed {
        log::warn!(
            "{seed} changed since it was imported into {content}; not re-imported (use `mujaz import --force` to overwrite)"
        );
    }
}

/// [`log_import`], then fail on unreadable seeds.
pub fn report_import(report: &import::Report) -> Result<()> {
    log_import(report);
    if !report.errors.is_empty() {
        return Err(many_errors(report.errors.clone()));
    }
    Ok(())
}

/// "1 article", "2 articles": for English summary lines.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// One error that lists many: every bad file of a run, not just the first.
pub(crate) fn many_errors(mut errors: Vec<String>) -> anyhow::Error {
    errors.sort();
    errors.dedup();
    if errors.len() == 1 {
        return anyhow::anyhow!("{}", errors.remove(0));
    }
    let n = errors.len();
    anyhow::anyhow!("{n} errors:\n{}", errors.join("\n"))
}
