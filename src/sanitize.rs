//! Raw HTML in articles: what may pass, what is removed (ammonia).
//!
//! Takes the HTML of an article body whose Markdown carried raw HTML; gives
//! it back with only what articles need: text structure (headings,
//! paragraphs, lists, quotes, tables, figures, `details`), phrasing
//! (`sup`, `sub`, `mark`, `time`…), `dir`/`lang`/`id`/`class`, images and
//! links with http(s), mailto, tel or relative addresses, and `text-align`
//! on table cells. Scripts, `on…` handlers, `javascript:` and `data:`
//! addresses, iframes, objects, forms and styles are removed. [`findings`]
//! says what a raw fragment would lose, for `mujaz check`. A site opts out
//! with `unsafe_html: true`.

use std::collections::HashSet;
use std::sync::OnceLock;

fn builder() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class", "dir"])
            .add_tag_attributes("img", ["loading", "decoding"])
            .add_tag_attributes("td", ["colspan", "rowspan", "style"])
            .add_tag_attributes("th", ["colspan", "rowspan", "style", "scope"])
            .add_tag_attributes("ol", ["start", "reversed"])
            .add_tag_attributes("time", ["datetime"])
            .add_tags(["section", "aside"])
            .filter_style_properties(HashSet::from(["text-align"]))
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .link_rel(None)
            .id_prefix(None);
        b
    })
}

/// The body HTML with everything unsafe removed.
pub(crate) fn clean(html: &str) -> String {
    builder().clean(html).to_string()
}

/// Tags whose content goes with them.
const DROPPED_WITH_CONTENT: &[&str] = &["script", "style", "iframe", "object", "embed", "template"];

/// What cleaning would remove from one raw HTML fragment of an article:
/// "the `<script>` element", "the `onclick` attribute of `<a>`", "the
/// `javascript:` address of `<a href>`". Empty when it passes as written.
pub(crate) fn findings(fragment: &str) -> Vec<String> {
    let b = builder();
    let allowed_tags = b.clone_tags();
    let generic = b.clone_generic_attributes();
    let per_tag = b.clone_tag_attributes();
    let mut out = Vec::new();
    for tag in tags_in(fragment) {
        let name = tag.name.as_str();
        if !allowed_tags.contains(name) {
            let what = if DROPPED_WITH_CONTENT.contains(&name) {
                "element and its content"
            } else {
                "tag (its text is kept)"
            };
            out.push(format!("the `<{name}>` {what}"));
            continue;
        }
        for (attr, value) in &tag.attrs {
            let ok_name = generic.contains(attr.as_str())
                || per_tag.get(name).is_some_and(|s| s.contains(attr.as_str()));
            if !ok_name {
                out.push(format!("the `{attr}` attribute of `<{name}>`"));
            } else if matches!(attr.as_str(), "href" | "src") && !safe_url(value) {
                let scheme = value.split(':').next().unwrap_or_default().trim();
                out.push(format!("the `{scheme}:` address of `<{name} {attr}>`"));
            }
        }
    }
    out
}

fn safe_url(v: &str) -> bool {
    let v: String = v
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match v.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
        _ => true, // relative
    }
}

struct RawTag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// Opening tags of a fragment, with their attributes (a small reader for
/// reports; cleaning itself is ammonia's, on a real HTML parser).
fn tags_in(s: &str) -> Vec<RawTag> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || i + 1 >= b.len() || !b[i + 1].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        let name = s[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let a = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = s[a..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let v = j + 1;
                    j = v;
                    while j < b.len() && b[j] != q {
                        j += 1;
                    }
                    value = s[v..j.min(b.len())].to_string();
                    j += 1;
                } else {
                    let v = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = s[v..j].to_string();
                }
            }
            if !attr.is_empty() {
                attrs.push((attr, value));
            }
        }
        out.push(RawTag { name, attrs });
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_dangerous_addresses_go() {
        let dirty = r#"<p dir="ltr" onclick="steal()">نص <a href="javascript:alert(1)">رابط</a> <a href="https://x.example/">آمن</a></p><script>alert(1)</script><iframe src="https://evil.example"></iframe><img src="data:text/html;base64,xx" onerror="x()"><details><summary>المزيد</summary>تفاصيل</details><table><tr><td style="text-align: center; color: red">خلية</td></tr></table>"#;
        let clean = clean(dirty);
        for gone in [
            "script",
            "onclick",
            "javascript:",
            "iframe",
            "onerror",
            "data:",
            "color",
        ] {
            assert!(!clean.contains(gone), "{gone} left in {clean}");
        }
        for kept in [
            "dir=\"ltr\"",
            "href=\"https://x.example/\"",
            "<details>",
            "<summary>",
            "text-align:center",
            "نص",
        ] {
            assert!(clean.contains(kept), "{kept} lost from {clean}");
        }
    }

    #[test]
    fn findings_name_what_goes() {
        let f = findings(
            r#"<a href="javascript:x()" onclick="y()">z</a><script>q</script><iframe src="x"></iframe><sup>1</sup>"#,
        );
        assert!(
            f.contains(&"the `onclick` attribute of `<a>`".to_string()),
            "{f:?}"
        );
        assert!(
            f.contains(&"the `javascript:` address of `<a href>`".to_string()),
            "{f:?}"
        );
        assert!(
            f.contains(&"the `<script>` element and its content".to_string()),
            "{f:?}"
        );
        assert!(
            f.contains(&"the `<iframe>` element and its content".to_string()),
            "{f:?}"
        );
        assert!(
            findings("<figure><img src=\"/a.jpg\" alt=\"x\"><figcaption>y</figcaption></figure>")
                .is_empty()
        );
    }
}
