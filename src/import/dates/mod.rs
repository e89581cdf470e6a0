//! Dates in Arabic news pages: full dates, date lines, publication weekdays.
//!
//! Takes text; gives the calendar dates found in it. A full date is a day, a
//! month and a year, in any of the shapes news sites print: `25 يناير 2022`,
//! `3 آذار 2018`, `28 آذار /مارس 2015`, `17 جويلية 2023`, `نوفمبر 7, 2025`,
//! `19th, May 2024`, `12/أغسطس/2024`, `١٤/٠٢/٢٠٢٤`, `2024-02-14`,
//! `2026-01-12T07:12+0000`, `(18.02.2026)`, glued to words or not
//! (`عرب وعالم24-11-2022`), in ASCII, Arabic-Indic or Persian digits, with
//! the month names of every family (Egyptian/Gulf يناير…, Levantine كانون
//! الثاني…, Maghreb جانفي…, Moroccan يوليوز غشت شتنبر نونبر دجنبر…). A time
//! next to it (`09:15`, `05:17 م`, `07:50 مساءً`, `على الساعة 13:30`) is
//! kept. A day and month without a year is not a full date.
//!
//! [`date_line`] tells whether a line is a date line (a publication or
//! update stamp, or a line that is only a date) and what it says;
//! [`publication_weekday`] reads the weekday a report implies for its own
//! publication (`الاثنين` → Monday, `أمس الاثنين` → Tuesday, `غدا السبت` →
//! Friday; `السبت المقبل` says nothing).

mod words;

use crate::arabic;
use jiff::civil::{Date, DateTime, Time, Weekday};
use words::{FILLER, HIJRI_MONTHS, MONTHS, PUBLISHED_MARKERS, UPDATED_MARKERS, WEEKDAYS};

/// A full date found in text, with the time when one stands next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub date: Date,
    pub time: Option<Time>,
    /// Index of the first token of the date expression.
    pub token: usize,
    /// Index one past its last token (the time included).
    pub end: usize,
}

impl Found {
    pub(crate) fn datetime(&self) -> DateTime {
        self.date.to_datetime(self.time.unwrap_or(Time::midnight()))
    }
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_numeric()
}

/// Words of `text` as the date recogniser sees them: digits made ASCII,
/// digits and letters that touch split apart (`2022على` → `2022 على`), a
/// slash next to a letter split (`12/أغسطس/2024`), punctuation around words
/// removed, folded.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let ascii = arabic::ascii_digits(text);
    let mut spaced = String::with_capacity(ascii.len() + 16);
    let mut prev: Option<char> = None;
    for c in ascii.chars() {
        if let Some(p) = prev {
            let boundary = (p.is_ascii_digit() && is_letter(c))
                || (is_letter(p) && c.is_ascii_digit())
                || (c == '/' && is_letter(p))
                || (p == '/' && is_letter(c));
            if boundary {
                spaced.push(' ');
            }
        }
        if matches!(
            c,
            '|' | ',' | '،' | '(' | ')' | '[' | ']' | '«' | '»' | '"' | '“' | '”' | ';' | '؛'
        ) {
            spaced.push(' ');
        } else {
            spaced.push(c);
        }
        prev = Some(c);
    }
    spaced
        .split_whitespace()
        .map(|w| {
            let w = w.trim_matches(|c: char| {
                !(c.is_alphanumeric() || matches!(c, '/' | '-' | '.' | ':' | '+'))
                    || arabic::is_diacritic(c)
            });
            let w = w.trim_start_matches(['/', '.', ':', '+']);
            let w = w.trim_end_matches(['.', '-', ':', '/', '+']);
            arabic::fold(w)
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Month names → numbers, built once.
fn month_table() -> &'static std::collections::HashMap<&'static str, i8> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<&'static str, i8>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| MONTHS.iter().copied().collect())
}

/// The first words of two-word month names ("كانون", "تشرين").
fn opens_two_word_month(w: &str) -> bool {
    matches!(w, "كانون" | "تشرين")
}

fn month_at(tokens: &[String], i: usize) -> Option<(i8, usize)> {
    let table = month_table();
    let one = tokens.get(i)?;
    let two = tokens
        .get(i + 1)
        .filter(|_| opens_two_word_month(one))
        .and_then(|next| table.get(format!("{one} {next}").as_str()));
    let (m, len) = match two {
        Some(&m) => (m, 2),
        None => (*table.get(one.as_str())?, 1),
    };
    // "آذار /مارس", "حزيران يونيو": the same month in a second family.
    let dup = tokens
        .get(i + len)
        .and_then(|t| table.get(t.as_str()))
        .is_some_and(|&m2| m2 == m);
    Some((m, len + usize::from(dup)))
}

fn year(token: &str) -> Option<i16> {
    let t = token.trim_end_matches(['م', 'm']);
    if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        let y: i16 = t.parse().ok()?;
        (1900..=2100).contains(&y).then_some(y)
    } else {
        None
    }
}

