//! The header of an article: its headline, by evidence, with its captions
//! and reading time.
//!
//! Takes the [`Page`] and its [`Layout`]; gives the headline (the line of
//! the header zone that best fits the evidence: it repeats, it shares its
//! words with the lead, it stands next to the body, it has a headline's
//! length), without site suffixes, and the comparable stems and keys of
//! lines that other stages match headlines with. Datelines are read in
//! [`super::dateline`].

use crate::arabic;
use crate::import::dateline;
use crate::import::dates;
use crate::import::gazetteer::{Gazetteer, fold_tokens, prefix_variants};
use crate::import::lexicon;
use crate::import::page::{self, Line, Page};
use std::collections::HashSet;

/// The content words of a text, reduced to a comparable stem (clinging
/// prefixes and the article off), without function words.
pub(crate) fn stems(text: &str) -> Vec<String> {
    fold_tokens(text)
        .into_iter()
        .filter_map(|w| {
            let w = prefix_variants(&w).pop().unwrap_or(w);
            let w = w
                .strip_prefix("ال")
                .filter(|r| r.chars().count() >= 2)
                .map(str::to_string)
                .unwrap_or(w);
            (w.chars().count() >= 3 && !is_function_word(&w) && !w.chars().all(|c| c.is_numeric()))
                .then_some(w)
        })
        .collect()
}

/// Function words, reporting verbs and time words (folded, prefixes off).
pub(crate) fn is_function_word(w: &str) -> bool {
    FUNCTION_WORDS.contains(&w) || stop_words_ar().contains(w)
}

fn stop_words_ar() -> &'static HashSet<String> {
    static SET: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        stop_words::get("ar")
            .iter()
            .map(|w| {
                let f = arabic::fold(w);
                f.strip_prefix("ال").map(str::to_string).unwrap_or(f)
            })
            .collect()
    })
}

const FUNCTION_WORDS: &[&str] = &[
    "الذي",
    "التي",
    "الذين",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "هناك",
    "حيث",
    "بين",
    "خلال",
    "منذ",
    "عند",
    "حتي",
    "بعد",
    "قبل",
    "ضمن",
    "حول",
    "لدي",
    "عبر",
    "نحو",
    "دون",
    "غير",
    "كل",
    "بعض",
    "اكثر",
    "اقل",
    "ايضا",
    "كما",
    "لكن",
    "لان",
    "الذي",
    "فيما",
    "بينما",
    "وقد",
    "قد",
    "كان",
    "كانت",
    "يكون",
    "تكون",
    "اليوم",
    "امس",
    "غدا",
    "يوم",
    "عام",
    "العام",
    "قال",
    "قالت",
    "اكد",
    "اكدت",
    "اضاف",
    "اضافت",
    "اشار",
    "اشارت",
    "اعلن",
    "اعلنت",
    "اوضح",
    "اوضحت",
    "ذكر",
    "ذكرت",
    "وفق",
    "وفقا",
    "بحسب",
    "حسب",
    "حسبما",
    "عدد",
    "اطار",
    "جانب",
    "الي",
    "علي",
];

/// The chosen headline: its line, its text (a split first fragment
/// joined), and the line of that fragment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Headline {
    pub line: usize,
    pub text: String,
    pub fragment: Option<usize>,
}

