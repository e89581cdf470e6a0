//! The page a seed was scraped from: its lines, and where the article is.
//!
//! Takes the decoded text of one seed; gives a [`Page`]: its lines (trimmed,
//! hard-wrapped lines of one paragraph joined, each with its [`Class`] and
//! the seed lines it came from), the evidence a scraper left at the top
//! (a ` date 2024-05-10` prefix, the page's URL), and the [`Layout`]: the
//! header zone (headline, stamps, dateline, caption) and the body of the
//! article. The article is the densest run of sentence-like lines between
//! two zone markers (related lists, widgets, comments, footers), the way
//! jusText and boilerpipe find it, on lines of text instead of HTML blocks.

use crate::arabic;
use crate::import::dates;
use crate::import::lexicon::{self, Class, Script, Zone};
use jiff::civil::Date;
use std::ops::Range;

/// One line of the page (or several seed lines of one hard-wrapped paragraph).
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// 1-based numbers of the first and last seed line it came from.
    pub first: usize,
    pub last: usize,
    pub text: String,
    pub class: Class,
    /// A blank line stands between this line and the previous one.
    pub blank_before: bool,
    /// What [`dates::date_line`] says of it, read once.
    stamp: std::cell::OnceCell<Option<dates::DateLine>>,
}

impl Line {
    pub(crate) fn words(&self) -> usize {
        lexicon::words(&self.text)
    }

    pub(crate) fn is_text(&self) -> bool {
        self.class == Class::Text
    }

    /// The line as a date line ([`dates::date_line`]), read once.
    pub(crate) fn date_line(&self) -> Option<dates::DateLine> {
        *self.stamp.get_or_init(|| dates::date_line(&self.text))
    }
}

/// What a scraper put at the top of the seed.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Scraped {
    /// The date of a ` date 2024-05-10` prefix.
    pub date: Option<Date>,
    /// The prefix text, when it is only a year and month (not a date).
    pub partial_date: Option<String>,
    /// The first seed line, when a prefix was taken off it.
    pub prefix_line: Option<usize>,
    /// The page URL, when the seed gives it on a line of its own.
    pub url: Option<String>,
}

/// Where the parts of the article are, as index ranges into [`Page::lines`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    /// The lines above the body in the article's part of the page.
    pub header: Range<usize>,
    /// From the first to the last line of article text.
    pub body: Range<usize>,
    /// The article's part of the page (between two zone markers).
    pub part: Range<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub lines: Vec<Line>,
    pub script: Script,
    pub scraped: Scraped,
    pub layout: Layout,
}

/// Characters that frame a line without being part of it: whitespace
/// (no-break spaces included), byte-order marks, direction marks.
fn is_frame(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{feff}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Trim a seed line: framing characters, and marks left alone at its start
/// (a lone kasratan before a footer).
pub(crate) fn trim(line: &str) -> &str {
    line.trim_matches(is_frame)
        .trim_start_matches(|c: char| arabic::is_diacritic(c) || is_frame(c))
}

/// Sentence-final punctuation (a line that ends with it ends a sentence).
pub(crate) fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '!', '?', '؟', ':', '؛', '"', '”', '»', '\u{fffd}'])
}

/// Punctuation inside a line that shows it is running text: commas,
/// semicolons, and full stops that end a sentence ("…قال. وأضاف"), not the
/// ".." of headlines.
fn inner_punctuation(s: &str) -> usize {
    s.chars()
        .filter(|c| matches!(c, '،' | ',' | '؛' | ';'))
        .count()
        + sentence_stops(s)
}

/// Full stops, questions and exclamations followed by another sentence
/// ("…قال. وأضاف"); not the ".." or "..." of headlines.
pub(crate) fn sentence_stops(s: &str) -> usize {
    let chars: Vec<char> = s.chars().collect();
    let mut n = 0;
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '.' | '؟' | '?' | '!') {
            let dots = i > 0 && chars[i - 1] == '.' || chars.get(i + 1) == Some(&'.');
            let next_word = chars.get(i + 1) == Some(&' ')
                && chars.get(i + 2).is_some_and(|c| c.is_alphabetic());
            if !dots && next_word {
                n += 1;
            }
        }
    }
    n
}

/// Does the line end with a full stop, a question or a colon (after any
/// closing quotes)? A headline may end with a quote; a sentence ends with
/// its punctuation.
fn ends_with_stop(s: &str) -> bool {
    s.trim_end()
        .trim_end_matches(['"', '”', '»', '\'', ')', '\u{fffd}', ' '])
        .ends_with(['.', '!', '?', '؟', ':', '؛'])
}

