//! The people a story names by their office: "غادر الرئيس التركي، رجب طيب
//! أردوغان، اليوم" names "رجب طيب أردوغان".
//!
//! Takes one text (the lead) and the [`Gazetteer`]; gives the names that
//! follow an office, in order. An Arabic name has no capital letters to
//! tell it from the words around it; the office is the evidence. After the
//! office word come its complement and adjectives (definite words, "مجلس",
//! "وزارة"…: `رئيس مجلس السيادة الانتقالي`), perhaps one comma, then the
//! name: two to five words up to the next punctuation, preposition, time
//! word or verb of saying. A run that starts with a definite word, holds a
//! known place or another office, or is one word long is no name.

use crate::arabic;
use crate::import::gazetteer::{Gazetteer, fold_tokens, prefix_variants};
use crate::import::names::{definite, gaz_word, is_place_noun, is_title_word, not_name, stem};

/// Offices that introduce a person (stems: folded, the article off).
const OFFICES: &[&str] = &[
    "رئيس",
    "رئيسه",
    "رئاسه",
    "وزير",
    "وزيره",
    "نائب",
    "امير",
    "ملك",
    "سلطان",
    "دكتور",
    "دكتوره",
    "مهندس",
    "مهندسه",
    "استاذ",
    "استاذه",
    "لواء",
    "عميد",
    "عقيد",
    "سفير",
    "سفيره",
    "محافظ",
    "مستشار",
    "ناطق",
    "متحدث",
    "قائد",
    "زعيم",
    "مبعوث",
    "مرشد",
    "بابا",
    "شيخ",
];

/// Nouns an office takes as its complement: "رئيس مجلس …", "وزير شؤون …".
const OFFICE_NOUNS: &[&str] = &[
    "مجلس",
    "وزراء",
    "هيئه",
    "وزاره",
    "حكومه",
    "جمهوريه",
    "دوله",
    "منظمه",
    "حزب",
    "جهاز",
    "ديوان",
    "اركان",
    "مكتب",
    "لجنه",
    "سلطه",
    "شؤون",
    "باسم",
    "عام",
    "عامه",
];

/// Honorifics after a name end it: "هيثم بن طارق المعظم", "… حفظه الله".
const HONORIFICS: &[&str] = &[
    "معظم",
    "مفدي",
    "حفظه",
    "رعاه",
    "ايده",
    "يحفظه",
    "سموه",
    "رحمه",
    "شريف",
    "كريم",
];

/// The most words an office phrase and a name take.
const MAX_OFFICE: usize = 5;
const MAX_NAME: usize = 5;

enum Tok {
    Word { written: String, folded: String },
    Break,
}

