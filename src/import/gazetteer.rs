//! The importer's gazetteer: countries, cities, organisations, news
//! agencies and topics, with the other names each goes by.
//!
//! Takes the built-in list (`data/gazetteer.yaml`, compiled in; its header
//! says where it comes from) and the site's additions (`gazetteer:` in
//! site.yaml, `alias: tag`); gives lookups on folded words: which names a
//! text mentions ([`Gazetteer::hits`]), whether a word is a known place or
//! agency (for datelines), and the tag an alias stands for.

use crate::arabic;
use crate::yaml;
use anyhow::{Result, anyhow};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

const BUILT_IN: &str = include_str!("../../data/gazetteer.yaml");

/// What a name is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Country,
    /// A city or region, and the country it is in.
    City(String),
    Organisation,
    /// A news agency or a credit word ("وكالات").
    Agency,
    /// A subject editors tag.
    Topic,
    /// Added by the site (`gazetteer:` in site.yaml).
    Site,
}

impl Kind {
    pub fn is_place(&self) -> bool {
        matches!(self, Kind::Country | Kind::City(_))
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct Raw {
    countries: BTreeMap<String, Vec<String>>,
    cities: BTreeMap<String, String>,
    organisations: BTreeMap<String, Vec<String>>,
    agencies: Vec<String>,
    topics: BTreeMap<String, Vec<String>>,
}

struct Entry {
    /// The alias as folded words.
    alias: Vec<String>,
    tag: String,
    kind: Kind,
    /// A nisba adjective of the tag ("السودانية" for السودان).
    adjective: bool,
}

/// A name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<'a> {
    pub tag: &'a str,
    pub kind: &'a Kind,
    /// Token position and length.
    pub pos: usize,
    pub len: usize,
    /// Named by its adjective ("الشرطة البريطانية"), not by its name.
    pub adjective: bool,
}

pub struct Gazetteer {
    entries: Vec<Entry>,
    /// First folded word of an alias → entries, longest alias first.
    by_first: HashMap<String, Vec<usize>>,
}

/// Words of `text`, folded (alef forms, ة/ه, ى/ي, no diacritics), without punctuation.
pub(crate) fn fold_tokens(text: &str) -> Vec<String> {
    text.split(|c: char| {
        !(c.is_alphanumeric() || arabic::is_diacritic(c) || c == arabic::TATWEEL || c == '-')
    })
    .map(|w| arabic::fold(w.trim_matches('-')))
    .filter(|w| !w.is_empty())
    .collect()
}

/// A folded word and the words it may be once clinging prefixes are removed:
/// "والحسكه" → ["والحسكه", "الحسكه"], "للحسكه" → [.., "الحسكه"].
pub(crate) fn prefix_variants(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let mut w = word;
    for conj in ["و", "ف"] {
        if let Some(rest) = w.strip_prefix(conj)
            && rest.chars().count() >= 2
        {
            out.push(rest.to_string());
            w = rest;
            break;
        }
    }
    // "لل" is ل + ال: "للحسكه" is "الحسكه".
    if let Some(rest) = w.strip_prefix("لل").filter(|r| r.chars().count() >= 2) {
        out.push(format!("ال{rest}"));
        return out;
    }
    for prep in ["ب", "ل", "ك"] {
        if let Some(rest) = w.strip_prefix(prep)
            && rest.chars().count() >= 2
        {
            out.push(rest.to_string());
        }
    }
    out
}

/// The forms of a nisba adjective: سوري → سوري, سورية, سوريين, سوريون, and
/// each with the article.
fn nisba(stem: &str) -> Vec<String> {
    let mut out = Vec::new();
    for suffix in ["", "ة", "ين", "ون", "تين", "تان"] {
        let w = format!("{stem}{suffix}");
        out.push(format!("ال{w}"));
        out.push(w);
    }
    out
}

impl Gazetteer {
    /// The built-in list, extended by `extra` (alias → tag).
    pub fn new(extra: &BTreeMap<String, String>) -> Result<Gazetteer> {
        let raw: Raw = yaml::from_str(BUILT_IN)
            .map_err(|e| anyhow!("data/gazetteer.yaml:{}: {}", e.line.unwrap_or(0), e.message))?;
        let mut entries: Vec<Entry> = Vec::new();
        let mut add = |alias: &str, tag: &str, kind: &Kind, adjective: bool| {
            let alias = fold_tokens(alias);
            if !alias.is_empty() {
                entries.push(Entry {
                    alias,
                    tag: tag.to_string(),
                    kind: kind.clone(),
                    adjective,
                });
            }
        };
        for (alias, tag) in extra {
            add(alias, tag, &Kind::Site, false);
            add(tag, tag, &Kind::Site, false);
        }
        for (tag, aliases) in &raw.countries {
            add(tag, tag, &Kind::Country, false);
            for a in aliases {
                match a.strip_prefix('~') {
                    Some(stem) => {
                        for form in nisba(stem) {
                            add(&form, tag, &Kind::Country, true);
                        }
                    }
                    None => add(a, tag, &Kind::Country, false),
                }
            }
        }
        for (names, country) in &raw.cities {
            let mut names = names.split('|');
            let tag = names.next().unwrap_or_default();
            let kind = Kind::City(country.clone());
            add(tag, tag, &kind, false);
            for a in names {
                add(a, tag, &kind, false);
            }
        }
        for (tag, aliases) in &raw.organisations {
            add(tag, tag, &Kind::Organisation, false);
            for a in aliases {
                add(a, tag, &Kind::Organisation, false);
            }
        }
        for a in &raw.agencies {
            add(a, a, &Kind::Agency, false);
        }
        for (tag, aliases) in &raw.topics {
            add(tag, tag, &Kind::Topic, false);
            for a in aliases {
                add(a, tag, &Kind::Topic, false);
            }
        }
        // One entry per alias: the site's first, then in the order above.
        let mut seen = std::collections::HashSet::new();
        entries.retain(|e| seen.insert(e.alias.clone()));
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_first.entry(e.alias[0].clone()).or_default().push(i);
        }
        for list in by_first.values_mut() {
            list.sort_by(|&a, &b| entries[b].alias.len().cmp(&entries[a].alias.len()));
        }
        Ok(Gazetteer { entries, by_first })
    }

