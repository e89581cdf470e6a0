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
use crate::output::{OutFile, Sink};
use crate::site::Site;
use anyhow::Result;
use rayon::prelude::*;
use std::collections::HashMap;
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
    bodies: &crate::content::Bodies<'_>,
    range: std::ops::Range<usize>,
) -> Result<Vec<Record>> {
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
            text.push_str(&html_text(&bodies.html(a).map_err(|e| anyhow::anyhow!(e))?));
            Ok(Record {
                url: format!("{base}{}", site.paths[i]),
                title: a.title.clone(),
                date: locale.date(&a.date),
                sort: crate::timefmt::rfc3339_utc(a.date.timestamp()),
                year: a.date.year().to_string(),
                tags,
                text,
            })
        })
        .collect()
}

/// How many parts an index of `articles` articles has.
pub(crate) fn part_count(articles: usize, size: usize) -> usize {
    part_ranges(articles, size).len()
}

/// The sizes of parts: `size`, then a tenth of it, then a hundredth (as
/// long as that is at least 10 articles).
fn tiers(size: usize) -> Vec<usize> {
    let mut tiers = vec![size.max(1)];
    while tiers.len() < 3 && tiers[tiers.len() - 1] / 10 >= 10 {
        tiers.push(tiers[tiers.len() - 1] / 10);
    }
    tiers
}

/// The parts of an index of `articles` articles (newest first), as ranges of
/// their positions, oldest part first. Counted from the oldest article:
/// every full run of `size` articles is a part; what is left is cut into
/// parts of a tenth of `size`, and what is left of that into parts of a
/// hundredth, and the rest is the newest part. A full part never changes
/// again as articles are published, and the newest part is small: a new
/// article re-indexes a few dozen articles, and only when a tier fills up
/// (once every `size / 10` articles, and once every `size`) are its parts
/// merged into one of the tier above.
pub(crate) fn part_ranges(articles: usize, size: usize) -> Vec<std::ops::Range<usize>> {
    let mut parts = Vec::new();
    let mut done = 0; // articles in parts so far, counted from the oldest
    for tier in tiers(size) {
        while articles - done >= tier {
            parts.push(articles - done - tier..articles - done);
            done += tier;
        }
    }
    if done < articles {
        parts.push(0..articles - done);
    }
    parts
}

/// The folder of part `k` in the output.
pub(crate) fn part_dir(k: usize) -> String {
    crate::paths::search_part(k)
}

/// The file, in each part's folder, that records which records the part was
/// built from, and its files.
pub(crate) const KEY_FILE: &str = "mujaz-index.txt";

/// A fingerprint of everything the records of part `k` (the articles at
/// `range`) are made from, taken without making them: a part is rebuilt
/// only when it changed.
pub(crate) fn fingerprint(
    cfg: &Config,
    site: &Site,
    locale: &Locale,
    k: usize,
    range: std::ops::Range<usize>,
) -> String {
    let mut h = crate::fingerprint::Gathered::new();
    h.field(env!("CARGO_PKG_VERSION").as_bytes());
    h.field(cfg.language.as_bytes());
    h.field(cfg.base_url.path().as_bytes());
    h.field(&[u8::from(cfg.yaml.unsafe_html)]);
    h.field(&k.to_le_bytes());
    // The dates shown are the locale's formatting of each article's day:
    // what makes the formatter, then each day.
    h.field(cfg.date_locale.as_bytes());
    h.field(format!("{:?}", locale.digits).as_bytes());
    let range = range.start.min(site.articles.len())..range.end.min(site.articles.len());
    for i in range {
        let a = &site.articles[i];
        h.field(site.paths[i].as_bytes());
        let d = &a.date;
        let [y0, y1] = d.year().to_le_bytes();
        h.field(&[y0, y1, d.month() as u8, d.day() as u8]);
        h.field(&a.date.timestamp().as_nanosecond().to_le_bytes());
        // Each tag's name as the site shows it (another article may have
        // given it).
        for &t in &site.article_tags[i] {
            h.field(site.tags[t].name.as_bytes());
        }
        // The title, the summary and the body's text, through the file they
        // are read from (its path and text): not read here, where 200,000
        // articles' strings would be fetched from memory for every build.
        h.field(&a.digest);
    }
    format!("{:032x}", h.finalize())
}

