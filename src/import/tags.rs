//! Tags for an imported article: 3 to 6, in their natural written form.
//!
//! Takes the parsed seed, its text and a [`Gazetteer`]; gives tags from,
//! in order of weight: the seed's categories block, gazetteer places and
//! organisations (with aliases: "تنظيم الدولة" → "داعش"), names in quotes
//! ("…", «…», “…”) that recur, and frequent content words after Arabic
//! normalisation, stop words (the `stop-words` crate's Arabic list plus
//! reporting verbs) and prefix stripping (و ف ب ل ك ال لل). Two spellings of
//! one name are one tag.

use crate::arabic;
use crate::import::seed::{Block, Seed};
use crate::yaml;
use anyhow::{Result, anyhow};
use std::collections::{BTreeMap, HashMap, HashSet};

const BUILT_IN: &str = include_str!("../../data/gazetteer.yaml");

pub const MIN_TAGS: usize = 3;
pub const MAX_TAGS: usize = 6;

/// Verbs and words of reporting that say nothing about the subject.
const REPORTING: &[&str] = &[
    "قال",
    "قالت",
    "يقول",
    "تقول",
    "اضاف",
    "اضافت",
    "يضيف",
    "تضيف",
    "اشار",
    "اشارت",
    "يشير",
    "تشير",
    "اكد",
    "اكدت",
    "يؤكد",
    "تؤكد",
    "اوضح",
    "اوضحت",
    "يوضح",
    "توضح",
    "ذكر",
    "ذكرت",
    "يذكر",
    "تذكر",
    "اعلن",
    "اعلنت",
    "يعلن",
    "تعلن",
    "صرح",
    "صرحت",
    "تابع",
    "تابعت",
    "لفت",
    "لفتت",
    "نقل",
    "نقلت",
    "افاد",
    "افادت",
    "افادت",
    "ابلغ",
    "ابلغت",
    "مشيرا",
    "مشيره",
    "مضيفا",
    "مضيفه",
    "مؤكدا",
    "مؤكده",
    "وفق",
    "وفقا",
    "حسب",
    "حسبما",
    "بحسب",
    "نحو",
    "اكثر",
    "اقل",
    "عدد",
    "بعض",
    "كان",
    "كانت",
    "يكون",
    "تكون",
    "كانوا",
    "الذي",
    "التي",
    "الذين",
    "اللذين",
    "اللتين",
    "عام",
    "العام",
    "اليوم",
    "امس",
    "ايضا",
    "الان",
    "حيث",
    "حين",
    "بين",
    "خلال",
    "منذ",
    "عقب",
    "اثناء",
    "لدى",
    "الي",
    "علي",
    "فيها",
    "فيه",
    "منها",
    "منه",
    "عنها",
    "عنه",
    "لها",
    "له",
    "مع",
    "ضد",
    "دون",
    "بينما",
    "كما",
    "لكن",
    "الامر",
    "امر",
    "مره",
    "اخري",
    "اخر",
    "الاخري",
    "يمكن",
    "يمكننا",
    "لابد",
    "جزءا",
    "جزء",
    "تحت",
    "فوق",
    "الماضي",
    "الماضيه",
    "الجاري",
    "المقبل",
    "المقبله",
    "حول",
    "الثلاثاء",
    "الاثنين",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
    "الاحد",
    "وكاله",
    "بيان",
    "مصدر",
    "مصادر",
    "تقرير",
];

/// Place and organisation names with their aliases.
pub struct Gazetteer {
    /// (alias as folded tokens, tag), longest alias first.
    entries: Vec<(Vec<String>, String)>,
}

impl Gazetteer {
    /// The built-in list from `data/gazetteer.yaml`, extended by `extra` (alias → tag).
    pub fn new(extra: &BTreeMap<String, String>) -> Result<Gazetteer> {
        let built_in: BTreeMap<String, Vec<String>> = yaml::from_str(BUILT_IN)
            .map_err(|e| anyhow!("data/gazetteer.yaml:{}: {}", e.line.unwrap_or(0), e.message))?;
        let mut entries = Vec::new();
        let mut add = |alias: &str, tag: &str| {
            let toks = fold_tokens(alias);
            if !toks.is_empty() {
                entries.push((toks, tag.to_string()));
            }
        };
        for (tag, aliases) in &built_in {
            add(tag, tag);
            for a in aliases {
                add(a, tag);
            }
        }
        for (alias, tag) in extra {
            add(alias, tag);
            add(tag, tag);
        }
        entries.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        entries.dedup_by(|a, b| a.0 == b.0);
        Ok(Gazetteer { entries })
    }

