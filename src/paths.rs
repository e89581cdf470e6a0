//! The URL scheme and the layout of `output/`: the one place that knows
//! where every page, feed and index file lives.
//!
//! Takes dates, slugs and page numbers; gives site-relative paths
//! (`2024/01/31/<slug>/`, `tags/<slug>/page/2/`, `atom.xml`), the output file
//! of a page path (`…/index.html`), and the inverse, [`page_of`]: which kind
//! of page a site path is. Pure: no IO. The base path of the site (for a
//! site under a sub-path) is added by [`url`]; absolute URLs come from
//! [`crate::config::BaseUrl::join`].

/// The home page.
pub(crate) const HOME: &str = "";
/// The list of all tags.
pub(crate) const TAGS: &str = "tags/";
/// The list of all years and months.
pub(crate) const ARCHIVE: &str = "archive/";
/// The search page.
pub(crate) const SEARCH: &str = "search/";
/// The site's Atom feed.
pub(crate) const ATOM: &str = "atom.xml";
/// The site's RSS feed.
pub(crate) const RSS: &str = "rss.xml";
/// The sitemap (or the sitemap index, past `sitemap_limit` URLs).
pub(crate) const SITEMAP: &str = "sitemap.xml";
/// The Google News sitemap.
pub(crate) const NEWS_SITEMAP: &str = "news-sitemap.xml";
/// The robots file.
pub(crate) const ROBOTS: &str = "robots.txt";
/// The page static hosts serve for a missing path.
pub(crate) const NOT_FOUND: &str = "404.html";
/// The folder of the search index.
pub(crate) const SEARCH_INDEX: &str = "pagefind/";

/// `2024/`.
pub(crate) fn year(y: i16) -> String {
    format!("{y:04}/")
}

/// `2024/01/`.
pub(crate) fn month(y: i16, m: i8) -> String {
    format!("{y:04}/{m:02}/")
}

/// `2024/01/31/`.
pub(crate) fn day(y: i16, m: i8, d: i8) -> String {
    let mut path = String::with_capacity(11);
    push_day(&mut path, y, m, d);
    path
}

/// [`day`], written at the end of `out`.
fn push_day(out: &mut String, y: i16, m: i8, d: i8) {
    use std::fmt::Write as _;
    let _ = write!(out, "{y:04}/{m:02}/{d:02}/");
}

/// An article: `2024/01/31/<slug>/` (its day's folder, then its slug). One
/// string made, for each of 200,000 articles at every build.
pub(crate) fn article(date: &jiff::civil::Date, slug: &str) -> String {
    let mut path = String::with_capacity(12 + slug.len());
    push_day(&mut path, date.year(), date.month(), date.day());
    path.push_str(slug);
    path.push('/');
    path
}

/// A way of grouping articles by name, each name with a list of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Taxonomy {
    /// `tags/<slug>/`.
    Tag,
    /// `sections/<slug>/`.
    Section,
    /// `authors/<slug>/`.
    Author,
}

impl Taxonomy {
    /// The folder of the taxonomy's lists, without its slash.
    pub(crate) fn folder(self) -> &'static str {
        match self {
            Taxonomy::Tag => "tags",
            Taxonomy::Section => "sections",
            Taxonomy::Author => "authors",
        }
    }

    /// The list of one name: `tags/<slug>/`, `sections/<slug>/`, `authors/<slug>/`.
    pub(crate) fn list(self, slug: &str) -> String {
        format!("{}/{slug}/", self.folder())
    }

    /// The page listing every name of the taxonomy: `tags/`, `sections/`, `authors/`.
    pub(crate) fn index(self) -> String {
        format!("{}/", self.folder())
    }

    fn of_folder(folder: &str) -> Option<Taxonomy> {
        [Taxonomy::Tag, Taxonomy::Section, Taxonomy::Author]
            .into_iter()
            .find(|t| t.folder() == folder)
    }
}

/// The Atom feed of a list (a tag's): `tags/<slug>/atom.xml`.
pub(crate) fn feed_of(list: &str) -> String {
    format!("{list}{ATOM}")
}

/// Page `number` of the list at `base`: `base` itself for its front
/// (number 0), `base/page/N/` for numbered pages (counted from the oldest,
/// see [`crate::render::plan::list_pages`]).
pub(crate) fn list_page(base: &str, number: usize) -> String {
    if number == 0 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
    }
}

