//! Tags for an imported article: at most six, from names, not word counts.
//!
//! Takes the parsed seed and the [`Gazetteer`]; gives tags in their natural
//! written form, in order of weight: the page's own keywords block, then
//! the countries, cities, organisations and topics the gazetteer finds
//! (a city also counts for its country; a nisba adjective — السودانية —
//! for its country), then names of two or three words that recur
//! (`قوات الدعم السريع`, `لجنة تحقيقية`, `جعفر حسان`). Names in the
//! headline and the lead weigh most; a name must be in the headline or the
//! lead, or recur, to be a tag. Function words, reporting verbs, time
//! words and numbers never make a tag. Two spellings of one name are one
//! tag. Cost is linear in the length of the text.

use crate::arabic;
use crate::import::gazetteer::{Gazetteer, Kind, fold_tokens, prefix_variants};
use crate::import::header;
use crate::import::names::{
    NAME_JOINERS, OFFICES, PLACE_NOUNS, definite, gaz_word, natural_form, not_name, stem,
};
use crate::import::persons;
use crate::import::seed::{Block, Seed};
use std::collections::{HashMap, HashSet};

pub(crate) const MAX_TAGS: usize = 6;

/// What the text says of one gazetteer name.
struct Named {
    kind: Option<Kind>,
    weight: f64,
    first: usize,
    in_title: bool,
    in_lead: bool,
    mentions: usize,
}

impl Named {
    fn new(first: usize) -> Named {
        Named {
            kind: None,
            weight: 0.0,
            first,
            in_title: false,
            in_lead: false,
            mentions: 0,
        }
    }
}

/// A run of words that may be a name.
struct Phrase {
    weight: f64,
    first: usize,
    /// Written forms and how often each occurs.
    forms: HashMap<String, usize>,
    words: usize,
    /// Occurrences that count (outside the headline, or definite).
    count: usize,
    /// Seen in the headline or the lead.
    early: bool,
}

/// A folded word with ب, ل or ك clinging to it (not before the article).
fn clings(w: &str) -> bool {
    w.strip_prefix(['ب', 'ل', 'ك']).is_some_and(|rest| {
        rest.chars().count() >= 3 && !rest.starts_with("ال") && !rest.starts_with('ل')
    }) && !gaz_word(w)
}

struct Candidate {
    name: String,
    score: f64,
    first: usize,
}

/// The words of a text as written (diacritics and tatweel off), without punctuation.
fn surface_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || arabic::is_diacritic(c) || c == arabic::TATWEEL))
        .map(arabic::clean)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Choose the tags of a seed.
