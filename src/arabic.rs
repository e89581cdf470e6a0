//! Arabic text helpers shared by slugs, tags and the importer.
//!
//! Takes `&str`, gives cleaned or folded `String`s: diacritics and tatweel
//! removed for display forms, and a folded key (alef forms, ة/ه, ى/ي,
//! diacritics, Persian letter forms, case) under which two spellings of the
//! same name compare equal.

use unicode_normalization::UnicodeNormalization;

pub(crate) const TATWEEL: char = '\u{0640}';

/// Arabic harakat, tanwin, shadda, sukun, superscript alef and Quranic marks.
pub(crate) fn is_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08E1}'
        | '\u{08E3}'..='\u{08FF}')
}

/// NFC, without diacritics or tatweel: the natural written form of a name.
pub(crate) fn clean(s: &str) -> String {
    s.nfc()
        .filter(|&c| c != TATWEEL && !is_diacritic(c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// NFC with tatweel removed (diacritics kept): for titles, whose vowel marks are the author's.
pub(crate) fn without_tatweel(s: &str) -> String {
    s.nfc().filter(|&c| c != TATWEEL).collect()
}

/// The key two spellings of one name share (`سياسة`, `سياسه`, ` سياسة `):
/// how tags, sections and authors are grouped, and how site.yaml names them.
pub(crate) fn name_key(name: &str) -> String {
    fold(&clean(name))
}

/// The matching key of a word or name: two spellings of one name give one key.
pub(crate) fn fold(s: &str) -> String {
    // NFKC: presentation forms and ligatures (ﻻ, ﷲ) are the letters they
    // stand for. Most text is in that form already: normalise only what is not.
    let nfc: std::borrow::Cow<str> = match unicode_normalization::is_nfkc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => std::borrow::Cow::Borrowed(s),
        _ => std::borrow::Cow::Owned(s.nfkc().collect()),
    };
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in nfc.chars() {
        if c == TATWEEL || is_diacritic(c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        let f = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
            'ة' => 'ه',
            'ى' | 'ی' | 'ې' => 'ي',
            'ک' => 'ك',
            'ۀ' | 'ە' => 'ه',
            _ => c,
        };
        if f.is_ascii() {
            out.push(f.to_ascii_lowercase());
        } else if ('\u{0600}'..='\u{06FF}').contains(&f) {
            out.push(f); // Arabic letters have no case
        } else {
            out.extend(f.to_lowercase());
        }
    }
    out
}

/// Replace Arabic-Indic (٠-٩) and Persian (۰-۹) digits by ASCII ones.
pub(crate) fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            _ => c,
        })
        .collect()
}

/// Replace ASCII digits by Arabic-Indic ones.
pub(crate) fn arabic_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32('٠' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_marks_and_tatweel() {
        assert_eq!(clean("الحَسَكـــة"), "الحسكة");
        assert_eq!(clean("  دير   الزور "), "دير الزور");
    }

    #[test]
    fn fold_unifies_spellings() {
        assert_eq!(fold("الحسكة"), fold("الحسكه"));
        assert_eq!(fold("إدلب"), fold("ادلب"));
        assert_eq!(fold("مستشفى"), fold("مستشفي"));
        assert_eq!(fold("آذار"), fold("اذار"));
        assert_eq!(fold("Syria"), fold("SYRIA"));
        assert_ne!(fold("الحسكة"), fold("الرقة"));
        assert_eq!(fold("ﻻ ﷲ"), fold("لا الله"), "presentation forms");
    }

    #[test]
    fn digits_both_ways() {
        assert_eq!(ascii_digits("١٤/٠٢/٢٠٢٤ و ۱۴۰۲"), "14/02/2024 و 1402");
        assert_eq!(arabic_digits("31 يناير 2022"), "٣١ يناير ٢٠٢٢");
    }
}