/// Part `n` (1-based) of a sitemap split at the protocol's limit.
pub(crate) fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// Part `k` of the search index: `pagefind/<k>/`.
pub(crate) fn search_part(k: usize) -> String {
    format!("{SEARCH_INDEX}{k}/")
}

/// A photo's file: its rendition `width` px wide (`img/<hash>/<name>-800.webp`),
/// or the photo as it is (`width` `None`: `img/<hash>/<name>.jpg`). The
/// folder is named by the photo's content hash: a changed photo gets a new
/// address.
pub(crate) fn photo(hash: &str, name: &str, width: Option<u32>, ext: &str) -> String {
    match width {
        Some(w) => format!("img/{hash}/{name}-{w}.{ext}"),
        None => format!("img/{hash}/{name}.{ext}"),
    }
}

/// Whether a link leads out of the site: it has a scheme (`https:`,
/// `mailto:`) or is protocol-relative (`//cdn.example/x`).
pub(crate) fn is_external(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    lower.starts_with("//")
        || lower.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// The file a page path is written to: `tags/x/` → `tags/x/index.html`
/// (the home page `""` → `index.html`); file paths are themselves.
pub(crate) fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The root-relative URL of a site path under the site's base path
/// (`/` or `/news/`).
pub(crate) fn url(base_path: &str, path: &str) -> String {
    format!("{base_path}{path}")
}

/// What a site path is, by the URL scheme alone (whether the site has that
/// page is the plan's business).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PageRef {
    /// Page `number` of the home page's list (0: its front).
    Home { number: usize },
    /// The list of tags.
    Tags,
    /// Page `number` of a tag's, section's or author's list (0: its front).
    Term {
        taxonomy: Taxonomy,
        slug: String,
        number: usize,
    },
    /// A tag's, section's or author's feed.
    TermFeed { taxonomy: Taxonomy, slug: String },
    /// The page of every section, or of every author.
    Index(Taxonomy),
    /// The archive's index.
    Archive,
    /// Page `number` of a year's, month's or day's list (0: its front).
    Period {
        year: i16,
        month: Option<i8>,
        day: Option<i8>,
        number: usize,
    },
    /// An article.
    Article {
        year: i16,
        month: i8,
        day: i8,
        slug: String,
    },
    /// The search page.
    Search,
    /// A file with a fixed name: feeds, sitemaps, robots, the 404 page.
    Fixed(&'static str),
}

/// Which page the site path `path` (`tags/x/page/2/`, `2024/01/31/s/index.html`)
/// is, or `None` when it is none of the site's pages (a static file, say).
pub(crate) fn page_of(path: &str) -> Option<PageRef> {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    for fixed in [ATOM, RSS, SITEMAP, NEWS_SITEMAP, ROBOTS, NOT_FOUND] {
        if path == fixed {
            return Some(PageRef::Fixed(fixed));
        }
    }
    if path.starts_with("sitemap-") && path.ends_with(".xml") {
        return Some(PageRef::Fixed(SITEMAP));
    }
    if !path.is_empty() && !path.ends_with('/') && !path.ends_with("/atom.xml") {
        return None;
    }
    // Split off `page/N/`.
    let (base, number) = match path.rfind("page/") {
        Some(i) if path[..i].is_empty() || path[..i].ends_with('/') => {
            match path[i + 5..].strip_suffix('/').map(str::parse::<usize>) {
                Some(Ok(n)) if n >= 1 => (&path[..i], n),
                Some(Ok(_)) => return None, // the front is the list itself
                _ => (path, 0),             // a slug that is `page`
            }
        }
        _ => (path, 0),
    };
    let segs: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let num = |s: &str, len: usize| -> Option<i64> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match segs.as_slice() {
        [] => Some(PageRef::Home { number }),
        ["tags"] if number == 0 => Some(PageRef::Tags),
        ["sections"] if number == 0 => Some(PageRef::Index(Taxonomy::Section)),
        ["authors"] if number == 0 => Some(PageRef::Index(Taxonomy::Author)),
        [folder, slug, "atom.xml"] if number == 0 => Some(PageRef::TermFeed {
            taxonomy: Taxonomy::of_folder(folder)?,
            slug: (*slug).to_string(),
        }),
        [folder, slug] if Taxonomy::of_folder(folder).is_some() => Some(PageRef::Term {
            taxonomy: Taxonomy::of_folder(folder)?,
            slug: (*slug).to_string(),
            number,
        }),
        ["archive"] if number == 0 => Some(PageRef::Archive),
        ["search"] if number == 0 => Some(PageRef::Search),
        [y] => Some(PageRef::Period {
            year: num(y, 4)? as i16,
            month: None,
            day: None,
            number,
        }),
        [y, m] => Some(PageRef::Period {
            year: num(y, 4)? as i16,
            month: Some(num(m, 2)? as i8),
            day: None,
            number,
        }),
        [y, m, d] => Some(PageRef::Period {
            year: num(y, 4)? as i16,
            month: Some(num(m, 2)? as i8),
            day: Some(num(d, 2)? as i8),
            number,
        }),
        [y, m, d, slug] if number == 0 => Some(PageRef::Article {
            year: num(y, 4)? as i16,
            month: num(m, 2)? as i8,
            day: num(d, 2)? as i8,
            slug: (*slug).to_string(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_made_here_is_read_back() {
        let date = jiff::civil::date(2024, 1, 31);
        let cases = [
            (list_page(HOME, 0), PageRef::Home { number: 0 }),
            (list_page(HOME, 1), PageRef::Home { number: 1 }),
            (list_page(HOME, 3), PageRef::Home { number: 3 }),
            (TAGS.to_string(), PageRef::Tags),
            (Taxonomy::Section.index(), PageRef::Index(Taxonomy::Section)),
            (Taxonomy::Author.index(), PageRef::Index(Taxonomy::Author)),
            (
                list_page(&Taxonomy::Tag.list("داعش"), 2),
                PageRef::Term {
                    taxonomy: Taxonomy::Tag,
                    slug: "داعش".into(),
                    number: 2,
                },
            ),
            (
                feed_of(&Taxonomy::Tag.list("x")),
                PageRef::TermFeed {
                    taxonomy: Taxonomy::Tag,
                    slug: "x".into(),
                },
            ),
            (
                list_page(&Taxonomy::Section.list("سياسة"), 3),
                PageRef::Term {
                    taxonomy: Taxonomy::Section,
                    slug: "سياسة".into(),
                    number: 3,
                },
            ),
            (
                feed_of(&Taxonomy::Author.list("sara")),
                PageRef::TermFeed {
                    taxonomy: Taxonomy::Author,
                    slug: "sara".into(),
                },
            ),
            (ARCHIVE.to_string(), PageRef::Archive),
            (SEARCH.to_string(), PageRef::Search),
            (
                list_page(&year(2024), 2),
                PageRef::Period {
                    year: 2024,
                    month: None,
                    day: None,
                    number: 2,
                },
            ),
            (
                month(2024, 1),
                PageRef::Period {
                    year: 2024,
                    month: Some(1),
                    day: None,
                    number: 0,
                },
            ),
            (
                day(2024, 1, 31),
                PageRef::Period {
                    year: 2024,
                    month: Some(1),
                    day: Some(31),
                    number: 0,
                },
            ),
            (
                article(&date, "خبر"),
                PageRef::Article {
                    year: 2024,
                    month: 1,
                    day: 31,
                    slug: "خبر".into(),
                },
            ),
            (ATOM.to_string(), PageRef::Fixed(ATOM)),
            (sitemap_part(2), PageRef::Fixed(SITEMAP)),
            (NOT_FOUND.to_string(), PageRef::Fixed(NOT_FOUND)),
            (
                Taxonomy::Tag.list("page"),
                PageRef::Term {
                    taxonomy: Taxonomy::Tag,
                    slug: "page".into(),
                    number: 0,
                },
            ),
        ];
        for (path, want) in cases {
            assert_eq!(page_of(&path), Some(want.clone()), "{path}");
            assert_eq!(page_of(&file_of(&path)), Some(want), "{}", file_of(&path));
        }
    }

    #[test]
    fn other_paths_are_no_page() {
        for p in [
            "style.css",
            "images/a.jpg",
            "page/0/",
            "page/x/",
            "24/01/",
            "2024/1/",
            "tags/x/y/",
            "people/x/",
            "pagefind/ar/",
        ] {
            assert_eq!(page_of(p), None, "{p}");
        }
    }

    #[test]
    fn page_files() {
        assert_eq!(file_of(HOME), "index.html");
        assert_eq!(file_of("tags/x/"), "tags/x/index.html");
        assert_eq!(file_of(ATOM), ATOM);
        assert_eq!(url("/news/", "tags/"), "/news/tags/");
    }
}
