//! The properties the fuzz targets (`fuzz/`, `cargo fuzz`) check, one
//! function per target, next to the code they exercise; compiled only for
//! fuzzing and tests. The unit tests below run each of them on the fixture
//! seeds and on every input a fuzzer ever failed on (`fuzz/regressions/`),
//! so that each finding stays fixed.

use crate::content::{self, LoadOptions, frontmatter};
use crate::highlight::Highlighter;
use crate::import::{self, dates, gazetteer::Gazetteer, seed, tags, text};
use crate::{arabic, markdown, output, sanitize, slug};
use jiff::tz::TimeZone;
use std::sync::OnceLock;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::new(&Default::default()).expect("the built-in gazetteer loads"))
}

fn highlighter() -> &'static Highlighter {
    static H: OnceLock<Highlighter> = OnceLock::new();
    H.get_or_init(Highlighter::new)
}

/// A seed, as bytes in any encoding → the seed reader, the tagger and the
/// content file the import would write → that file loaded back as an
/// article. Nothing may panic, and what the import writes always loads,
/// with the headline it was given.
pub fn seed(bytes: &[u8]) {
    if bytes.len() > import::MAX_SEED_BYTES {
        return;
    }
    let Ok((text, _encoding)) = text::decode(bytes) else {
        return;
    };
    let s = seed::parse(&text, gazetteer());
    let tags = tags::extract(&s, gazetteer());
    assert!(tags.len() <= 6, "{tags:?}");
    if s.title.is_empty() || s.blocks.is_empty() {
        return; // the import refuses it with a named error
    }
    let date = s
        .published
        .map(|d| d.date().to_string())
        .unwrap_or_else(|| "2024-01-01".to_string());
    let fm = import::front_matter(
        &s,
        gazetteer(),
        "fuzz.txt",
        &import::seed_hash(bytes),
        date,
        "line",
        &TimeZone::UTC,
    );
    let md = import::to_markdown(&fm, &s.blocks).expect("front matter serialises");
    let opts = LoadOptions {
        timezone: &TimeZone::UTC,
        drafts: false,
        reading_speed: 200,
        html_budget: crate::content::HTML_BUDGET,
        markdown: markdown::Context::plain(),
    };
    let article = content::parse_article("fuzz.md", &md, &opts, highlighter())
        .unwrap_or_else(|e| panic!("the import wrote a file that does not load: {e:?}\n{md}"));
    let wanted = arabic::without_tatweel(
        s.title
            .replace(
                |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r'),
                "",
            )
            .trim(),
    );
    assert_eq!(
        article.title, wanted,
        "the title survives the round trip\n{md}"
    );
}

/// Any text → every date reader of the import and the front-matter date
/// parser. Nothing may panic; whatever parses prints and parses back to the
/// same instant.
pub fn dates(text: &str) {
    for found in dates::full_dates(text) {
        let _ = format!("{found:?}");
    }
    let _ = dates::date_line(text);
    let _ = dates::publication_weekday(text);
    let _ = dates::stated_today(text);
    let _ = dates::in_url(text);
    for tz in [TimeZone::UTC, TimeZone::fixed(jiff::tz::offset(3))] {
        if let Ok(z) = content::parse_date(text, &tz) {
            // Whatever parses prints and parses back to the same instant.
            let again = content::parse_date(&z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(), &tz)
                .expect("a printed date parses");
            assert_eq!(
                again.timestamp(),
                z.timestamp().round(jiff::Unit::Second).unwrap()
            );
        }
    }
}

/// Any text as a content file → front matter split and parsed → the whole
/// article validated and its Markdown rendered. Nothing may panic; an
/// error always has a message.
pub fn front_matter(text: &str) {
    if let Ok(split) = frontmatter::split(text) {
        let _ = frontmatter::parse(&split);
    }
    let opts = LoadOptions {
        timezone: &TimeZone::UTC,
        drafts: true,
        reading_speed: 200,
        html_budget: crate::content::HTML_BUDGET,
        markdown: markdown::Context::plain(),
    };
    match content::parse_article("fuzz.md", text, &opts, highlighter()) {
        Ok(a) => assert!(!a.title.trim().is_empty()),
        Err(e) => assert!(!e.message.is_empty()),
    }
}

/// The tags of an HTML text (its escaped text cannot open one).
fn html_tags(html: &str) -> impl Iterator<Item = &str> {
    html.split('<')
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(t, _)| t))
}

/// The attributes of the inside of a tag (`a href="x" class=y`), as a
/// browser reads them: names lower-cased, values unquoted.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let rest = tag.trim_start_matches(|c: char| !c.is_whitespace() && c != '/');
    let mut chars = rest.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
        let mut name = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=' && *c != '/') {
            name.push(c);
        }
        if name.is_empty() {
            break;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            match chars.peek() {
                Some(&q) if q == '"' || q == '\'' => {
                    chars.next();
                    value.extend(chars.by_ref().take_while(|&c| c != q));
                }
                _ => {
                    while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                        value.push(c);
                    }
                }
            }
        }
        attrs.push((name.to_lowercase(), value));
    }
    attrs
}

