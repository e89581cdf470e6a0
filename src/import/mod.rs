//! Import: scraped pages in `seeds/` → Markdown with front matter in `content/`.
//!
//! Takes the site config; reads every seed (see [`text::decode`]), finds the
//! article in the page and reads its parts ([`seed::parse`]: [`page`] locates
//! it, [`header`] reads the headline and dateline, [`dates`] the stamps),
//! tags it ([`tags`], with the [`gazetteer`]) and writes
//! `content/YYYY/MM/<slug>.md`. Gives a [`Report`] and the error of every
//! seed that could not be read; all other seeds are still imported. A
//! content file that exists is never overwritten (it may have been edited by
//! hand) unless `force`; a seed whose bytes changed since its import is
//! reported; a content file whose front matter is broken still counts as the
//! import of its seed. Running it twice changes nothing. Seeds are only read.

pub(crate) mod body;
pub(crate) mod dateline;
pub(crate) mod dates;
pub(crate) mod gazetteer;
pub(crate) mod header;
pub(crate) mod lexicon;
pub(crate) mod names;
pub(crate) mod page;
pub(crate) mod persons;
pub(crate) mod seed;
pub(crate) mod tags;
pub(crate) mod text;

#[cfg(test)]
mod proptests;

use crate::config::Config;
use crate::content::frontmatter::{FrontMatter, Scalar};
use crate::content::{self, frontmatter};
use crate::fsx;
use crate::slug;
use anyhow::Result;
use jiff::civil::Time;
use seed::{Block, Seed};
use std::collections::{BTreeMap, HashSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overwrite the content files of seeds that were imported before.
    pub force: bool,
    /// The section every imported article is put in (`section:`).
    pub section: Option<String>,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Report {
    /// Content files written (relative to the site root).
    pub written: Vec<String>,
    /// Seeds already imported and unchanged.
    pub unchanged: usize,
    /// Seeds whose text changed since their import, with their content file (not overwritten).
    pub changed: Vec<(String, String)>,
    /// Seeds that could not be read: `seeds/x.txt: reason`.
    pub errors: Vec<String>,
    /// Things an editor should look at: `seeds/x.txt: what`.
    pub warnings: Vec<String>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "imported {} ({} already imported, {} changed since import, {} unreadable)",
            crate::count(self.written.len(), "seed"),
            self.unchanged,
            self.changed.len(),
            self.errors.len()
        )
    }
}

/// A stable fingerprint of a seed's bytes.
pub fn seed_hash(bytes: &[u8]) -> String {
    let mut h = fnv::FnvHasher::default();
    h.write(bytes);
    format!("{:016x}", h.finish())
}

/// A folder's read-me (`README`, `README.md`, `readme.txt`…): notes for
/// people, not a seed.
fn is_readme(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    stem.eq_ignore_ascii_case("readme")
}

/// Seed files, sorted: every visible regular file in `seeds/` but its read-me.
fn list_seeds(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut seeds = Vec::new();
    for entry in walkdir::WalkDir::new(dir).max_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| anyhow::anyhow!("cannot read `{}`: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file()
            && !name.starts_with('.')
            && !name.ends_with('~')
            && !is_readme(&name)
        {
            seeds.push(entry.path().to_path_buf());
        }
    }
    Ok(seeds)
}

/// A content file made from a seed: its path and the seed hash it recorded.
struct Imported {
    rel: String,
    hash: Option<String>,
    /// Its front matter does not parse (found by its `seed:` line).
    broken: bool,
}

/// Content files that came from seeds (by seed name), and every content path.
/// A file whose front matter does not parse still names its seed (read from
/// its `seed:` line), so that its seed is never imported a second time.
fn imported_seeds(content_dir: &Path) -> (BTreeMap<String, Imported>, HashSet<String>) {
    let mut by_seed = BTreeMap::new();
    let mut existing = HashSet::new();
    let Ok(listing) = content::list_files(content_dir) else {
        return (by_seed, existing);
    };
    // (A file whose name is not text was not written by import.)
    for (path, rel) in listing.files {
        existing.insert(rel.clone());
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let parsed = frontmatter::split(&text)
            .ok()
            .and_then(|split| frontmatter::parse(&split).ok());
        let broken = parsed.is_none();
        let (seed, hash) = match parsed {
            Some(fm) => (fm.seed, fm.seed_hash),
            None => (raw_key(&text, "seed"), raw_key(&text, "seed_hash")),
        };
        if let Some(seed) = seed {
            by_seed
                .entry(seed)
                .or_insert(Imported { rel, hash, broken });
        }
    }
    (by_seed, existing)
}