/// Is this a line of running text (a paragraph), by its shape alone?
pub(crate) fn sentence_like(line: &Line) -> bool {
    if !line.is_text() {
        return false;
    }
    let n = line.words();
    let t = line.text.trim_end();
    // A caption with its credit URL is not running text.
    if t.split_whitespace()
        .last()
        .is_some_and(|w| w.starts_with("http"))
    {
        return false;
    }
    let truncated_title = t.ends_with('…') && n <= 16;
    (n >= 8 && ends_with_stop(t) && !truncated_title)
        || n >= 25
        || (n >= 12 && inner_punctuation(t) >= 2)
}

/// The scraper's ` date 2024-05-10` prefix on the first line: the date (or
/// the year-month text) and the rest of the line.
fn scraper_prefix(line: &str) -> Option<(Option<Date>, String, &str)> {
    let rest = line.strip_prefix("date ")?;
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '-'))
        .unwrap_or(rest.len());
    let stamp = &rest[..end];
    let parts: Vec<&str> = stamp.split('-').collect();
    if parts.first().is_none_or(|y| y.len() != 4) || !(2..=3).contains(&parts.len()) {
        return None;
    }
    let date = if parts.len() == 3 {
        stamp.parse::<Date>().ok()
    } else {
        None
    };
    Some((date, stamp.to_string(), rest[end..].trim_start()))
}

/// Split, trim, take the scraper's evidence, classify, join hard-wrapped
/// lines, and locate the article.
pub(crate) fn read(text: &str) -> Page {
    let script = lexicon::main_script(text);
    let mut scraped = Scraped::default();
    let mut lines: Vec<Line> = Vec::new();
    let mut blank = false;
    let mut seen_text = false;
    for (i, raw) in text.lines().enumerate() {
        let no = i + 1;
        let mut t = trim(raw);
        if !seen_text
            && !t.is_empty()
            && let Some((date, stamp, rest)) = scraper_prefix(t)
        {
            scraped.date = date;
            if date.is_none() {
                scraped.partial_date = Some(stamp);
            }
            scraped.prefix_line = Some(no);
            t = rest;
        }
        if t.is_empty() {
            blank = true;
            continue;
        }
        if !seen_text && scraped.url.is_none() && lexicon::is_url_or_file(t) && t.contains("://") {
            scraped.url = Some(t.to_string());
        }
        seen_text = true;
        lines.push(Line {
            first: no,
            last: no,
            text: t.to_string(),
            class: lexicon::classify(t, script),
            blank_before: std::mem::take(&mut blank),
            stamp: std::cell::OnceCell::new(),
        });
    }
    let lines = join_wrapped(lines);
    let layout = locate(&lines);
    Page {
        lines,
        script,
        scraped,
        layout,
    }
}

/// The width a page's text was hard-wrapped at, if it was: at least three
/// unterminated lines within a narrow band of lengths, none longer than it
/// by much.
fn wrap_width(lines: &[Line]) -> Option<usize> {
    // (A line printed more than once is a repeat, not wrapped text.)
    let repeated = |l: &Line| lines.iter().filter(|o| o.text == l.text).count() > 1;
    let mut lens: Vec<usize> = lines
        .iter()
        .filter(|l| l.is_text() && !ends_sentence(&l.text) && l.words() >= 6 && !repeated(l))
        .map(|l| l.text.chars().count())
        .collect();
    if lens.len() < 3 {
        return None;
    }
    lens.sort_unstable();
    // The longest band of lengths within 15% of its top.
    let mut best: Option<(usize, usize)> = None; // (count, top)
    for (i, &top) in lens.iter().enumerate() {
        let count = lens[..=i].iter().filter(|&&l| l * 100 >= top * 85).count();
        if count >= 3 && best.is_none_or(|(c, _)| count >= c) {
            best = Some((count, top));
        }
    }
    let (count, top) = best?;
    // Most unterminated lines are of that width, and it is a real width.
    (count * 2 >= lens.len() && top >= 40).then_some(top)
}

