//! Markdown → HTML with pulldown-cmark.
//!
//! Takes an article's Markdown body; gives [`Rendered`]: the HTML, the word
//! count, the links it makes and a plain-text lede.
//! Tables, footnotes, strikethrough and heading attributes are on. Heading
//! ids keep Arabic letters (`## تفاصيل` → `id="تفاصيل"`); fenced code goes
//! through [`Highlighter`] and is `dir="ltr"`; tables get a scroll wrapper
//! so a wide table never scrolls the page; `javascript:`-style URLs are
//! neutralised; root-relative links get the site's base path (so content
//! links work under a sub-path too); images load lazily, and an image file
//! of the site becomes a `<picture>` of its renditions ([`crate::photos`])
//! with its width and height (no layout shift); one that is not there is
//! an error on its line.

use crate::highlight::Highlighter;
use crate::photos::{self, Photo};
use crate::slug;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::Arc;

/// One rendered body. Everything but the HTML and the photos themselves is
/// kept in the content cache ([`crate::content::cache`]).
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Rendered {
    #[serde(skip)]
    pub html: String,
    pub words: usize,
    /// Link and image destinations, as written (`check` tells a broken
    /// link of the article from one of the theme by them).
    pub links: Vec<String>,
    /// Images without alt text (their destinations).
    pub images_without_alt: Vec<String>,
    /// Plain text of the first paragraph.
    pub lede: String,
    pub has_code: bool,
    /// Raw HTML the sanitiser took out: (line of the body, what).
    pub removed_html: Vec<(usize, String)>,
    /// Code blocks shown plain because they were over the highlighting
    /// budget, and why.
    pub plain_code: Vec<String>,
    /// The site's image files the body shows.
    #[serde(skip)]
    pub photos: Vec<Arc<Photo>>,
    /// The destinations they were found from, as written (one each).
    pub photo_srcs: Vec<String>,
    /// Images that name a file of the site that cannot be used: (line of
    /// the body, why).
    pub image_errors: Vec<(usize, String)>,
}

/// What rendering needs from the site.
#[derive(Clone, Copy)]
pub(crate) struct Context<'a> {
    /// The site's path prefix, like `/` or `/news/`.
    pub base_path: &'a str,
    /// The site's photos; `None` where no image file is looked for.
    pub photos: Option<&'a photos::Library>,
    /// The content file rendered (relative to `content/`): images are
    /// found beside it.
    pub doc: &'a str,
    /// Pass raw HTML through as written (`unsafe_html: true`) instead of
    /// cleaning it ([`crate::sanitize`]).
    pub unsafe_html: bool,
}

/// `sizes` of an image in an article's body: the text column, or the screen.
pub(crate) const BODY_SIZES: &str = "(min-width: 46rem) 46rem, 100vw";

#[cfg(any(test, fuzzing))]
impl Context<'static> {
    /// A site at the root with no image files: for tests and snippets.
    pub(crate) fn plain() -> Context<'static> {
        Context {
            base_path: "/",
            photos: None,
            doc: "",
            unsafe_html: false,
        }
    }
}

