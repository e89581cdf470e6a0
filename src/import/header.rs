//! The header of an article: its headline and its dateline, by evidence.
//!
//! Takes the [`Page`] and its [`Layout`]; gives the headline (the line of
//! the header zone that best fits the evidence: it repeats, it shares its
//! words with the lead, it stands next to the body, it has a headline's
//! length) and the dateline, from a line of its own (`الرباط - و م ع`,
//! `كلمة - بغداد`) or from the start of the lead (`أنقرة - …`,
//! `بغداد (رويترز) - …`, `التيار (نواكشوط) ـ …`, `(رويترز) – …`,
//! `عمان - السوسنة - …`). The gazetteer tells a place from a source;
//! without it nothing is guessed where the order is not clear.

use crate::arabic;
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
        if !candidate(l) || own_dateline(&l.text, gaz, true).is_some() || credited(&l.text, gaz) {
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

/// A dateline: where the report was filed and who filed it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Dateline {
    pub place: Option<String>,
    pub source: Option<String>,
}

/// A tatweel standing alone between spaces is a dash ("الرباط ـ المغرب").
fn dashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = ' ';
    for c in s.chars() {
        if c == arabic::TATWEEL && (prev.is_whitespace() || prev == '(') {
            out.push('-');
        } else {
            out.push(c);
        }
        prev = c;
    }
    out
}

fn short_name(s: &str, max: usize) -> bool {
    let n = lexicon::words(s);
    (1..=max).contains(&n)
        && !s
            .chars()
            .any(|c| matches!(c, '.' | '!' | '؟' | '?' | '«' | '"' | '،' | ','))
        && s.chars().any(char::is_alphabetic)
}

/// A name of letters, not a stray letter or two ("ع/ع ع/ع"): a word of at
/// least two letters, or a known agency ("و م ع").
fn real_name(s: &str, gaz: &Gazetteer) -> bool {
    gaz.is_agency(s)
        || s.split(|c: char| !c.is_alphabetic())
            .any(|w| w.chars().count() >= 2)
}

fn tidy(s: &str) -> String {
    clean_title(s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | '/' | '|' | ':' | '(' | ')')
    }))
}

/// Decide which of two names is the place: the one the gazetteer knows as
/// a place; an agency or credit is the source. `None` when nothing tells.
fn order(a: &str, b: &str, gaz: &Gazetteer) -> Option<Dateline> {
    // "البصرة/ الأنبار": places, all of them.
    let place = |s: &str| s.split(['/', '،', ',']).all(|p| gaz.is_place(p.trim()));
    let (pa, pb) = (place(a), place(b));
    let (ga, gb) = (gaz.is_agency(a), gaz.is_agency(b));
    let dl = |p: &str, s: &str| Dateline {
        place: Some(tidy(p)),
        source: Some(tidy(s)),
    };
    if pa && !ga {
        Some(dl(a, b))
    } else if pb && !gb {
        Some(dl(b, a))
    } else {
        None
    }
}

/// Words that name news outlets ("… نيوز", "جريدة …", "… 24").
const OUTLET_WORDS: &[&str] = &[
    "نيوز",
    "برس",
    "تايمز",
    "الاخباريه",
    "اخباريه",
    "اونلاين",
    "جريده",
    "صحيفه",
    "موقع",
    "شبكه",
    "قناه",
    "مجله",
    "اذاعه",
    "راديو",
    "بوست",
    "news",
    "press",
    "times",
    "post",
    "online",
    "tv",
];

/// A short line that names a news outlet: "ترك برس", "فيلادلفيا نيوز",
/// "جريدة الأيام".
pub(crate) fn outlet_name(line: &str) -> bool {
    let words: Vec<String> = fold_tokens(line);
    (1..=4).contains(&words.len())
        && !line
            .chars()
            .any(|c| matches!(c, '.' | '،' | ':' | '؟' | '!'))
        && words.iter().any(|w| {
            OUTLET_WORDS.contains(&w.as_str())
                || OUTLET_WORDS.contains(&w.strip_prefix("ال").unwrap_or(w))
                || w.chars().all(|c| c.is_ascii_digit()) && w.len() == 2
        })
}

/// Words that credit how a report was gathered, not who filed it.
const CREDIT_WORDS: &[&str] = &["رصد", "متابعات", "متابعه", "خاص", "تقرير"];