    /// The longest entry whose alias starts at `tokens[i]` (with its
    /// clinging prefixes off).
    fn entry_at(&self, tokens: &[String], i: usize) -> Option<&Entry> {
        for v in prefix_variants(&tokens[i]) {
            let Some(list) = self.by_first.get(&v) else {
                continue;
            };
            for &k in list {
                let e = &self.entries[k];
                if i + e.alias.len() <= tokens.len()
                    && e.alias[1..] == tokens[i + 1..i + e.alias.len()]
                {
                    return Some(e);
                }
            }
        }
        None
    }

    /// Every name mentioned in `tokens` (folded words), the longest at each
    /// position.
    pub fn hits<'a>(&'a self, tokens: &[String]) -> Vec<Hit<'a>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.entry_at(tokens, i) {
                Some(e) => {
                    out.push(Hit {
                        tag: &e.tag,
                        kind: &e.kind,
                        pos: i,
                        len: e.alias.len(),
                        adjective: e.adjective,
                    });
                    i += e.alias.len();
                }
                None => i += 1,
            }
        }
        out
    }

    /// What the whole of `name` is, if the gazetteer knows it.
    pub fn lookup(&self, name: &str) -> Option<(&str, &Kind)> {
        let toks = fold_tokens(name);
        if toks.is_empty() {
            return None;
        }
        self.entry_at(&toks, 0)
            .filter(|e| e.alias.len() == toks.len())
            .map(|e| (e.tag.as_str(), &e.kind))
    }

    /// The tag an exact name stands for.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.lookup(name).map(|(t, _)| t)
    }

    pub fn is_place(&self, name: &str) -> bool {
        self.lookup(name).is_some_and(|(_, k)| k.is_place())
    }

    /// A news agency or credit word, or an agency's Latin acronym ("AFP", "YNP").
    pub fn is_agency(&self, name: &str) -> bool {
        let acronym = (2..=6).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_uppercase());
        acronym
            || self
                .lookup(name)
                .is_some_and(|(_, k)| matches!(k, Kind::Agency))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz() -> Gazetteer {
        let mut extra = BTreeMap::new();
        extra.insert("حرس الحدود".to_string(), "الحدود".to_string());
        Gazetteer::new(&extra).unwrap()
    }

    #[test]
    fn aliases_prefixes_and_nisba() {
        let g = gaz();
        assert_eq!(g.canonical("تنظيم الدولة"), Some("داعش"));
        assert_eq!(g.canonical("قوات سوريا الديمقراطية"), Some("قسد"));
        assert_eq!(
            g.canonical("حرس الحدود"),
            Some("الحدود"),
            "site.yaml extends it"
        );
        assert_eq!(g.canonical("السودانيين"), Some("السودان"));
        assert_eq!(g.canonical("والجزائرية"), Some("الجزائر"));
        assert_eq!(g.canonical("بالخرطوم"), Some("الخرطوم"));
        assert!(g.is_place("بغداد"));
        assert!(g.is_place("الكويت"));
        assert!(!g.is_place("كلمة"));
        assert!(g.is_agency("وكالات"));
        assert!(g.is_agency("رويترز"));
        let toks = fold_tokens(
            "وقالت قوات سوريا الديمقراطية إن تنظيم الدولة هاجم الحسكه وبالحسكة وللحسكة",
        );
        let hits = g.hits(&toks);
        let count = |t: &str| hits.iter().filter(|h| h.tag == t).count();
        assert_eq!(count("قسد"), 1);
        assert_eq!(count("سوريا"), 0, "consumed by the longer name");
        assert_eq!(count("داعش"), 1);
        assert_eq!(count("الحسكة"), 3);
        assert_eq!(
            hits.iter().find(|h| h.tag == "الحسكة").unwrap().kind,
            &Kind::City("سوريا".into())
        );
    }
}
