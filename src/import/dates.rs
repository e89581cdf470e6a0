//! Dates in Arabic news text: full dates, publication lines, weekdays.
//!
//! Takes text; gives calendar dates found in it. Full dates are a day, a
//! month and a year: `25 يناير 2022`, `3 آذار 2018`, `17 جويلية 2023`,
//! `١٤/٠٢/٢٠٢٤`, `2024-02-14`, in ASCII, Arabic-Indic or Persian digits, with
//! month names of every family (Egyptian/Gulf يناير…, Levantine كانون
//! الثاني…, Maghreb جانفي…, Moroccan يوليوز غشت شتنبر نونبر دجنبر). A day
//! and month without a year is not a full date and never wins.

use crate::arabic;
use jiff::civil::{Date, DateTime, Time, Weekday};

/// A full date found in text, with the time when one follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub date: Date,
    pub time: Option<Time>,
    /// Index of the first token of the date expression.
    pub token: usize,
}

/// Month names (folded, see [`arabic::fold`]) → month number.
const MONTHS: &[(&str, i8)] = &[
    ("يناير", 1),
    ("كانون الثاني", 1),
    ("جانفي", 1),
    ("ينير", 1),
    ("january", 1),
    ("jan", 1),
    ("فبراير", 2),
    ("شباط", 2),
    ("فيفري", 2),
    ("فبرير", 2),
    ("february", 2),
    ("feb", 2),
    ("مارس", 3),
    ("اذار", 3),
    ("march", 3),
    ("mar", 3),
    ("ابريل", 4),
    ("نيسان", 4),
    ("افريل", 4),
    ("april", 4),
    ("apr", 4),
    ("مايو", 5),
    ("ايار", 5),
    ("ماي", 5),
    ("may", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("حزيران", 6),
    ("جوان", 6),
    ("يونيوز", 6),
    ("june", 6),
    ("jun", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("تموز", 7),
    ("جويليه", 7),
    ("يوليوز", 7),
    ("july", 7),
    ("jul", 7),
    ("اغسطس", 8),
    ("اب", 8),
    ("اوت", 8),
    ("غشت", 8),
    ("august", 8),
    ("aug", 8),
    ("سبتمبر", 9),
    ("ايلول", 9),
    ("شتنبر", 9),
    ("september", 9),
    ("sep", 9),
    ("اكتوبر", 10),
    ("تشرين الاول", 10),
    ("october", 10),
    ("oct", 10),
    ("نوفمبر", 11),
    ("تشرين الثاني", 11),
    ("نونبر", 11),
    ("november", 11),
    ("nov", 11),
    ("ديسمبر", 12),
    ("كانون الاول", 12),
    ("دجنبر", 12),
    ("december", 12),
    ("dec", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("الاحد", Weekday::Sunday),
    ("الاثنين", Weekday::Monday),
    ("الثلاثاء", Weekday::Tuesday),
    ("الاربعاء", Weekday::Wednesday),
    ("الخميس", Weekday::Thursday),
    ("الجمعه", Weekday::Friday),
    ("السبت", Weekday::Saturday),
];

/// Words of `text`: digits made ASCII, surrounding punctuation removed, folded.
pub fn tokens(text: &str) -> Vec<String> {
    arabic::ascii_digits(text)
        .split_whitespace()
        .map(|w| {
            let w = w.trim_matches(|c: char| {
                !(c.is_alphanumeric() || matches!(c, '/' | '-' | '.' | ':'))
                    || arabic::is_diacritic(c)
            });
            let w = w.trim_end_matches(['.', '-', ':', '/']);
            arabic::fold(w)
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn month_at(tokens: &[String], i: usize) -> Option<(i8, usize)> {
    let one = tokens.get(i)?;
    if let Some(next) = tokens.get(i + 1) {
        let two = format!("{one} {next}");
        if let Some(&(_, m)) = MONTHS.iter().find(|(n, _)| *n == two) {
            return Some((m, 2));
        }
    }
    // Allow a clinging ب / في-less preposition: "بيناير" is rare; keep exact names.
    MONTHS.iter().find(|(n, _)| n == one).map(|&(_, m)| (m, 1))
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

fn numeric(token: &str) -> Option<Date> {
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

fn time(token: &str) -> Option<Time> {
    let (h, m) = token.split_once(':')?;
    let (h, m): (i8, i8) = (h.parse().ok()?, m.get(..2)?.parse().ok()?);
    Time::new(h, m, 0, 0).ok()
}

/// Every full date in `text`, in order.
pub fn full_dates(text: &str) -> Vec<Found> {
    let toks = tokens(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let mut hit: Option<(Date, usize)> = None;
        if let Some(date) = numeric(&toks[i]) {
            hit = Some((date, 1));
        } else if let Some(d) = day(&toks[i]) {
            // "25 يناير 2022", "25 من يناير 2022"
            let mut j = i + 1;
            if toks.get(j).is_some_and(|t| t == "من") {
                j += 1;
            }
            if let Some((m, len)) = month_at(&toks, j) {
                if let Some(y) = toks.get(j + len).and_then(|t| year(t)) {
                    if let Ok(date) = Date::new(y, m, d) {
                        hit = Some((date, j + len + 1 - i));
                    }
                }
            }
        }
        if let Some((date, len)) = hit {
            // A time right after the date ("- 09:15", "الساعة 09:15").
            let t = toks[i + len..].iter().take(2).find_map(|t| time(t));
            found.push(Found {
                date,
                time: t,
                token: i,
            });
            i += len;
        } else {
            i += 1;
        }
    }
    found
}

/// The weekday a token names, if any ("الاثنين", "والاثنين", "يوم الإثنين").
pub fn weekday(token: &str) -> Option<Weekday> {
    let t = token
        .strip_prefix('و')
        .filter(|t| t.starts_with("ال"))
        .unwrap_or(token);
    WEEKDAYS.iter().find(|(n, _)| *n == t).map(|&(_, w)| w)
}

/// The weekday the report names most often, leaving out weekdays that are
/// part of a full date expression ("السبت 3 آذار 2018").
pub fn named_weekday(text: &str) -> Option<Weekday> {
    let toks = tokens(text);
    let dates = full_dates(text);
    let mut counts: Vec<(Weekday, usize, usize)> = Vec::new(); // weekday, count, first index
    for (i, t) in toks.iter().enumerate() {
        let Some(w) = weekday(t) else { continue };
        if dates.iter().any(|d| d.token == i + 1) {
            continue;
        }
        match counts.iter_mut().find(|c| c.0 == w) {
            Some(c) => c.1 += 1,
            None => counts.push((w, 1, i)),
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|c| c.0)
}

/// Move `anchor` forward (at most 6 days) to `weekday` when it is not that day.
pub fn align_to_weekday(anchor: Date, weekday: Weekday) -> Date {
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

/// The publication date inferred from the text: the latest full date, moved
/// forward to the weekday the report names.
pub fn infer(text: &str) -> Option<Date> {
    let latest = full_dates(text).into_iter().map(|f| f.date).max()?;
    Some(match named_weekday(text) {
        Some(w) => align_to_weekday(latest, w),
        None => latest,
    })
}

const PUBLISHED_MARKERS: &[&str] = &[
    "نشر في",
    "نشر بتاريخ",
    "تاريخ النشر",
    "تم النشر",
    "نشر",
    "بتاريخ",
    "published",
    "posted",
    "date",
];
const UPDATED_MARKERS: &[&str] = &[
    "اخر تحديث",
    "تاريخ التحديث",
    "تحديث",
    "updated",
    "last updated",
];

/// A publication line: "نُشر في: ١٤/٠٢/٢٠٢٤ - ٠٩:١٥ | آخر تحديث: …",
/// "تاريخ النشر: 17 جويلية 2023", or a line that is only a date
/// ("السبت 3 آذار 2018"). Gives the published and (if any) updated time.
pub fn publication_line(line: &str) -> Option<(DateTime, Option<DateTime>)> {
    if line.chars().count() > 140 {
        return None;
    }
    let toks = tokens(line);
    let dates = full_dates(line);
    let first = dates.first()?;
    // A marker must open the line ("نُشر في: …", "تاريخ النشر: …", "آخر تحديث: …").
    let has_marker = PUBLISHED_MARKERS.iter().chain(UPDATED_MARKERS).any(|m| {
        let m: Vec<String> = tokens(m);
        toks.len() > m.len() && toks[..m.len()] == m[..]
    });
    // Without a marker, the line must be nothing but a date (and a weekday, a time).
    if !has_marker {
        let date_tokens: usize = dates.len() * 3;
        let other = toks
            .iter()
            .filter(|t| {
                weekday(t).is_none()
                    && time(t).is_none()
                    && !t.chars().all(|c| !c.is_alphanumeric())
            })
            .count();
        if other > date_tokens || dates.len() > 1 {
            return None;
        }
    }
    let at = |f: &Found| f.date.to_datetime(f.time.unwrap_or(Time::midnight()));
    // The date after an "updated" marker is the update; the other one is publication.
    let upd_pos = UPDATED_MARKERS
        .iter()
        .filter_map(|m| {
            let m = arabic::fold(m);
            let words = m.split(' ').count();
            toks.windows(words).position(|w| w.join(" ") == m)
        })
        .min();
    let (published, updated) = match upd_pos {
        Some(p) => {
            let before = dates.iter().find(|d| d.token < p);
            let after = dates.iter().find(|d| d.token > p);
            match (before, after) {
                (Some(b), a) => (at(b), a.map(at)),
                (None, Some(a)) => (at(a), None),
                (None, None) => return None,
            }
        }
        None => (at(first), None),
    };
    Some((published, updated))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn dates(text: &str) -> Vec<Date> {
        full_dates(text).into_iter().map(|f| f.date).collect()
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
            [date(2020, 6, 7), date(2020, 7, 8), date(2020, 4, 9)]
        );
        assert_eq!(
            dates("١٤/٠٢/٢٠٢٤ و 2024-02-15 و 16.02.2024"),
            [date(2024, 2, 14), date(2024, 2, 15), date(2024, 2, 16)]
        );
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
        assert!(publication_line("نشر في 2024/01/99999999999").is_none());
    }

    #[test]
    fn no_year_is_no_date() {
        assert!(dates("في 20 يناير الماضي").is_empty());
        assert!(dates("ابتداءً من 1 فبراير وحتى إشعار آخر").is_empty());
        assert!(dates("عام 2019").is_empty());
        assert!(dates("31/02/2024").is_empty(), "no such day");
    }

    #[test]
    fn weekday_rule() {
        // 25 Jan 2022 is a Tuesday; the report speaks of Monday → 31 Jan.
        let text = "صورة 25 يناير 2022. وقالت قسد، الاثنين، إن السجن… في مؤتمر عُقد الاثنين";
        assert_eq!(named_weekday(text), Some(Weekday::Monday));
        assert_eq!(infer(text), Some(date(2022, 1, 31)));
        // The weekday of the date itself changes nothing.
        assert_eq!(infer("الثلاثاء 25 يناير 2022 قال"), Some(date(2022, 1, 25)));
        assert_eq!(
            infer("في 25 يناير 2022 قال يوم الثلاثاء"),
            Some(date(2022, 1, 25))
        );
        // Latest full date wins.
        assert_eq!(
            infer("في 3 مارس 2021 ثم 1 مارس 2022 و 20 يناير الماضي"),
            Some(date(2022, 3, 1))
        );
        assert_eq!(infer("لا تاريخ هنا"), None);
    }

    #[test]
    fn publication_lines() {
        let (p, u) =
            publication_line("نُشر في: ١٤/٠٢/٢٠٢٤ - ٠٩:١٥ | آخر تحديث: ١٥/٠٢/٢٠٢٤ - ١٠:٠٠").unwrap();
        assert_eq!(p, date(2024, 2, 14).at(9, 15, 0, 0));
        assert_eq!(u, Some(date(2024, 2, 15).at(10, 0, 0, 0)));
        let (p, u) = publication_line("تاريخ النشر: 17 جويلية 2023").unwrap();
        assert_eq!(p, date(2023, 7, 17).at(0, 0, 0, 0));
        assert_eq!(u, None);
        assert_eq!(
            publication_line("السبت 3 آذار 2018").unwrap().0.date(),
            date(2018, 3, 3)
        );
        assert!(publication_line("وقع الهجوم في 20 يناير 2022 على سجن غويران في الحسكة").is_none());
        assert!(publication_line("نص بلا تاريخ").is_none());
        assert!(
            publication_line("نص جديد نشر في 9 مارس 2018 عن الأسعار.").is_none(),
            "a marker must open the line"
        );
        assert!(publication_line("نشرت الوزارة في 9 مارس 2018 تقريرها").is_none());
    }
}