/// The value of a top-level `key:` line in the front matter block, read
/// without YAML (for files whose YAML is broken).
fn raw_key(text: &str, key: &str) -> Option<String> {
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    lines
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':').map(str::trim))
        .map(|v| v.trim_matches(['"', '\'']).to_string())
        .filter(|v| !v.is_empty())
}

/// Seeds (`seeds/<name>`) that no content file came from yet.
pub fn pending(cfg: &Config) -> Result<Vec<String>> {
    let seeds_dir = cfg.root.join("seeds");
    if !seeds_dir.is_dir() {
        return Ok(Vec::new());
    }
    let (imported, _) = imported_seeds(&cfg.content_dir);
    Ok(list_seeds(&seeds_dir)?
        .into_iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|name| !imported.contains_key(name))
        .map(|name| format!("seeds/{name}"))
        .collect())
}

/// Why the seed at `path` has nothing to import yet (it is empty, or only
/// whitespace), or `None` when it has text (or cannot be read).
pub(crate) fn empty_reason(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    match text::decode(&bytes) {
        Err(reason) if text::is_empty_reason(&reason) => Some(reason),
        _ => None,
    }
}

/// Seeds larger than this are refused with an error naming them: a scraped
/// article page is a few hundred KiB at most, and reading a page is linear
/// in its size, so the limit bounds the time and memory one seed can take.
pub const MAX_SEED_BYTES: usize = 4 << 20;

/// Seeds read at a time (in parallel), so that memory stays flat however
/// many seeds there are.
const BATCH: usize = 256;

/// What reading one seed gave.
enum Outcome {
    Unchanged,
    /// Nothing to import yet (an empty seed): a warning.
    Skipped(String),
    Changed(String),
    Failed(String),
    Ready(Box<Ready>),
}

/// A seed read and ready to write.
struct Ready {
    title: String,
    fm: FrontMatter,
    blocks: Vec<Block>,
    /// The content file it was imported into before (re-imported with `force`).
    previous: Option<String>,
    warnings: Vec<String>,
}

/// Import every seed of the site.
pub fn run(cfg: &Config, opts: &Options) -> Result<Report> {
    use rayon::prelude::*;
    let seeds_dir = cfg.root.join("seeds");
    let mut report = Report::default();
    if !seeds_dir.is_dir() {
        return Ok(report);
    }
    let gazetteer = gazetteer::Gazetteer::new(&cfg.yaml.gazetteer)?;
    let (imported, mut taken) = imported_seeds(&cfg.content_dir);
    let seeds = list_seeds(&seeds_dir)?;
    for batch in seeds.chunks(BATCH) {
        // Read and parse in parallel; name and write in seed order.
        let outcomes: Vec<(String, Outcome)> = batch
            .par_iter()
            .map(|path| prepare(path, cfg, opts, &imported, &gazetteer))
            .collect();
        for (name, outcome) in outcomes {
            let shown = format!("seeds/{name}");
            if let Some(prev) = imported.get(&name).filter(|p| p.broken) {
                report.warnings.push(format!(
                    "content/{}: its front matter does not parse (fix it; `mujaz build` names the line); it is the import of {shown}, which is not imported again",
                    prev.rel
                ));
            }
            let ready = match outcome {
                Outcome::Unchanged => {
                    report.unchanged += 1;
                    continue;
                }
                Outcome::Changed(rel) => {
                    report.changed.push((shown, format!("content/{rel}")));
                    continue;
                }
                Outcome::Failed(e) => {
                    report.errors.push(e);
                    continue;
                }
                Outcome::Skipped(w) => {
                    report.warnings.push(w);
                    continue;
                }
                Outcome::Ready(r) => r,
            };
            report.warnings.extend(ready.warnings);
            let rel = match ready.previous {
                Some(rel) => rel,
                None => {
                    let year_month = ready
                        .fm
                        .date
                        .as_ref()
                        .map(Scalar::as_text)
                        .unwrap_or_default();
                    let (y, m) = (
                        &year_month[..4.min(year_month.len())],
                        year_month.get(5..7).unwrap_or("01"),
                    );
                    let base = slug::of_or_id(cfg.yaml.slug, &ready.title, &name);
                    let mut rel = format!("{y}/{m}/{base}.md");
                    let mut n = 2;
                    while taken.contains(&rel) || cfg.content_dir.join(&rel).exists() {
                        rel = format!("{y}/{m}/{base}-{n}.md");
                        n += 1;
                    }
                    rel
                }
            };
            let markdown = to_markdown(&ready.fm, &ready.blocks)?;
            let target = cfg.content_dir.join(&rel);
            if let Some(parent) = target.parent() {
                fsx::create_dir_all(parent)?;
            }
            fsx::write(&target, markdown.as_bytes())?;
            taken.insert(rel.clone());
            report.written.push(format!("content/{rel}"));
        }
    }
    Ok(report)
}

