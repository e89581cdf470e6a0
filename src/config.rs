//! `site.yaml` → validated [`Config`].
//!
//! Takes the site root and the command-line overrides; gives a [`Config`]
//! where every key has its documented default, the base URL is parsed, the
//! time zone is resolved and enumerations are checked. `site.yaml` is
//! optional; an unknown key is an error naming the file, the line and the
//! nearest valid key.

use crate::fsx;
use crate::yaml;
use anyhow::{Result, anyhow, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `site.yaml` as written (every key is optional, with the defaults
/// below). The keys that need no resolving are used as they are, through
/// [`Config::yaml`]; the others are resolved into [`Config`]'s own fields.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct SiteYaml {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) language: String,
    pub(crate) base_url: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) timezone: String,
    pub(crate) theme: String,
    pub(crate) per_page: usize,
    pub(crate) feed_limit: usize,
    pub(crate) feed_content: FeedContent,
    pub(crate) date_locale: Option<String>,
    pub(crate) digits: Digits,
    pub(crate) hijri: Option<bool>,
    /// Days added to a date before it is written in the Hijri calendar
    /// (−2…+2), for countries that follow their own moon sighting.
    pub(crate) hijri_offset: i8,
    pub(crate) slug: SlugStyle,
    pub(crate) tags: bool,
    pub(crate) archives: bool,
    pub(crate) related: usize,
    pub(crate) reading_speed: u32,
    pub(crate) gazetteer: BTreeMap<String, String>,
    pub(crate) search: bool,
    /// Articles per part of the search index (each part is built on its own,
    /// so a build's memory does not grow with the archive).
    pub(crate) search_part_size: usize,
    /// The most addresses one sitemap file lists (past it, the sitemap is
    /// an index of parts): at most the protocol's 50,000.
    pub(crate) sitemap_limit: usize,
    /// Publish raw HTML in articles as written (scripts included).
    pub(crate) unsafe_html: bool,
    /// The main menu, in order: sections, pages and links. Absent: every
    /// section, the largest first.
    pub(crate) menu: Option<Vec<MenuEntry>>,
    /// Relative links that point at files, for a site opened from a folder.
    pub(crate) relative_urls: bool,
    /// The photo of social cards for articles without one (and the home
    /// page): a path under `static/`.
    pub(crate) image: Option<String>,
    pub(crate) extra: BTreeMap<String, serde_json::Value>,
}

/// One entry of the main menu: a section (`section: سياسة`, with an
/// optional `slug: politics` for its URL), a page (`page: about`, the file
/// `content/pages/about.md`) or a link (`title` and `url`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct MenuEntry {
    pub(crate) section: Option<String>,
    pub(crate) slug: Option<String>,
    pub(crate) page: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) url: Option<String>,
}

