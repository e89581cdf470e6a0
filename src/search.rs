//! Search: the articles → a Pagefind full-text index under `pagefind/`.
//!
//! Takes the site model, the config and the locale; gives the files of a
//! Pagefind index (built in process with the `pagefind` crate's Rust API,
//! which stems Arabic and ships the search runtime) as output files. Each
//! article is one record: its title, tags and text, with the title and date
//! as metadata, `tag` and `year` filters and the date as a sort key. The
//! index is cut into parts of `search_part_size` articles (`pagefind/0/`,
//! `pagefind/1/`…, oldest first), built one at a time so that memory stays
//! flat however large the archive, and reused when their articles did not
//! change; the search page merges them in the browser. Only with the `search`
//! cargo feature (on by default) and `search: true`.

use crate::config::Config;
use crate::i18n::Locale;
use crate::output::OutFile;
use crate::site::Site;
use anyhow::Result;
use std::path::Path;

/// The plain text of our own rendered HTML: tags become spaces, the
/// entities pulldown-cmark writes are decoded. (Derived here, one part at a
/// time, rather than kept beside every article's HTML: that would add the
/// whole archive's text to the memory of every build.)
pub(crate) fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One article as the index sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    pub url: String,
    pub title: String,
    pub date: String,
    /// UTC time, `YYYY-MM-DDTHH:MM:SSZ`: sorts as text in date order.
    pub sort: String,
    pub year: String,
    pub tags: Vec<String>,
    pub text: String,
}

/// The records of the articles in `range` (indexes into `site.articles`).
pub(crate) fn records_of(
    cfg: &Config,
    site: &Site,
    locale: &Locale,
    range: std::ops::Range<usize>,
) -> Vec<Record> {
    let base = cfg.base_url.path();
    let range = range.start.min(site.articles.len())..range.end.min(site.articles.len());
    site.articles[range.clone()]
        .iter()
        .zip(range)
        .map(|(a, i)| {
            let tags: Vec<String> = site.article_tags[i]
                .iter()
                .map(|&t| site.tags[t].name.clone())
                .collect();
            let mut text = a.title.clone();
            if let Some(s) = &a.summary {
                text.push('\n');
                text.push_str(s);
            }
            text.push('\n');
            text.push_str(&tags.join("، "));
            text.push('\n');
            text.push_str(&html_text(&a.body.html));
            Record {
                url: format!("{base}{}", site.paths[i]),
                title: a.title.clone(),
                date: locale.date(&a.date),
                sort: crate::timefmt::rfc3339_utc(a.date.timestamp()),
                year: a.date.year().to_string(),
                tags,
                text,
            }
        })
        .collect()
}

/// How many parts an index of `articles` articles has.
pub(crate) fn part_count(articles: usize, size: usize) -> usize {
    articles.div_ceil(size.max(1))
}

/// The parts of an index of `articles` articles (newest first), as ranges of
/// their positions, in parts of `size` counted from the oldest: part 0 holds
/// the oldest articles, so a new article changes only the newest part, and
/// each part covers one run of dates. Oldest part first.
pub(crate) fn part_ranges(articles: usize, size: usize) -> Vec<std::ops::Range<usize>> {
    let size = size.max(1);
    (0..part_count(articles, size))
        .map(|k| articles.saturating_sub((k + 1) * size)..articles - k * size)
        .collect()
}

/// The folder of part `k` in the output.
pub(crate) fn part_dir(k: usize) -> String {
    crate::paths::search_part(k)
}

/// The file, in each part's folder, that records which records the part was
/// built from, and its files.
pub(crate) const KEY_FILE: &str = "mujaz-index.txt";

/// A fingerprint of everything part `k` is built from.
pub(crate) fn fingerprint(cfg: &Config, k: usize, records: &[Record]) -> String {
    use std::hash::Hasher;
    let mut h = fnv::FnvHasher::default();
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write(cfg.language.as_bytes());
    h.write(&k.to_le_bytes());
    for r in records {
        for part in [&r.url, &r.title, &r.date, &r.sort, &r.year, &r.text] {
            h.write(part.as_bytes());
            h.write(&[0]);
        }
        for t in &r.tags {
            h.write(t.as_bytes());
            h.write(&[1]);
        }
    }
    format!("{:016x}", h.finish())
}

/// The key file of part `k`: the fingerprint, then every file of the part.
fn key_file(k: usize, key: &str, files: &[OutFile]) -> OutFile {
    let mut text = format!("{key}\n");
    for f in files {
        text.push_str(&f.path);
        text.push('\n');
    }
    OutFile {
        path: format!("{}{KEY_FILE}", part_dir(k)),
        bytes: text.into_bytes(),
    }
}

