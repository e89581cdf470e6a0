//! Video and posts: a YouTube, Vimeo or X (Twitter) address alone in a
//! paragraph becomes an embed that loads nothing from the third party until
//! the reader asks for it.
//!
//! Takes a URL (and the link's text, when the paragraph was a link); gives
//! the [`Embed`] it names, if any, and its facade: a `<figure>` holding a
//! plain link to the video or post, with a play mark and the title. Without
//! JavaScript it is that link; the theme's `site.js` turns a click (or
//! Enter) on it into the player (`youtube-nocookie.com`,
//! `player.vimeo.com` with `dnt=1`, `platform.twitter.com`), building the
//! player's address from the provider and the id it reads back from the
//! link, never from anything else in the page. No poster image is fetched:
//! a page makes no request to a third party before the reader clicks.

use url::Url;

/// Who hosts what the address points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Provider {
    YouTube,
    Vimeo,
    X,
}

impl Provider {
    /// The class the facade carries (`embed-youtube`…), which `site.js` reads.
    fn class(self) -> &'static str {
        match self {
            Provider::YouTube => "youtube",
            Provider::Vimeo => "vimeo",
            Provider::X => "x",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Provider::YouTube => "YouTube",
            Provider::Vimeo => "Vimeo",
            Provider::X => "X",
        }
    }
}

/// A video or a post, by its provider and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Embed {
    pub(crate) provider: Provider,
    /// The video's or post's id: `[A-Za-z0-9_-]{11}` on YouTube, digits
    /// on Vimeo and X.
    pub(crate) id: String,
    /// The address the facade links to (the provider's own page).
    pub(crate) url: String,
}

fn digits(s: &str) -> Option<String> {
    (!s.is_empty() && s.len() <= 25 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.to_string())
}

fn youtube_id(s: &str) -> Option<String> {
    (s.len() == 11
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then(|| s.to_string())
}

/// The video or post an address names, if it names one.
pub(crate) fn of(address: &str) -> Option<Embed> {
    let u = Url::parse(address.trim()).ok()?;
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    let host = u
        .host_str()?
        .trim_start_matches("www.")
        .trim_start_matches("m.");
    let segs: Vec<&str> = u.path_segments()?.filter(|s| !s.is_empty()).collect();
    let (provider, id) = match host {
        "youtube.com" | "youtube-nocookie.com" => {
            let id = match segs.as_slice() {
                ["watch"] => u
                    .query_pairs()
                    .find(|(k, _)| k == "v")
                    .and_then(|(_, v)| youtube_id(&v))?,
                ["shorts" | "embed" | "live", id] => youtube_id(id)?,
                _ => return None,
            };
            (Provider::YouTube, id)
        }
        "youtu.be" => match segs.as_slice() {
            [id] => (Provider::YouTube, youtube_id(id)?),
            _ => return None,
        },
        "vimeo.com" | "player.vimeo.com" => match segs.as_slice() {
            [id] | ["video", id] => (Provider::Vimeo, digits(id)?),
            _ => return None,
        },
        "x.com" | "twitter.com" | "mobile.twitter.com" => match segs.as_slice() {
            [_, "status" | "statuses", id] | [_, "status" | "statuses", id, ..] => {
                (Provider::X, digits(id)?)
            }
            _ => return None,
        },
        _ => return None,
    };
    let url = match provider {
        Provider::YouTube => format!("https://www.youtube.com/watch?v={id}"),
        Provider::Vimeo => format!("https://vimeo.com/{id}"),
        Provider::X => format!("https://x.com/i/status/{id}"),
    };
    Some(Embed { provider, id, url })
}

/// The facade of `embed`: a figure with a plain link to it. `title` is the
/// link's text when the paragraph was a link; otherwise the address shows.
pub(crate) fn facade(embed: &Embed, title: Option<&str>) -> String {
    let esc = |s: &str| {
        let mut out = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut out, s);
        out
    };
    let title = title.map(str::trim).filter(|t| !t.is_empty());
    // An address reads left to right whatever the page's direction.
    let (shown, dir) = match title {
        Some(t) => (t.to_string(), ""),
        None => (
            embed.url.trim_start_matches("https://").to_string(),
            " dir=\"ltr\"",
        ),
    };
    let kind = embed.provider.class();
    format!(
        "<figure class=\"embed embed-{kind}\"><a class=\"embed-open\" href=\"{url}\" rel=\"noopener\"><span class=\"embed-play\" aria-hidden=\"true\"></span><span class=\"embed-title\"{dir}>{title}</span> <span class=\"embed-provider\">{provider}</span></a></figure>\n",
        url = esc(&embed.url),
        title = esc(&shown),
        provider = embed.provider.name(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_videos_and_posts() {
        for (address, provider, id) in [
            (
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                Provider::YouTube,
                "dQw4w9WgXcQ",
            ),
            (
                "https://youtube.com/watch?feature=x&v=dQw4w9WgXcQ",
                Provider::YouTube,
                "dQw4w9WgXcQ",
            ),
            (
                "https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=42",
                Provider::YouTube,
                "dQw4w9WgXcQ",
            ),
            (
                "https://youtu.be/dQw4w9WgXcQ?si=abc",
                Provider::YouTube,
                "dQw4w9WgXcQ",
            ),
            (
                "https://www.youtube.com/shorts/dQw4w9WgXcQ",
                Provider::YouTube,
                "dQw4w9WgXcQ",
            ),
            ("https://vimeo.com/76979871", Provider::Vimeo, "76979871"),
            (
                "https://player.vimeo.com/video/76979871",
                Provider::Vimeo,
                "76979871",
            ),
            (
                "https://x.com/AJArabic/status/1790000000000000000",
                Provider::X,
                "1790000000000000000",
            ),
            (
                "https://twitter.com/AJArabic/status/1790000000000000000?s=20",
                Provider::X,
                "1790000000000000000",
            ),
        ] {
            let e = of(address).unwrap_or_else(|| panic!("{address}"));
            assert_eq!((e.provider, e.id.as_str()), (provider, id), "{address}");
        }
    }

    #[test]
    fn other_addresses_are_no_embed() {
        for address in [
            "https://www.youtube.com/",
            "https://www.youtube.com/watch?v=short",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ\"><script>",
            "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
            "https://vimeo.com/channels/staffpicks",
            "https://x.com/AJArabic",
            "https://x.com/AJArabic/status/12ab",
            "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
            "ftp://youtu.be/dQw4w9WgXcQ",
            "نص عادي",
        ] {
            assert_eq!(of(address), None, "{address}");
        }
    }

    #[test]
    fn the_facade_is_a_plain_link_and_escapes_the_title() {
        let e = of("https://youtu.be/dQw4w9WgXcQ").unwrap();
        let html = facade(&e, Some("<b>مؤتمر</b> & بيان"));
        assert!(html.contains(r#"href="https://www.youtube.com/watch?v=dQw4w9WgXcQ""#));
        assert!(
            html.contains("&lt;b&gt;مؤتمر&lt;/b&gt; &amp; بيان"),
            "{html}"
        );
        assert!(
            !html.contains("<iframe") && !html.contains("<img"),
            "nothing loads"
        );
        let bare = facade(&e, None);
        assert!(
            bare.contains(
                r#"<span class="embed-title" dir="ltr">www.youtube.com/watch?v=dQw4w9WgXcQ<"#
            ),
            "{bare}"
        );
    }
}
