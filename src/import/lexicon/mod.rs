//! The vocabulary of news-page furniture, and what one line of a page is.
//!
//! Takes one trimmed line of a seed; gives its [`Class`]: a marker that
//! opens a part of the page that is not the article (related articles,
//! comments, keywords, footers, sidebar widgets), a piece of page furniture
//! to drop where it stands (menus, breadcrumbs, weather and prayer-time
//! widgets, market tickers, ad labels, text-size and share controls,
//! bylines and photo credits, copyright lines, URLs and file names,
//! interface words in another script), or text. The lists are the words
//! Arabic news sites print around their articles, not any one site's: each
//! entry is matched on the folded line (see [`arabic::fold`]) as the whole
//! line or its opening words, never inside a sentence.

mod words;

use crate::arabic;
use words::{CLUTTER, CLUTTER_MORE, MARKERS, PRAYERS, TICKER, VIEWS};

/// A part of a page that is not the article, opened by a marker line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// Other articles: "أخبار ذات صلة", "شاهد أيضاً", "في نفس السياق"…
    Related,
    /// "اقرأ أيضاً": titles the article points to (kept as `read_also`).
    ReadAlso,
    /// Sidebar lists: "الأكثر قراءة", "آخر الأخبار", "عاجل"…
    Widget,
    /// "تعليقات", "أضف تعليق"…
    Comments,
    /// The article's keywords: "الوسوم", "كلمات مفتاحية", "تصنيفات"…
    Keywords,
    /// Copyright, "تابعونا", "زر الذهاب إلى الأعلى", "مصدر الخبر"…
    Footer,
}

impl Zone {
    pub fn name(self) -> &'static str {
        match self {
            Zone::Related => "related articles",
            Zone::ReadAlso => "read also",
            Zone::Widget => "page widget",
            Zone::Comments => "comments",
            Zone::Keywords => "keywords",
            Zone::Footer => "footer",
        }
    }
}

/// What one line of a seed is, before its place in the page is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Class {
    Blank,
    /// Opens a zone; `rest` is what follows the marker on the same line
    /// ("اقرأ أيضاً: عنوان", "الوسوم: سوريا، الحسكة").
    Marker {
        zone: Zone,
        rest: String,
    },
    /// Page furniture, dropped where it stands; the reason is for `--explain`.
    Clutter(&'static str),
    Text,
}

/// The script a page is written in, to tell its text from interface words
/// in another script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    Arabic,
    Latin,
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

fn is_latin(c: char) -> bool {
    c.is_alphabetic() && (c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c))
}

/// The main script of a text: the script of most of its letters.
pub(crate) fn main_script(text: &str) -> Script {
    let (mut ar, mut la) = (0usize, 0usize);
    for c in text.chars() {
        if is_arabic(c) && c.is_alphabetic() {
            ar += 1;
        } else if is_latin(c) {
            la += 1;
        }
    }
    if la > ar {
        Script::Latin
    } else {
        Script::Arabic
    }
}

/// Letters of `line` in the page's script, and in any other script.
fn letters(line: &str, script: Script) -> (usize, usize) {
    let (mut own, mut other) = (0, 0);
    for c in line.chars().filter(|c| c.is_alphabetic()) {
        let mine = match script {
            Script::Arabic => is_arabic(c),
            Script::Latin => is_latin(c),
        };
        if mine { own += 1 } else { other += 1 }
    }
    (own, other)
}

pub(crate) fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// The folded line without the punctuation that decorates labels.
fn label(line: &str) -> String {
    let f = arabic::fold(line);
    f.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ':' | '-'
                    | '–'
                    | '—'
                    | '|'
                    | '.'
                    | '•'
                    | '*'
                    | '»'
                    | '«'
                    | '>'
                    | '<'
                    | '#'
                    | '!'
                    | '…'
            )
    })
    .to_string()
}

/// Does `line` open with `phrase` (folded) as whole words? Gives what follows.
fn opens_with<'a>(folded: &'a str, phrase: &'static str) -> Option<&'a str> {
    thread_local! {
        // The lists are fixed: each phrase is folded once.
        static FOLDED: std::cell::RefCell<std::collections::HashMap<&'static str, String>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    let rest = FOLDED.with(|cache| {
        let mut cache = cache.borrow_mut();
        let p = cache.entry(phrase).or_insert_with(|| arabic::fold(phrase));
        folded.strip_prefix(p.as_str()).map(|r| r.len())
    })?;
    let rest = &folded[folded.len() - rest..];
    match rest.chars().next() {
        None => Some(""),
        Some(c) if c.is_alphanumeric() => None,
        Some(_) => Some(rest),
    }
}