    /// The tag an exact name stands for, if the gazetteer knows it.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        let toks = fold_tokens(name);
        self.entries
            .iter()
            .find(|(alias, _)| *alias == toks)
            .map(|(_, tag)| tag.as_str())
    }

    /// How often each tag is named in `tokens` (longest alias wins at each position).
    fn count(&self, tokens: &[String]) -> Vec<(String, usize, usize)> {
        let mut counts: Vec<(String, usize, usize)> = Vec::new(); // tag, hits, first position
        let mut i = 0;
        while i < tokens.len() {
            let hit = self.entries.iter().find(|(alias, _)| {
                i + alias.len() <= tokens.len()
                    && prefix_variants(&tokens[i]).iter().any(|v| *v == alias[0])
                    && alias[1..] == tokens[i + 1..i + alias.len()]
            });
            match hit {
                Some((alias, tag)) => {
                    match counts.iter_mut().find(|c| &c.0 == tag) {
                        Some(c) => c.1 += 1,
                        None => counts.push((tag.clone(), 1, i)),
                    }
                    i += alias.len();
                }
                None => i += 1,
            }
        }
        counts
    }
}

/// Words of `text`, folded (alef forms, ة/ه, ى/ي, no diacritics), without punctuation.
fn fold_tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || arabic::is_diacritic(c) || c == arabic::TATWEEL))
        .map(arabic::fold)
        .filter(|w| !w.is_empty())
        .collect()
}

/// A folded word and the words it may be once clinging prefixes are removed:
/// "والحسكه" → ["والحسكه", "الحسكه"], "للحسكه" → [.., "الحسكه"].
fn prefix_variants(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let mut w = word;
    for conj in ["و", "ف"] {
        if let Some(rest) = w.strip_prefix(conj) {
            if rest.chars().count() >= 2 {
                out.push(rest.to_string());
                w = rest;
                break;
            }
        }
    }
    // "لل" is ل + ال: "للحسكه" is "الحسكه".
    if let Some(rest) = w.strip_prefix("لل").filter(|r| r.chars().count() >= 2) {
        out.push(format!("ال{rest}"));
        return out;
    }
    for prep in ["ب", "ل", "ك"] {
        if let Some(rest) = w.strip_prefix(prep) {
            if rest.chars().count() >= 2 {
                out.push(rest.to_string());
            }
        }
    }
    out
}

/// The stem used to count a word: prefixes and the article removed.
fn stem(word: &str) -> String {
    let variants = prefix_variants(word);
    let w = variants.last().map(String::as_str).unwrap_or(word);
    w.strip_prefix("ال")
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(w)
        .to_string()
}