/// The key file of part `k`: the fingerprint, then every file of the part
/// and its size (`path<TAB>bytes`).
fn key_file(k: usize, key: &str, files: &[OutFile]) -> OutFile {
    let mut text = format!("{key}\n");
    for f in files {
        text.push_str(&format!("{}\t{}\n", f.path, f.bytes.len()));
    }
    OutFile {
        path: format!("{}{KEY_FILE}", part_dir(k)),
        bytes: text.into_bytes(),
    }
}

/// The files of part `k` as an earlier build left them in `out`, if it was
/// built from the same articles (same fingerprint) and all its files are
/// still there, as files: their paths and sizes, the key file's last. Each
/// folder of the part is listed once (a part has thousands of files in a
/// few folders), rather than each file looked at.
fn reuse(out: &Path, k: usize, key: &str) -> Option<Vec<(String, usize)>> {
    let dir = part_dir(k);
    let key_path = format!("{dir}{KEY_FILE}");
    let text = std::fs::read_to_string(out.join(&key_path)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != key {
        return None;
    }
    let mut files = Vec::new();
    // The names listed in each folder.
    let mut folders: HashMap<&str, Vec<&str>> = HashMap::new();
    for line in lines {
        let (path, size) = line.split_once('\t')?;
        if crate::output::unsafe_reason(path).is_some() || !path.starts_with(&dir) {
            return None;
        }
        let (folder, name) = path.rsplit_once('/')?;
        folders.entry(folder).or_default().push(name);
        files.push((path.to_string(), size.parse().ok()?));
    }
    for (folder, mut names) in folders {
        names.sort_unstable();
        // A file listed twice: not a key file a build wrote.
        if names.windows(2).any(|w| w[0] == w[1]) {
            return None;
        }
        let mut found = 0;
        crate::fsx::each_file_in(&out.join(folder), |name| {
            if std::str::from_utf8(name).is_ok_and(|name| names.binary_search(&name).is_ok()) {
                found += 1;
            }
        })
        .ok()?;
        if found != names.len() {
            return None;
        }
    }
    files.push((key_path, text.len()));
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
/// and hand its files to `sink`. `key` gives the fingerprint of part `k` of
/// a range of articles, `records` their records. A part that an earlier
/// build left in `out` with the same fingerprint is kept as the files it
/// is (`Sink::keep_found`), or handed over as them where the sink cannot
/// keep them (`Sink::put_kept`: nothing is read).
pub(crate) fn write(
    cfg: &Config,
    out: &Path,
    articles: usize,
    key: &mut dyn FnMut(usize, std::ops::Range<usize>) -> Result<String>,
    records: &mut dyn FnMut(std::ops::Range<usize>) -> Result<Vec<Record>>,
    sink: &dyn Sink,
) -> Result<Written> {
    let mut written = Written::default();
    for (k, range) in part_ranges(articles, cfg.yaml.search_part_size)
        .into_iter()
        .enumerate()
    {
        let key = key(k, range.clone())?;
        if let Some(files) = reuse(out, k, &key) {
            written.parts += 1;
            written.bytes += files.iter().map(|(_, size)| size).sum::<usize>();
            let paths: Vec<String> = files.into_iter().map(|(path, _)| path).collect();
            // Each file was just seen to be there: kept as it is, or put
            // by a sink that writes elsewhere.
            if !sink.keep_found(&paths)? {
                paths
                    .par_iter()
                    .try_for_each(|path| sink.put_kept(path.clone(), &out.join(path)))?;
            }
            written.paths.extend(paths);
            continue;
        }
        written.rebuilt += 1;
        let t = std::time::Instant::now();
        let mut files = index(cfg, k, records(range.clone())?)?;
        log::debug!(
            "search part {k}: {} articles indexed in {:?}",
            range.len(),
            t.elapsed()
        );
        if files.is_empty() {
            continue;
        }
        files.push(key_file(k, &key, &files));
        written.parts += 1;
        for f in files {
            written.paths.push(f.path.clone());
            written.bytes += f.bytes.len();
            sink.put(f)?;
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
    fn a_part_is_reused_only_with_every_file_it_lists() {
        let out = tempfile::tempdir().unwrap();
        let files: Vec<OutFile> = [
            "pagefind/2/a.js",
            "pagefind/2/fragment/x.pf",
            "pagefind/2/fragment/y.pf",
        ]
        .iter()
        .map(|p| OutFile {
            path: p.to_string(),
            bytes: p.as_bytes().to_vec(),
        })
        .collect();
        let key = key_file(2, "k1", &files);
        for f in files.iter().chain([&key]) {
            let path = out.path().join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &f.bytes).unwrap();
        }
        let reused = reuse(out.path(), 2, "k1").unwrap();
        assert_eq!(reused.len(), 4);
        assert_eq!(reused[1], ("pagefind/2/fragment/x.pf".to_string(), 24));
        assert!(reuse(out.path(), 2, "k2").is_none(), "another fingerprint");
        let key_path = out.path().join(&key.path);
        let listed_twice = format!(
            "{}pagefind/2/a.js\t16\n",
            String::from_utf8_lossy(&key.bytes)
        );
        std::fs::write(&key_path, listed_twice).unwrap();
        assert!(reuse(out.path(), 2, "k1").is_none(), "a file listed twice");
        std::fs::write(&key_path, &key.bytes).unwrap();
        assert!(reuse(out.path(), 2, "k1").is_some());
        let y = out.path().join("pagefind/2/fragment/y.pf");
        std::fs::remove_file(&y).unwrap();
        assert!(reuse(out.path(), 2, "k1").is_none(), "a file missing");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", &y).unwrap();
            assert!(
                reuse(out.path(), 2, "k1").is_none(),
                "a link instead of a file"
            );
        }
    }

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
        // Large parts: the rest is cut into tenths and hundredths.
        assert_eq!(tiers(2500), [2500, 250, 25]);
        assert_eq!(tiers(150), [150, 15]);
        assert_eq!(
            part_ranges(2500 + 2 * 250 + 3 * 25 + 7, 2500),
            [582..3082, 332..582, 82..332, 57..82, 32..57, 7..32, 0..7]
        );
        assert_eq!(part_ranges(3, 10_000).len(), 1);
        assert_eq!(part_ranges(3, 10_000)[0], 0..3);
        assert!(part_ranges(0, 4).is_empty());
        assert_eq!(part_count(0, 4), 0);
    }

    /// As articles are published one at a time, a part keeps its articles
    /// until its tier fills up, and what a new article re-indexes is small.
    #[test]
    fn a_new_article_changes_the_newest_small_part() {
        let size = 2500;
        let by_age = |n: usize, r: &std::ops::Range<usize>| (n - r.end, n - r.start);
        let mut reindexed = Vec::new();
        for n in 1..=6000 {
            let before: Vec<_> = part_ranges(n - 1, size)
                .iter()
                .map(|r| by_age(n - 1, r))
                .collect();
            let after: Vec<_> = part_ranges(n, size).iter().map(|r| by_age(n, r)).collect();
            // Every article is in exactly one part.
            assert_eq!(after.iter().map(|(a, b)| b - a).sum::<usize>(), n);
            let changed: usize = after
                .iter()
                .enumerate()
                .filter(|(k, p)| before.get(*k) != Some(*p))
                .map(|(_, (a, b))| b - a)
                .sum();
            reindexed.push(changed);
            assert!(
                after.len() <= n / size + 9 + 9 + 1,
                "n = {n}: {} parts",
                after.len()
            );
        }
        let small = reindexed.iter().filter(|&&c| c <= 25).count();
        assert!(
            small * 100 >= reindexed.len() * 89,
            "{small} of {}",
            reindexed.len()
        );
        assert!(
            reindexed.iter().all(|&c| c <= size),
            "never more than a full part"
        );
    }
}