/// A dateline on a line of its own: "دبي-الشرق", "الرباط ـ المغرب اليوم",
/// "كلمة - بغداد" (source first), "العين الثالثة/ وكالات" (an outlet and
/// its agencies: no place). With `known_only`, only what the gazetteer
/// confirms; otherwise a short "place - source" pair is read place first.
pub(crate) fn own_dateline(line: &str, gaz: &Gazetteer, known_only: bool) -> Option<Dateline> {
    let line = dashes(line.trim());
    let line = line.trim_end_matches([':', '،']).trim();
    if line.contains("http")
        || lexicon::words(line) > 8
        || line
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '.' | '!' | '؟' | '?' | '"' | '«' | '»'))
    {
        return None;
    }
    // "سرت (ليبيا) (أ ف ب) –": a dateline written to open the lead, alone on its line.
    if line.ends_with(['-', '–', '—']) {
        let (d, _, rest) = lead_dateline(&format!("{line} …"), gaz)?;
        return (rest == "…").then_some(d);
    }
    let (a, b) = ['–', '—', '-', '/', '|']
        .iter()
        .find_map(|d| line.split_once(*d))?;
    let (a, b) = (a.trim(), b.trim());
    if !short_name(a, 3)
        || !short_name(b, 4)
        || b.contains(['-', '–', '—', '|'])
        || !real_name(a, gaz)
        || !real_name(b, gaz)
    {
        return None;
    }
    if let Some(dl) = order(a, b, gaz) {
        return Some(dl);
    }
    // "الموقع|رصد": an outlet and how the report was gathered.
    if CREDIT_WORDS.contains(&arabic::fold(b).as_str()) && !gaz.is_place(a) {
        return Some(Dateline {
            place: None,
            source: Some(tidy(a)),
        });
    }
    if gaz.is_agency(a) || gaz.is_agency(b) {
        // An outlet and its agencies, or an agency and an outlet: a credit.
        return Some(Dateline {
            place: None,
            source: Some(clean_title(line)),
        });
    }
    (!known_only && lexicon::words(a) <= 2).then(|| Dateline {
        place: Some(tidy(a)),
        source: Some(tidy(b)),
    })
}

