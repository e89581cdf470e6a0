//! Relative links, for a site opened from `file://` or a USB stick
//! (`mujaz build --relative`, `relative_urls: true`).
//!
//! Takes one rendered HTML page (its output path and bytes) and the site's
//! base path; gives the page with every link into the site (`href`, `src`,
//! `srcset`, `action`, `poster`, `data-bundle`) made relative to the page's
//! own folder and pointing at a file: `/news/tags/x/` seen from
//! `news/2024/01/31/s/index.html` becomes `../../../../tags/x/index.html`.
//! Links out of the site, fragments and absolute addresses (the canonical
//! link, `og:url`) are left as they are. Streaming, with lol_html.

use lol_html::{HtmlRewriter, Settings, element};

/// `target` (a URL under `base_path`, with any `?query` or `#fragment`)
/// relative to the page written at `page_file`, or `None` when it is not a
/// link into the site. A folder gets its `index.html` when `to_file`.
fn relative(target: &str, base_path: &str, page_file: &str, to_file: bool) -> Option<String> {
    if target.starts_with("//") {
        return None;
    }
    let rest = target.strip_prefix(base_path)?;
    let cut = rest.find(['?', '#']).unwrap_or(rest.len());
    let (path, tail) = rest.split_at(cut);
    let mut path = path.to_string();
    if to_file && (path.is_empty() || path.ends_with('/')) {
        path.push_str("index.html");
    }
    let depth = page_file.matches('/').count();
    let mut out = "../".repeat(depth);
    out.push_str(&path);
    if out.is_empty() {
        out.push_str("./");
    }
    out.push_str(tail);
    Some(out)
}

/// `srcset`: each candidate's URL made relative, its width or density kept.
fn relative_srcset(srcset: &str, base_path: &str, page_file: &str) -> String {
    srcset
        .split(',')
        .map(|candidate| {
            let candidate = candidate.trim();
            let (url, size) = candidate.split_once(' ').unwrap_or((candidate, ""));
            let url = relative(url, base_path, page_file, true).unwrap_or_else(|| url.to_string());
            if size.is_empty() {
                url
            } else {
                format!("{url} {size}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The page at `page_file` with its links into the site made relative.
pub(crate) fn rewrite(html: &[u8], base_path: &str, page_file: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    let attrs: [(&str, bool); 5] = [
        ("href", true),
        ("src", true),
        ("action", true),
        ("poster", true),
        // The search page's index folder: a folder, read by script.
        ("data-bundle", false),
    ];
    let mut handlers = Vec::new();
    for (attr, to_file) in attrs {
        let selector = format!("[{attr}]");
        handlers.push(element!(selector, move |el| {
            if let Some(v) = el.get_attribute(attr)
                && let Some(r) = relative(&v, base_path, page_file, to_file)
            {
                el.set_attribute(attr, &r)?;
            }
            Ok(())
        }));
    }
    handlers.push(element!("[srcset]", |el| {
        if let Some(v) = el.get_attribute("srcset") {
            el.set_attribute("srcset", &relative_srcset(&v, base_path, page_file))?;
        }
        Ok(())
    }));
    let settings = handlers
        .into_iter()
        .fold(Settings::new(), |s, h| s.append_element_content_handler(h));
    let mut rewriter = HtmlRewriter::new(settings, |c: &[u8]| out.extend_from_slice(c));
    rewriter
        .write(html)
        .and_then(|()| rewriter.end())
        .map_err(|e| format!("/{page_file}: cannot make its links relative: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_into_the_site_point_at_files_from_the_page() {
        let page = "2024/01/31/s/index.html";
        let r = |t: &str| relative(t, "/", page, true);
        assert_eq!(
            r("/tags/x/").as_deref(),
            Some("../../../../tags/x/index.html")
        );
        assert_eq!(r("/").as_deref(), Some("../../../../index.html"));
        assert_eq!(r("/style.css").as_deref(), Some("../../../../style.css"));
        assert_eq!(
            r("/search/?q=x#top").as_deref(),
            Some("../../../../search/index.html?q=x#top")
        );
        assert_eq!(r("https://x.example/tags/").as_deref(), None);
        assert_eq!(r("//cdn.example/a.js").as_deref(), None);
        assert_eq!(r("#section").as_deref(), None);
        assert_eq!(
            relative("/", "/", "index.html", true).as_deref(),
            Some("index.html")
        );
        assert_eq!(
            relative("/pagefind/", "/", "search/index.html", false).as_deref(),
            Some("../pagefind/")
        );
        // Under a sub-path, only what is under it is the site.
        assert_eq!(
            relative("/news/tags/", "/news/", "index.html", true).as_deref(),
            Some("tags/index.html")
        );
        assert_eq!(relative("/other/", "/news/", "index.html", true), None);
    }

    #[test]
    fn a_page_s_attributes_are_rewritten_and_the_rest_kept() {
        let html = br#"<link rel="canonical" href="https://x.example/a/"><a href="/tags/x/">t</a><img src="/i.png" srcset="/i.png 1x, /i@2.png 2x" alt=""><form action="/search/"></form>"#;
        let out = String::from_utf8(rewrite(html, "/", "a/index.html").unwrap()).unwrap();
        assert!(out.contains(r#"href="https://x.example/a/""#), "{out}");
        assert!(out.contains(r#"<a href="../tags/x/index.html">"#), "{out}");
        assert!(out.contains(r#"src="../i.png""#), "{out}");
        assert!(
            out.contains(r#"srcset="../i.png 1x, ../i@2.png 2x""#),
            "{out}"
        );
        assert!(out.contains(r#"action="../search/index.html""#), "{out}");
    }
}
