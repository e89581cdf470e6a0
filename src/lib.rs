//! mujaz: a static site generator for Arabic news-digest websites.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! seeds/ --import--> content/*.md --content--> Vec<Article> --site--> Site
//!        --render--> OutFile stream (pages, feeds, sitemap, static) --output--> output/
//! ```
//!
//! `engine` holds a loaded site and drives content → site → render for
//! [`build`], [`check::run`] and [`serve::run`] alike (serve keeps it between
//! edits). Every file is rendered (into a staging folder beside the output,
//! or into memory) before the output folder is touched, so a failed build
//! leaves it exactly as it was. docs/architecture.md maps the modules.

pub(crate) mod arabic;
pub mod check;
pub mod config;
pub mod content;
pub(crate) mod embed;
pub(crate) mod engine;
pub(crate) mod fingerprint;
pub(crate) mod fsx;
pub(crate) mod highlight;
pub(crate) mod hijri;
pub(crate) mod i18n;
pub mod import;
pub mod init;
pub(crate) mod markdown;
pub mod new;
pub(crate) mod output;
pub(crate) mod paths;
pub(crate) mod photos;
pub mod progress;
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

/// Build the site into `cfg.output_dir`. On any error the output folder is
/// left exactly as it was.
pub fn build(cfg: &config::Config) -> Result<BuildReport> {
    let start = Instant::now();
    if let Some(warning) = cfg.base_url_warning() {
        log::warn!("{warning}");
    }
    // One build (or import, or serve rebuild) at a time writes this site.
    let _lock = fsx::lock_site(&cfg.root)?;
    // Every error of the run is gathered and reported once: bad seeds, bad
    // articles, the theme, the pages (not one stage at a time).
    let mut errors: Vec<String> = Vec::new();
    let progress = progress::Progress::new();
    progress.stage("importing seeds");
    let imported = import::run(cfg, &import::Options::default())?;
    for path in &imported.written {
        log::info!("imported {path}");
    }
    log_import(&imported);
    errors.extend(imported.errors.iter().cloned());
    let mut engine =
        engine::Engine::new(cfg.clone(), config::Overrides::default()).with_content_cache();
    progress.stage("reading content");
    // The output folder (its last manifest) is read while the content loads.
    let (staging, loaded) = rayon::join(
        || output::Staging::new(&cfg.output_dir),
        || engine.load_content(),
    );
    // The pages the last build wrote from the same inputs are kept. Their
    // record is read after the content, not beside it (not held while the
    // content loads), while the related lists' memo is written.
    let (memo, ()) = rayon::join(
        || {
            let t = Instant::now();
            let memo = render::memo::PageMemo::load(cfg);
            log::debug!("read the record of the pages in {:?}", t.elapsed());
            memo
        },
        || engine.keep_related_memo(),
    );
    let staging = staging?;
    errors.extend(loaded?);
    for (path, date) in engine.scheduled() {
        log::info!(
            "{path}: scheduled for {}, not built until then (or with --future)",
            date.strftime("%Y-%m-%d %H:%M %:z")
        );
    }
    if engine.loaded().is_none() {
        return Err(many_errors(errors)); // the theme failed: nothing to render
    }
    let counted = progress::Counted {
        sink: &staging,
        progress: &progress,
    };
    if !errors.is_empty() {
        // Bad content: its pages are rendered too, so that every error
        // of the run is reported at once, but nothing is written.
        progress.stage("rendering pages");
        let (_, page_errors) = engine.render(&counted, &render::Scope::All, None)?;
        errors.extend(page_errors);
        errors.extend(staging.abandon());
        return Err(many_errors(errors));
    }
    let (render, page_errors) =
        engine.write_site(&counted, Some(&memo), cfg.search_on(), &|s| {
            progress.stage(s)
        })?;
    if !page_errors.is_empty() {
        let mut errors = page_errors;
        errors.extend(staging.abandon());
        return Err(many_errors(errors));
    }
    progress.stage("writing the output folder");
    let t = Instant::now();
    // The record of the pages is gathered while the output is committed,
    // and kept once the output holds what it describes.
    let (stats, notes) = rayon::join(|| staging.commit(), || memo.gather());
    let stats = stats?;
    log::debug!("committed the output in {:?}", t.elapsed());
    let t = Instant::now();
    if let Err(e) = notes.save() {
        log::warn!("cannot keep the record of this build's pages: {e:#}");
    }
    drop(progress);
    log::debug!("kept the record of the pages in {:?}", t.elapsed());
    let articles = engine.loaded().map_or(0, |l| l.site.articles.len());
    // Freeing 10,000 articles takes a noticeable moment: done aside, so
    // that the summary (and, from the command line, the exit) need not wait.
    std::thread::spawn(move || drop(engine));
    Ok(BuildReport {
        articles,
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