impl Default for SiteYaml {
    fn default() -> Self {
        SiteYaml {
            title: "موجز".into(),
            description: String::new(),
            language: "ar".into(),
            base_url: None,
            author: None,
            timezone: "UTC".into(),
            theme: "default".into(),
            per_page: 20,
            feed_limit: 20,
            feed_content: FeedContent::Summary,
            date_locale: None,
            digits: Digits::Latn,
            hijri: None,
            hijri_offset: 0,
            slug: SlugStyle::Unicode,
            tags: true,
            archives: true,
            related: 5,
            reading_speed: 200,
            gazetteer: BTreeMap::new(),
            search: true,
            search_part_size: 2500,
            sitemap_limit: crate::render::SITEMAP_LIMIT,
            unsafe_html: false,
            menu: None,
            relative_urls: false,
            image: None,
            extra: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FeedContent {
    Summary,
    Full,
}

/// Which digits numbers and dates are written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Digits {
    /// 0123456789
    Latn,
    /// ٠١٢٣٤٥٦٧٨٩
    Arab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SlugStyle {
    /// The title itself, cleaned: `/2022/01/31/دعوة-لتحرك-دولي/`.
    Unicode,
    /// ASCII only: a short stable id for articles, a transliteration for tags.
    Ascii,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextDir {
    Rtl,
    Ltr,
}

/// The primary subtag of a language tag: `ar` for `ar-SY` or `ar_SY`.
pub(crate) fn primary_language(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

impl TextDir {
    pub(crate) fn for_language(lang: &str) -> TextDir {
        match primary_language(lang) {
            "ar" | "fa" | "he" | "ur" | "ps" | "sd" | "ug" | "yi" | "ckb" | "dv" => TextDir::Rtl,
            _ => TextDir::Ltr,
        }
    }
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TextDir::Rtl => "rtl",
            TextDir::Ltr => "ltr",
        }
    }
}

/// What a URL's path percent-encodes (the WHATWG URL standard's path
/// percent-encode set), as the `url` crate does.
const URL_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'#')
    .add(b'?')
    .add(b'{')
    .add(b'}');

/// The site's public address. Always absolute and ending in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BaseUrl(url::Url);

impl BaseUrl {
    pub(crate) fn parse(s: &str) -> Result<BaseUrl> {
        let mut s = s.trim().to_string();
        if !s.ends_with('/') {
            s.push('/');
        }
        let url = url::Url::parse(&s).map_err(|e| anyhow!("base_url `{s}` is not a URL: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            bail!("base_url `{s}` must be an absolute http(s) URL, like https://example.com/news/");
        }
        if url.query().is_some() || url.fragment().is_some() {
            bail!("base_url `{s}` must not have a query or a fragment");
        }
        Ok(BaseUrl(url))
    }
    /// The path part, percent-decoded, always starting and ending with `/`: `/sub/dir/`.
    pub(crate) fn path(&self) -> String {
        percent_encoding::percent_decode_str(self.0.path())
            .decode_utf8_lossy()
            .into_owned()
    }
    /// Absolute, percent-encoded URL of a site-relative path such as `tags/داعش/`.
    pub(crate) fn join(&self, rel: &str) -> String {
        let rel = rel.trim_start_matches('/');
        // A plain path (as mujaz makes them: a sitemap lists 10,000) is
        // appended, encoded as the URL parser would; any other goes through
        // the parser (a unit test holds the two to one result).
        let plain = rel
            .bytes()
            .all(|b| b > b' ' && b != 0x7f && !b"\\#?%:".contains(&b))
            && !rel.split('/').any(|seg| seg == "." || seg == "..");
        if plain {
            let mut url = self.0.as_str().to_string();
            url.extend(percent_encoding::utf8_percent_encode(rel, URL_PATH));
            return url;
        }
        match self.0.join(rel) {
            Ok(u) => u.to_string(),
            Err(_) => format!("{}{}", self.0, rel),
        }
    }
    pub(crate) fn as_str(&self) -> &str {
        self.0.as_str()
    }
    /// Is the host a name reserved for examples and tests (RFC 2606 and
    /// 6761: `example.com`, `example.org`, `example.net`, `*.example`,
    /// `*.test`, `*.invalid`)? Such an address is never a site's public one:
    /// it is the placeholder `mujaz init` writes, or one copied from docs.
    pub(crate) fn is_placeholder(&self) -> bool {
        let Some(host) = self.0.host_str() else {
            return false;
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let labels: Vec<&str> = host.split('.').collect();
        let last = labels.last().copied().unwrap_or("");
        let second = (labels.len() >= 2).then(|| labels[labels.len() - 2]);
        matches!(last, "example" | "test" | "invalid")
            || (second == Some("example") && matches!(last, "com" | "org" | "net"))
    }
}

impl Config {
    /// What to tell the user when the site's public address is not a real
    /// one (feeds, the sitemap, canonical and share links would carry it).
    pub(crate) fn base_url_warning(&self) -> Option<String> {
        if self.base_url_is_default {
            Some(format!(
                "base_url is not set: using {DEFAULT_BASE_URL}; set it in site.yaml or with --base-url"
            ))
        } else if self.base_url.is_placeholder() {
            Some(format!(
                "base_url `{}` is a placeholder (a name reserved for examples): set the site's public address in site.yaml or with --base-url; feeds, the sitemap and canonical and share links carry it",
                self.base_url.as_str()
            ))
        } else {
            None
        }
    }
}

/// Command-line values that win over site.yaml.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// The output folder (`--output`); `output/` when unset.
    pub output: Option<PathBuf>,
    /// The site's address (`--base-url`).
    pub base_url: Option<String>,
    /// Build drafts too (`--drafts`).
    pub drafts: bool,
    /// Build articles dated after the build clock too (`--future`).
    pub future: bool,
    /// Relative links that point at files (`--relative`).
    pub relative: bool,
    /// The build clock (breaking news, the news sitemap); the real time when unset.
    pub now: Option<jiff::Timestamp>,
}

/// The validated configuration of one site.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's root folder, absolute and canonical.
    pub root: PathBuf,
    pub(crate) content_dir: PathBuf,
    pub(crate) output_dir: PathBuf,
    pub(crate) language: String,
    pub(crate) dir: TextDir,
    pub(crate) base_url: BaseUrl,
    /// True when base_url came from neither site.yaml nor the command line.
    pub(crate) base_url_is_default: bool,
    pub(crate) author: String,
    pub(crate) timezone: jiff::tz::TimeZone,
    pub(crate) date_locale: String,
    pub(crate) hijri: bool,
    pub(crate) drafts: bool,
    /// Build scheduled articles (dated after `now`) too.
    pub(crate) future: bool,
    /// Links relative to each page and pointing at files (`--relative`,
    /// `relative_urls: true`): a site that works from `file://`.
    pub(crate) relative: bool,
    /// The build clock: what "now" is for breaking news and the news sitemap.
    pub(crate) now: jiff::Timestamp,
    /// The URL slugs site.yaml's menu gives sections (folded name → slug).
    pub(crate) section_slugs: BTreeMap<String, String>,
    /// site.yaml as written: the settings used as they are.
    pub(crate) yaml: SiteYaml,
}

impl Config {
    /// The primary subtag of the site's language (`ar` for `ar-SY`).
    pub(crate) fn primary_language(&self) -> &str {
        primary_language(&self.language)
    }

    /// Whether this build makes the search page and index: `search: true`
    /// and the `search` cargo feature.
    pub fn search_on(&self) -> bool {
        self.yaml.search && cfg!(feature = "search")
    }
}

pub(crate) const DEFAULT_BASE_URL: &str = "https://example.com/";

/// Read `ROOT/site.yaml` (if present) and resolve it with the overrides.
///
/// The root is made absolute and canonical first, once, so that a relative
/// `--root .` and an absolute one behave the same everywhere (the file
/// watcher, for one, reports absolute paths).
pub fn load(root: &Path, overrides: &Overrides) -> Result<Config> {
    let root = &fsx::canonicalize(root).map_err(|e| anyhow!("site folder: {e:#}"))?;
    let path = root.join("site.yaml");
    let raw: SiteYaml = if path.exists() {
        let text = fsx::read_to_string(&path)?;
        yaml::from_str(&text).map_err(|e| match e.line {
            Some(line) => anyhow!("{}:{}: {}", path.display(), line, e.message),
            None => anyhow!("{}: {}", path.display(), e.message),
        })?
    } else {
        SiteYaml::default()
    };
    resolve(root, raw, overrides).map_err(|e| anyhow!("{}: {e:#}", path.display()))
}

pub(crate) fn resolve(root: &Path, raw: SiteYaml, overrides: &Overrides) -> Result<Config> {
    let language = raw.language.trim().to_string();
    if language.is_empty() {
        bail!("`language` must not be empty (for example `ar` or `en`)");
    }
    let date_locale = raw.date_locale.clone().unwrap_or_else(|| language.clone());
    if date_locale.parse::<icu_locale_core::Locale>().is_err() {
        bail!("`date_locale` `{date_locale}` is not a BCP 47 locale such as `ar` or `ar-SY`");
    }
    let base_url_given = overrides.base_url.clone().or(raw.base_url.clone());
    let base_url = BaseUrl::parse(base_url_given.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
    let timezone = jiff::tz::TimeZone::get(&raw.timezone).map_err(|_| {
        anyhow!(
            "`timezone` `{}` is not an IANA time zone such as `Asia/Riyadh` or `UTC`",
            raw.timezone
        )
    })?;
    if raw.per_page == 0 {
        bail!("`per_page` must be at least 1");
    }
    if raw.search_part_size == 0 {
        bail!("`search_part_size` must be at least 1 (articles per part of the search index)");
    }
    if !(1..=crate::render::SITEMAP_LIMIT).contains(&raw.sitemap_limit) {
        bail!(
            "`sitemap_limit` must be between 1 and {} (addresses per sitemap file, the protocol's most)",
            crate::render::SITEMAP_LIMIT
        );
    }
    if !(-2..=2).contains(&raw.hijri_offset) {
        bail!("`hijri_offset` must be between -2 and 2 (days)");
    }
    if raw.reading_speed == 0 {
        bail!("`reading_speed` must be at least 1 (words per minute)");
    }
    let section_slugs = check_menu(raw.menu.as_deref().unwrap_or_default())?;
    let output_dir = match &overrides.output {
        Some(o) if o.is_absolute() => o.clone(),
        Some(o) => std::env::current_dir()?.join(o),
        None => root.join("output"),
    };
    let dir = TextDir::for_language(&language);
    let primary = primary_language(&language).to_string();
    Ok(Config {
        root: root.to_path_buf(),
        content_dir: root.join("content"),
        output_dir,
        author: raw.author.clone().unwrap_or_else(|| raw.title.clone()),
        dir,
        hijri: raw.hijri.unwrap_or(primary == "ar"),
        language,
        base_url_is_default: base_url_given.is_none(),
        base_url,
        timezone,
        date_locale,
        drafts: overrides.drafts,
        future: overrides.future,
        relative: overrides.relative || raw.relative_urls,
        now: overrides.now.unwrap_or_else(jiff::Timestamp::now),
        section_slugs,
        yaml: raw,
    })
}

/// Check the menu's entries; gives the slugs it chooses for sections.
fn check_menu(menu: &[MenuEntry]) -> Result<BTreeMap<String, String>> {
    let mut slugs: BTreeMap<String, String> = BTreeMap::new();
    let mut taken = std::collections::HashSet::new();
    for (n, e) in menu.iter().enumerate() {
        let at = format!("`menu` entry {}", n + 1);
        let kinds = [e.section.is_some(), e.page.is_some(), e.url.is_some()];
        if kinds.iter().filter(|&&k| k).count() != 1 {
            bail!("{at}: give one of `section`, `page` or `url` (with `title`)");
        }
        if let Some(url) = &e.url {
            if e.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
                bail!("{at}: a link needs a `title` to show");
            }
            if !crate::content::is_safe_url(url) {
                bail!("{at}: `url` `{url}` must be an http(s) URL or a path");
            }
        }
        if e.slug.is_some() && e.section.is_none() {
            bail!("{at}: `slug` names a section's URL; this entry is no section");
        }
        if let (Some(section), Some(slug)) = (&e.section, &e.slug) {
            if crate::slug::of(SlugStyle::Unicode, slug) != *slug || slug.is_empty() {
                bail!(
                    "{at}: `slug` `{slug}` is not a slug (lower-case letters, digits and `-`, such as `politics`)"
                );
            }
            if !taken.insert(slug.clone()) {
                bail!("{at}: two sections have the slug `{slug}`");
            }
            slugs.insert(crate::arabic::name_key(section), slug.clone());
        }
    }
    Ok(slugs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(yaml_text: &str) -> Result<Config> {
        let raw: SiteYaml = yaml::from_str(yaml_text).map_err(|e| anyhow!("{}", e.message))?;
        resolve(Path::new("/site"), raw, &Overrides::default())
    }

    #[test]
    fn defaults_are_arabic_rtl() {
        let c = cfg("").unwrap();
        assert_eq!(c.language, "ar");
        assert_eq!(c.dir, TextDir::Rtl);
        assert!(c.hijri);
        assert_eq!(c.yaml.per_page, 20);
        assert!(c.base_url_is_default);
        assert!(c.base_url_warning().is_some());
        assert_eq!(c.output_dir, Path::new("/site/output"));
    }

    #[test]
    fn english_is_ltr_without_hijri() {
        let c = cfg("language: en\n").unwrap();
        assert_eq!(c.dir, TextDir::Ltr);
        assert!(!c.hijri);
    }

    #[test]
    fn base_url_path_and_join() {
        let b = BaseUrl::parse("https://host.example/sub/dir").unwrap();
        assert_eq!(b.path(), "/sub/dir/");
        assert_eq!(
            b.join("tags/داعش/"),
            "https://host.example/sub/dir/tags/%D8%AF%D8%A7%D8%B9%D8%B4/"
        );
        assert!(BaseUrl::parse("/relative").is_err());
        assert!(BaseUrl::parse("ftp://x/").is_err());
    }

    /// The appended path is the URL parser's join, for every kind of path
    /// (both ways of joining are taken below).
    #[test]
    fn a_joined_path_is_the_url_parsers() {
        let pieces = [
            "tags",
            "داعش",
            "a b",
            "\"q\"",
            "<x>",
            "`",
            "{y}",
            "é",
            "٢٠٢٤",
            "feed.xml",
            ".",
            "..",
            "%2e",
            "%D8%AF",
            "a#b",
            "c?d",
            "x:y",
            "back\\slash",
            "tab\t",
            "\u{7f}",
            "",
            "ﻻ",
            "😀",
            "~",
            "+",
            "&",
            "=",
            "'",
            "|",
            "^",
            "[z]",
            "@",
            "!",
            "$",
            ";",
            ",",
        ];
        for base in ["https://host.example/", "https://host.example/sub/dir/"] {
            let b = BaseUrl::parse(base).unwrap();
            for (i, first) in pieces.iter().enumerate() {
                for (j, second) in pieces.iter().enumerate() {
                    let trail = if (i + j) % 2 == 0 { "/" } else { "" };
                    let rel = format!("{first}/{second}{trail}");
                    let parsed = b.0.join(rel.trim_start_matches('/')).map(|u| u.to_string());
                    assert_eq!(Ok(b.join(&rel)), parsed.or(Err(())), "{base} + {rel:?}");
                }
            }
        }
    }

    #[test]
    fn placeholder_addresses() {
        for p in [
            "https://example.com/",
            "https://www.example.org/news/",
            "http://EXAMPLE.NET.",
            "https://news.example/",
            "https://site.test/",
            "https://x.invalid/",
        ] {
            assert!(BaseUrl::parse(p).unwrap().is_placeholder(), "{p}");
        }
        for real in [
            "https://news.example.co.uk/",
            "https://example.com.sa/",
            "https://aljazeera.net/",
            "https://testing.org/",
            "http://127.0.0.1:8000/",
            "http://localhost:1313/",
        ] {
            assert!(!BaseUrl::parse(real).unwrap().is_placeholder(), "{real}");
        }
    }

    #[test]
    fn bad_values_are_errors() {
        assert!(cfg("per_page: 0\n").is_err());
        assert!(cfg("timezone: Mars/Base\n").is_err());
        assert!(cfg("digits: roman\n").is_err());
        for limit in ["0", "50001"] {
            let e = cfg(&format!("sitemap_limit: {limit}\n")).unwrap_err();
            assert!(format!("{e:#}").contains("`sitemap_limit`"), "{e:#}");
        }
        assert_eq!(cfg("sitemap_limit: 7\n").unwrap().yaml.sitemap_limit, 7);
        let e = cfg("titel: x\n").unwrap_err().to_string();
        assert!(e.contains("did you mean `title`"), "{e}");
    }
}
