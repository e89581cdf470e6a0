//! `mujaz check`: find what is wrong with a site before publishing it.
//!
//! Takes the config and the clock; renders the whole site in memory (writes
//! nothing) and gives [`Finding`]s, each naming a file: errors for internal
//! links and assets that resolve to nothing (including `#anchor` links to ids
//! that do not exist), warnings for "read also" titles that match no
//! article, slugs that collided, articles without tags or summary, dates in
//! the future, images without alt text, and seeds not imported yet.

use crate::config::Config;
use crate::engine::Engine;
use crate::output::{Memory, OutFile};
use crate::paths::{self, PageRef, Taxonomy};
use crate::render::Scope;
use crate::site::Site;
use anyhow::Result;
use lol_html::{HtmlRewriter, Settings, element};
use std::collections::{BTreeMap, HashMap, HashSet};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails `mujaz check` (exit 1).
    Error,
    /// Worth an editor's look; the check still passes.
    Warning,
}

/// One problem `mujaz check` found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// The file to fix: a content file, a template, or a page of the site.
    pub file: String,
    /// What is wrong, for a human.
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}: {}", self.file, self.message)
    }
}

/// Links (`href`, `src`) and element ids of one HTML page.
#[derive(Debug, Default)]
pub struct PageRefs {
    pub(crate) links: Vec<String>,
    pub(crate) ids: HashSet<String>,
}