fn day(token: &str) -> Option<i8> {
    // "و3 أبريل": the conjunction clings to the number.
    let token = token.strip_prefix('و').unwrap_or(token);
    if token.is_empty() || token.len() > 2 || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: i8 = token.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// English ordinal suffixes left as tokens of their own ("19th" → "19", "th").
fn is_ordinal(token: &str) -> bool {
    matches!(token, "st" | "nd" | "rd" | "th")
}

fn numeric(token: &str) -> Option<Date> {
    // An ISO timestamp: the date is before the `T`.
    let token = token.split(['t', 'T']).next().unwrap_or(token);
    let mut parts = token.split(['/', '-', '.']);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    // Each part a short run of ASCII digits: longer numbers are no date parts
    // (and would overflow), so `2024/01/99999999999` is simply not a date.
    let num = |p: &str| -> Option<i16> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (na, nb, nc) = (num(a)?, num(b)?, num(c)?);
    let (y, m, d) = if a.len() == 4 {
        (na, nb, nc)
    } else if c.len() == 4 {
        (nc, nb, na) // day first, as written across the Arab world
    } else {
        return None;
    };
    if !(1900..=2100).contains(&y) {
        return None;
    }
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// A time of day: `09:15`, `12:17:39`, `07:12+0000`.
fn time(token: &str) -> Option<Time> {
    let (h, rest) = token.split_once(':')?;
    if h.is_empty() || h.len() > 2 {
        return None;
    }
    let m = rest.get(..2)?;
    let tail = &rest[2..];
    if !(tail.is_empty() || tail.starts_with([':', '+', '-', 'z', 'Z'])) {
        return None;
    }
    let (h, m): (i8, i8) = (h.parse().ok()?, m.parse().ok()?);
    Time::new(h, m, 0, 0).ok()
}

/// `م`, `مساء`, `pm` → afternoon; `ص`, `صباحا`, `am` → morning.
fn meridiem(token: &str) -> Option<bool> {
    match token {
        "م" | "مساء" | "مساءا" | "مساءً" | "pm" | "p.m" => Some(true),
        "ص" | "صباحا" | "صباح" | "am" | "a.m" => Some(false),
        _ => None,
    }
}

/// The time at `i` (with a following am/pm word), and the tokens it takes.
fn time_at(toks: &[String], i: usize) -> Option<(Time, usize)> {
    let t = time(toks.get(i)?)?;
    match toks.get(i + 1).and_then(|m| meridiem(m)) {
        Some(pm) => {
            let h = t.hour() % 12 + if pm { 12 } else { 0 };
            Some((Time::new(h, t.minute(), 0, 0).ok()?, 2))
        }
        None => Some((t, 1)),
    }
}

/// A date expression starting at token `i`: the date and its length.
fn date_at(toks: &[String], i: usize) -> Option<(Date, usize)> {
    if let Some(date) = numeric(&toks[i]) {
        return Some((date, 1));
    }
    if let Some(d) = day(&toks[i]) {
        // "25 يناير 2022", "25 من يناير 2022", "19 th May 2024"
        let mut j = i + 1;
        while toks
            .get(j)
            .is_some_and(|t| t == "من" || t == "of" || is_ordinal(t))
        {
            j += 1;
        }
        let (m, len) = month_at(toks, j)?;
        let y = toks.get(j + len).and_then(|t| year(t))?;
        return Some((Date::new(y, m, d).ok()?, j + len + 1 - i));
    }
    // "نوفمبر 7, 2025", "May 19th, 2024"
    let (m, len) = month_at(toks, i)?;
    let d = day(toks.get(i + len)?)?;
    let mut k = i + len + 1;
    if toks.get(k).is_some_and(|t| is_ordinal(t)) {
        k += 1;
    }
    let y = year(toks.get(k)?)?;
    Some((Date::new(y, m, d).ok()?, k + 1 - i))
}

fn is_filler(t: &str) -> bool {
    FILLER.contains(&t) || weekday(t).is_some()
}

/// Every full date in pre-made tokens, in order.
fn dates_in(toks: &[String]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some((date, len)) = date_at(toks, i) else {
            i += 1;
            continue;
        };
        // A time after the date ("- 09:15", "على الساعة 13:30", "05:17 م")…
        let mut j = i + len;
        let mut skipped = 0;
        while j < toks.len() && skipped < 3 && time(&toks[j]).is_none() && is_filler(&toks[j]) {
            j += 1;
            skipped += 1;
        }
        let mut end = i + len;
        let mut t = time_at(toks, j).map(|(t, n)| {
            end = j + n;
            t
        });
        // …or before it ("18:25 - 2023/08/16", "07:39 م الإثنين 10 ديسمبر 2018").
        let mut start = i;
        if t.is_none() {
            let mut k = i;
            let mut back = 0;
            while k > 0 && back < 4 {
                k -= 1;
                back += 1;
                if let Some((tt, _)) = time_at(toks, k) {
                    t = Some(tt);
                    start = k;
                    break;
                }
                if !(is_filler(&toks[k]) || meridiem(&toks[k]).is_some()) {
                    break;
                }
            }
        }
        found.push(Found {
            date,
            time: t,
            token: start,
            end,
        });
        i = end.max(i + len);
    }
    found
}

/// Every full date in `text`, in order.
pub(crate) fn full_dates(text: &str) -> Vec<Found> {
    dates_in(&tokens(text))
}

/// The weekday a token names, if any ("الاثنين", "والاثنين", "الإثنين").
pub(crate) fn weekday(token: &str) -> Option<Weekday> {
    let t = token
        .strip_prefix('و')
        .filter(|t| t.starts_with("ال"))
        .unwrap_or(token);
    WEEKDAYS.iter().find(|(n, _)| *n == t).map(|&(_, w)| w)
}

/// The weekday a report implies for its own publication, from the weekdays
/// it names: a bare weekday ("قالت قسد، الاثنين،", "اليوم الاثنين") is the
/// day itself; "أمس الاثنين" means it was written the day after, "غدا
/// السبت" the day before; a weekday followed by المقبل/القادم/الماضي/الفائت
/// says nothing. Weekdays inside a full date expression are left out. The
/// most frequent implied day wins (the first on a tie).
pub(crate) fn publication_weekday(text: &str) -> Option<Weekday> {
    let toks = tokens(text);
    let dates = dates_in(&toks);
    let mut counts: Vec<(Weekday, usize, usize)> = Vec::new(); // weekday, count, first index
    for (i, t) in toks.iter().enumerate() {
        let Some(w) = weekday(t) else { continue };
        if dates.iter().any(|d| d.token <= i + 1 && i < d.end) {
            continue;
        }
        let next = toks.get(i + 1).map(String::as_str);
        if matches!(
            next,
            Some(
                "المقبل"
                    | "القادم"
                    | "الماضي"
                    | "الفائت"
                    | "المنصرم"
                    | "next"
                    | "last"
            )
        ) {
            continue;
        }
        let prev = if i > 0 { toks[i - 1].as_str() } else { "" };
        let prev = prev.strip_prefix('و').unwrap_or(prev);
        let implied = match prev {
            "امس" | "yesterday" => w.next(),
            "غدا" | "غدٱ" | "tomorrow" => w.previous(),
            _ => w,
        };
        match counts.iter_mut().find(|c| c.0 == implied) {
            Some(c) => c.1 += 1,
            None => counts.push((implied, 1, i)),
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|c| c.0)
}

/// Move `anchor` forward (at most 6 days) to `weekday` when it is not that day.
pub(crate) fn align_to_weekday(anchor: Date, weekday: Weekday) -> Date {
    let mut d = anchor;
    for _ in 0..7 {
        if d.weekday() == weekday {
            return d;
        }
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    anchor
}

/// What a date line says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stamp {
    /// "نشر في: …", "تاريخ النشر: …", "Published …".
    Published,
    /// "آخر تحديث: …", "محدث: …".
    Updated,
    /// Only a date (with a weekday, a time, a Hijri date, a section label).
    Plain,
}

/// A date line: its kind, the date it gives (if any), and the update
/// that follows a publication date on the same line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateLine {
    pub stamp: Stamp,
    /// `None` for a marker with no date after it ("نشر بتاريخ:", "آخر
    /// تحديث:"): the date, when there is one, is on the next line.
    pub date: Option<DateTime>,
    pub updated: Option<DateTime>,
}

/// The position and length of the first marker of `markers` in `toks`.
fn find_marker(toks: &[String], markers: &[&str]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for m in markers {
        let m: Vec<&str> = m.split(' ').collect();
        if let Some(p) = toks
            .windows(m.len())
            .position(|w| w.iter().zip(&m).all(|(a, b)| a == b))
        {
            // The earliest marker; at one position, the longest.
            if best.is_none_or(|(bp, bl)| p < bp || (p == bp && m.len() > bl)) {
                best = Some((p, m.len()));
            }
        }
    }
    best
}

/// Tokens of a date line that are part of the stamp and say nothing else:
/// weekdays, times, am/pm, the Hijri date beside the Gregorian one,
/// "بتوقيت عدن", "GMT".
fn is_stamp_word(t: &str) -> bool {
    is_filler(t)
        || time(t).is_some()
        || meridiem(t).is_some()
        || HIJRI_MONTHS.contains(&t)
        || t.chars().all(|c| c.is_ascii_digit())
        || !t.chars().any(char::is_alphanumeric)
}

/// Is `line` a date line, and what does it say? A line with a publication
/// or update marker (at its start or inside, "كشـ24 | نشر في: 17 سبتمبر
/// 2021"), or a short line that is only a date with its weekday, time, Hijri
/// date and at most a short label ("الأربعاء 2024-07-24 12:17:39 أخبار
/// اليوم"). The parts of a date printed in scrambled order by a
/// right-to-left page ("10 12:42 2023 فيفري") are put back together.
pub(crate) fn date_line(line: &str) -> Option<DateLine> {
    if line.chars().count() > 160 {
        return None;
    }
    let toks = tokens(line);
    if toks.is_empty() || toks.len() > 24 {
        return None;
    }
    let mut dates = dates_in(&toks);
    dates.retain(|d| plausible(d.date));
    // (Not on a line with a Hijri date: its day would be taken for the Gregorian one.)
    if dates.is_empty()
        && !toks.iter().any(|t| HIJRI_MONTHS.contains(&t.as_str()))
        && let Some(d) = scrambled(&toks).filter(|d| plausible(d.date))
    {
        dates.push(d);
    }
    let published = find_marker(&toks, PUBLISHED_MARKERS);
    let updated = find_marker(&toks, UPDATED_MARKERS);
    let at = |f: &Found| f.datetime();
    // A marker counts when a date follows it closely, or when nothing does
    // (then the date is on the next line).
    // A sentence that happens to contain a date is no date line.
    let sentence = line.trim_end().ends_with(['.', '؟', '!', '?']) && toks.len() > 8;
    if sentence {
        return None;
    }
    let after = |(p, len): (usize, usize)| -> Option<Option<&Found>> {
        let first = dates.iter().find(|d| d.end > p + len);
        match first {
            // Only stamp words between the marker and its date.
            Some(d) if (p + len..d.token).all(|k| is_stamp_word(&toks[k])) => Some(Some(d)),
            Some(_) => None,
            None => toks[p + len..]
                .iter()
                .all(|t| is_stamp_word(t))
                .then_some(None),
        }
    };
    match (published.and_then(after), updated.and_then(after)) {
        (Some(p), u) => {
            // "نشر في: … | آخر تحديث: …": the update only when it is a later date.
            let upd = u.flatten().filter(|u| Some(u.token) != p.map(|p| p.token));
            return Some(DateLine {
                stamp: Stamp::Published,
                date: p.map(at),
                updated: upd.map(at),
            });
        }
        (None, Some(u)) => {
            // An update stamp; a date before the marker is the publication.
            let (upos, _) = updated?;
            if let Some(before) = dates.iter().find(|d| d.end <= upos) {
                return Some(DateLine {
                    stamp: Stamp::Published,
                    date: Some(at(before)),
                    updated: u.map(at),
                });
            }
            return Some(DateLine {
                stamp: Stamp::Updated,
                date: u.map(at),
                updated: None,
            });
        }
        (None, None) => {}
    }
    // No marker: the line must be only a date (and stamp words, a short label).
    let first = dates.first()?;
    if dates.iter().any(|d| d.date != first.date) {
        return None;
    }
    let covered = |i: usize| dates.iter().any(|d| d.token <= i && i < d.end);
    let other = toks
        .iter()
        .enumerate()
        .filter(|(i, t)| !covered(*i) && !is_stamp_word(t))
        .count();
    (other <= 3).then_some(DateLine {
        stamp: Stamp::Plain,
        date: Some(at(first)),
        updated: None,
    })
}

/// A day, a month name and a year in any order on a short line, as a
/// right-to-left page can print them ("10 12:42 2023 فيفري").
fn scrambled(toks: &[String]) -> Option<Found> {
    let mut d = None;
    let mut m = None;
    let mut y = None;
    let mut t = None;
    let mut i = 0;
    while i < toks.len() {
        if let Some((month, len)) = month_at(toks, i) {
            if m.replace(month).is_some() {
                return None;
            }
            i += len;
            continue;
        }
        let tok = &toks[i];
        if let Some(yy) = year(tok) {
            if y.replace(yy).is_some() {
                return None;
            }
        } else if let Some((tt, len)) = time_at(toks, i) {
            t = Some(tt);
            i += len;
            continue;
        } else if let Some(dd) = day(tok)
            && d.replace(dd).is_some()
        {
            return None;
        }
        i += 1;
    }
    Some(Found {
        date: Date::new(y?, m?, d?).ok()?,
        time: t,
        token: 0,
        end: toks.len(),
    })
}

/// A date in a URL: `/2024/05/10/`, `/2024-05-10-…`, `…-20240510…`.
pub(crate) fn in_url(url: &str) -> Option<Date> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split_once('/').map_or("", |(_, p)| p);
    let parts: Vec<&str> = path.split(['/', '-', '_', '.']).collect();
    for w in parts.windows(3) {
        if w[0].len() == 4
            && (1..=2).contains(&w[1].len())
            && (1..=2).contains(&w[2].len())
            && let Some(d) = numeric(&format!("{}-{}-{}", w[0], w[1], w[2]))
        {
            return Some(d);
        }
    }
    // "/20220908/": eight digits that make a date.
    parts.iter().find_map(|p| {
        (p.len() == 8 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| numeric(&format!("{}-{}-{}", &p[..4], &p[4..6], &p[6..])))
            .flatten()
    })
}

