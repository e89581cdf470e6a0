//! The words of names: what may start, end or join a name, the offices
//! and place nouns that introduce one, and a word's comparable stem.
//!
//! Takes folded words (see [`crate::arabic::fold`]); gives yes-or-no
//! answers and stems, for [`super::tags`] and [`super::persons`]. Word
//! lists, no IO.

use crate::import::gazetteer::prefix_variants;
use crate::import::header;

/// Words that never start or end a name: time words, quantities, generic
/// nouns of news writing (folded, without the article).
pub(crate) const NOT_NAMES: &[&str] = &[
    "اسبوع",
    "شهر",
    "سنه",
    "ساعه",
    "ساعات",
    "دقيقه",
    "دقائق",
    "يوم",
    "ايام",
    "صباح",
    "مساء",
    "ماضي",
    "ماضيه",
    "جاري",
    "مقبل",
    "مقبله",
    "قادم",
    "قادمه",
    "حالي",
    "حاليه",
    "اخير",
    "اخيره",
    "اول",
    "اولي",
    "ثاني",
    "ثانيه",
    "ثالث",
    "ثالثه",
    "الف",
    "مليون",
    "مليار",
    "نسبه",
    "مئه",
    "عدد",
    "عده",
    "جميع",
    "كافه",
    "مختلف",
    "اطار",
    "خلال",
    "اثر",
    "اجل",
    "صعيد",
    "مستوي",
    "نحو",
    "مصدر",
    "مصادر",
    "بيان",
    "تصريح",
    "تصريحات",
    "مؤتمر",
    "صحفي",
    "وسائل",
    "اعلام",
    "ذاته",
    "نفسه",
    "نفسها",
    "ذلك",
    "هذا",
    "هذه",
    "تلك",
    "الذي",
    "التي",
    "حيث",
    "وقت",
    "لاحق",
    "سابق",
    "مساء",
    "ظهر",
    "فجر",
    "جانب",
    "بينها",
    "منها",
    "منه",
    "فيها",
    "عليها",
    "الان",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
    "احد",
    "اثنين",
    "ثلاثاء",
    "اربعاء",
    "خميس",
    "جمعه",
    "سبت",
    "اكد",
    "قال",
    "قالت",
    "يقول",
    "اضاف",
    "اوضح",
    "اشار",
    "اعلن",
    "اعلنت",
    "تابع",
    "كشف",
    "افاد",
    "لفت",
    "مؤكدا",
    "مشيرا",
    "مضيفا",
    "موضحا",
    "امام",
    "ضد",
    "بعد",
    "قبل",
    "عند",
    "لدي",
    "علي",
    "الي",
    "عن",
    "في",
    "من",
    "مع",
    "او",
    "ثم",
    "لكن",
    "بل",
    "كل",
    "بعض",
    "غير",
    "اكثر",
    "اقل",
    "ايضا",
    "فقط",
    "حتي",
    "منذ",
    "عبر",
    "ضمن",
];

/// Words that join the parts of a name.
pub(crate) const NAME_JOINERS: &[&str] = &["بن", "بنت", "ابن", "ابو", "ال", "عبد", "ولد", "دي"];

pub(crate) fn not_name(stem: &str) -> bool {
    NOT_NAMES.contains(&stem)
        || header::is_function_word(stem)
        || stem.chars().any(|c| c.is_numeric())
}

/// A word's stem: clinging prefixes and the article off.
pub(crate) fn stem(word: &str) -> String {
    let w = prefix_variants(word)
        .pop()
        .unwrap_or_else(|| word.to_string());
    w.strip_prefix("ال")
        .filter(|r| r.chars().count() >= 2)
        .map(str::to_string)
        .unwrap_or(w)
}

/// The word as a tag is written: clinging conjunctions and prepositions
/// removed, the article kept ("وبالحسكة" → "الحسكة").
pub(crate) fn natural_form(word: &str) -> String {
    let mut w = word.to_string();
    // (Only before the article or a preposition with it: "فبراير" keeps its ف.)
    for conj in ["و", "ف"] {
        if let Some(rest) = w.strip_prefix(conj)
            && (rest.starts_with("ال") || rest.starts_with("بال") || rest.starts_with("لل"))
        {
            w = rest.to_string();
            break;
        }
    }
    if let Some(rest) = w.strip_prefix("لل") {
        return format!("ال{rest}");
    }
    for prep in ["بال", "كال"] {
        if let Some(rest) = w.strip_prefix(prep) {
            return format!("ال{rest}");
        }
    }
    w
}

/// Words of offices and honours (stems): a phrase they open is a title,
/// not a name.
pub(crate) const OFFICES: &[&str] = &[
    "رئيس",
    "رئاسه",
    "رئيسه",
    "وزير",
    "وزيره",
    "نائب",
    "امير",
    "ملك",
    "شيخ",
    "سلطان",
    "سمو",
    "صاحب",
    "دكتور",
    "مهندس",
    "لواء",
    "عميد",
    "عقيد",
    "فريق",
    "قائد",
    "ناطق",
    "متحدث",
    "سفير",
    "مدير",
    "امين",
    "وكيل",
    "محافظ",
    "والي",
    "عضو",
    "مستشار",
    "مسؤول",
    "مصدر",
    "ممثل",
    "حكومه",
    "ديوان",
    "دوله",
    "معالي",
    "فخامه",
    "جلاله",
];

/// A word of an office or an honour (a stem).
pub(crate) fn is_title_word(stem: &str) -> bool {
    OFFICES.contains(&stem)
}

/// A generic noun of places (a stem): "مدينه", "مطار", "قصر".
pub(crate) fn is_place_noun(stem: &str) -> bool {
    PLACE_NOUNS.contains(&stem)
}

/// Generic nouns of places ("مدينة", "محافظة"…), stems.
pub(crate) const PLACE_NOUNS: &[&str] = &[
    "مدينه",
    "محافظه",
    "ولايه",
    "منطقه",
    "بلده",
    "قريه",
    "مطار",
    "قصر",
    "مقر",
    "عاصمه",
    "ميناء",
    "اقليم",
    "مخيم",
    "حي",
    "شارع",
    "ريف",
    "جنوب",
    "شمال",
    "شرق",
    "غرب",
    "وسط",
];

/// A word with the article (after any clinging prefix): "الوبائي", "بالخرطوم".
pub(crate) fn definite(w: &str) -> bool {
    prefix_variants(w).iter().any(|v| v.starts_with("ال"))
}

/// A word starting with و that is itself a name-word (وزير, وكالة, وهران…),
/// not و + a word.
pub(crate) fn gaz_word(w: &str) -> bool {
    matches!(
        w,
        "وزير"
            | "وزيره"
            | "وزاره"
            | "وكاله"
            | "وادي"
            | "ولايه"
            | "والي"
            | "وفد"
            | "وطني"
            | "وطنيه"
            | "وحده"
    )
}
