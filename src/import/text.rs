//! Seed text: bytes → clean Unicode lines, and plain text → safe Markdown.
//!
//! Takes the raw bytes of a seed; gives NFC text with `\n` line ends, or the
//! reason it cannot be read (empty, only whitespace, binary, undecodable).
//! UTF-8 with or without BOM, UTF-16 with BOM and legacy Windows-1256 are
//! read (encoding_rs; chardetng guesses legacy encodings). Also escapes
//! plain text so Markdown shows it exactly as written.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1256};
use unicode_normalization::UnicodeNormalization;

/// Decode a seed. The error is the reason, for a message naming the file.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    let (text, encoding) = if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(format!("not valid {} text", enc.name()));
        }
        (text.into_owned(), enc.name())
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), UTF_8.name())
    } else {
        if bytes.contains(&0) {
            return Err("binary data, not text".into());
        }
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        let guess = det.guess(Some(b"sa"), chardetng::Utf8Detection::Deny);
        // Arabic legacy text is Windows-1256 in practice; ISO-8859-6 guesses
        // are read as 1256 too (a superset for the Arabic letters).
        let enc = if guess == encoding_rs::ISO_8859_6 {
            WINDOWS_1256
        } else {
            guess
        };
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if had_errors || !text.chars().any(is_arabic_letter) && enc != WINDOWS_1256 {
            return Err("not UTF-8, and not a legacy Arabic encoding either".into());
        }
        (text.into_owned(), enc.name())
    };
    if text.contains('\0')
        || text
            .chars()
            .filter(|c| c.is_control() && !c.is_whitespace())
            .count()
            > text.len() / 100 + 2
    {
        return Err("binary data, not text".into());
    }
    if text.trim().is_empty() {
        return Err("the file has only whitespace".into());
    }
    // A few stray control characters (a scraper's leftovers) are dropped:
    // they are no text, and would reach titles and feeds.
    let text: String = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .nfc()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n'))
        .collect();
    Ok((text, encoding))
}

/// Is this [`decode`] error a seed with nothing in it (empty, or only
/// whitespace), rather than one that cannot be read?
pub(crate) fn is_empty_reason(reason: &str) -> bool {
    reason == "the file is empty" || reason == "the file has only whitespace"
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
}

/// Escape `text` (one paragraph, one line) so that Markdown renders exactly it:
/// no emphasis, links, HTML, entities, or block markers at the line start.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '{' | '}' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // Block markers only matter at the start of the line.
    let first = out.chars().next();
    if matches!(first, Some('-' | '+' | '=')) {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        let rest = &out[digits..];
        if rest.starts_with('.') || rest.starts_with(')') {
            out.insert(digits, '\\');
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlight::Highlighter;
    use crate::markdown;

    #[test]
    fn stray_control_characters_are_dropped() {
        let (t, _) = decode("\u{11}عنوان\u{7}\tنص\r\n".as_bytes()).unwrap();
        assert_eq!(t, "عنوان\tنص\n");
    }

    #[test]
    fn utf8_bom_crlf() {
        let (t, enc) = decode("\u{feff}سطر\r\nثان\r\n".as_bytes()).unwrap();
        assert_eq!(t, "سطر\nثان\n");
        assert_eq!(enc, "UTF-8");
    }

    #[test]
    fn windows_1256_is_detected() {
        let text = "دعوة لتحرك دولي في الحسكة بعد إحباط مخطط لعودة داعش\n\nناشدت قوات سوريا الديمقراطية المجتمع الدولي للمساعدة.";
        let (bytes, _, _) = WINDOWS_1256.encode(text);
        assert!(std::str::from_utf8(&bytes).is_err());
        let (t, enc) = decode(&bytes).unwrap();
        assert_eq!(t, text);
        assert_eq!(enc, "windows-1256");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "خبر".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().0, "خبر");
    }

    #[test]
    fn bad_inputs_have_reasons() {
        assert_eq!(decode(b"").unwrap_err(), "the file is empty");
        assert_eq!(
            decode(b" \n\t\n").unwrap_err(),
            "the file has only whitespace"
        );
        assert_eq!(
            decode(&[0x89, b'P', b'N', b'G', 0, 0, 0xff, 0xfe, 0]).unwrap_err(),
            "binary data, not text"
        );
        assert!(decode(&[b'a', 0, b'b']).is_err());
    }

    #[test]
    fn nfc() {
        let nfd = "e\u{301}";
        assert_eq!(decode(nfd.as_bytes()).unwrap().0, "é");
    }

    #[test]
    fn escaped_text_renders_as_written() {
        let hl = Highlighter::new();
        for line in [
            "# ليس عنواناً",
            "* ليست قائمة",
            "- ولا هذه",
            "> ولا اقتباس",
            "1. ولا قائمة مرقمة",
            "[رابط](http://x) و _مائل_ و <b>وسم</b> و {{ site.title }} و &amp; و `كود` و a|b",
            "نص \\ بشرطة مائلة",
        ] {
            let html =
                markdown::render(&escape_markdown(line), &hl, &markdown::Context::plain()).html;
            let text = html
                .trim()
                .strip_prefix("<p>")
                .and_then(|s| s.strip_suffix("</p>"))
                .unwrap_or_else(|| panic!("{line:?} gave {html:?}"));
            let unescaped = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            assert_eq!(unescaped, line);
        }
    }
}