/// Join the lines of hard-wrapped paragraphs: a line of about the wrap
/// width that does not end a sentence continues on the next line.
fn join_wrapped(lines: Vec<Line>) -> Vec<Line> {
    let Some(width) = wrap_width(&lines) else {
        return lines;
    };
    let repeated: std::collections::HashSet<String> = {
        let mut seen = std::collections::HashSet::new();
        lines
            .iter()
            .filter(|l| !seen.insert(l.text.clone()))
            .map(|l| l.text.clone())
            .collect()
    };
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut open = false; // the last line continues on the next
    for line in lines {
        if repeated.contains(&line.text) {
            open = false;
            out.push(line);
            continue;
        }
        // A wrapped line may start with a dash ("- حفظه الله -"): after an
        // open line it continues the paragraph, it does not start a list.
        let continues = open
            && !line.blank_before
            && line.is_text()
            && (!is_item(&line.text) || line.text.starts_with("- "));
        let last_len = line.text.chars().count();
        let wrapped = line.is_text()
            && last_len * 100 >= width * 80
            && last_len <= width + width / 5
            && !ends_sentence(&line.text);
        if continues {
            let prev = out.last_mut().expect("open only after a line");
            prev.text.push(' ');
            prev.text.push_str(&line.text);
            prev.last = line.last;
            prev.stamp = std::cell::OnceCell::new();
            open = wrapped;
        } else {
            open = wrapped;
            out.push(line);
        }
    }
    out
}

/// A bullet or numbered list item: its text.
pub(crate) fn list_item(line: &str) -> Option<&str> {
    let line = line.trim();
    for bullet in ["- ", "• ", "* ", "· ", "– ", "▪ ", "◦ ", "●", "■ ", "► "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            let rest = rest.trim();
            if rest.chars().any(char::is_alphanumeric) {
                return Some(rest);
            }
        }
    }
    None
}

/// A numbered item: "1- نص", "2) نص", "٣. نص". Gives the whole line (the
/// number is part of what the seed says).
pub(crate) fn numbered_item(line: &str) -> Option<&str> {
    let t = line.trim();
    let digits = t
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || ('٠'..='٩').contains(c))
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let rest = &t[digits..];
    let after = rest.strip_prefix(['-', '.', ')', '–'])?;
    (digits <= 6 && after.starts_with(' ') && lexicon::words(after) >= 2).then_some(t)
}

fn is_item(line: &str) -> bool {
    list_item(line).is_some() || numbered_item(line).is_some()
}

/// Find the article: split the page at zone markers, take the part with
/// the most running text, and in it the header zone above the first
/// paragraph and the body down to the last one.
pub(crate) fn locate(lines: &[Line]) -> Layout {
    let mut parts: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, l) in lines.iter().enumerate() {
        if is_boundary(&l.class) {
            parts.push(start..i);
            start = i + 1;
        }
    }
    parts.push(start..lines.len());
    let score = |r: &Range<usize>| -> usize {
        lines[r.clone()]
            .iter()
            .filter(|l| sentence_like(l))
            .map(|l| l.text.chars().count())
            .sum()
    };
    let part = parts
        .iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| score(a).cmp(&score(b)).then(ib.cmp(ia)))
        .map(|(_, r)| r.clone())
        .unwrap_or(0..0);
    let good: Vec<usize> = part.clone().filter(|&i| sentence_like(&lines[i])).collect();
    let Some(&first) = good.first() else {
        // No running text at all: everything text-like in the part is body.
        let body_start = part
            .clone()
            .find(|&i| lines[i].is_text())
            .unwrap_or(part.end);
        return Layout {
            header: part.start..body_start,
            body: body_start..part.end,
            part,
        };
    };
    let mut body_start = first;
    // A stamp (a date line, a byline) right after the first paragraph-like
    // line shows that line was a standfirst of the header: the body starts
    // after the stamp.
    if let Some(&second) = good.get(1) {
        let stamp = (first + 1..second).rev().find(|&i| is_stamp(&lines[i]));
        if let Some(s) = stamp
            && let Some(&next) = good.iter().find(|&&g| g > s)
        {
            body_start = next;
        }
    }
    let mut body_end = *good.last().expect("non-empty") + 1;
    // After the last paragraph-like line, the text goes on while there are
    // lines of some length (a last paragraph cut short, a subheading and
    // its text, a list): short lines at the very end are credits.
    let mut k = body_end;
    while k < part.end {
        let l = &lines[k];
        if l.is_text() && (l.words() >= 6 || is_item(&l.text)) && !is_stamp(l) {
            body_end = k + 1;
        }
        k += 1;
    }
    // A subheading and the start of its paragraph at the very end of the
    // seed (the text was cut there).
    if part.end == lines.len() && body_end + 2 == part.end {
        let (h, t) = (&lines[body_end], &lines[body_end + 1]);
        if h.is_text() && t.is_text() && h.words() <= 8 && !ends_sentence(&h.text) {
            body_end = part.end;
        }
    }
    Layout {
        header: part.start..body_start,
        body: body_start..body_end,
        part,
    }
}