pub(crate) fn extract(seed: &Seed, gaz: &Gazetteer) -> Vec<String> {
    let lead = seed.lede().unwrap_or_default().to_string();
    let mut rest = String::new();
    let mut past_lead = false;
    for b in &seed.blocks {
        match b {
            Block::Paragraph(p) if !past_lead && p == &lead => past_lead = true,
            Block::Paragraph(p) | Block::Heading(p) => {
                rest.push_str(p);
                rest.push('\n');
            }
            Block::List(items) => {
                rest.push_str(&items.join("\n"));
                rest.push('\n');
            }
        }
    }
    // Weighted parts: the headline counts three times, the lead twice.
    let parts: [(&str, f64); 3] = [(&seed.title, 3.0), (&lead, 2.0), (&rest, 1.0)];
    let mut cands: Vec<Candidate> = Vec::new();

    for (n, c) in seed.categories.iter().enumerate() {
        // A keywords line without separators runs several tags together;
        // only the names the gazetteer knows in it can be told apart.
        if c.split_whitespace().count() > 4 {
            continue;
        }
        let name = gaz
            .canonical(c)
            .map(str::to_string)
            .unwrap_or_else(|| c.clone());
        cands.push(Candidate {
            name,
            score: 1000.0 - n as f64,
            first: 0,
        });
    }

    // Gazetteer names.
    let mut named: HashMap<String, Named> = HashMap::new();
    let mut offset = 0;
    let mut covered: Vec<HashSet<usize>> = Vec::new();
    for (text, weight) in parts {
        let toks = fold_tokens(text);
        let mut cov = HashSet::new();
        for h in gaz.hits(&toks) {
            for k in h.pos..h.pos + h.len {
                cov.insert(k);
            }
            if matches!(h.kind, Kind::Agency) {
                continue;
            }
            if let Kind::City(country) = h.kind {
                // A city counts half for its country.
                let e = named
                    .entry(country.clone())
                    .or_insert_with(|| Named::new(offset + h.pos));
                e.weight += 0.5;
            }
            let e = named
                .entry(h.tag.to_string())
                .or_insert_with(|| Named::new(offset + h.pos));
            e.kind = Some(h.kind.clone());
            // Named by its adjective, it counts half ("الوكالة الفرنسية").
            e.weight += if h.adjective { 0.5 } else { 1.0 };
            e.in_title |= weight >= 3.0 && !h.adjective;
            e.in_lead |= weight == 2.0;
            e.mentions += 1;
        }
        covered.push(cov);
        offset += toks.len();
    }
    // The country of the cities named, when no country is named itself.
    let mut by_city: HashMap<String, (usize, usize)> = HashMap::new(); // country → mentions, first
    for n in named.values() {
        if let Some(Kind::City(country)) = &n.kind {
            let e = by_city.entry(country.clone()).or_insert((0, n.first));
            e.0 += n.mentions;
            e.1 = e.1.min(n.first);
        }
    }
    let country_named = named
        .values()
        .any(|n| n.kind == Some(Kind::Country) && (n.in_title || n.in_lead || n.weight >= 2.0));
    if !country_named
        && let Some((country, (_, first))) = by_city
            .into_iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
    {
        cands.push(Candidate {
            name: country,
            score: 10.0,
            first,
        });
    }
    let named: Vec<(String, Named)> = {
        let mut v: Vec<(String, Named)> = named.into_iter().collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    for (tag, n) in named {
        // A country or an organisation named in the headline or the lead, or
        // twice; a city or a topic in the headline, or more often.
        let keep = match n.kind {
            Some(Kind::City(_) | Kind::Topic) => {
                n.in_title || (n.mentions >= 2 && n.in_lead) || n.mentions >= 3
            }
            _ => n.in_title || (n.in_lead && n.weight >= 1.0) || n.weight >= 2.0,
        };
        let w = n.weight + if n.in_title { 3.0 } else { 0.0 } + if n.in_lead { 1.0 } else { 0.0 };
        let first = n.first;
        if keep {
            cands.push(Candidate {
                name: tag,
                score: 10.0 + w,
                first,
            });
        }
    }

    // The person the lead names by office ("الرئيس التركي، رجب طيب أردوغان").
    if let Some(name) = persons::after_offices(&lead, gaz).into_iter().next() {
        cands.push(Candidate {
            name,
            score: 12.0,
            first: fold_tokens(&seed.title).len(),
        });
    }

    // Recurring names of two or three words that the gazetteer does not know.
    let mut phrases: HashMap<String, Phrase> = HashMap::new();
    let mut offset = 0;
    for (k, (text, weight)) in parts.iter().enumerate() {
        let words = surface_words(text);
        let folded: Vec<String> = words.iter().map(|w| arabic::fold(w)).collect();
        let stems: Vec<String> = folded.iter().map(|w| stem(w)).collect();
        for n in [3usize, 2] {
            for i in 0..words.len().saturating_sub(n - 1) {
                let span = &stems[i..i + n];
                let first_ok =
                    !not_name(&span[0]) || matches!(span[0].as_str(), "عبد" | "ابو" | "ابن");
                if !first_ok || not_name(&span[n - 1]) || span.iter().any(|s| s == "ال") {
                    continue;
                }
                // A preposition clinging to a later word ends a name ("يقضي بتعيين").
                if folded[i + 1..i + n].iter().any(|w| clings(w)) {
                    continue;
                }
                if span
                    .iter()
                    .any(|s| s.chars().count() < 2 || s.chars().any(|c| c.is_numeric()))
                {
                    continue;
                }
                // Inside a name only the words of names ("هيثم بن طارق").
                if span[1..n - 1]
                    .iter()
                    .any(|s| not_name(s) && !NAME_JOINERS.contains(&s.as_str()))
                {
                    continue;
                }
                // Inside a name the gazetteer knows: counted there.
                if (i..i + n).all(|j| covered[k].contains(&j)) {
                    continue;
                }
                // Offices are not names ("الرئيس التركي", "وزير الداخلية").
                if OFFICES.contains(&span[0].as_str()) {
                    continue;
                }
                // The tail of a longer noun phrase is no name of its own
                // ("[البيان] الوزاري للحكومة").
                if i > 0
                    && definite(&folded[i])
                    && definite(&folded[i - 1])
                    && !not_name(&stems[i - 1])
                {
                    continue;
                }
                // "مدينة عطبرة", "مطار صعدة": the place is the name.
                if PLACE_NOUNS.contains(&span[0].as_str())
                    && (i + 1..i + n).any(|j| covered[k].contains(&j))
                {
                    continue;
                }
                // A verb with its object pronoun is no part of a name ("يحددها").
                if folded[i..i + n]
                    .iter()
                    .any(|w| w.ends_with("ها") || w.ends_with("هم"))
                {
                    continue;
                }
                // A clinging conjunction on a later word ends a name ("وزير والحكومة").
                if folded[i + 1..i + n]
                    .iter()
                    .any(|w| w.starts_with('و') && prefix_variants(w).len() > 1 && !gaz_word(w))
                {
                    continue;
                }
                let key = span.join(" ");
                let form = std::iter::once(natural_form(&words[i]))
                    .chain(words[i + 1..i + n].iter().cloned())
                    .collect::<Vec<_>>()
                    .join(" ");
                // The lead restates the headline: a phrase of the headline
                // counts as a name only when it is a definite noun phrase
                // ("الوضع الوبائي"), not a clause ("الشرطة تلقي القبض").
                let in_title = k == 0;
                let definite = n == 2 && folded[i..i + 2].iter().all(|w| definite(w));
                let e = phrases.entry(key).or_insert(Phrase {
                    weight: 0.0,
                    first: offset + i,
                    forms: HashMap::new(),
                    words: n,
                    count: 0,
                    early: false,
                });
                e.weight += weight;
                e.count += usize::from(!in_title || definite);
                e.early |= k < 2;
                // A written form with a preposition clinging to its first
                // word ("بإعلان", "لمجلس") is not how the name is written.
                let conj = folded[i]
                    .strip_prefix(['و', 'ف'])
                    .is_some_and(|r| r.chars().count() >= 3 && !r.starts_with("ال"))
                    && !gaz_word(&folded[i]);
                if !clings(&folded[i]) && !conj {
                    *e.forms.entry(form).or_default() += 1;
                }
            }
        }
        offset += words.len();
    }
    // A name recurs: twice with one in the headline or the lead, or three times.
    let mut recurring: Vec<(String, f64, usize, usize)> = phrases
        .into_iter()
        .filter(|(_, p)| !p.forms.is_empty() && (p.count >= 3 || (p.count >= 2 && p.early)))
        .map(|(key, p)| {
            let form = p
                .forms
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(f, _)| f)
                .unwrap_or(key);
            (form, p.weight, p.first, p.words)
        })
        .collect();
    recurring.sort_by(|a, b| b.3.cmp(&a.3).then(a.2.cmp(&b.2)));
    // A two-word name inside a three-word one of the same weight is that name.
    let mut kept: Vec<(String, f64, usize, usize)> = Vec::new();
    for r in recurring {
        let inside = kept
            .iter()
            .any(|k| k.3 > r.3 && k.1 >= r.1 && header::key(&k.0).contains(&header::key(&r.0)));
        if !inside {
            kept.push(r);
        }
    }
    for (form, w, first, _) in kept {
        cands.push(Candidate {
            name: form,
            score: 5.0 + w,
            first,
        });
    }

    cands.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.first.cmp(&b.first))
            .then_with(|| a.name.cmp(&b.name))
    });
    // Two spellings of one name, or a name of two words or more and a
    // longer form of it
    // ("نواف الأحمد", "نواف الأحمد الجابر"), are one tag: the first chosen.
    let mut seen: Vec<Vec<String>> = Vec::new();
    let mut tags = Vec::new();
    for c in cands {
        let name = arabic::clean(&c.name);
        let key: Vec<String> = fold_tokens(&name).iter().map(|w| stem(w)).collect();
        // (A one-word tag inside a longer one is another tag: "النفط",
        // "إنتاج النفط".)
        let within = |a: &[String], b: &[String]| {
            a == b || (a.len() >= 2 && b.windows(a.len()).any(|w| w == a))
        };
        if key.is_empty() || seen.iter().any(|k| within(&key, k) || within(k, &key)) {
            continue;
        }
        seen.push(key);
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
    use std::collections::BTreeMap;

    fn gaz() -> Gazetteer {
        Gazetteer::new(&BTreeMap::new()).unwrap()
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
    fn categories_first_then_names() {
        let s = seed::parse(
            "مياه الحسكة تنقطع عن الأحياء الشرقية\n\nناشد «المرصد» أهالي الحسكة ترشيد استهلاك المياه، وقال إن مياه الشرب في الحسكة شحيحة هذا الأسبوع.\n\nوأضاف أن مياه الشرب ستعود بعد إصلاح المحطة في ريف المدينة.\n\nتصنيفات\nمحليات\n",
            &gaz(),
        );
        let tags = extract(&s, &gaz());
        assert_eq!(tags[0], "محليات");
        assert!(tags.contains(&"الحسكة".to_string()), "{tags:?}");
        assert!(
            tags.contains(&"سوريا".to_string()),
            "a city counts for its country: {tags:?}"
        );
        assert!(tags.contains(&"مياه الشرب".to_string()), "{tags:?}");
        assert!(!tags.iter().any(|t| t.contains("الأسبوع")), "{tags:?}");
        assert!(tags.len() <= MAX_TAGS);
    }

    #[test]
    fn the_person_the_lead_names_by_office_is_a_tag() {
        let s = seed::parse(
            "رئيس الجمهورية يغادر إلى باريس\n\nغادر رئيس الجمهورية قيس سعيد، صباح اليوم الاثنين، أرض الوطن في اتجاه باريس تلبية لدعوة الرئيس الفرنسي للمشاركة في قمة.\n\nوكان في توديع رئيس الدولة بالمطار رئيس الحكومة وعدد من الوزراء.\n",
            &gaz(),
        );
        let tags = extract(&s, &gaz());
        assert!(tags.contains(&"قيس سعيد".to_string()), "{tags:?}");
    }

    #[test]
    fn a_name_and_its_longer_form_are_one_tag() {
        let s = seed::parse(
            "مرسوم أميري بتعيين وزيرين جديدين\n\nأصدر الأمير الشيخ نواف الأحمد الجابر مرسوما بتعيين وزيرين جديدين في الحكومة.\n\nوقال الديوان إن نواف الأحمد وقع المرسوم، وإن نواف الأحمد استقبل الوزيرين، وإن نواف الأحمد هنأهما.\n",
            &gaz(),
        );
        let tags = extract(&s, &gaz());
        let nawaf = tags.iter().filter(|t| t.contains("الأحمد")).count();
        assert_eq!(nawaf, 1, "{tags:?}");
    }

    #[test]
    fn names_not_word_counts() {
        let s = seed::parse(
            "قوات الدعم السريع تهاجم مقر سلاح الإشارة في الخرطوم بحري\n\nشنت قوات الدعم السريع هجوماً على مقر سلاح الإشارة في الخرطوم بحري، بحسب منصات تابعة للجيش السوداني.\n\nوقالت المنصات إن الجيش صد الهجوم، وإن قوات الدعم السريع تكبدت خسائر، وإن مقر سلاح الإشارة لم يسقط يوم السبت.\n",
            &gaz(),
        );
        let tags = extract(&s, &gaz());
        assert!(tags.contains(&"الدعم السريع".to_string()), "{tags:?}");
        assert!(tags.contains(&"الخرطوم بحري".to_string()), "{tags:?}");
        assert!(tags.contains(&"السودان".to_string()), "{tags:?}");
        assert!(tags.iter().any(|t| t.contains("سلاح الإشارة")), "{tags:?}");
        for junk in ["السبت", "قالت", "يوم", "بحسب"] {
            assert!(!tags.iter().any(|t| t == junk), "{junk} in {tags:?}");
        }
    }
}
