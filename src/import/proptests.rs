//! Property tests: the importer's readers never panic, on any text.
//!
//! Random Unicode, and text built from the pieces news pages are made of
//! (Arabic words, digits of three scripts, month names, dates, times,
//! separators, brackets, marks, tatweel, zone markers, URLs, bullets,
//! numbers far too long for any date part), in every order.

use super::{dateline, dates, gazetteer::Gazetteer, header, lexicon, page, seed, tags};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn gaz() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::new(&BTreeMap::new()).expect("built-in gazetteer"))
}

const PIECES: &[&str] = &[
    "الحسكة",
    "قال",
    "الوزير",
    "في",
    "من",
    "إلى",
    "دمشق",
    "رويترز",
    "وكالات",
    "سوريا",
    "السودانية",
    "يناير",
    "كانون الثاني",
    "آذار /مارس",
    "جويلية",
    "شتنبر",
    "نوفمبر",
    "May",
    "19th",
    "الاثنين",
    "أمس",
    "غدا",
    "المقبل",
    "اليوم",
    "نشر في:",
    "آخر تحديث:",
    "تاريخ النشر",
    "نشر",
    "محدث :",
    "على الساعة",
    "م",
    "ص",
    "مساءً",
    "12:30",
    "99:99",
    "2024-02-14",
    "2026-01-12T07:12+0000",
    "١٤/٠٢/٢٠٢٤",
    "۱۲",
    "2024/01/99999999999",
    "99999999999999999999",
    "٩٩٩٩٩٩٩٩٩٩٩٩",
    "2020م",
    "1970",
    "(",
    ")",
    "(رويترز)",
    "« »",
    "\"",
    "“",
    "”",
    "-",
    "–",
    "—",
    "ـ",
    " ـ ",
    "/",
    "|",
    ":",
    ".",
    "..",
    "...",
    "…",
    "؟",
    "!",
    "،",
    ",",
    ";",
    "؛",
    "•",
    "- ",
    "1- ",
    "2) ",
    "* ",
    "#",
    "`",
    "[",
    "]",
    "<b>",
    "{{",
    "}}",
    "&amp;",
    "\u{64b}",
    "\u{651}",
    "\u{640}",
    "\u{200f}",
    "\u{200e}",
    "\u{feff}",
    "\u{a0}",
    "\u{fffd}",
    "İ",
    "ß",
    "ﻻ",
    "ﷲ",
    "😀",
    "e\u{301}",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "  ",
    "اقرأ أيضاً:",
    "أخبار ذات صلة",
    "الوسوم:",
    "تصنيفات",
    "الأكثر قراءة",
    "جميع الحقوق محفوظة ©",
    "حجم الخط",
    "22°",
    "DOLAR 34.55",
    "https://example.com/2024/05/10/x",
    "x.jpg",
    "date 2024-05-10 ",
    "date 2021-08 ",
    "time reading iconدقائق القراءة - 4",
    "عمان - السوسنة -",
    "بغداد/ شبكة",
    "طرابلس 7 نوفمبر 2020 ( وال ) -",
    "انتهى",
    "İLKHA)",
];

fn news_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| {
        let mut s = String::new();
        for (i, p) in v.iter().enumerate() {
            s.push_str(p);
            if i % 3 != 0 {
                s.push(' ');
            }
        }
        s
    })
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![news_like(), any::<String>(), "[\\PC\\n ]{0,400}"]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_seed_reader_never_panics(text in any_text()) {
        let s = seed::parse(&text, gaz());
        let _ = tags::extract(&s, gaz());
        // Every role names lines of the seed.
        let n = text.lines().count().max(1);
        for (a, b, _) in &s.roles {
            prop_assert!(*a >= 1 && a <= b && *b <= n);
        }
    }

    #[test]
    fn the_date_readers_never_panic(text in any_text()) {
        let _ = dates::full_dates(&text);
        let _ = dates::date_line(&text);
        let _ = dates::publication_weekday(&text);
        let _ = dates::stated_today(&text);
        let _ = dates::in_url(&text);
    }

    #[test]
    fn the_line_readers_never_panic(text in any_text()) {
        for line in text.lines() {
            let _ = lexicon::classify(line, lexicon::Script::Arabic);
            let _ = lexicon::classify(line, lexicon::Script::Latin);
            let _ = dateline::own_dateline(line, gaz(), false);
            let _ = dateline::lead_dateline(line, gaz());
            let _ = dateline::lead_date_source(line);
            let _ = header::caption(line);
            let _ = header::reading_time(line);
            let _ = header::repeats(line, &text);
            let _ = page::list_item(line);
            let _ = page::numbered_item(line);
            let _ = header::stems(line);
        }
    }
}