/// A dateline at the start of the lead, and the lead without it.
pub(crate) fn lead_dateline(
    par: &str,
    gaz: &Gazetteer,
) -> Option<(Dateline, Option<dates::Found>, String)> {
    let text = dashes(par);
    let seps = ['-', '–', '—'];
    // The opening of the lead, up to the first dash or colon (within a few words).
    let cut = text
        .char_indices()
        .find(|&(_, c)| seps.contains(&c) || c == ':')
        .map(|(i, _)| i)?;
    let head = &text[..cut];
    let after_sep = &text[cut..];
    let sep_char = after_sep.chars().next()?;
    let mut rest = after_sep[sep_char.len_utf8()..].trim_start();
    if lexicon::words(head) > 8 || head.trim().is_empty() {
        return None;
    }
    let head = head.trim();
    // "سرت (ليبيا) (أ ف ب)": a country in brackets after the place says nothing more.
    let unbracketed;
    let head = match head.find('(').zip(head.find(')')) {
        Some((o, c)) if o < c && head[c + 1..].contains('(') && gaz.is_place(&head[o + 1..c]) => {
            unbracketed = format!("{} {}", head[..o].trim(), head[c + 1..].trim());
            unbracketed.as_str()
        }
        _ => head,
    };
    let mut date = None;
    let mut dl = Dateline::default();
    // "(رويترز) –", "(دبي) -"
    if let Some(inner) = head.strip_prefix('(').and_then(|h| h.strip_suffix(')')) {
        if !short_name(inner, 3) {
            return None;
        }
        if gaz.is_place(inner) {
            dl.place = Some(tidy(inner));
        } else {
            dl.source = Some(tidy(inner));
        }
    } else if let Some((outside, inner)) = head.strip_suffix(')').and_then(|h| h.rsplit_once('(')) {
        // "بغداد (رويترز) -", "التيار (نواكشوط) ـ", "طرابلس 7 نوفمبر 2020 ( وال ) -"
        let inner = inner.trim();
        let found = dates::full_dates(outside);
        let outside_name = match found.first() {
            Some(f) => {
                date = Some(*f);
                // The words before the date are the place.
                let toks: Vec<&str> = outside.split_whitespace().collect();
                toks[..f.token.min(toks.len())].join(" ")
            }
            None => outside.trim().to_string(),
        };
        if !short_name(inner, 3) {
            return None;
        }
        if outside_name.is_empty() {
            dl.source = Some(tidy(inner));
        } else {
            if !short_name(&outside_name, 3) {
                return None;
            }
            if gaz.is_place(inner) && !gaz.is_place(&outside_name) {
                dl.place = Some(tidy(inner));
                dl.source = Some(tidy(&outside_name));
            } else {
                dl.place = Some(tidy(&outside_name));
                dl.source = Some(tidy(inner));
            }
        }
    } else if sep_char == ':' {
        // "جو 24 : …": a source before a spaced colon.
        let spaced = text[..cut].ends_with(' ');
        let named = gaz.is_agency(head) || head.chars().any(|c| c.is_ascii_digit());
        if !(spaced && named && lexicon::words(head) <= 3) {
            return None;
        }
        dl.source = Some(tidy(head));
    } else {
        // A lead that opens with a date is not read here (see [`lead_date_source`]).
        if dates::full_dates(head)
            .first()
            .is_some_and(|f| f.token == 0)
        {
            return None;
        }
        // "بغداد/ شبكة أخبار العراق- …", "عمان - السوسنة - …", "رام الله –الحياة الجديدة- …"
        let (a, b_in_head) = match head.split_once('/') {
            Some((a, b)) => (a.trim(), Some(b.trim())),
            None => (head, None),
        };
        if !short_name(a, 3) {
            return None;
        }
        let second = match b_in_head {
            Some(b) => Some(b.to_string()),
            None => {
                // A second dash within four words closes a source.
                let cut2 = rest
                    .char_indices()
                    .find(|&(_, c)| seps.contains(&c))
                    .map(|(i, _)| i);
                match cut2 {
                    Some(c2) if short_name(rest[..c2].trim(), 4) => {
                        let s = rest[..c2].trim().to_string();
                        rest = rest[c2..].trim_start_matches(seps).trim_start();
                        Some(s)
                    }
                    _ => None,
                }
            }
        };
        match second {
            Some(b) => {
                let d = order(a, &b, gaz).or_else(|| {
                    (gaz.is_agency(&b) || gaz.is_place(a)).then(|| Dateline {
                        place: Some(tidy(a)),
                        source: Some(tidy(&b)),
                    })
                })?;
                dl = d;
            }
            None if gaz.is_place(a) => {
                dl.place = Some(tidy(a));
                // "بيروت - (د ب أ) : …": the source in brackets after the dash.
                if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.split_once(')'))
                    && short_name(inner.0, 3)
                {
                    dl.source = Some(tidy(inner.0));
                    rest = inner
                        .1
                        .trim_start()
                        .trim_start_matches([':', '-', '–', '—'])
                        .trim_start();
                }
            }
            None if gaz.is_agency(a) => dl.source = Some(tidy(a)),
            None => return None,
        }
    }
    if dl == Dateline::default() {
        return None;
    }
    Some((dl, date, rest.to_string()))
}