/// Normalised text for comparing lines: folded, punctuation and spaces off.
pub(crate) fn key(text: &str) -> String {
    arabic::fold(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Is `line` a repeat of the headline `h`: the same text, or the headline
/// with a few glued or prefixed words (a caption glued to it, the site's
/// name before it)?
pub(crate) fn repeats(line: &str, h: &str) -> bool {
    repeats_keyed(line, &key(line), h, &key(h))
}

/// [`repeats`] with the keys of both lines already made.
pub(crate) fn repeats_keyed(line: &str, lk: &str, h: &str, hk: &str) -> bool {
    if lk == hk {
        return true;
    }
    if hk.chars().count() < 8 || !lk.contains(hk) {
        return false;
    }
    let line = clean_title(line);
    let h = clean_title(h);
    // The headline with a caption glued to it, no space between
    // ("…مقتل شخصينالأمطار في جدة").
    if let Some(rest) = line.strip_prefix(h.as_str()) {
        let glued = rest.chars().next().is_some_and(|c| c.is_alphanumeric());
        let site = rest.trim_start().starts_with(['-', '|', '–']) && lexicon::words(rest) <= 5;
        return (glued && lexicon::words(rest) <= 5) || site;
    }
    // The site's name before it ("الموقع - …", "الموقع | …").
    if let Some(before) = line.strip_suffix(h.as_str()) {
        let before = before.trim_end();
        return before.ends_with(['-', '|', '–', ':']) && lexicon::words(before) <= 5;
    }
    false
}

/// A photo caption with its credit after a comma or a dash ("…، وكالات",
/// "… - رويترز").
fn credited(line: &str, gaz: &Gazetteer) -> bool {
    line.rsplit_once(['،', ',', '-', '–', '|'])
        .is_some_and(|(_, credit)| gaz.is_agency(credit.trim()))
}

/// A line that may be a headline: text of a headline's length, not a date,
/// a byline, a caption or a dateline.
fn candidate(line: &Line) -> bool {
    let n = line.words();
    line.is_text()
        && (3..=32).contains(&n)
        && line.date_line().is_none()
        && caption(&line.text).is_none()
        && !line.text.contains(" » ")
        && !line.text.contains(" > ")
        && !line.text.contains(" / ")
        && page::list_item(&line.text).is_none()
}

/// Shaped like a headline though it stands where the body starts: one
/// sentence of 4 to 20 words that does not end with a full stop or a colon.
fn title_shaped(line: &Line) -> bool {
    let t = line.text.trim_end();
    line.is_text()
        && (4..=20).contains(&line.words())
        && !t.ends_with(['.', ':', '،', ',', '…'])
        && page::sentence_stops(t.trim_end_matches(['؟', '?', '!'])) == 0
}

/// Choose the headline among the header lines.
pub(crate) fn headline(page: &Page, gaz: &Gazetteer) -> Option<Headline> {
    let lines = &page.lines;
    let header = page.layout.header.clone();
    let body = page.layout.body.clone();
    // The first line of the body may be the headline itself (a question,
    // a headline long enough to read as a sentence).
    let promoted = (body.len() >= 2 && title_shaped(&lines[body.start])).then_some(body.start);
    let lead: HashSet<String> = lines[body.clone()]
        .iter()
        .enumerate()
        .filter(|(k, l)| Some(body.start + k) != promoted && page::sentence_like(l))
        .take(2)
        .flat_map(|(_, l)| stems(&l.text))
        .collect();
    let keys: Vec<String> = lines.iter().map(|l| key(&l.text)).collect();
    let mut best: Option<(f64, usize)> = None;
    for i in header.clone().chain(promoted) {
        let l = &lines[i];
        if !candidate(l)
            || dateline::own_dateline(&l.text, gaz, true).is_some()
            || credited(&l.text, gaz)
        {
            continue;
        }
        // A repeat of an earlier candidate (or a glued variant) is not a candidate itself.
        if header.clone().take_while(|&j| j < i).any(|j| {
            candidate(&lines[j]) && repeats_keyed(&l.text, &keys[i], &lines[j].text, &keys[j])
        }) {
            continue;
        }
        let repeated = lines
            .iter()
            .enumerate()
            .filter(|&(j, o)| j != i && repeats_keyed(&o.text, &keys[j], &l.text, &keys[i]))
            .count();
        let s = stems(&l.text);
        // The share of its words the lead repeats, trusted less on a line of
        // one or two content words.
        let overlap = if s.is_empty() {
            0.0
        } else {
            let share = s.iter().filter(|w| lead.contains(*w)).count() as f64 / s.len() as f64;
            share * (s.len() as f64 / 4.0).min(1.0)
        };
        // Lines between it and the body that are not stamps, repeats,
        // furniture or the article's own highlights.
        let between = (i + 1..header.end)
            .filter(|&j| {
                let o = &lines[j];
                o.is_text()
                    && !repeats_keyed(&o.text, &keys[j], &l.text, &keys[i])
                    && o.date_line().is_none()
                    && caption(&o.text).is_none()
                    && page::list_item(&o.text).is_none()
            })
            .count();
        // A headline stands right above its date stamp.
        let rep = |j: usize| repeats_keyed(&lines[j].text, &keys[j], &l.text, &keys[i]);
        let stamped = (i + 1..lines.len())
            .take_while(|&j| !lines[j].is_text() || rep(j))
            .chain((i + 1..lines.len()).find(|&j| lines[j].is_text() && !rep(j)))
            .any(|j| lines[j].words() <= 14 && lines[j].date_line().is_some());
        let n = l.words();
        // Headlines run to five words or more; three or four is a label's length.
        let length = match n {
            5..=20 => 1.0,
            4 => -0.4,
            3 => -1.2,
            _ => 0.6,
        };
        let mut score = 4.0 * overlap
            + if repeated > 0 { 1.5 } else { 0.0 }
            + if stamped { 0.8 } else { 0.0 }
            + 1.2 / (1.0 + between as f64)
            + 0.5 * length;
        // A headline does not end with a full stop or a "to be continued" mark…
        if l.text.trim_end().ends_with(['.', '…']) {
            score -= 0.6;
        }
        // …and it stands next to its date stamp (above or below it).
        let above = {
            // The nearest line above that is not a split-off fragment, and
            // the one above it (a date may be broken over the two).
            let mut k = i;
            while k > header.start && lines[k - 1].words() <= 2 && !lines[k].blank_before {
                k -= 1;
            }
            let dated = |t: &str| dates::date_line(t).is_some_and(|d| d.date.is_some());
            k > header.start
                && lines[k - 1].words() <= 14
                && (dated(&lines[k - 1].text)
                    || (k - 1 > header.start
                        && !lines[k - 1].blank_before
                        && dated(&format!("{} {}", lines[k - 2].text, lines[k - 1].text))))
        };
        if above && !stamped {
            score += 0.5;
        }
        if page::sentence_like(l) && Some(i) != promoted {
            score -= 0.4;
        }
        // Taken from the body only on good evidence.
        if Some(i) == promoted && repeated == 0 {
            score -= 0.5;
        }
        if std::env::var_os("MUJAZ_DEBUG_HEADLINE").is_some() {
            eprintln!(
                "headline? {score:.2} overlap={overlap:.2} rep={repeated} between={between} stamped={stamped} above={above} | {}",
                l.text
            );
        }
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, i));
        }
    }
    let (score, i) = best?;
    // A line with no word of the lead, not repeated, far from the body is no headline.
    if score < 1.2 {
        return None;
    }
    let mut text = clean_title(&lines[i].text);
    let mut fragment = None;
    // A headline split after its first word or number ("80" / "مرسوماً …").
    if i > header.start && !lines[i].blank_before {
        // (Only a number: a word alone above a headline is a section name.)
        let prev = &lines[i - 1];
        if prev.text.chars().all(|c| c.is_numeric()) {
            text = format!("{} {}", clean_title(&prev.text), text);
            fragment = Some(i - 1);
        }
    }
    Some(Headline {
        line: i,
        text: strip_site(&text, page),
        fragment,
    })
}