/// Words and the punctuation between them (any mark ends a name).
fn toks(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Tok>| {
        if !word.is_empty() {
            let written = arabic::clean(word);
            let folded = fold_tokens(&written).concat();
            word.clear();
            if !folded.is_empty() {
                out.push(Tok::Word { written, folded });
            }
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() || arabic::is_diacritic(c) || c == arabic::TATWEEL {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            if !c.is_whitespace() {
                out.push(Tok::Break);
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Whether a folded word, with or without its clinging prefixes and
/// article, is one of `list` ("لرئيس", "والوزير", but also "وزير" itself).
fn is_in(folded: &str, list: &[&str]) -> bool {
    prefix_variants(folded).iter().any(|v| {
        let v = v
            .strip_prefix("ال")
            .filter(|r| r.chars().count() >= 2)
            .unwrap_or(v);
        list.contains(&v)
    })
}

fn is_office(folded: &str) -> bool {
    is_in(folded, OFFICES)
        || prefix_variants(folded)
            .iter()
            .any(|v| is_title_word(&stem(v)))
}

/// Words that join the parts of a name: "محمد ولد الشيخ", "عبد الله".
const JOINERS: &[&str] = &["بن", "بنت", "ابن", "ابو", "عبد", "ولد", "ال"];

/// A word with a clinging conjunction or preposition ends a name
/// ("وزوجته", "لحضور", "بمطار", "للمشاركة"). Names start with these
/// letters too (بوتفليقة, بلقاسم, لبنى, وليد), so only the clear shapes
/// count: a preposition or conjunction before the article, و after the
/// name has begun, and ل or ب before a word of four letters or more (not
/// the بو/بن/بل of Maghrebi names).
fn ends_name(folded: &str, in_name: bool) -> bool {
    if gaz_word(folded) {
        return false;
    }
    // "بقصر القضيبية", "لمقر": a preposition before a place noun.
    if prefix_variants(folded)
        .iter()
        .skip(1)
        .any(|v| is_place_noun(&stem(v)))
    {
        return true;
    }
    let rest = |p: char| folded.strip_prefix(p).map(|r| r.chars().count());
    ["لل", "بال", "كال", "وال", "فال"]
        .iter()
        .any(|p| folded.starts_with(p))
        || (in_name && rest('و').is_some_and(|n| n >= 2))
        || rest('ل').is_some_and(|n| n >= 4)
        || (rest('ب').is_some_and(|n| n >= 4)
            && !["بو", "بن", "بل"].iter().any(|p| folded.starts_with(p)))
}

/// An indefinite accusative inside a run ("عقل بلتاجي أمينا لعمان",
/// "… مجددا على"): a word of four letters or more ending in ا, after the
/// name has begun and before more words. (Before punctuation it may end a
/// name, "باراك أوباما،", unless it has the adverb's ending: "رسميا".)
fn accusative(folded: &str, in_name: bool, next: Option<&Tok>) -> bool {
    in_name
        && folded.ends_with('ا')
        && folded.chars().count() >= 4
        && (matches!(next, Some(Tok::Word { .. })) || folded.ends_with("يا"))
}

/// The names that follow an office in `text`, as written, in order.
pub(crate) fn after_offices(text: &str, gaz: &Gazetteer) -> Vec<String> {
    let toks = toks(text);
    let mut names = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Tok::Word { folded, .. } = &toks[i] else {
            i += 1;
            continue;
        };
        if !is_in(folded, OFFICES) {
            i += 1;
            continue;
        }
        // The office's complement and adjectives.
        let mut j = i + 1;
        while j < toks.len() && j - i <= MAX_OFFICE {
            match &toks[j] {
                Tok::Word { folded, .. }
                    if definite(folded)
                        || is_in(folded, OFFICE_NOUNS)
                        || is_in(folded, OFFICES) =>
                {
                    j += 1
                }
                _ => break,
            }
        }
        // "الرئيس التركي، رجب طيب أردوغان": one comma may set the name off.
        if matches!(toks.get(j), Some(Tok::Break)) && j > i + 1 {
            j += 1;
        }
        let mut words: Vec<&str> = Vec::new();
        let mut folded_words: Vec<&str> = Vec::new();
        while let Some(Tok::Word { written, folded }) = toks.get(j) {
            let st = stem(folded);
            // After a joiner anything goes: "ولد الشيخ", "آل خليفة".
            let joined = folded_words.last().is_some_and(|w| JOINERS.contains(w));
            let stop = words.len() == MAX_NAME
                || (!joined
                    && !JOINERS.contains(&folded.as_str())
                    && (not_name(&st)
                        || is_office(folded)
                        || is_in(folded, HONORIFICS)
                        || accusative(folded, !words.is_empty(), toks.get(j + 1))
                        || ends_name(folded, !words.is_empty())
                        || (words.is_empty() && definite(folded))));
            if stop {
                break;
            }
            words.push(written);
            folded_words.push(folded);
            j += 1;
        }
        let place = gaz
            .hits(
                &folded_words
                    .iter()
                    .map(|w| w.to_string())
                    .collect::<Vec<_>>(),
            )
            .iter()
            .any(|h| h.kind.is_place());
        let joiner_last = folded_words.last().is_some_and(|w| JOINERS.contains(w));
        // A run that a title with the article follows is the first office's
        // complement ("رئيس لجنة إدارة الأمانة المهندس …"), not a name; an
        // office in apposition follows a name ("الأمير خليفة بن سلمان آل
        // خليفة رئيس الوزراء").
        let office_next = matches!(toks.get(j),
            Some(Tok::Word { folded, .. }) if definite(folded) && is_office(folded));
        if words.len() >= 2 && !place && !joiner_last && !office_next {
            names.push(words.join(" "));
        }
        i = j.max(i + 1);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn names(text: &str) -> Vec<String> {
        after_offices(text, &Gazetteer::new(&BTreeMap::new()).unwrap())
    }

    #[test]
    fn a_name_follows_its_office() {
        assert_eq!(
            names("غادر الرئيس التركي، رجب طيب أردوغان، اليوم الأربعاء، العاصمة أنقرة"),
            ["رجب طيب أردوغان"]
        );
        assert_eq!(
            names("عاد رئيس الجمهورية محمد ولد الشيخ الغزواني إلى نواكشوط قادما من دكار"),
            ["محمد ولد الشيخ الغزواني"]
        );
        assert_eq!(
            names("صادق مجلس الوزراء برئاسة الرئيس عبد العزيز بوتفليقة على ستة مشاريع"),
            ["عبد العزيز بوتفليقة"]
        );
        assert_eq!(
            names("التقى رئيس مجلس السيادة الانتقالي عبد الفتاح البرهان وفداً"),
            ["عبد الفتاح البرهان"]
        );
        assert_eq!(
            names("أصدر حضرة صاحب الجلالة السلطان هيثم بن طارق المعظم مرسوماً"),
            ["هيثم بن طارق"]
        );
        assert_eq!(
            names(
                "تعيين وزير السياحة الأسبق عقل بلتاجي أمينا لعمان الكبرى، خلفا لرئيس لجنة إدارة الأمانة المهندس عبدالحليم الكيلاني."
            ),
            ["عقل بلتاجي", "عبدالحليم الكيلاني"]
        );
        assert_eq!(
            names(
                "استقبل صاحب السمو الملكي الأمير خليفة بن سلمان آل خليفة رئيس الوزراء بقصر القضيبية"
            ),
            ["خليفة بن سلمان آل خليفة"]
        );
        assert_eq!(names("أعلن الدكتور هيثم إبراهيم رسميا."), ["هيثم إبراهيم"]);
    }

    #[test]
    fn an_office_alone_names_nobody() {
        for text in [
            "قال رئيس الوزراء إن الحكومة ستعلن خطتها",
            "أكد وزير الصحة خلال مؤتمر صحفي أن الوضع مستقر",
            "رئيس الجمهورية يغادر تونس نحو باريس",
            "اجتمع الرئيس بالوفد في القصر",
            "عين الملك رئيس وزراء للبلاد",
        ] {
            assert_eq!(names(text), Vec::<String>::new(), "{text}");
        }
    }
}