/// Does this line end a part of the page? Every zone marker does, but a
/// title pointed to in passing ("اقرأ أيضاً: عنوان" inside the text).
fn is_boundary(class: &Class) -> bool {
    match class {
        Class::Marker { zone, rest } => *zone != Zone::ReadAlso || rest.is_empty(),
        _ => false,
    }
}

/// A line that belongs to the header whatever its shape: a date line.
fn is_stamp(line: &Line) -> bool {
    line.words() <= 12 && line.date_line().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(page: &Page, r: Range<usize>) -> Vec<String> {
        page.lines[r].iter().map(|l| l.text.clone()).collect()
    }

    #[test]
    fn scraper_prefix_is_evidence() {
        let p = read(
            " date 2026-01-30 عنوان الخبر هنا\n\nنص الخبر الطويل بما يكفي ليكون فقرة من فقرات المقال المنشور.\n",
        );
        assert_eq!(p.scraped.date, Some(jiff::civil::date(2026, 1, 30)));
        assert_eq!(p.lines[0].text, "عنوان الخبر هنا");
        let p =
            read(" date 2021-08 أعلن الوزير عن خطة جديدة للحد من الحرائق في شمال البلاد اليوم.\n");
        assert_eq!(p.scraped.date, None);
        assert_eq!(p.scraped.partial_date.as_deref(), Some("2021-08"));
        assert!(p.lines[0].text.starts_with("أعلن الوزير"));
    }

    #[test]
    fn the_article_is_the_densest_part_between_markers() {
        let text = "الأكثر مشاهدة\n\nخبر آخر في الشريط الجانبي يتحدث عن أمر مختلف تماماً عن المقال.\n\nعلى المباشر\n\nعنوان المقال\n\nالفقرة الأولى من المقال الحقيقي وهي طويلة بما يكفي لتكون نصاً جارياً.\n\nالفقرة الثانية من المقال، وفيها تفاصيل إضافية عن الحدث الذي وقع اليوم.\n\nآخر الأخبار\n\nخبر ثالث لا علاقة له بالمقال ولكنه جملة طويلة أيضاً في هذا الجزء من الصفحة.\n";
        let p = read(text);
        assert_eq!(texts(&p, p.layout.header.clone()), ["عنوان المقال"]);
        let body = texts(&p, p.layout.body.clone());
        assert_eq!(body.len(), 2);
        assert!(body[0].starts_with("الفقرة الأولى"));
    }

    #[test]
    fn a_standfirst_above_a_date_line_is_header() {
        let text = "جملة تمهيدية قصيرة عن الخبر تنتهي بنقطة في آخرها.\nالأربعاء 27 أكتوبر 2021\nقال وزراء من ثلاث دول إنهم توصلوا إلى اتفاق لنقل الكهرباء، وقال وزير الطاقة إن البنك الدولي سيمول المشروع.\nوأضاف أن العمل سيكتمل بنهاية العام، بحسب ما ذكر في المؤتمر الصحفي المشترك.\n";
        let p = read(text);
        assert_eq!(p.layout.header, 0..2);
        assert_eq!(p.layout.body, 2..4);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let text = "عنوان\nهذا سطر أول من فقرة طويلة قُطعت عند عرض ثابت كما تفعل بعض\nالصحف الورقية حين تنشر نصوصها على الإنترنت دون أن تعيد ترتيب\nالأسطر، فيصبح كل سطر جزءاً من فقرة واحدة طويلة كما في هذا المثال\nالقصير .\nفبراير\nفي فبراير صدر القرار الأول الذي نتحدث عنه هنا وهو سطر طويل أيضاً\nوينتهي هنا.\n";
        let p = read(text);
        let t: Vec<&str> = p.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(t.len(), 4, "{t:#?}");
        assert!(t[1].ends_with("القصير ."));
        assert_eq!(t[2], "فبراير");
        assert_eq!(p.lines[1].first, 2);
        assert_eq!(p.lines[1].last, 5);
    }

    #[test]
    fn items() {
        assert_eq!(list_item("• البند الأول"), Some("البند الأول"));
        assert_eq!(list_item("-بلا مسافة"), None);
        assert_eq!(
            numbered_item("1- تعطيل جميع المؤسسات"),
            Some("1- تعطيل جميع المؤسسات")
        );
        assert_eq!(numbered_item("12) قرار آخر مهم"), Some("12) قرار آخر مهم"));
        assert_eq!(numbered_item("2024 سنة صعبة"), None);
        assert_eq!(numbered_item("3-2 للهلال"), None);
    }
}