/// A title as written: tatweel off, spaces collapsed.
pub(crate) fn clean_title(s: &str) -> String {
    arabic::without_tatweel(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Remove a site's name after the headline ("… | الموقع", "… - موقع BBC
/// News"): a short tail after " | ", or after " - " when it names a site
/// or is in another script.
fn strip_site(title: &str, page: &Page) -> String {
    if let Some((head, tail)) = title.rsplit_once(" | ")
        && lexicon::words(tail) <= 4
        && lexicon::words(head) >= 3
    {
        return head.trim().to_string();
    }
    if let Some((head, tail)) = title.rsplit_once(" - ") {
        let folded = arabic::fold(tail);
        let foreign = lexicon::main_script(tail) != page.script;
        let named = folded.starts_with("موقع") || folded.contains("news") || foreign;
        let elsewhere = page
            .lines
            .iter()
            .any(|l| key(&l.text) == key(tail) && lexicon::words(tail) >= 1);
        if lexicon::words(tail) <= 4 && lexicon::words(head) >= 3 && (named || elsewhere) {
            return head.trim().to_string();
        }
    }
    title.to_string()
}

/// A caption ending in its credit URL: "نص الصورة - https://…".
pub(crate) fn caption(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    let idx = line.rfind("http")?;
    let url = line[idx..].trim();
    if url.contains(char::is_whitespace)
        || !(url.starts_with("http://") || url.starts_with("https://"))
    {
        return None;
    }
    let before = line[..idx].trim_end();
    let text = before
        .strip_suffix(['-', '–', '—', '|'])?
        .trim_end()
        .to_string();
    if text.is_empty() {
        return None;
    }
    Some((text, url.to_string()))
}

/// "time reading iconدقائق القراءة - 4", "وقت القراءة: 5 دقائق", "4 دقائق قراءة".
pub(crate) fn reading_time(line: &str) -> Option<u32> {
    let folded = arabic::fold(line);
    let is_reading =
        folded.contains("قراءه") || folded.contains("reading") || folded.contains("read time");
    if !is_reading || lexicon::words(line) > 9 {
        return None;
    }
    let digits = arabic::ascii_digits(line);
    let n: String = digits
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())?
        .to_string();
    n.parse().ok().filter(|&m: &u32| (1..=600).contains(&m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_of_a_headline() {
        let h = "الأمطار الغزيرة تتسبب في أضرار كبيرة";
        assert!(repeats("الأمطار الغزيرة تتسبب في أضرار كبيرة", h));
        assert!(repeats(
            "الأمطار الغزيرة تتسبب في أضرار كبيرةالأمطار في المدينة",
            h
        ));
        assert!(repeats(
            "اسم الموقع - الأمطار الغزيرة تتسبب في أضرار كبيرة",
            h
        ));
        assert!(!repeats("الأمطار الغزيرة", h));
    }

    #[test]
    fn stems_drop_function_words() {
        let s = stems("وقال الوزير إن الحكومة الجديدة بالموافقة");
        assert!(s.contains(&"وزير".to_string()), "{s:?}");
        assert!(s.contains(&"حكومه".to_string()), "{s:?}");
        assert!(s.contains(&"موافقه".to_string()), "{s:?}");
        assert!(!s.iter().any(|w| w == "قال" || w == "ان"), "{s:?}");
    }
}
