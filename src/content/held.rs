//! A body's HTML while a build holds it, between the parse that rendered it
//! and the pages that show it (its article page, a full-text feed, its
//! search record).
//!
//! Takes the HTML [`super::parse_article`] rendered; gives it back whole.
//! [`super::load`] packs the bodies it keeps (LZ4 through `lz4_flex`: news
//! HTML in Arabic packs to about two fifths, and unpacks at gigabytes a
//! second), so that a cold build of 10,000 articles holds about 30 MB of
//! bodies, not 80, and the budget of held bodies covers two and a half
//! times as many articles before they must be rendered again.

use std::borrow::Cow;

/// A body's HTML as it was rendered, or packed.
#[derive(Clone)]
pub(crate) enum Held {
    /// As rendered: an article parsed for one page (serve's edit of one
    /// article, a body rendered again), never held long.
    Plain(String),
    /// Packed, with its length in front.
    Packed(Box<[u8]>),
}

impl Held {
    /// `html`, packed.
    pub(crate) fn pack(html: &str) -> Held {
        Held::Packed(lz4_flex::compress_prepend_size(html.as_bytes()).into_boxed_slice())
    }

    /// The bytes it holds.
    pub(crate) fn size(&self) -> usize {
        match self {
            Held::Plain(s) => s.len(),
            Held::Packed(b) => b.len(),
        }
    }

    /// Packed, if it is not.
    pub(crate) fn packed(self) -> Held {
        match self {
            Held::Plain(s) => Held::pack(&s),
            packed => packed,
        }
    }

    /// The HTML: `None` only if the packed bytes are damaged (they never
    /// leave the process, so only a bug could do that), and then the
    /// caller renders the body again.
    pub(crate) fn html(&self) -> Option<Cow<'_, str>> {
        match self {
            Held::Plain(s) => Some(Cow::Borrowed(s)),
            Held::Packed(b) => {
                let bytes = lz4_flex::decompress_size_prepended(b).ok()?;
                String::from_utf8(bytes).ok().map(Cow::Owned)
            }
        }
    }
}

impl Held {
    /// The HTML, owned: [`Held::html`] without a copy of a plain one.
    pub(crate) fn into_html(self) -> Option<String> {
        match self {
            Held::Plain(s) => Some(s),
            packed => packed.html().map(Cow::into_owned),
        }
    }
}

impl std::fmt::Debug for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Held::Plain(s) => write!(f, "Plain({} bytes)", s.len()),
            Held::Packed(b) => write!(f, "Packed({} bytes)", b.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Held;

    #[test]
    fn packed_html_comes_back_whole_and_smaller() {
        let html = "<p>أعلنت وزارة الصحة اليوم عن خطة جديدة لتطوير المستشفيات في المحافظات.</p>\n"
            .repeat(40);
        let held = Held::pack(&html);
        assert!(
            held.size() < html.len() / 2,
            "{} of {}",
            held.size(),
            html.len()
        );
        assert_eq!(held.html().unwrap(), html);
        assert_eq!(Held::Plain(html.clone()).packed().html().unwrap(), html);
        assert_eq!(held.into_html().unwrap(), html);
        assert_eq!(Held::pack("").html().unwrap(), "");
    }

    #[test]
    fn damaged_packed_bytes_are_no_html_and_no_panic() {
        let Held::Packed(mut bytes) = Held::pack(&"<p>نص</p>".repeat(100)) else {
            unreachable!()
        };
        // A length short of what the bytes unpack to, then bytes cut short.
        bytes[..4].copy_from_slice(&1u32.to_le_bytes());
        assert!(Held::Packed(bytes.clone()).html().is_none());
        assert!(
            Held::Packed(bytes[..bytes.len() / 2].into())
                .html()
                .is_none()
        );
        assert!(Held::Packed(Box::new([])).html().is_none());
    }
}