/// Read one seed: its bytes, whether it was imported before, its text,
/// its parts, its date and front matter. Gives its file name and what came of it.
fn prepare(
    path: &Path,
    cfg: &Config,
    opts: &Options,
    imported: &BTreeMap<String, Imported>,
    gazetteer: &gazetteer::Gazetteer,
) -> (String, Outcome) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shown = format!("seeds/{name}");
    let fail = |e: String| (name.clone(), Outcome::Failed(e));
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_SEED_BYTES as u64 => {
            return fail(format!(
                "{shown}: cannot import: the file is {:.1} MiB; a seed may be at most {} MiB",
                m.len() as f64 / 1048576.0,
                MAX_SEED_BYTES >> 20
            ));
        }
        _ => {}
    }
    let bytes = match fsx::read(path) {
        Ok(b) => b,
        Err(e) => return fail(format!("{shown}: {e:#}")),
    };
    let hash = seed_hash(&bytes);
    let previous = imported.get(&name);
    if let Some(prev) = previous {
        let same = prev.hash.as_deref().is_none_or(|r| r == hash);
        if !opts.force {
            let outcome = if same {
                Outcome::Unchanged
            } else {
                Outcome::Changed(prev.rel.clone())
            };
            return (name, outcome);
        }
    }
    let (text, _encoding) = match text::decode(&bytes) {
        Ok(t) => t,
        // Nothing in it yet (a scraper may still be writing it): say so,
        // and build the rest.
        Err(reason) if text::is_empty_reason(&reason) => {
            return (
                name.clone(),
                Outcome::Skipped(format!("{shown}: not imported: {reason}")),
            );
        }
        Err(reason) => return fail(format!("{shown}: cannot import: {reason}")),
    };
    // A bug in the reader must not stop the other seeds: it becomes
    // this seed's error, with its name.
    let parsed = match std::panic::catch_unwind(|| seed::parse(&text, gazetteer)) {
        Ok(p) => p,
        Err(_) => {
            return fail(format!(
                "{shown}: cannot import: mujaz failed while reading it (a bug: please report it with this seed)"
            ));
        }
    };
    if parsed.title.is_empty() || parsed.blocks.is_empty() {
        return fail(format!("{shown}: cannot import: no title and body found"));
    }
    let (date, date_source) = match date_of(&parsed, path, cfg) {
        Ok(d) => d,
        Err(e) => return fail(format!("{shown}: {e:#}")),
    };
    let mut warnings = Vec::new();
    if date_source == "file" {
        warnings.push(format!(
            "{shown}: the page gives no publication date; using the file's modification time (date_source: file)"
        ));
    }
    if parsed.title_from_lead {
        warnings.push(format!(
            "{shown}: no headline found; the title is the lead's first words"
        ));
    }
    if parsed.article_share < 0.5 {
        warnings.push(format!(
            "{shown}: less than half of the page looks like the article ({:.0}%); check what was kept (`mujaz import --explain {shown}`)",
            parsed.article_share * 100.0
        ));
    }
    let mut fm = front_matter(
        &parsed,
        gazetteer,
        &name,
        &hash,
        date,
        date_source,
        &cfg.timezone,
    );
    fm.section = opts.section.clone();
    let ready = Ready {
        title: parsed.title,
        fm,
        blocks: parsed.blocks,
        previous: previous.map(|p| p.rel.clone()),
        warnings,
    };
    (name, Outcome::Ready(Box::new(ready)))
}

/// The publication date and how it was found: `line`, `scraper`, `url`,
/// `text` (a caption's date), or `file` (none in the page: the file's time).
fn date_of(seed: &Seed, path: &Path, cfg: &Config) -> Result<(String, &'static str)> {
    if let (Some(p), Some(src)) = (seed.published, seed.date_source) {
        return Ok((civil_text(p, &cfg.timezone), src.as_str()));
    }
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map_err(|e| anyhow::anyhow!("cannot read the modification time: {e}"))?;
    let ts = jiff::Timestamp::try_from(modified)?;
    let z = ts.to_zoned_datetime(cfg.timezone.clone());
    Ok((crate::timefmt::rfc3339(&z), "file"))
}

