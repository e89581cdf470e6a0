//! mujaz: a static site generator for Arabic news-digest websites.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! seeds/ --import--> content/*.md --content--> Vec<Article> --site--> Site
//!        --render--> Vec<OutFile> (pages, feeds, sitemap, static) --output--> output/
//! ```
//!
//! [`build`] chains the stages. Everything is rendered in memory before the
//! output folder is touched, so a failed build leaves it exactly as it was.

pub mod arabic;
pub mod cli;
pub mod config;
pub mod content;
pub mod fsx;
pub mod highlight;
pub mod i18n;
pub mod markdown;
pub mod output;
pub mod render;
pub mod site;
pub mod slug;
pub mod theme;
pub mod yaml;

use anyhow::Result;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a build did, for the summary line.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub articles: usize,
    pub pages: usize,
    pub files: usize,
    pub stats: output::WriteStats,
    pub elapsed: Duration,
}

impl std::fmt::Display for BuildReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {} articles: {} pages, {} files ({} written, {} unchanged, {} removed) in {:.2} s",
            self.articles,
            self.pages,
            self.files,
            self.stats.written,
            self.stats.unchanged,
            self.stats.removed,
            self.elapsed.as_secs_f64()
        )
    }
}

/// A whole site, rendered in memory.
pub struct Rendered {
    pub site: site::Site,
    pub files: Vec<render::OutFile>,
}

/// Load, model and render the site without writing anything.
pub fn render_site(cfg: &config::Config) -> Result<Rendered> {
    let hl = highlight::Highlighter::new();
    let articles = content::load(
        &cfg.content_dir,
        &content::LoadOptions {
            timezone: &cfg.timezone,
            drafts: cfg.drafts,
            reading_speed: cfg.reading_speed,
        },
        &hl,
    )?;
    let site = site::assemble(
        articles,
        &site::Settings {
            slug: cfg.slug,
            related: cfg.related,
        },
    );
    let theme = theme::load(cfg)?;
    let locale = Arc::new(i18n::Locale::new(cfg, theme.strings_for(&cfg.language)?)?);
    let files = render::render(&render::Input {
        cfg,
        site: &site,
        theme: &theme,
        locale,
    })?;
    output::check_paths(&files)?;
    Ok(Rendered { site, files })
}

/// Build the site into `cfg.output_dir`.
pub fn build(cfg: &config::Config) -> Result<BuildReport> {
    let start = Instant::now();
    if cfg.base_url_is_default {
        log::warn!(
            "base_url is not set: using {}; set it in site.yaml or with --base-url",
            config::DEFAULT_BASE_URL
        );
    }
    let rendered = render_site(cfg)?;
    let stats = output::write(&cfg.output_dir, &rendered.files)?;
    Ok(BuildReport {
        articles: rendered.site.articles.len(),
        pages: rendered
            .files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count(),
        files: rendered.files.len(),
        stats,
        elapsed: start.elapsed(),
    })
}

/// One error that lists many: every bad file of a run, not just the first.
pub fn many_errors(mut errors: Vec<String>) -> anyhow::Error {
    errors.sort();
    errors.dedup();
    if errors.len() == 1 {
        return anyhow::anyhow!("{}", errors.remove(0));
    }
    let n = errors.len();
    anyhow::anyhow!("{n} errors:\n{}", errors.join("\n"))
}