/// The word as a tag is written: clinging conjunctions and prepositions
/// removed, the article kept ("وبالحسكة" → "الحسكة").
fn natural_form(word: &str) -> String {
    let mut w = word.to_string();
    for conj in ["و", "ف"] {
        if let Some(rest) = w.strip_prefix(conj) {
            if rest.starts_with("ال") || rest.starts_with("ب") || rest.starts_with("ل") {
                w = rest.to_string();
                break;
            }
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

/// Text between quotes: "…", «…», “…”.
fn quoted(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [('"', '"'), ('«', '»'), ('“', '”')] {
        let mut rest = text;
        while let Some(a) = rest.find(open) {
            let after = &rest[a + open.len_utf8()..];
            let Some(b) = after.find(close) else { break };
            out.push(after[..b].trim().to_string());
            rest = &after[b + close.len_utf8()..];
        }
    }
    out
}

/// The body text a tag may come from: title, paragraphs, headings, list items.
pub fn body_text(seed: &Seed) -> String {
    let mut text = seed.title.clone();
    for b in &seed.blocks {
        text.push('\n');
        match b {
            Block::Paragraph(p) | Block::Heading(p) => text.push_str(p),
            Block::List(items) => text.push_str(&items.join("\n")),
        }
    }
    text
}

struct Candidate {
    name: String,
    score: usize,
    first: usize,
}

/// Choose the tags of a seed.
pub fn extract(seed: &Seed, gazetteer: &Gazetteer) -> Vec<String> {
    let text = body_text(seed);
    let tokens = fold_tokens(&text);
    let mut cands: Vec<Candidate> = Vec::new();

    for (n, c) in seed.categories.iter().enumerate() {
        let name = gazetteer
            .canonical(c)
            .map(str::to_string)
            .unwrap_or_else(|| c.clone());
        cands.push(Candidate {
            name,
            score: 10_000 - n,
            first: 0,
        });
    }
    for (tag, hits, first) in gazetteer.count(&tokens) {
        cands.push(Candidate {
            name: tag,
            score: hits * 3,
            first,
        });
    }
    // Recurring quoted names (1–3 words, no digits).
    let folded_text = tokens.join(" ");
    for q in quoted(&text) {
        let words = q.split_whitespace().count();
        if !(1..=3).contains(&words) || q.chars().count() > 30 || q.chars().any(|c| c.is_numeric())
        {
            continue;
        }
        let name = gazetteer.canonical(&q).map(str::to_string).unwrap_or(q);
        let key = fold_tokens(&name).join(" ");
        let hits = folded_text.matches(key.as_str()).count();
        if hits >= 2 {
            let first = folded_text.find(key.as_str()).unwrap_or(0);
            cands.push(Candidate {
                name,
                score: hits * 2,
                first,
            });
        }
    }
    // Frequent content words.
    let stop: HashSet<String> = stop_words::get("ar")
        .iter()
        .map(|w| arabic::fold(w))
        .chain(REPORTING.iter().map(|w| arabic::fold(w)))
        .collect();
    let mut freq: HashMap<String, (usize, usize, BTreeMap<String, usize>)> = HashMap::new();
    let surface: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || arabic::is_diacritic(c) || c == arabic::TATWEEL))
        .filter(|w| !w.is_empty())
        .collect();
    for (pos, surf) in surface.iter().enumerate() {
        let tok = &arabic::fold(surf);
        if tok.is_empty() {
            continue;
        }
        let s = stem(tok);
        if s.chars().count() < 3
            || s.chars().all(|c| c.is_numeric())
            || stop.contains(tok)
            || stop.contains(&s)
        {
            continue;
        }
        if prefix_variants(tok).iter().any(|v| stop.contains(v)) {
            continue;
        }
        let e = freq.entry(s).or_insert((0, pos, BTreeMap::new()));
        e.0 += 1;
        *e.2.entry(natural_form(&arabic::clean(surf))).or_default() += 1;
    }
    let mut frequent: Vec<(String, usize, usize)> = freq
        .into_values()
        .map(|(n, first, forms)| {
            let form = forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(f, _)| f.clone())
                .unwrap_or_default();
            (form, n, first)
        })
        .collect();
    frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let strong = frequent.iter().filter(|f| f.1 >= 3).count();
    for (form, n, first) in frequent.iter().take(strong.max(MIN_TAGS)) {
        cands.push(Candidate {
            name: form.clone(),
            score: *n,
            first: *first,
        });
    }

    cands.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.first.cmp(&b.first))
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut seen = HashSet::new();
    let mut tags = Vec::new();
    for c in cands {
        let name = arabic::clean(&c.name);
        let key = stem(&arabic::fold(&name));
        if name.is_empty() || !seen.insert(key) {
            continue;
        }
        tags.push(name);
        if tags.len() == MAX_TAGS {
            break;
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::seed;

    fn gaz() -> Gazetteer {
        let mut extra = BTreeMap::new();
        extra.insert("حرس الحدود".to_string(), "الحدود".to_string());
        Gazetteer::new(&extra).unwrap()
    }

    #[test]
    fn aliases_and_prefixes() {
        let g = gaz();
        assert_eq!(g.canonical("تنظيم الدولة"), Some("داعش"));
        assert_eq!(g.canonical("قوات سوريا الديمقراطية"), Some("قسد"));
        assert_eq!(
            g.canonical("حرس الحدود"),
            Some("الحدود"),
            "site.yaml extends the gazetteer"
        );
        let toks = fold_tokens(
            "وقالت قوات سوريا الديمقراطية إن تنظيم الدولة هاجم الحسكه وبالحسكة وللحسكة",
        );
        let counts = g.count(&toks);
        let get = |t: &str| counts.iter().find(|c| c.0 == t).map(|c| c.1);
        assert_eq!(get("قسد"), Some(1));
        assert_eq!(get("سوريا"), None, "consumed by the longer name");
        assert_eq!(get("داعش"), Some(1));
        assert_eq!(get("الحسكة"), Some(3));
    }

    #[test]
    fn natural_forms() {
        assert_eq!(natural_form("والحسكة"), "الحسكة");
        assert_eq!(natural_form("بالحسكة"), "الحسكة");
        assert_eq!(natural_form("للحسكة"), "الحسكة");
        assert_eq!(natural_form("وبالحسكة"), "الحسكة");
        assert_eq!(natural_form("الحسكة"), "الحسكة");
        assert_eq!(
            stem(&arabic::fold("وللحسكة")),
            stem(&arabic::fold("الحسكه"))
        );
    }

    #[test]
    fn categories_first_then_extracted() {
        let s = seed::parse(
            "عنوان\n\nناشد «المرصد» أهالي الحسكة. وقال «المرصد» إن المياه في الحسكة شحيحة والمياه ملوثة والمياه غالية.\n\nتصنيفات\nمحليات\n",
        );
        let tags = extract(&s, &gaz());
        assert_eq!(tags[0], "محليات");
        assert!(tags.contains(&"الحسكة".to_string()), "{tags:?}");
        assert!(tags.contains(&"المرصد".to_string()), "{tags:?}");
        assert!(tags.contains(&"المياه".to_string()), "{tags:?}");
        assert!(tags.len() >= MIN_TAGS && tags.len() <= MAX_TAGS);
    }
}