/// `/x/` → `/news/x/` under a sub-path; other links as they are.
fn with_base(url: &str, base_path: &str) -> String {
    match url.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') && base_path != "/" => format!("{base_path}{rest}"),
        _ => url.to_string(),
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Schemes that run code when followed; such links are rendered as `#`.
fn is_dangerous_url(url: &str) -> bool {
    let lowered: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:text", "data:appl"]
        .iter()
        .any(|s| lowered.starts_with(s))
}

/// The line of a byte offset, counted from the last offset asked for (the
/// parser's events come in order), so that a body with many images or
/// tags costs one pass over its text, not one per event.
struct Lines<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line (from 1) of byte `offset`.
    fn at(&mut self, offset: usize) -> usize {
        if offset < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        let offset = offset.min(self.text.len());
        self.line += self.text.as_bytes()[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

/// Render one Markdown body.
pub(crate) fn render(md: &str, hl: &Highlighter, cx: &Context<'_>) -> Rendered {
    let mut out = Rendered::default();
    let mut raw_html = false;
    let mut events: Vec<Event> = Vec::new();
    // The line of each image, in order.
    let mut image_lines = std::collections::VecDeque::new();
    let mut lines = Lines::new(md);
    for (ev, range) in Parser::new_ext(md, options()).into_offset_iter() {
        if let Event::Start(Tag::Image { .. }) = &ev {
            image_lines.push_back(lines.at(range.start));
        }
        if let Event::Html(h) | Event::InlineHtml(h) = &ev {
            raw_html = true;
            if !cx.unsafe_html {
                let line = lines.at(range.start);
                for what in crate::sanitize::findings(h) {
                    out.removed_html.push((line, what));
                }
            }
        }
        events.push(ev);
    }
    assign_heading_ids(&mut events);
    let events = embeds(events, &mut out.links);

    let mut result: Vec<Event> = Vec::with_capacity(events.len());
    let mut code: Option<(Option<String>, String)> = None;
    let mut in_para = 0usize;
    let mut first_para_done = false;
    let mut image_depth = 0usize;
    let mut image_alt = String::new();
    // (address as written, with the base path, title, line)
    let mut image: Option<(String, String, String, usize)> = None;
    for ev in events {
        if let Some((_, buf)) = code.as_mut() {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().unwrap_or_default();
                    out.has_code = true;
                    let class = lang
                        .as_deref()
                        .map(|l| format!(" class=\"language-{}\"", escape_attr(l)))
                        .unwrap_or_default();
                    let h = hl.highlight_within(
                        &text,
                        lang.as_deref(),
                        crate::highlight::MAX_BLOCK_TIME,
                    );
                    if let Some(why) = h.plain_because {
                        out.plain_code.push(why);
                    }
                    let inner = h.html;
                    result.push(Event::Html(CowStr::from(format!(
                        "<pre class=\"code\" dir=\"ltr\"><code{class}>{inner}</code></pre>\n"
                    ))));
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    // The language is the info string's first word
                    // (any whitespace ends it, tabs included).
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Table(a)) => {
                result.push(Event::Html("<div class=\"table-wrap\">".into()));
                result.push(Event::Start(Tag::Table(a)));
            }
            Event::End(TagEnd::Table) => {
                result.push(Event::End(TagEnd::Table));
                result.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Paragraph) => {
                in_para += 1;
                result.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                in_para = in_para.saturating_sub(1);
                if !out.lede.is_empty() {
                    first_para_done = true;
                }
                result.push(Event::End(TagEnd::Paragraph));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if is_dangerous_url(&dest_url) {
                    CowStr::from("#")
                } else {
                    CowStr::from(with_base(&dest_url, cx.base_path))
                };
                out.links.push(dest_url.to_string());
                result.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let src = if is_dangerous_url(&dest_url) {
                    String::from("#")
                } else {
                    with_base(&dest_url, cx.base_path)
                };
                out.links.push(src.clone());
                image_depth += 1;
                image_alt.clear();
                let line = image_lines.pop_front().unwrap_or(1);
                image = Some((dest_url.to_string(), src, title.to_string(), line));
            }
            Event::End(TagEnd::Image) => {
                image_depth = image_depth.saturating_sub(1);
                let (written, src, title, line) = image.take().unwrap_or_default();
                if image_alt.trim().is_empty() {
                    out.images_without_alt.push(src.clone());
                }
                let alt = escape_attr(image_alt.trim());
                let title = escape_attr(&title);
                let found = match cx.photos {
                    Some(lib) if src != "#" => lib.find(cx.doc, &written),
                    _ => None,
                };
                let html = match found {
                    Some(Ok(photo)) => {
                        let url_of = |p: &str| crate::paths::url(cx.base_path, p);
                        let html = photo.html(&url_of, &alt, &title, BODY_SIZES, false);
                        if !out.photos.iter().any(|p| Arc::ptr_eq(p, &photo)) {
                            out.photos.push(photo);
                            out.photo_srcs.push(written.clone());
                        }
                        html
                    }
                    other => {
                        if let Some(Err(why)) = other {
                            out.image_errors.push((line, why));
                        }
                        let title = if title.is_empty() {
                            String::new()
                        } else {
                            format!(" title=\"{title}\"")
                        };
                        format!(
                            "<img src=\"{}\" alt=\"{alt}\"{title} loading=\"lazy\" decoding=\"async\">",
                            escape_attr(&src)
                        )
                    }
                };
                result.push(Event::Html(CowStr::from(html)));
            }
            _ if image_depth > 0 => {
                // Alt text: its words count, its markup does not render.
                if let Event::Text(t) | Event::Code(t) = &ev {
                    out.words += t.split_whitespace().count();
                    image_alt.push_str(t);
                }
            }
            Event::Text(t) => {
                out.words += t.split_whitespace().count();
                if in_para > 0 && !first_para_done {
                    out.lede.push_str(&t);
                }
                result.push(Event::Text(t));
            }
            Event::Code(t) => {
                out.words += t.split_whitespace().count();
                if in_para > 0 && !first_para_done {
                    out.lede.push_str(&t);
                }
                result.push(Event::Code(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_para > 0 && !first_para_done && !out.lede.is_empty() {
                    out.lede.push(' ');
                }
                result.push(ev);
            }
            other => result.push(other),
        }
    }
    out.html.reserve(md.len() + md.len() / 4);
    pulldown_cmark::html::push_html(&mut out.html, result.into_iter());
    // Raw HTML from the Markdown is cleaned (with the HTML made here, which
    // the cleaning keeps as it is).
    if raw_html && !cx.unsafe_html {
        out.html = crate::sanitize::clean(&out.html);
    }
    out.lede = out.lede.split_whitespace().collect::<Vec<_>>().join(" ");
    out
}

/// A paragraph that is only the address of a video or a post (bare, or a
/// link whose text is its title) becomes its facade ([`crate::embed`]).
fn embeds<'a>(events: Vec<Event<'a>>, links: &mut Vec<String>) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Paragraph) = events[i]
            && let Some(len) = events[i + 1..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        {
            let inner = &events[i + 1..i + 1 + len];
            let text = |evs: &[Event]| -> Option<String> {
                evs.iter()
                    .map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect()
            };
            let found = match inner {
                [
                    Event::Start(Tag::Link { dest_url, .. }),
                    rest @ ..,
                    Event::End(TagEnd::Link),
                ] => text(rest)
                    .and_then(|title| crate::embed::of(dest_url).map(|e| (e, Some(title)))),
                _ => text(inner)
                    .and_then(|t| crate::embed::of(&t))
                    .map(|e| (e, None)),
            };
            if let Some((embed, title)) = found {
                links.push(embed.url.clone());
                let title = title.filter(|t| crate::embed::of(t).is_none());
                out.push(Event::Html(CowStr::from(crate::embed::facade(
                    &embed,
                    title.as_deref(),
                ))));
                i += len + 2;
                continue;
            }
        }
        out.push(events[i].clone());
        i += 1;
    }
    out
}

/// Give every heading an id: its own `{#id}` if written, else a slug of its
/// text that keeps Arabic letters; repeats get `-1`, `-2`.
fn assign_heading_ids(events: &mut [Event]) {
    let mut seen: HashSet<String> = HashSet::new();
    // The next suffix to try for each base: repeats cost one step each, not
    // one step per earlier repeat (16,000 equal headings stay linear).
    let mut next: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[i] {
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() {
                match &events[j] {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| {
                let s = slug::unicode(&text);
                if s.is_empty() { "section".into() } else { s }
            });
            let mut candidate = base.clone();
            if !seen.insert(candidate.clone()) {
                let n = next.entry(base.clone()).or_insert(1);
                loop {
                    candidate = format!("{base}-{n}");
                    *n += 1;
                    if seen.insert(candidate.clone()) {
                        break;
                    }
                }
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(candidate));
            }
            i = j;
        }
        i += 1;
    }
}