/// What each line of a seed became: `--explain`. Gives the report text.
pub fn explain(cfg: &Config, seed_path: &Path) -> Result<String> {
    let bytes = fsx::read(seed_path)?;
    let (text, encoding) = text::decode(&bytes)
        .map_err(|reason| anyhow::anyhow!("{}: cannot import: {reason}", seed_path.display()))?;
    let gazetteer = gazetteer::Gazetteer::new(&cfg.yaml.gazetteer)?;
    let parsed = seed::parse(&text, &gazetteer);
    let mut out = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(out, "{} ({encoding})", seed_path.display());
    let raw: Vec<&str> = text.lines().collect();
    let width = raw.len().to_string().len();
    let mut roles = parsed.roles.iter().peekable();
    for (i, line) in raw.iter().enumerate() {
        let no = i + 1;
        while roles.peek().is_some_and(|r| r.1 < no) {
            roles.next();
        }
        let role = roles
            .peek()
            .filter(|r| r.0 <= no && no <= r.1)
            .map(|r| r.2.label());
        let shown: String = line.trim().chars().take(90).collect();
        match role {
            Some(r) => {
                let _ = writeln!(out, "{no:>width$} │ {r:<48} │ {shown}");
            }
            None if line.trim().is_empty() => {}
            None => {
                let _ = writeln!(out, "{no:>width$} │ {:<48} │ {shown}", "");
            }
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "title: {}{}",
        parsed.title,
        if parsed.title_from_lead {
            " (from the lead)"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "date: {} ({})",
        parsed
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "none in the page".into()),
        parsed.date_source.map(|s| s.as_str()).unwrap_or("file")
    );
    if let Some(u) = parsed.updated {
        let _ = writeln!(out, "updated: {u}");
    }
    let _ = writeln!(
        out,
        "dateline: {} / {}",
        parsed.place.as_deref().unwrap_or("-"),
        parsed.source.as_deref().unwrap_or("-")
    );
    let _ = writeln!(
        out,
        "tags: {}",
        tags::extract(&parsed, &gazetteer).join("، ")
    );
    let _ = writeln!(
        out,
        "article: {} blocks, {:.0}% of the page's text",
        parsed.blocks.len(),
        parsed.article_share * 100.0
    );
    Ok(out)
}

/// A civil date-time from a publication line, in the site's time zone.
fn civil_text(dt: jiff::civil::DateTime, tz: &jiff::tz::TimeZone) -> String {
    if dt.time() == Time::midnight() {
        return dt.date().to_string();
    }
    match dt.to_zoned_datetime(tz.clone()) {
        Ok(z) => crate::timefmt::rfc3339(&z),
        Err(_) => dt.date().to_string(),
    }
}

/// The front matter of a new content file: what the seed reader found,
/// the tags, and where it came from (`seed`, `seed_hash`, `date_source`).
pub fn front_matter(
    seed: &Seed,
    gazetteer: &gazetteer::Gazetteer,
    name: &str,
    hash: &str,
    date: String,
    date_source: &str,
    tz: &jiff::tz::TimeZone,
) -> FrontMatter {
    let summary = seed.lede().map(|l| content::cut_at_word(l, 200));
    FrontMatter {
        title: Some(seed.title.clone()),
        date: Some(Scalar::Text(date)),
        updated: seed.updated.map(|u| Scalar::Text(civil_text(u, tz))),
        tags: tags::extract(seed, gazetteer),
        summary,
        place: seed.place.clone(),
        source: seed.source.clone(),
        reading_time: seed.reading_time,
        caption: seed.caption.clone(),
        caption_url: seed.caption_url.clone(),
        read_also: seed.read_also.clone(),
        seed: Some(name.to_string()),
        seed_hash: Some(hash.to_string()),
        date_source: Some(date_source.to_string()),
        ..FrontMatter::default()
    }
}

/// The content file: front matter, then the body blocks as escaped Markdown.
pub fn to_markdown(fm: &FrontMatter, blocks: &[Block]) -> Result<String> {
    let mut out = String::from("---\n");
    out.push_str(&crate::yaml::to_string(fm)?);
    out.push_str("---\n");
    for b in blocks {
        out.push('\n');
        match b {
            Block::Paragraph(p) => out.push_str(&text::escape_markdown(p)),
            Block::Heading(h) => {
                out.push_str("## ");
                out.push_str(&text::escape_markdown(h));
            }
            Block::List(items) => {
                let lines: Vec<String> = items
                    .iter()
                    .map(|i| format!("- {}", text::escape_markdown(i)))
                    .collect();
                out.push_str(&lines.join("\n"));
            }
        }
        out.push('\n');
    }
    Ok(out)
}