/// "16 نوفمبر 2022 | الدستور | …": a date and a source between bars at
/// the start of the lead.
pub(crate) fn lead_date_source(par: &str) -> Option<(dates::Found, String, String)> {
    let mut parts = par.splitn(3, '|');
    let (d, s, rest) = (parts.next()?, parts.next()?, parts.next()?);
    let f = *dates::full_dates(d).first()?;
    let only_date = dates::date_line(d).is_some();
    (only_date && short_name(s.trim(), 4)).then(|| (f, tidy(s), rest.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn gaz() -> Gazetteer {
        Gazetteer::new(&BTreeMap::new()).unwrap()
    }

    fn own(line: &str) -> Option<(Option<String>, Option<String>)> {
        own_dateline(line, &gaz(), false).map(|d| (d.place, d.source))
    }

    fn lead(par: &str) -> Option<(Option<String>, Option<String>, String)> {
        lead_dateline(par, &gaz()).map(|(d, _, rest)| (d.place, d.source, rest))
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn datelines_on_their_own_line() {
        assert_eq!(own("دبي-الشرق"), Some((s("دبي"), s("الشرق"))));
        assert_eq!(own("الرباط - و م ع"), Some((s("الرباط"), s("و م ع"))));
        assert_eq!(own("القاهرة – رويترز:"), Some((s("القاهرة"), s("رويترز"))));
        assert_eq!(
            own("المنامة ـ صحيفة الوطن"),
            Some((s("المنامة"), s("صحيفة الوطن")))
        );
        assert_eq!(
            own("وكالة الخبر - الموصل"),
            Some((s("الموصل"), s("وكالة الخبر"))),
            "source first"
        );
        assert_eq!(
            own("جريدتنا/ وكالات"),
            Some((None, s("جريدتنا/ وكالات"))),
            "no place"
        );
        assert_eq!(own("حلب - مراسلنا"), Some((s("حلب"), s("مراسلنا"))));
        assert!(own("قال المتحدث إن الوضع - حسب تعبيره - صعب جداً في المدينة").is_none());
        assert!(own("أكبر عملية للتنظيم").is_none());
        assert!(own("2024-02-14").is_none());
        assert!(own("موقع الأخبار -").is_none());
        assert!(own_dateline("اقتصاد / محليات", &gaz(), true).is_none());
    }

    #[test]
    fn datelines_at_the_start_of_the_lead() {
        assert_eq!(
            lead("أنقرة - أعلنت الحكومة التركية اليوم عن خطة."),
            Some((
                s("أنقرة"),
                None,
                "أعلنت الحكومة التركية اليوم عن خطة.".into()
            ))
        );
        assert_eq!(
            lead("بغداد (رويترز) - قال مسؤول إن الاجتماع انتهى."),
            Some((
                s("بغداد"),
                s("رويترز"),
                "قال مسؤول إن الاجتماع انتهى.".into()
            ))
        );
        assert_eq!(
            lead("الصحيفة (نواكشوط) ـ عاد الرئيس إلى العاصمة مساء اليوم."),
            Some((
                s("نواكشوط"),
                s("الصحيفة"),
                "عاد الرئيس إلى العاصمة مساء اليوم.".into()
            ))
        );
        assert_eq!(
            lead("(رويترز) – فاز الفريق بالمباراة أمس."),
            Some((None, s("رويترز"), "فاز الفريق بالمباراة أمس.".into()))
        );
        assert_eq!(
            lead("عمان - الموقع - أعلن الوزير عن قرارات جديدة."),
            Some((
                s("عمان"),
                s("الموقع"),
                "أعلن الوزير عن قرارات جديدة.".into()
            ))
        );
        assert_eq!(
            lead("رام الله –الصحيفة الجديدة- قرر الوزير تقديم الموعد."),
            Some((
                s("رام الله"),
                s("الصحيفة الجديدة"),
                "قرر الوزير تقديم الموعد.".into()
            ))
        );
        assert_eq!(
            lead("بغداد/ شبكة الأخبار- أمر الوزير بتشكيل لجنة."),
            Some((
                s("بغداد"),
                s("شبكة الأخبار"),
                "أمر الوزير بتشكيل لجنة.".into()
            ))
        );
        let (d, date, rest) = lead_dateline(
            "طرابلس 7 نوفمبر 2020 ( وال ) - أعلنت المؤسسة عن ارتفاع الإنتاج.",
            &gaz(),
        )
        .unwrap();
        assert_eq!(
            (d.place.as_deref(), d.source.as_deref()),
            (Some("طرابلس"), Some("وال"))
        );
        assert_eq!(date.unwrap().date, jiff::civil::date(2020, 11, 7));
        assert_eq!(rest, "أعلنت المؤسسة عن ارتفاع الإنتاج.");
        assert_eq!(
            lead("جو 24 : رجحت مصادر مطلعة تعيين وزير جديد."),
            Some((None, s("جو 24"), "رجحت مصادر مطلعة تعيين وزير جديد.".into()))
        );
        // Never one where the lead is a plain sentence.
        assert!(lead("قال الوزير - في تصريح صحفي - إن الوضع مستقر.").is_none());
        assert!(lead("وزير الصحة: الوضع الوبائي مستقر في البلاد.").is_none());
        assert!(lead("أعلنت الحكومة اليوم عن خطة جديدة لدعم الفلاحين.").is_none());
    }

    #[test]
    fn date_and_source_between_bars() {
        let (f, src, rest) =
            lead_date_source("16 نوفمبر 2022 | الدستور | تبدأ الشبكة نشر التفاصيل.").unwrap();
        assert_eq!(f.date, jiff::civil::date(2022, 11, 16));
        assert_eq!(src, "الدستور");
        assert_eq!(rest, "تبدأ الشبكة نشر التفاصيل.");
    }

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