/// A marker line: the zone it opens and what follows the marker on the line.
pub(crate) fn marker(line: &str) -> Option<(Zone, String)> {
    let folded = label(line);
    if folded.is_empty() || words(line) > 14 {
        return None;
    }
    for (zone, phrases) in MARKERS {
        for phrase in *phrases {
            let Some(rest) = opens_with(&folded, phrase) else {
                continue;
            };
            let rest_t = rest.trim_start();
            if rest_t.is_empty() {
                return Some((*zone, String::new()));
            }
            // "اقرأ أيضاً: عنوان", "الوسوم: a، b", "مصدر الخبر - …": a colon
            // or dash ties the rest to the marker. "الأكثر رواجا Trending":
            // a translation of the label in another script.
            let sep = rest_t.starts_with([':', '-', '–', '—', '|', '»']);
            // "جميع الحقوق محفوظة لموقع …", "تابعونا على فيسبوك": the rest is theirs.
            let owned = *zone == Zone::Footer && (p_is_rights(phrase) || p_is_follow(phrase));
            let foreign = rest_t.chars().all(|c| !is_arabic(c)) && words(rest_t) <= 2;
            if owned || sep || (foreign && !rest_t.chars().any(|c| c.is_ascii_digit())) {
                let tail = original_tail(line, rest_t);
                return Some((*zone, tail));
            }
        }
    }
    None
}

fn p_is_rights(phrase: &str) -> bool {
    phrase.contains("حقوق") || phrase.contains("rights") || phrase == "copyright"
}

fn p_is_follow(phrase: &str) -> bool {
    phrase.starts_with("تابع")
}

/// The part of the original line that `folded_rest` (a tail of the folded
/// line) stands for, without the separator in front.
fn original_tail(line: &str, folded_rest: &str) -> String {
    let n = folded_rest.chars().filter(|c| !c.is_whitespace()).count();
    // Walk back from the end of the original line over the same number of
    // non-space characters (folding keeps one character per letter).
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut seen = 0;
    let mut start = line.len();
    for &(i, c) in chars.iter().rev() {
        if arabic::is_diacritic(c) || c == arabic::TATWEEL {
            continue;
        }
        if !c.is_whitespace() {
            if seen == n {
                break;
            }
            seen += 1;
        }
        start = i;
    }
    line[start..]
        .trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '|' | '»')
        })
        .trim()
        .to_string()
}

