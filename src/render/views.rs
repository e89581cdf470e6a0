//! View structs: what templates receive (documented in the README's theme
//! reference). The renderer builds them from the model; templates never see
//! the model itself.

use serde::Serialize;
use std::collections::BTreeMap;

/// `site`: the same on every page (Tera's global context).
#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    pub(super) dir: &'a str,
    pub(super) author: &'a str,
    /// Absolute, ending in `/`.
    pub(super) base_url: &'a str,
    /// Path of the site root, like `/` or `/news/`: prefix of every internal link.
    pub(super) base_path: String,
    pub(super) home_url: String,
    pub(super) tags_url: Option<String>,
    /// The page of every section, when the site has sections.
    pub(super) sections_url: Option<String>,
    /// The page of every author, when the site has authors.
    pub(super) authors_url: Option<String>,
    pub(super) archive_url: Option<String>,
    pub(super) search_url: Option<String>,
    pub(super) atom_url: String,
    pub(super) rss_url: String,
    pub(super) atom_permalink: String,
    pub(super) rss_permalink: String,
    pub(super) og_locale: String,
    pub(super) strings: BTreeMap<&'a str, &'a str>,
    pub(super) extra: &'a BTreeMap<String, serde_json::Value>,
    pub(super) generator: &'static str,
    pub(super) article_count: usize,
    /// The main menu from site.yaml (sections, pages, links), in order.
    pub(super) menu: Vec<MenuLink>,
}

/// One entry of the main menu.
#[derive(Serialize)]
pub(super) struct MenuLink {
    pub(super) title: String,
    pub(super) url: String,
    /// The site path of the page it links to (to mark the current page);
    /// `None` for a link out.
    pub(super) path: Option<String>,
}

/// `page`: what every HTML page knows about itself.
#[derive(Serialize)]
pub(super) struct PageView {
    pub(super) kind: &'static str,
    pub(super) title: String,
    pub(super) description: String,
    /// Site-relative path (`tags/x/`, empty for the home page).
    pub(super) path: String,
    /// Root-relative URL (`/news/tags/x/`).
    pub(super) url: String,
    /// Absolute URL: the canonical link.
    pub(super) permalink: String,
    /// Page number in a paginated list: 0 for its front and for pages that
    /// are not lists, 1.. for numbered pages (counted from the oldest).
    pub(super) number: usize,
    /// The photo of the page's social card: the article's lead photo, or
    /// the site's default image.
    pub(super) image: Option<OgImage>,
}

/// An image for social cards (`og:image`, `twitter:image`, JSON-LD).
#[derive(Serialize, Clone)]
pub(super) struct OgImage {
    /// Absolute URL, about 1200 px wide.
    pub(super) url: String,
    pub(super) width: u32,
    pub(super) height: u32,
    /// Its MIME type (`image/jpeg`).
    #[serde(rename = "type")]
    pub(super) mime: &'static str,
    pub(super) alt: String,
}

/// A photo as templates print it (`partials/picture.html`): a fallback
/// `src` with its `srcset` (JPEG or PNG), the WebP `srcset`, and the size
/// that keeps its room before it loads.
#[derive(Serialize, Clone)]
pub(super) struct ImageView {
    pub(super) src: String,
    pub(super) srcset: String,
    /// Empty for an image copied as it is (GIF, SVG).
    pub(super) webp_srcset: String,
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) alt: String,
}

#[derive(Serialize, Clone)]
pub(super) struct TagRef<'a> {
    pub(super) name: &'a str,
    pub(super) url: Option<String>,
}

/// An article as shown in lists (and the head of its own page).
#[derive(Serialize)]
pub(super) struct Card<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
    pub(super) permalink: String,
    pub(super) date_iso: String,
    pub(super) date: String,
    /// Time of day ("2:30 م"), empty when the article has a date only.
    pub(super) time: String,
    pub(super) day_iso: String,
    pub(super) summary: &'a str,
    pub(super) has_summary: bool,
    pub(super) place: Option<&'a str>,
    pub(super) source: Option<&'a str>,
    pub(super) reading_time: u32,
    pub(super) reading_time_text: String,
    pub(super) tags: Vec<TagRef<'a>>,
    /// The section, linked: the kicker above the headline.
    pub(super) section: Option<TagRef<'a>>,
    /// The authors, each linked to their page: the byline.
    pub(super) authors: Vec<TagRef<'a>>,
    pub(super) breaking: bool,
    /// Dated after the build clock: built only with `--future` (and in
    /// `serve`), and marked.
    pub(super) scheduled: bool,
    /// When a breaking item stops being breaking news (RFC 3339).
    pub(super) breaking_until: Option<String>,
    /// The lead photo (thumbnails in lists, the photo of its page).
    pub(super) image: Option<ImageView>,
}

/// A section's newest articles on the home page's front.
#[derive(Serialize)]
pub(super) struct SectionBlock<'c, 'a> {
    pub(super) section: TermSummary<'c>,
    pub(super) items: Vec<&'c Card<'a>>,
}

