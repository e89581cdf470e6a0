//! Search: the articles → a Pagefind full-text index under `pagefind/`.
//!
//! Takes the site model, the config and the locale; gives the files of a
//! Pagefind index (built in process with the `pagefind` crate's Rust API,
//! which stems Arabic and ships the search runtime) as output files. Each
//! article is one record: its title, tags and text, with the title and date
//! as metadata, `tag` and `year` filters and the date as a sort key. Only
//! with the `search` cargo feature (on by default) and `search: true`.

use crate::config::Config;
use crate::i18n::Locale;
use crate::output::OutFile;
use crate::site::Site;
use anyhow::Result;

/// The plain text of our own rendered HTML: tags become spaces, the
/// entities pulldown-cmark writes are decoded.
pub fn html_text(html: &str) -> String {
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
pub struct Record {
    pub url: String,
    pub title: String,
    pub date: String,
    /// UTC time, `YYYY-MM-DDTHH:MM:SSZ`: sorts as text in date order.
    pub sort: String,
    pub year: String,
    pub tags: Vec<String>,
    pub text: String,
}

/// The records of every article, newest first.
pub fn records(cfg: &Config, site: &Site, locale: &Locale) -> Vec<Record> {
    records_of(cfg, site, locale, 0..site.articles.len())
}

/// The records of the articles in `range` (indexes into `site.articles`).
pub fn records_of(
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
                sort: a
                    .date
                    .timestamp()
                    .strftime("%Y-%m-%dT%H:%M:%SZ")
                    .to_string(),
                year: a.date.year().to_string(),
                tags,
                text,
            }
        })
        .collect()
}

/// The file that records which records an index was built from, and its files.
pub const KEY_FILE: &str = "pagefind/mujaz-index.txt";

/// A fingerprint of everything an index is built from.
pub fn fingerprint(cfg: &Config, records: &[Record]) -> String {
    use std::hash::Hasher;
    let mut h = fnv::FnvHasher::default();
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write(cfg.language.as_bytes());
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

/// The key file: the fingerprint, then every index file it belongs with.
pub fn key_file(key: &str, files: &[OutFile]) -> OutFile {
    let mut text = format!("{key}\n");
    for f in files {
        text.push_str(&f.path);
        text.push('\n');
    }
    OutFile {
        path: KEY_FILE.to_string(),
        bytes: text.into_bytes(),
    }
}

/// The index an earlier build left in `out`, if it was built from the same
/// records (same fingerprint) and all its files are still there.
pub fn reuse(out: &std::path::Path, key: &str) -> Option<Vec<OutFile>> {
    let text = std::fs::read_to_string(out.join(KEY_FILE)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != key {
        return None;
    }
    let mut files = Vec::new();
    for path in lines {
        if crate::output::unsafe_reason(path).is_some() || !path.starts_with("pagefind/") {
            return None;
        }
        let bytes = std::fs::read(out.join(path)).ok()?;
        files.push(OutFile {
            path: path.to_string(),
            bytes,
        });
    }
    files.push(OutFile {
        path: KEY_FILE.to_string(),
        bytes: text.into_bytes(),
    });
    Some(files)
}

/// Build the index files (`pagefind/…`). Without the `search` feature, none.
#[cfg(feature = "search")]
pub fn index(cfg: &Config, records: Vec<Record>) -> Result<Vec<OutFile>> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;
    use std::collections::BTreeMap;

    let language = cfg
        .language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_string();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
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
            .map(|f| OutFile {
                path: format!(
                    "pagefind/{}",
                    f.filename
                        .to_string_lossy()
                        .replace('\\', "/")
                        .trim_start_matches("pagefind/")
                ),
                bytes: f.contents,
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    })
}

#[cfg(not(feature = "search"))]
pub fn index(_cfg: &Config, _records: Vec<Record>) -> Result<Vec<OutFile>> {
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