/// Is this a date a page can carry as its own? Not the Unix epoch
/// (1 January 1970), which a broken page prints for a missing date.
pub(crate) fn plausible(d: Date) -> bool {
    d != jiff::civil::date(1970, 1, 1)
}

/// "اليوم الاثنين 17 ماي 2021": a full date that the text calls today.
pub(crate) fn stated_today(text: &str) -> Option<Found> {
    let toks = tokens(text);
    dates_in(&toks).into_iter().find(|f| {
        let mut k = f.token;
        // back over a weekday and a time of day ("صباح اليوم الاثنين")
        while k > 0 && weekday(&toks[k - 1]).is_some() {
            k -= 1;
        }
        k > 0 && matches!(toks[k - 1].as_str(), "اليوم" | "today")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn dates(text: &str) -> Vec<Date> {
        full_dates(text).into_iter().map(|f| f.date).collect()
    }

    fn line(text: &str) -> Option<(Stamp, Option<String>, Option<String>)> {
        date_line(text).map(|d| {
            (
                d.stamp,
                d.date.map(|x| x.to_string()),
                d.updated.map(|x| x.to_string()),
            )
        })
    }

    #[test]
    fn month_families_and_digit_systems() {
        assert_eq!(dates("في 25 يناير 2022."), [date(2022, 1, 25)]);
        assert_eq!(dates("السبت 3 آذار 2018"), [date(2018, 3, 3)]);
        assert_eq!(dates("يوم ٥ كانون الثاني ٢٠٢٠"), [date(2020, 1, 5)]);
        assert_eq!(dates("تاريخ النشر: 17 جويلية 2023"), [date(2023, 7, 17)]);
        assert_eq!(
            dates("۱۲ مهر؟ لا، ۱۲ تشرين الأول ۱۴۰۰"),
            Vec::<Date>::new(),
            "1400 is no Gregorian year we accept"
        );
        assert_eq!(dates("۱۲ تشرين الأول ۲۰۲۱"), [date(2021, 10, 12)]);
        assert_eq!(dates("الرباط 9 يوليوز 2019"), [date(2019, 7, 9)]);
        assert_eq!(
            dates("2 غشت 2019 و 3 شتنبر 2019 و 4 نونبر 2019 و 5 دجنبر 2019"),
            [
                date(2019, 8, 2),
                date(2019, 9, 3),
                date(2019, 11, 4),
                date(2019, 12, 5)
            ]
        );
        assert_eq!(
            dates(
                "1 جانفي 2021 ثم 2 فيفري 2021 و3 أفريل 2021 و 4 ماي 2021 و 5 جوان 2021 و 6 أوت 2021"
            ),
            [
                date(2021, 1, 1),
                date(2021, 2, 2),
                date(2021, 4, 3),
                date(2021, 5, 4),
                date(2021, 6, 5),
                date(2021, 8, 6)
            ]
        );
        assert_eq!(
            dates("يونيه 7 2020، 7 يونيه 2020، 8 يوليه 2020، 9 إبريل 2020"),
            [
                date(2020, 6, 7),
                date(2020, 6, 7),
                date(2020, 7, 8),
                date(2020, 4, 9)
            ]
        );
        assert_eq!(
            dates("١٤/٠٢/٢٠٢٤ و 2024-02-15 و 16.02.2024"),
            [date(2024, 2, 14), date(2024, 2, 15), date(2024, 2, 16)]
        );
    }

    #[test]
    fn shapes_of_real_pages() {
        // Glued to words, month pairs, month-day-year, ordinals, slashes
        // around a month name, ISO timestamps, parentheses.
        assert_eq!(dates("عرب وعالم24-11-2022 | 17:00"), [date(2022, 11, 24)]);
        assert_eq!(dates("06 نونبر 2022على الساعة13:30"), [date(2022, 11, 6)]);
        assert_eq!(dates("يوم 28 آذار /مارس  2015 في"), [date(2015, 3, 28)]);
        assert_eq!(dates("نوفمبر 7, 2025 07:50 مساءً"), [date(2025, 11, 7)]);
        assert_eq!(dates("19th, May 2024"), [date(2024, 5, 19)]);
        assert_eq!(dates("May 19th, 2024"), [date(2024, 5, 19)]);
        assert_eq!(dates("الإثنين 12/أغسطس/2024 - 05:17 م"), [date(2024, 8, 12)]);
        assert_eq!(dates("2026-01-12T07:12+0000"), [date(2026, 1, 12)]);
        assert_eq!(dates("(18.02.2026)"), [date(2026, 2, 18)]);
        assert_eq!(dates("2020م"), Vec::<Date>::new());
        assert_eq!(dates("17 أغسطس 2020م"), [date(2020, 8, 17)]);
    }

    #[test]
    fn times_beside_dates() {
        let t = |s: &str| full_dates(s)[0].datetime().to_string();
        assert_eq!(t("06 نونبر 2022على الساعة13:30"), "2022-11-06T13:30:00");
        assert_eq!(t("الإثنين 12/أغسطس/2024 - 05:17 م"), "2024-08-12T17:17:00");
        assert_eq!(t("نوفمبر 7, 2025 07:50 مساءً"), "2025-11-07T19:50:00");
        assert_eq!(t("18:25 - 2023/08/16"), "2023-08-16T18:25:00");
        assert_eq!(t("07:39 م الإثنين 10 ديسمبر 2018"), "2018-12-10T19:39:00");
        assert_eq!(t("11:42 2024-09-18|"), "2024-09-18T11:42:00");
        assert_eq!(t("2024-07-24 12:17:39"), "2024-07-24T12:17:00");
        assert_eq!(t("16 نوفمبر 2022 02:16 ص"), "2022-11-16T02:16:00");
        assert_eq!(t("12:30 ص 1 يناير 2020"), "2020-01-01T00:30:00");
    }

    #[test]
    fn huge_numbers_in_date_shapes_are_no_dates() {
        // These panicked (index out of bounds) before: an overflowing part
        // was dropped and the date had two parts instead of three.
        assert!(dates("2024/01/99999999999").is_empty());
        assert!(dates("99999999999/01/2024").is_empty());
        assert!(dates("٢٠٢٤/٠١/٩٩٩٩٩٩٩٩٩٩٩").is_empty());
        assert!(dates("99999999999999999999 يناير 2024").is_empty());
        assert!(dates("٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩ يناير ٢٠٢٤").is_empty());
        assert!(dates("2024/257/01").is_empty(), "257 is no month (nor 1)");
        assert!(dates("2024/01/0257").is_empty());
        assert!(date_line("نشر في 2024/01/99999999999").is_none_or(|d| d.date.is_none()));
        assert!(dates("99999999999:99999999999 يناير 2024").is_empty());
    }

    #[test]
    fn today_in_the_text() {
        let f = stated_today("غادر الرئيس، صباح اليوم الاثنين 17 ماي 2021، أرض الوطن").unwrap();
        assert_eq!(f.date, date(2021, 5, 17));
        assert!(stated_today("وقع الحادث في 17 ماي 2021 وقال اليوم").is_none());
        assert!(!plausible(date(1970, 1, 1)));
        assert!(
            date_line("1 يناير 1970 05:04 م").is_none(),
            "the epoch is a missing date"
        );
        assert!(plausible(date(1971, 1, 1)));
    }

    #[test]
    fn no_year_is_no_date() {
        assert!(dates("في 20 يناير الماضي").is_empty());
        assert!(dates("ابتداءً من 1 فبراير وحتى إشعار آخر").is_empty());
        assert!(dates("عام 2019").is_empty());
        assert!(dates("31/02/2024").is_empty(), "no such day");
        assert!(dates("منذ ساعتين").is_empty());
        assert!(dates("اليوم, 00:39").is_empty());
    }

    #[test]
    fn publication_weekday_reads_yesterday_and_tomorrow() {
        use Weekday::*;
        assert_eq!(
            publication_weekday("وقالت قسد، الاثنين، إن… في مؤتمر عُقد الاثنين"),
            Some(Monday)
        );
        assert_eq!(publication_weekday("وقع الهجوم أمس الاثنين"), Some(Tuesday));
        assert_eq!(publication_weekday("تبدأ المباراة غداً السبت"), Some(Friday));
        assert_eq!(publication_weekday("تعقد الجلسة السبت المقبل"), None);
        assert_eq!(publication_weekday("منذ الأحد الماضي"), None);
        assert_eq!(
            publication_weekday("الثلاثاء 25 يناير 2022 قال"),
            None,
            "the weekday of a full date is part of the date"
        );
        assert_eq!(
            align_to_weekday(date(2022, 1, 25), Monday),
            date(2022, 1, 31)
        );
        assert_eq!(
            align_to_weekday(date(2022, 1, 25), Tuesday),
            date(2022, 1, 25)
        );
    }

    #[test]
    fn date_lines() {
        use Stamp::*;
        let s = |d: &str| Some(d.to_string());
        assert_eq!(
            line("نُشر في: ١٤/٠٢/٢٠٢٤ - ٠٩:١٥ | آخر تحديث: ١٥/٠٢/٢٠٢٤ - ١٠:٠٠"),
            Some((
                Published,
                s("2024-02-14T09:15:00"),
                s("2024-02-15T10:00:00")
            ))
        );
        assert_eq!(
            line("تاريخ النشر: 17 جويلية 2023"),
            Some((Published, s("2023-07-17T00:00:00"), None))
        );
        assert_eq!(
            line("كشـ24 | و.م.ع نشر في: 17 سبتمبر 2021"),
            Some((Published, s("2021-09-17T00:00:00"), None)),
            "a marker inside the line"
        );
        assert_eq!(
            line("تاريخ النشر : 18:25 - 2023/08/16"),
            Some((Published, s("2023-08-16T18:25:00"), None))
        );
        assert_eq!(
            line("محدث : 2024-03-01 10:00"),
            Some((Updated, s("2024-03-01T10:00:00"), None))
        );
        assert_eq!(line("نشر بتاريخ:"), Some((Published, None, None)));
        assert_eq!(line("آخر تحديث:"), Some((Updated, None, None)));
        assert_eq!(line("نشر :"), Some((Published, None, None)));
        assert_eq!(
            line("آخر تحديث :الجمعة - 16 مايو 2025 - 04:25 ص"),
            Some((Updated, s("2025-05-16T04:25:00"), None))
        );
        assert_eq!(
            line("السبت 3 آذار 2018"),
            Some((Plain, s("2018-03-03T00:00:00"), None))
        );
        assert_eq!(
            line("الأربعاء 2024-07-24 12:17:39 أخبار اليوم"),
            Some((Plain, s("2024-07-24T12:17:00"), None))
        );
        assert_eq!(
            line("عرب وعالم24-11-2022 | 17:00"),
            Some((Plain, s("2022-11-24T17:00:00"), None))
        );
        assert_eq!(
            line("الإثنين 25 نوفمبر 2024 الموافق 23 جمادى الأولى 1446"),
            Some((Plain, s("2024-11-25T00:00:00"), None))
        );
        assert_eq!(
            line("الثلاثاء - 20 أغسطس 2024 - 12:25 م بتوقيت عدن"),
            Some((Plain, s("2024-08-20T12:25:00"), None))
        );
        assert_eq!(
            line("10 12:42 2023 فيفري"),
            Some((Plain, s("2023-02-10T12:42:00"), None)),
            "scrambled by a right-to-left page"
        );
        assert_eq!(
            line("جريدة الشبيبة الإثنين 17 أغسطس 2020 م - ٢٧ ذي الحجة ١٤٤١ هـ"),
            Some((Plain, s("2020-08-17T00:00:00"), None))
        );
        assert!(line("وقع الهجوم في 20 يناير 2022 على سجن غويران في الحسكة").is_none());
        assert!(line("نص بلا تاريخ").is_none());
        assert!(line("آخر تحديث GMT 19:57:42").is_none_or(|l| l.1.is_none()));
        assert!(line("نشرت الوزارة في 9 مارس 2018 تقريرها السنوي عن الأسعار").is_none());
        assert!(line("منذ دقائق 3").is_none());
    }

    #[test]
    fn dates_in_urls() {
        assert_eq!(
            in_url("https://x.com/news/2024/03/18/some-slug"),
            Some(date(2024, 3, 18))
        );
        assert_eq!(
            in_url("https://x.com/article/2022-11-06-13-33-246.html"),
            Some(date(2022, 11, 6))
        );
        assert_eq!(
            in_url("https://x.com/2021/8/10/slug"),
            Some(date(2021, 8, 10))
        );
        assert_eq!(
            in_url("https://x.com/20220908/slug-1234.html"),
            Some(date(2022, 9, 8))
        );
        assert_eq!(in_url("https://nhar.tv/Y1XXq"), None);
        assert_eq!(in_url("https://x.com/node/123456"), None);
    }
}