/// Is `line` page furniture? Gives the reason.
pub(crate) fn clutter(line: &str, script: Script) -> Option<&'static str> {
    let t = line.trim();
    let n = words(t);
    let folded = label(t);
    if folded.is_empty() || !t.chars().any(char::is_alphanumeric) {
        return Some("punctuation only");
    }
    if t.chars().all(|c| !c.is_alphabetic()) && n <= 3 && !t.contains(':') {
        return Some("a number alone (a counter)");
    }
    if t.contains('°')
        || t.contains('℃')
        || folded.contains("weather")
        || folded.contains("طقس") && n <= 4
    {
        return Some("weather widget");
    }
    if t.starts_with("[ad") || t.starts_with("[/ad") {
        return Some("ad placeholder");
    }
    if t.contains('©')
        || folded.starts_with("copyright")
        || (n <= 4
            && ["حقوق النشر", "حقوق الطبع", "حقوق الصورة"]
                .iter()
                .any(|p| opens_with(&folded, p).is_some()))
    {
        return Some("copyright line");
    }
    if is_url_or_file(t) {
        return Some("URL or file name");
    }
    if n <= 20
        && [
            "مرحبا بك في",
            "مرحبا بكم في",
            "أهلا بك في",
            "أهلا بكم في",
            "welcome to",
        ]
        .iter()
        .any(|p| opens_with(&folded, p).is_some())
    {
        return Some("welcome banner");
    }
    if n <= 12
        && [
            "هل أعجبك",
            "أعجبك الموضوع",
            "أعجبك الخبر",
            "شاركه مع",
            "شاركها مع",
            "لا تنس مشاركة",
            "شارك هذا الخبر",
        ]
        .iter()
        .any(|p| opens_with(&folded, p).is_some())
    {
        return Some("share prompt");
    }
    if n <= 6 {
        let toks: Vec<String> = folded.split_whitespace().map(str::to_string).collect();
        let has_number = t
            .chars()
            .any(|c| c.is_ascii_digit() || ('٠'..='٩').contains(&c));
        if has_number && toks.iter().any(|w| TICKER.contains(&w.as_str())) && n <= 4 {
            return Some("market ticker");
        }
        if toks.iter().any(|w| PRAYERS.contains(&w.as_str())) && t.contains(':') && n <= 3 {
            return Some("prayer times");
        }
        // "1234 مشاهدة": a counter.
        if toks.len() == 2
            && toks[0].chars().all(|c| c.is_ascii_digit())
            && VIEWS.iter().any(|p| arabic::fold(p) == toks[1])
        {
            return Some("view counter");
        }
        for (reason, phrases) in CLUTTER.iter().chain(CLUTTER_MORE) {
            for p in *phrases {
                let Some(rest) = opens_with(&folded, p) else {
                    continue;
                };
                let rest = rest.trim_start();
                // The phrase alone, or a label with its value ("بقلم: فلان",
                // "تصوير - فلان"), or a short byline ("بقلم فلان"), or a row
                // of such controls ("ت + ت - الحجم الطبيعي", "شارك هذا المقال
                // Close Button").
                let labelled = rest.starts_with([':', '-', '–', '|', '/']);
                let byline = *reason == "byline" && n <= 4 && !rest.is_empty();
                if rest.is_empty() || labelled || byline || only_controls(rest, script) {
                    return Some(reason);
                }
            }
        }
    }
    // Interface words in another script than the page's ("Newsletter",
    // "Google News'te … abone olun", "jo24_banner").
    let (own, other) = letters(t, script);
    if other > 0 && other >= own * 2 && n <= 12 {
        return Some("interface words in another script");
    }
    // A menu in two languages: three or more words of another script
    // standing alone between the page's words, and no punctuation.
    let foreign_words = t
        .split_whitespace()
        .filter(|w| {
            let (o, x) = letters(w, script);
            x > 0 && o == 0
        })
        .count();
    if foreign_words >= 3 && n <= 12 && !t.chars().any(|c| matches!(c, '.' | '،' | ',' | ':' | '؛'))
    {
        return Some("menu");
    }
    if t.contains('_') && !t.contains(' ') {
        return Some("an identifier (banner or widget name)");
    }
    None
}

/// Is `rest` (folded) nothing but more furniture phrases, symbols, and
/// words in another script than the page's?
fn only_controls(rest: &str, script: Script) -> bool {
    let mut rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
    'outer: while !rest.is_empty() {
        for (reason, phrases) in CLUTTER.iter().chain(CLUTTER_MORE) {
            if *reason == "byline" {
                continue;
            }
            for p in *phrases {
                if let Some(r) = opens_with(rest, p) {
                    rest = r.trim_start_matches(|c: char| !c.is_alphanumeric());
                    continue 'outer;
                }
            }
        }
        // A word in another script ("Close Button" after an Arabic label).
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (own, other) = letters(&rest[..word_end], script);
        if other > 0 && own == 0 {
            rest = rest[word_end..].trim_start_matches(|c: char| !c.is_alphanumeric());
            continue;
        }
        return false;
    }
    true
}

