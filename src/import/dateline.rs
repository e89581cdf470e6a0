//! Datelines: where a report was filed and who filed it, from a line of
//! its own (`الرباط - و م ع`, `كلمة - بغداد`) or from the start of the lead
//! (`أنقرة - …`, `بغداد (رويترز) - …`, `التيار (نواكشوط) ـ …`,
//! `(رويترز) – …`, `عمان - السوسنة - …`).
//!
//! Takes a line or the lead and the [`Gazetteer`], which tells a place from
//! a source; gives the [`Dateline`] and what is left of the lead. Without
//! the gazetteer's word nothing is guessed where the order is not clear.

use crate::arabic;
use crate::import::dates;
use crate::import::gazetteer::{Gazetteer, fold_tokens};
use crate::import::header::clean_title;
use crate::import::lexicon;

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
}