/// Numeric character references and the named ones that can hide a
/// scheme (`&#106;avascript&colon;`), decoded as a browser would.
fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
        {
            u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
        } else if let Some(num) = name.strip_prefix('#') {
            num.parse().ok().and_then(char::from_u32)
        } else {
            match name {
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What a page must never carry: a script element, an event handler, or an
/// address that runs script. Panics with the HTML when it does.
fn assert_no_script(html: &str) {
    for tag in html_tags(html) {
        assert!(!tag.to_lowercase().starts_with("script"), "{html}");
        for (name, value) in attributes(tag) {
            assert!(!name.starts_with("on"), "`{name}` in {html}");
            if matches!(
                name.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href"
            ) {
                // Browsers ignore whitespace and controls inside the scheme.
                let scheme: String = decode_entities(&value)
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .take(11)
                    .collect::<String>()
                    .to_lowercase();
                assert!(
                    !scheme.starts_with("javascript:"),
                    "`{name}={value}` in {html}"
                );
            }
        }
    }
}

/// Any text as an article body → Markdown with highlighting and the HTML
/// cleaner. Nothing may panic, and no script, event handler or
/// `javascript:` address reaches the page.
pub fn markdown(text: &str) {
    let out = markdown::render(text, highlighter(), &markdown::Context::plain());
    assert_no_script(&out.html);
    let _ = sanitize::findings(text);
    assert_no_script(&sanitize::clean(text));
}

/// Any text as a title or tag → slugs and Arabic folding. Nothing may
/// panic, a slug never leaves its folder, and a slug is its own slug.
pub fn slug(text: &str) {
    for s in [slug::unicode(text), slug::ascii(text)] {
        assert!(s.len() <= slug::MAX_BYTES, "{s:?}");
        assert!(!s.contains(['/', '\\', '\0']), "{s:?}");
        assert!(s != "." && s != "..", "{s:?}");
        if !s.is_empty() {
            assert_eq!(
                output::unsafe_reason(&format!("a/{s}/index.html")),
                None,
                "{s:?}"
            );
        }
        // A slug is its own slug: links made twice agree.
        assert_eq!(slug::unicode(&s), s, "{s:?}");
    }
    let _ = arabic::fold(text);
    let _ = arabic::clean(text);
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Every file of `dir` (none when it does not exist).
    fn inputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| {
                (
                    e.path().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// Each target on what its fuzzer once failed on, and on real text.
    #[test]
    fn the_script_check_sees_hidden_schemes() {
        for bad in [
            "<a href=\"javascript:x\">",
            "<a HREF=' jAvAsCrIpT:x'>",
            "<a href=&#106;avascript&colon;x>",
            "<img src=\"java\tscript:x\">",
            "<p onclick=\"x\">",
            "<script>",
        ] {
            assert!(
                std::panic::catch_unwind(|| super::assert_no_script(bad)).is_err(),
                "{bad}"
            );
        }
        super::assert_no_script("<code class=\"language-javascript:\">on x</code><a href=\"/x\">");
    }

    #[test]
    fn every_fuzz_finding_stays_fixed() {
        let regressions = root().join("fuzz/regressions");
        let mut ran = 0;
        for target in ["seed", "dates", "front_matter", "markdown", "slug"] {
            for (name, bytes) in inputs(&regressions.join(target)) {
                eprintln!("{target}: {name}");
                let text = String::from_utf8_lossy(&bytes);
                match target {
                    "seed" => super::seed(&bytes),
                    "dates" => super::dates(&text),
                    "front_matter" => super::front_matter(&text),
                    "markdown" => super::markdown(&text),
                    _ => super::slug(&text),
                }
                ran += 1;
            }
        }
        assert!(ran >= 2, "the regression inputs are there");
    }

    #[test]
    fn the_properties_hold_on_the_fixture_seeds_and_articles() {
        let mut seeds = inputs(&root().join("tests/fixtures/pages"));
        seeds.extend(inputs(&root().join("seeds")));
        assert!(seeds.len() > 5);
        for (_, bytes) in &seeds {
            super::seed(bytes);
            let text = String::from_utf8_lossy(bytes);
            for line in text.lines().take(40) {
                super::dates(line);
                super::slug(line);
            }
        }
        let articles = walkdir::WalkDir::new(root().join("tests/fixtures"))
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"));
        for e in articles {
            let text = std::fs::read_to_string(e.path()).unwrap();
            super::front_matter(&text);
            super::markdown(&text);
        }
    }
}