/// A line that is only a URL, a domain or a file name.
pub(crate) fn is_url_or_file(t: &str) -> bool {
    if t.contains(char::is_whitespace) {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || [
            ".jpg", ".jpeg", ".png", ".gif", ".webp", ".jfif", ".avif", ".svg", ".mp4", ".pdf",
        ]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Classify one trimmed line of a page written in `script`.
pub(crate) fn classify(line: &str, script: Script) -> Class {
    if line.trim().is_empty() {
        return Class::Blank;
    }
    if let Some((zone, rest)) = marker(line) {
        return Class::Marker { zone, rest };
    }
    match clutter(line, script) {
        Some(reason) => Class::Clutter(reason),
        None => Class::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(line: &str) -> Class {
        classify(line, Script::Arabic)
    }

    fn zone(line: &str) -> Option<Zone> {
        match c(line) {
            Class::Marker { zone, .. } => Some(zone),
            _ => None,
        }
    }

    fn junk(line: &str) -> bool {
        matches!(c(line), Class::Clutter(_))
    }

    #[test]
    fn markers_open_zones() {
        assert_eq!(zone("أخبار ذات صلة"), Some(Zone::Related));
        assert_eq!(zone("مواضيع ذات صلة"), Some(Zone::Related));
        assert_eq!(zone("في نفس السياق"), Some(Zone::Related));
        assert_eq!(zone("شاهد أيضًا"), Some(Zone::Related));
        assert_eq!(zone("الأكثر مشاهدة"), Some(Zone::Widget));
        assert_eq!(zone("الأكثر رواجا Trending"), Some(Zone::Widget));
        assert_eq!(zone("اخر الاخبار"), Some(Zone::Widget));
        assert_eq!(zone("عاجل:"), Some(Zone::Widget));
        assert_eq!(zone("تعليقات الفيسبوك"), Some(Zone::Comments));
        assert_eq!(zone("اترك تعليقاً"), Some(Zone::Comments));
        assert_eq!(zone("كلمات مفتاح"), Some(Zone::Keywords));
        assert_eq!(
            zone("جميع الحقوق محفوظة لموقع المثال © 2024"),
            Some(Zone::Footer)
        );
        assert_eq!(zone("تابعونا على"), Some(Zone::Footer));
        assert_eq!(zone("رابط دائم :"), Some(Zone::Footer));
        assert_eq!(
            marker("اقرأ أيضاً: عنوان مقال آخر"),
            Some((Zone::ReadAlso, "عنوان مقال آخر".to_string()))
        );
        assert_eq!(
            marker("كلمات البحث :الصحة;تونس"),
            Some((Zone::Keywords, "الصحة;تونس".to_string()))
        );
        assert_eq!(
            marker("الوسوم: سوريا، الحسكة"),
            Some((Zone::Keywords, "سوريا، الحسكة".to_string()))
        );
        // Not markers: the words inside a sentence or a headline.
        assert_eq!(zone("عاجل الوزارة تعلن عن قرارات جديدة"), None);
        assert_eq!(zone("تعليقات الوزير أثارت جدلاً واسعاً في البرلمان"), None);
        assert_eq!(zone("تصنيفات الجامعات العالمية صدرت اليوم"), None);
        assert_eq!(zone("مواضيع الساعة في مجلس الأمن"), None);
    }

    #[test]
    fn furniture_is_dropped() {
        for line in [
            "22° القدس",
            "34°C",
            "4.65 جنيه إسترليني",
            "DOLAR 34.55",
            "حجم الخط",
            "ت + ت - الحجم الطبيعي",
            "A+ A-",
            "شارك هذا المقال محادثة",
            "شارك هذا المقال Close Button",
            "بقلم",
            "بقلم: فلان الفلاني",
            "كاتب المقال La rédaction",
            "طاقم الخليج تايمز",
            "إعلان",
            "[ad_1]",
            "No Image",
            "مرر للأسفل للمزيد",
            "https://example.com/x",
            "5f18de5a4c59b772f0106041.jfif",
            "View on Example.net",
            "Newsletter الرسالة الإخبارية Events الأحداث البودكاست Podcasts",
            "jo24_banner",
            "4",
            "1234 مشاهدة",
            "مرحبا بك في موقع الأخبار لتطلع على آخر الأحداث",
            "الفجر 04:12",
            "Weather Data Source: weather today",
            "logo",
            "...",
        ] {
            assert!(junk(line), "{line} should be clutter: {:?}", c(line));
        }
        for line in [
            "المغرب",
            "أعلنت الحكومة المغربية اليوم عن خطة جديدة لدعم الفلاحين.",
            "شرطة العاصمة",
            "الكويت - وكالات",
            "وقال المتحدث إن الدولار ارتفع أمام الجنيه بنسبة 3 في المئة خلال الأسبوع.",
            "كتب التاريخ صفحة جديدة في العلاقات بين البلدين اليوم",
            "وقع شركة Siemens وTotalEnergies اتفاقاً جديداً للطاقة الشمسية",
        ] {
            assert_eq!(c(line), Class::Text, "{line}");
        }
    }

    #[test]
    fn scripts() {
        assert_eq!(
            main_script("خبر عربي طويل فيه كلمات كثيرة with a few words"),
            Script::Arabic
        );
        assert_eq!(main_script("An English article, with عربي"), Script::Latin);
        // On an English page, English is text and Arabic words are not.
        assert_eq!(
            classify(
                "The minister said on Monday that talks would resume.",
                Script::Latin
            ),
            Class::Text
        );
    }
}