/// Part `k` as an earlier build left it in `out`, if it was built from the
/// same records (same fingerprint) and all its files are still there.
fn reuse(out: &Path, k: usize, key: &str) -> Option<Vec<OutFile>> {
    let dir = part_dir(k);
    let key_path = format!("{dir}{KEY_FILE}");
    let text = std::fs::read_to_string(out.join(&key_path)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != key {
        return None;
    }
    let mut files = Vec::new();
    for path in lines {
        if crate::output::unsafe_reason(path).is_some() || !path.starts_with(&dir) {
            return None;
        }
        let bytes = std::fs::read(out.join(path)).ok()?;
        files.push(OutFile {
            path: path.to_string(),
            bytes,
        });
    }
    files.push(OutFile {
        path: key_path,
        bytes: text.into_bytes(),
    });
    Some(files)
}

/// What writing an index did.
#[derive(Debug, Default)]
pub(crate) struct Written {
    /// Every file of the index, as paths in the output.
    pub paths: Vec<String>,
    pub parts: usize,
    /// Parts built anew (the others were reused).
    pub rebuilt: usize,
    pub bytes: usize,
}

/// Build every part of an index of `articles` articles, one after the other
/// so that only one part (its records and its index) is in memory at a time,
/// and hand its files to `put`. `records` gives the records of a range of
/// articles. A part that an earlier build left in `out` from the same records
/// is reused as it is.
pub(crate) fn write(
    cfg: &Config,
    out: &Path,
    articles: usize,
    records: &mut dyn FnMut(std::ops::Range<usize>) -> Result<Vec<Record>>,
    put: &mut dyn FnMut(OutFile) -> Result<()>,
) -> Result<Written> {
    let mut written = Written::default();
    for (k, range) in part_ranges(articles, cfg.yaml.search_part_size)
        .into_iter()
        .enumerate()
    {
        let part = records(range)?;
        let key = fingerprint(cfg, k, &part);
        let files = match reuse(out, k, &key) {
            Some(files) => files,
            None => {
                written.rebuilt += 1;
                let mut files = index(cfg, k, part)?;
                if files.is_empty() {
                    continue;
                }
                files.push(key_file(k, &key, &files));
                files
            }
        };
        written.parts += 1;
        for f in files {
            written.paths.push(f.path.clone());
            written.bytes += f.bytes.len();
            put(f)?;
        }
    }
    Ok(written)
}

/// Files of Pagefind's own user interfaces: mujaz has its own (the theme's
/// `search.js`), so they are not published.
#[cfg(feature = "search")]
fn is_unused_ui(name: &str) -> bool {
    [
        "pagefind-ui.",
        "pagefind-component-ui.",
        "pagefind-modular-ui.",
        "pagefind-highlight.",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

/// Build the files of part `k` (`pagefind/k/…`): the search runtime and the
/// index of `records`, each with a `part` filter of `k` (so that the browser
/// can ask one part at a time). Without the `search` feature, none.
#[cfg(feature = "search")]
pub(crate) fn index(cfg: &Config, k: usize, records: Vec<Record>) -> Result<Vec<OutFile>> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;
    use std::collections::BTreeMap;

    let language = cfg.primary_language().to_string();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let dir = part_dir(k);
    runtime.block_on(async move {
        let options = PagefindServiceConfig::builder()
            .force_language(language.clone())
            .keep_index_url(false)
            .build();
        let mut index = PagefindIndex::new(Some(options))?;
        for r in records {
            let meta =
                BTreeMap::from([("title".to_string(), r.title), ("date".to_string(), r.date)]);
            let filters = BTreeMap::from([
                ("tag".to_string(), r.tags),
                ("year".to_string(), vec![r.year]),
                ("part".to_string(), vec![k.to_string()]),
            ]);
            let sort = BTreeMap::from([("date".to_string(), r.sort)]);
            index
                .add_custom_record(
                    r.url,
                    r.text,
                    language.clone(),
                    Some(meta),
                    Some(filters),
                    Some(sort),
                )
                .await?;
        }
        let files = index.get_files().await?;
        let mut out: Vec<OutFile> = files
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                let name = name.trim_start_matches(crate::paths::SEARCH_INDEX);
                (!is_unused_ui(name)).then(|| OutFile {
                    path: format!("{dir}{name}"),
                    bytes: f.contents,
                })
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    })
}

#[cfg(not(feature = "search"))]
pub(crate) fn index(_cfg: &Config, _k: usize, _records: Vec<Record>) -> Result<Vec<OutFile>> {
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_html() {
        assert_eq!(
            html_text("<p>نص <strong>مهم</strong> &amp; &lt;وسم&gt;</p>\n<h2 id=\"x\">عنوان</h2>"),
            "نص مهم & <وسم> عنوان"
        );
    }
}

#[cfg(test)]
mod part_tests {
    use super::*;

    #[test]
    fn parts_count_from_the_oldest() {
        // Ten articles, newest first: positions 0 (newest) … 9 (oldest).
        assert_eq!(part_ranges(10, 4), [6..10, 2..6, 0..2]);
        assert_eq!(part_count(10, 4), 3);
        // One more (the new one is position 0): only the newest part changes.
        assert_eq!(part_ranges(11, 4), [7..11, 3..7, 0..3]);
        assert_eq!(part_ranges(8, 4), [4..8, 0..4]);
        assert_eq!(part_ranges(3, 10_000).len(), 1);
        assert_eq!(part_ranges(3, 10_000)[0], 0..3);
        assert!(part_ranges(0, 4).is_empty());
        assert_eq!(part_count(0, 4), 0);
    }
}