/// Collect the links and ids of an HTML page (lol_html, streaming).
pub fn page_refs(html: &[u8]) -> PageRefs {
    let mut hrefs: Vec<String> = Vec::new();
    let mut srcs: Vec<String> = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    {
        let settings = Settings::new()
            .append_element_content_handler(element!("a[href], link[href], area[href]", |el| {
                if let Some(h) = el.get_attribute("href") {
                    hrefs.push(h);
                }
                Ok(())
            }))
            .append_element_content_handler(element!(
                "img[src], script[src], source[src], iframe[src], video[src], audio[src]",
                |el| {
                    if let Some(s) = el.get_attribute("src") {
                        srcs.push(s);
                    }
                    Ok(())
                }
            ))
            .append_element_content_handler(element!("[id], a[name]", |el| {
                if let Some(id) = el.get_attribute("id").or_else(|| el.get_attribute("name")) {
                    ids.insert(id);
                }
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        let _ = rewriter.write(html);
        let _ = rewriter.end();
    }
    hrefs.extend(srcs);
    PageRefs { links: hrefs, ids }
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Resolve `link` found on the page at site path `page` (e.g. `tags/x/`, or
/// `404.html`) to a site-relative path and a fragment. `None` when the link
/// points outside the site's base path.
pub fn resolve(link: &str, page: &str, base_path: &str) -> Option<(String, String)> {
    let (path, fragment) = match link.split_once('#') {
        Some((p, f)) => (p, decode(f)),
        None => (link, String::new()),
    };
    let path = path.split('?').next().unwrap_or("");
    let page_dir = match page.rfind('/') {
        Some(i) => &page[..=i],
        None => "",
    };
    let joined = if path.is_empty() {
        page.to_string()
    } else if let Some(abs) = path.strip_prefix('/') {
        let base = base_path.trim_start_matches('/');
        format!("/{abs}")
            .strip_prefix(&format!("/{base}"))?
            .to_string()
    } else {
        format!("{page_dir}{path}")
    };
    // Normalise `.` and `..` segments.
    let mut parts: Vec<&str> = Vec::new();
    let decoded = decode(&joined);
    for seg in decoded.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    Some((parts.join("/"), fragment))
}

/// Why a site path the site does not have may be missing, by what kind of
/// page its address names.
fn missing_hint(path: &str) -> &'static str {
    match paths::page_of(path) {
        Some(PageRef::Article { .. }) => " (no article has that address)",
        Some(
            PageRef::Term {
                taxonomy,
                number: 0,
                ..
            }
            | PageRef::TermFeed { taxonomy, .. },
        ) => match taxonomy {
            Taxonomy::Tag => " (no tag has that address)",
            Taxonomy::Section => " (no section has that address)",
            Taxonomy::Author => " (no author has that address)",
        },
        Some(PageRef::Period { number: 0, .. }) => " (no article has that date)",
        Some(PageRef::Home { .. } | PageRef::Term { .. } | PageRef::Period { .. }) => {
            " (the list has fewer pages)"
        }
        Some(PageRef::Tags) => " (tag pages are off: `tags` in site.yaml)",
        Some(PageRef::Index(_)) => " (no article has one yet)",
        Some(PageRef::Archive) => " (archives are off: `archives` in site.yaml)",
        Some(PageRef::Search) => " (search is off: `search` in site.yaml)",
        Some(PageRef::Fixed(_)) | None => "",
    }
}

/// The output file a site path stands for, if the site has it.
fn target_file<'a>(path: &str, files: &'a HashMap<&str, &OutFile>) -> Option<&'a str> {
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![paths::file_of(path)]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates
        .into_iter()
        .find_map(|c| files.get_key_value(c.as_str()).map(|(k, _)| *k))
}

/// Check the site. `cfg.now` is the clock for "date in the future".
pub fn run(cfg: &Config) -> Result<Vec<Finding>> {
    let now = cfg.now;
    let sink = Memory::default();
    let mut engine = Engine::new(cfg.clone(), crate::config::Overrides::default());
    let errors = engine.load_content()?;
    if !errors.is_empty() {
        return Err(crate::many_errors(errors));
    }
    let (_, page_errors) = engine.render(&sink, &Scope::All, None)?;
    if !page_errors.is_empty() {
        return Err(crate::many_errors(page_errors));
    }
    let site = &engine.loaded().expect("loaded without errors").site;
    // The photos' files are planned, not made: a check encodes nothing.
    let mut files = sink.into_files();
    files.extend(engine.photo_paths().into_iter().map(|path| OutFile {
        path,
        bytes: Vec::new(),
    }));
    let mut findings = Vec::new();
    findings.extend(link_findings(cfg, site, &files));
    findings.extend(content_findings(site, now));
    if let Some(message) = cfg.base_url_warning() {
        findings.push(Finding {
            severity: Severity::Warning,
            file: "site.yaml".into(),
            message,
        });
    }
    for seed in crate::import::pending(cfg)? {
        // The same words as the import's warning for an empty seed.
        let message = match crate::import::empty_reason(&cfg.root.join(&seed)) {
            Some(reason) => format!("not imported: {reason}"),
            None => "not imported yet (run `mujaz import` or `mujaz build`)".into(),
        };
        findings.push(Finding {
            severity: Severity::Warning,
            file: seed,
            message,
        });
    }
    findings.sort();
    findings.dedup();
    Ok(findings)
}

fn link_findings(cfg: &Config, site: &Site, files: &[OutFile]) -> Vec<Finding> {
    let base_path = cfg.base_url.path();
    let by_path: HashMap<&str, &OutFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    // Article pages → the content file their body came from.
    let sources: HashMap<String, usize> = site
        .paths
        .iter()
        .enumerate()
        .map(|(i, p)| (paths::file_of(p), i))
        .collect();
    let html: Vec<&OutFile> = files.iter().filter(|f| f.path.ends_with(".html")).collect();
    let refs: HashMap<&str, PageRefs> = {
        use rayon::prelude::*;
        html.par_iter()
            .map(|f| (f.path.as_str(), page_refs(&f.bytes)))
            .collect()
    };
    // A broken link made by a template repeats on many pages: report it once.
    let mut from_theme: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut findings = Vec::new();
    let mut pages: Vec<&&str> = refs.keys().collect();
    pages.sort();
    for page in pages {
        let page_refs = &refs[*page];
        let article = sources.get(*page).map(|&i| &site.articles[i]);
        for link in &page_refs.links {
            if link.is_empty() || paths::is_external(link) {
                continue;
            }
            let problem = match resolve(link, page, &base_path) {
                None => Some(format!(
                    "link `{link}` points outside the site ({base_path})"
                )),
                Some((path, fragment)) => match target_file(&path, &by_path) {
                    None => Some(format!(
                        "link `{}` resolves to nothing{}",
                        decode(link),
                        missing_hint(&path)
                    )),
                    Some(target) if !fragment.is_empty() && target.ends_with(".html") => {
                        let ids = refs.get(target).map(|r| &r.ids);
                        (!ids.is_some_and(|ids| ids.contains(&fragment))).then(|| {
                            format!(
                                "link `{}` points to a missing anchor `#{fragment}`",
                                decode(link)
                            )
                        })
                    }
                    Some(_) => None,
                },
            };
            let Some(message) = problem else { continue };
            match article.filter(|a| {
                a.body
                    .links
                    .iter()
                    .any(|l| l == link || decode(l) == decode(link))
            }) {
                Some(a) => findings.push(Finding {
                    severity: Severity::Error,
                    file: format!("content/{}", a.source),
                    message,
                }),
                None => {
                    let entry = from_theme.entry(message).or_insert((0, format!("/{page}")));
                    entry.0 += 1;
                }
            }
        }
    }
    for (message, (count, example)) in from_theme {
        let pages = if count == 1 {
            format!("on {example}")
        } else {
            format!("on {count} pages, e.g. {example}")
        };
        findings.push(Finding {
            severity: Severity::Error,
            file: "(theme templates)".into(),
            message: format!("{message} {pages}"),
        });
    }
    findings
}

fn content_findings(site: &Site, now: jiff::Timestamp) -> Vec<Finding> {
    let mut findings = Vec::new();
    let warn = |a: &crate::content::Article, message: String| Finding {
        severity: Severity::Warning,
        file: format!("content/{}", a.source),
        message,
    };
    for (i, a) in site.articles.iter().enumerate() {
        for r in &site.read_also[i] {
            if r.target.is_none() {
                findings.push(warn(
                    a,
                    format!("read_also title `{}` matches no article", r.title),
                ));
            }
        }
        if a.tags.is_empty() {
            findings.push(warn(a, "no tags".into()));
        }
        if a.summary.is_none() {
            findings.push(warn(a, "no summary (the first paragraph is used)".into()));
        }
        if a.date.timestamp() > now {
            findings.push(warn(
                a,
                format!(
                    "scheduled: dated {}, in the future; the first build after then publishes it",
                    a.date.strftime("%Y-%m-%d %H:%M %:z")
                ),
            ));
        }
        for img in &a.body.images_without_alt {
            findings.push(warn(a, format!("image `{img}` has no alt text")));
        }
        for (line, what) in &a.body.removed_html {
            findings.push(Finding {
                severity: Severity::Warning,
                file: format!("content/{}:{}", a.source, a.body_line + line - 1),
                message: format!(
                    "raw HTML: {what} was removed (set `unsafe_html: true` in site.yaml to publish it)"
                ),
            });
        }
    }
    for c in &site.slug_collisions {
        let a = &site.articles[c.article];
        findings.push(warn(
            a,
            format!(
                "slug `{}` is taken; published at /{} instead",
                c.wanted, site.paths[c.article]
            ),
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_and_ids() {
        let r = page_refs(b"<a href=\"/x/\">x</a><img src=\"/a.png\"><h2 id=\"\xd8\xaa\">t</h2><link rel=stylesheet href=\"/s.css\">");
        assert_eq!(r.links, ["/x/", "/s.css", "/a.png"]);
        assert!(r.ids.contains("ت"));
    }

    #[test]
    fn resolving() {
        assert_eq!(
            resolve("/tags/x/", "2022/a/index.html", "/"),
            Some(("tags/x/".into(), "".into()))
        );
        assert_eq!(
            resolve("/sub/tags/x/#a", "index.html", "/sub/"),
            Some(("tags/x/".into(), "a".into()))
        );
        assert_eq!(resolve("/other/", "index.html", "/sub/"), None);
        assert_eq!(
            resolve("../b/", "2022/a/index.html", "/"),
            Some(("2022/b/".into(), "".into()))
        );
        assert_eq!(
            resolve("#%D8%AA", "x/index.html", "/"),
            Some(("x/index.html".into(), "ت".into()))
        );
        assert!(paths::is_external("https://x.org/"));
        assert!(paths::is_external("mailto:a@b"));
        assert!(!paths::is_external("/a:b/"));
    }
}