fn escape_attr(s: &str) -> String {
    let mut out = String::new();
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn many_equal_headings_stay_linear() {
        let md = "## عنوان\n\nنص.\n\n".repeat(16_000);
        let out = render(&md, &Highlighter::new(), &Context::plain());
        assert_eq!(out.html.matches("<h2 id=").count(), 16_000);
        assert!(out.html.contains("<h2 id=\"عنوان-15999\">"));
        // An explicit id that a later suffix would take is skipped over.
        let out = render(
            "## أ\n\n## ب {#أ-1}\n\n## أ\n\n## أ\n",
            &Highlighter::new(),
            &Context::plain(),
        );
        let ids: Vec<&str> = out
            .html
            .split("<h2 id=\"")
            .skip(1)
            .filter_map(|h| h.split('"').next())
            .collect();
        assert_eq!(ids, ["أ", "أ-1", "أ-2", "أ-3"]);
    }

    #[test]
    fn code_over_the_budget_is_plain_and_says_why() {
        let long_line = format!("```rust\nlet x = \"{}\";\n```\n", "a".repeat(10_000));
        let out = render(&long_line, &Highlighter::new(), &Context::plain());
        assert_eq!(out.plain_code.len(), 1, "{:?}", out.plain_code);
        assert!(out.plain_code[0].contains("line over 4 KiB"));
        assert!(out.html.contains("<pre class=\"code\""));
        let ok = render(
            "```rust\nfn main() {}\n```\n",
            &Highlighter::new(),
            &Context::plain(),
        );
        assert!(ok.plain_code.is_empty());
        assert!(ok.html.contains("hl-"));
    }

    use super::*;

    fn r(md: &str) -> Rendered {
        render(md, &Highlighter::new(), &Context::plain())
    }

    #[test]
    fn a_video_alone_in_a_paragraph_is_a_facade() {
        let out = r(
            "قبل.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42\n\n[كلمة الوزير](https://youtu.be/dQw4w9WgXcQ)\n\nبعد.\n",
        );
        assert_eq!(
            out.html
                .matches("<figure class=\"embed embed-youtube\">")
                .count(),
            2,
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<span class=\"embed-title\">كلمة الوزير</span>")
        );
        assert!(!out.html.contains("<iframe") && !out.html.contains("ytimg"));
        assert!(out.html.contains("<p>قبل.</p>") && out.html.contains("<p>بعد.</p>"));
    }

    #[test]
    fn an_address_in_a_sentence_stays_a_link() {
        let out = r(
            "شاهد [الفيديو](https://youtu.be/dQw4w9WgXcQ) هنا.\n\nhttps://example.com/watch?v=dQw4w9WgXcQ\n",
        );
        assert!(!out.html.contains("embed"), "{}", out.html);
    }

    #[test]
    fn a_facade_survives_the_cleaning_of_raw_html() {
        let out =
            r("<b onclick=\"x()\">عاجل</b>\n\nhttps://x.com/AJArabic/status/1790000000000000000\n");
        assert!(
            out.html.contains("<figure class=\"embed embed-x\">"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("href=\"https://x.com/i/status/1790000000000000000\""),
            "{}",
            out.html
        );
        assert!(!out.html.contains("onclick"));
    }

    #[test]
    fn site_images_become_pictures_and_missing_ones_errors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        image::RgbImage::from_fn(640, 480, |x, y| image::Rgb([x as u8, y as u8, 90]))
            .save(root.join("static/a.png"))
            .unwrap();
        let lib = crate::photos::Library::at(root, root.join("content"), vec![root.join("static")]);
        let cx = Context {
            base_path: "/news/",
            photos: Some(&lib),
            doc: "a/b.md",
            unsafe_html: false,
        };
        let out = render(
            "![صورة *جميلة*](/a.png \"t\") [x](/tags/y/) [z](//cdn.example/x)\n\n![](b.png) ![](https://cdn.example/c.jpg)\n",
            &Highlighter::new(),
            &cx,
        );
        // A file of the site: its renditions, in WebP and JPEG (no
        // transparency), with the photo's size, lazy.
        let html = &out.html;
        assert!(
            html.contains("<picture><source type=\"image/webp\" srcset=\"/news/img/"),
            "{html}"
        );
        assert!(html.contains("/a-400.webp 400w, /news/img/"), "{html}");
        assert!(html.contains("/a-640.jpg 640w\" sizes="), "{html}");
        assert!(
            html.contains(" alt=\"صورة جميلة\" title=\"t\" width=\"640\" height=\"480\" loading=\"lazy\" decoding=\"async\"></picture>"),
            "{html}"
        );
        assert_eq!(out.photos.len(), 1);
        assert!(html.contains("href=\"/news/tags/y/\""));
        assert!(html.contains("href=\"//cdn.example/x\""));
        // A missing file is an error on its line; another site's image is
        // left as it is.
        assert_eq!(out.image_errors.len(), 1, "{:?}", out.image_errors);
        assert_eq!(out.image_errors[0].0, 3);
        assert!(
            out.image_errors[0].1.contains("content/a/b.png"),
            "{:?}",
            out.image_errors
        );
        assert!(html.contains("<img src=\"https://cdn.example/c.jpg\" alt=\"\" loading=\"lazy\""));
        assert_eq!(
            out.images_without_alt,
            ["b.png", "https://cdn.example/c.jpg"]
        );
    }

    #[test]
    fn lines_of_offsets_in_order_and_back() {
        let mut lines = Lines::new("a\nb\n\nc");
        assert_eq!(lines.at(0), 1);
        assert_eq!(lines.at(2), 2);
        assert_eq!(lines.at(5), 4);
        assert_eq!(lines.at(1), 1, "an earlier offset counts again");
        assert_eq!(lines.at(99), 4);
    }

    #[test]
    fn arabic_heading_ids() {
        let out = r("## تفاصيل الخبر\n\ntext\n\n## تفاصيل الخبر\n\n## Custom {#my-id}\n");
        assert!(
            out.html.contains("<h2 id=\"تفاصيل-الخبر\">"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<h2 id=\"تفاصيل-الخبر-1\">"));
        assert!(out.html.contains("<h2 id=\"my-id\">"));
    }

    // Found by `cargo fuzz run markdown`: a tab did not end the language.
    #[test]
    fn the_language_is_the_first_word_of_the_info_string() {
        for fence in [
            "```python\tjavascript: x\n",
            "```python title=x\n",
            "```python,linenos\n",
        ] {
            let out = r(&format!("{fence}x = 1\n```\n"));
            assert!(
                out.html.contains("<code class=\"language-python\">"),
                "{}",
                out.html
            );
        }
    }

    #[test]
    fn code_is_ltr_and_highlighted() {
        let out = r("```rust\nfn main() {}\n```\n");
        assert!(out.has_code);
        assert!(
            out.html
                .contains("<pre class=\"code\" dir=\"ltr\"><code class=\"language-rust\">")
        );
        assert!(out.html.contains("hl-"));
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let out = r("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ note[^1]\n\n[^1]: foot\n");
        assert!(out.html.contains("<div class=\"table-wrap\"><table>"));
        assert!(out.html.contains("<del>x</del>"));
        assert!(out.html.contains("footnote"));
    }

    #[test]
    fn words_lede_links() {
        let out = r("أول فقرة هنا\nتكملة.\n\nثانية [رابط](/x/ \"t\") ![](/a.png)\n");
        assert_eq!(out.lede, "أول فقرة هنا تكملة.");
        assert_eq!(out.words, 6);
        assert_eq!(out.links, ["/x/", "/a.png"]);
        assert_eq!(out.images_without_alt, ["/a.png"]);
    }

    #[test]
    fn dangerous_links_are_neutralised() {
        let out = r("[x](javascript:alert(1)) [y]( JaVaScRiPt:alert(1))\n");
        assert!(
            !out.html.to_lowercase().contains("javascript:"),
            "{}",
            out.html
        );
    }
}