#[derive(Serialize)]
pub(super) struct DayGroup<'c, 'a> {
    pub(super) heading: String,
    pub(super) day_iso: &'c str,
    pub(super) items: Vec<&'c Card<'a>>,
}

#[derive(Serialize, Default)]
pub(super) struct PagerLink {
    /// The page's number: 0 for the list's front, 1 for its oldest page.
    pub(super) number: usize,
    pub(super) label: String,
    pub(super) url: String,
    pub(super) current: bool,
    /// A gap (`…`) between shown links.
    pub(super) gap: bool,
}

/// Pages of a list are numbered from the oldest: `page/1/` keeps the oldest
/// items for good; the front (number 0) shows the newest.
#[derive(Serialize, Default)]
pub(super) struct PagerView {
    /// This page's number (0: the front).
    pub(super) current: usize,
    /// The pages of the list, the front included. Changes as the list
    /// grows: a theme that prints it makes every page of the list change.
    pub(super) total: usize,
    pub(super) current_label: String,
    pub(super) total_label: String,
    pub(super) prev: Option<String>,
    pub(super) next: Option<String>,
    pub(super) links: Vec<PagerLink>,
}

#[derive(Serialize)]
pub(super) struct ReadAlsoView<'a> {
    pub(super) title: &'a str,
    pub(super) url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ArticleView<'c, 'a> {
    #[serde(flatten)]
    pub(super) card: &'c Card<'a>,
    pub(super) hijri: Option<String>,
    pub(super) updated_iso: Option<String>,
    pub(super) updated: Option<String>,
    pub(super) dateline: Option<String>,
    /// The summary as written, or none (the excerpt made from the first
    /// paragraph would repeat it, and so would a summary that the first
    /// paragraph begins with): the standfirst under the headline.
    pub(super) standfirst: Option<&'a str>,
    pub(super) caption: Option<&'a str>,
    pub(super) caption_url: Option<&'a str>,
    pub(super) body: &'a str,
    pub(super) has_code: bool,
    pub(super) words: usize,
    pub(super) extra: &'a BTreeMap<String, serde_json::Value>,
    pub(super) jsonld: String,
}

/// `doc`: a standing page (`content/pages/`).
#[derive(Serialize)]
pub(super) struct PageDocView<'a> {
    pub(super) title: &'a str,
    pub(super) body: &'a str,
    pub(super) has_code: bool,
    pub(super) updated_iso: Option<String>,
    pub(super) updated: Option<String>,
    pub(super) extra: &'a BTreeMap<String, serde_json::Value>,
}

/// How many articles a list has (`count`, and `count_text`: "12 مقالة").
/// Left out on a list's numbered pages (`page/N/`): it changes with every
/// article published, and a full numbered page is never written again.
#[derive(Serialize)]
pub(super) struct Count {
    pub(super) count: usize,
    pub(super) count_text: String,
}

#[derive(Serialize)]
pub(super) struct TermSummary<'a> {
    pub(super) name: &'a str,
    pub(super) url: String,
    #[serde(flatten)]
    pub(super) count: Option<Count>,
    pub(super) feed_url: String,
}

#[derive(Serialize)]
pub(super) struct PeriodLink {
    pub(super) label: String,
    pub(super) url: String,
    #[serde(flatten)]
    pub(super) count: Option<Count>,
}

#[derive(Serialize)]
pub(super) struct YearView {
    pub(super) label: String,
    pub(super) url: String,
    pub(super) count: usize,
    pub(super) count_text: String,
    pub(super) months: Vec<PeriodLink>,
}

#[derive(Serialize)]
pub(super) struct PeriodView {
    pub(super) kind: &'static str,
    pub(super) label: String,
    pub(super) url: String,
    pub(super) parent: Option<PeriodLink>,
    #[serde(flatten)]
    pub(super) count: Option<Count>,
}

#[derive(Serialize)]
pub(super) struct FeedView {
    pub(super) title: String,
    pub(super) subtitle: String,
    /// Absolute URL of the feed itself.
    pub(super) url: String,
    /// Absolute URL of the page the feed follows.
    pub(super) home: String,
    pub(super) updated: String,
    pub(super) updated_rfc2822: String,
    pub(super) language: String,
}

#[derive(Serialize)]
pub(super) struct EntryView<'a> {
    pub(super) title: &'a str,
    pub(super) permalink: String,
    pub(super) published: String,
    pub(super) updated: String,
    pub(super) published_rfc2822: String,
    pub(super) summary: &'a str,
    pub(super) content: Option<&'a str>,
    pub(super) tags: Vec<&'a str>,
    pub(super) place: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct SitemapUrl {
    pub(super) loc: String,
    pub(super) lastmod: Option<String>,
}

#[derive(Serialize)]
pub(super) struct NewsItem<'a> {
    pub(super) loc: &'a str,
    pub(super) title: &'a str,
    pub(super) published: &'a str,
}
