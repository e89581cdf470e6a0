//! The site model: articles → URLs, tags, sections, authors, date archives,
//! related.
//!
//! Takes the loaded [`Article`]s and a few settings; gives a [`Site`] where
//! articles are sorted newest first and every page the site will have is
//! known by its path (`2022/01/31/<slug>/`, `tags/<slug>/`, `2022/01/`…).
//! Pure: no IO, no templates. Slugs are claimed oldest article first, so
//! adding a newer article never renames an older one.

use crate::arabic;
use crate::config::SlugStyle;
use crate::content::Article;
use crate::content::page::PageDoc;
use crate::paths::{self, Taxonomy};
use crate::slug::{self, Claims};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

pub(crate) struct Settings {
    pub slug: SlugStyle,
    pub related: usize,
    /// Slugs chosen in site.yaml for sections (folded name → slug).
    pub section_slugs: BTreeMap<String, String>,
}

/// A group of articles under one name (a tag, a section or an author),
/// newest first.
#[derive(Debug)]
pub(crate) struct Term {
    pub name: String,
    pub path: String,
    pub articles: Vec<usize>,
}

#[derive(Debug)]
pub(crate) struct Day {
    pub day: i8,
    pub path: String,
    pub articles: Vec<usize>,
}

#[derive(Debug)]
pub(crate) struct Month {
    pub month: i8,
    pub path: String,
    pub articles: Vec<usize>,
    pub days: Vec<Day>,
}

#[derive(Debug)]
pub(crate) struct Year {
    pub year: i16,
    pub path: String,
    pub articles: Vec<usize>,
    pub months: Vec<Month>,
}

/// A "read also" title, linked when an article has that title.
#[derive(Debug, Clone)]
pub(crate) struct ReadAlso {
    pub title: String,
    pub target: Option<usize>,
}

/// An article that could not have the slug it wanted (taken or reserved).
#[derive(Debug, Clone)]
pub(crate) struct SlugCollision {
    pub article: usize,
    pub wanted: String,
}

/// Everything the renderer needs to know about the site's pages.
pub(crate) struct Site {
    /// Newest first.
    pub articles: Vec<Article>,
    /// Site-relative path of each article: `2022/01/31/<slug>/`.
    pub paths: Vec<String>,
    /// Indexes into `tags` of each article's tags, in the article's order.
    pub article_tags: Vec<Vec<usize>>,
    /// Sorted by number of articles (most first), then name.
    pub tags: Vec<Term>,
    /// Index into `sections` of each article's section.
    pub article_section: Vec<Option<usize>>,
    /// Sorted like `tags`.
    pub sections: Vec<Term>,
    /// Indexes into `authors` of each article's authors, in its order.
    pub article_authors: Vec<Vec<usize>>,
    /// Sorted like `tags`.
    pub authors: Vec<Term>,
    /// Newest year first; months and days newest first.
    pub years: Vec<Year>,
    pub related: Vec<Vec<usize>>,
    pub read_also: Vec<Vec<ReadAlso>>,
    pub slug_collisions: Vec<SlugCollision>,
    /// The site's pages (`content/pages/`), by path.
    pub pages: Vec<PageDoc>,
}

impl Site {
    /// The section site.yaml (or anything else) calls `name`, if the site has it.
    pub(crate) fn section_named(&self, name: &str) -> Option<usize> {
        let key = arabic::name_key(name);
        self.sections
            .iter()
            .position(|s| arabic::name_key(&s.name) == key)
    }
}

/// Sort, name and group the articles.
pub(crate) fn assemble(
    mut articles: Vec<Article>,
    mut pages: Vec<PageDoc>,
    settings: &Settings,
) -> Site {
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    articles.sort_by(|a, b| {
        b.date
            .timestamp()
            .cmp(&a.date.timestamp())
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.source.cmp(&b.source))
    });
    let t = std::time::Instant::now();
    let (paths, slug_collisions) = article_paths(&articles, settings.slug);
    let none = BTreeMap::new();
    let (tags, article_tags) = group_terms(
        &articles,
        |a| (&a.tags, &a.keys.tags),
        Taxonomy::Tag,
        settings.slug,
        &none,
    );
    let (sections, article_sections) = group_terms(
        &articles,
        |a| (a.section.as_slice(), a.keys.section.as_slice()),
        Taxonomy::Section,
        settings.slug,
        &settings.section_slugs,
    );
    let article_section = article_sections
        .into_iter()
        .map(|s| s.first().copied())
        .collect();
    let (authors, article_authors) = group_terms(
        &articles,
        |a| (&a.authors, &a.keys.authors),
        Taxonomy::Author,
        settings.slug,
        &none,
    );
    let years = group_dates(&articles);
    log::debug!("paths, tags and dates in {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let read_also = link_read_also(&articles);
    let linked: Vec<Vec<usize>> = read_also
        .iter()
        .map(|r| r.iter().filter_map(|x| x.target).collect())
        .collect();
    let related = related(&article_tags, tags.len(), settings.related, &linked);
    log::debug!("related articles in {:?}", t.elapsed());
    Site {
        articles,
        paths,
        article_tags,
        tags,
        article_section,
        sections,
        article_authors,
        authors,
        years,
        related,
        read_also,
        slug_collisions,
        pages,
    }
}

fn day_folder(a: &Article) -> String {
    paths::day(a.date.year(), a.date.month(), a.date.day())
}

fn article_paths(articles: &[Article], style: SlugStyle) -> (Vec<String>, Vec<SlugCollision>) {
    let mut claims: HashMap<String, Claims> = HashMap::new();
    let mut slugs: Vec<Option<String>> = vec![None; articles.len()];
    let mut collisions = Vec::new();
    // Oldest first; explicit front-matter slugs before generated ones.
    for explicit in [true, false] {
        for i in (0..articles.len()).rev() {
            let a = &articles[i];
            if a.slug.is_some() != explicit {
                continue;
            }
            // An ASCII site names articles without a slug by a short id:
            // a transliterated Arabic title makes a poor URL.
            let wanted = match (style, &a.slug) {
                (_, Some(s)) => slug::of_or_id(style, s, &a.source),
                (SlugStyle::Unicode, None) => a.keys.title_slug.clone(),
                (SlugStyle::Ascii, None) => slug::short_id(&a.source),
            };
            let got = claims.entry(day_folder(a)).or_default().claim(&wanted);
            if got != wanted {
                collisions.push(SlugCollision { article: i, wanted });
            }
            slugs[i] = Some(got);
        }
    }
    let paths = articles
        .iter()
        .zip(slugs)
        .map(|(a, s)| paths::article(&a.date.date(), &s.unwrap_or_default()))
        .collect();
    (paths, collisions)
}

/// Group the articles by the names `names_of` gives (a tag, a section, an
/// author): spellings that fold alike are one name, written in its most
/// used form; slugs are claimed oldest name first (or taken from `fixed`).
fn group_terms(
    articles: &[Article],
    names_of: impl Fn(&Article) -> (&[String], &[String]),
    taxonomy: Taxonomy,
    style: SlugStyle,
    fixed: &BTreeMap<String, String>,
) -> (Vec<Term>, Vec<Vec<usize>>) {
    // key -> (written forms with counts, articles newest first, oldest appearance)
    struct Acc {
        forms: BTreeMap<String, usize>,
        articles: Vec<usize>,
    }
    let mut by_key: HashMap<String, Acc> = HashMap::new();
    let mut order: Vec<String> = Vec::new(); // keys by first appearance, oldest article first
    for i in (0..articles.len()).rev() {
        let (names, keys) = names_of(&articles[i]);
        for (t, key) in names.iter().zip(keys) {
            // Looked up before anything is copied: most names are seen before.
            if !by_key.contains_key(key) {
                order.push(key.clone());
                let acc = Acc {
                    forms: BTreeMap::new(),
                    articles: Vec::new(),
                };
                by_key.insert(key.clone(), acc);
            }
            let Some(acc) = by_key.get_mut(key) else {
                continue;
            };
            match acc.forms.get_mut(t) {
                Some(n) => *n += 1,
                None => {
                    acc.forms.insert(t.clone(), 1);
                }
            }
            acc.articles.push(i);
        }
    }
    let mut claims = Claims::default();
    for slug in fixed.values() {
        claims.claim(slug);
    }
    let mut tags: Vec<(String, Term)> = order
        .into_iter()
        .map(|key| {
            let mut acc = by_key.remove(&key).unwrap_or(Acc {
                forms: BTreeMap::new(),
                articles: Vec::new(),
            });
            // Most used written form; ties go to the first in sort order.
            let name = acc
                .forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(f, _)| f.clone())
                .unwrap_or_default();
            let slug = match fixed.get(&key) {
                Some(s) => s.clone(),
                None => claims.claim(&slug::of_or_id(style, &name, &key)),
            };
            acc.articles.reverse();
            acc.articles.dedup();
            let tag = Term {
                path: taxonomy.list(&slug),
                name,
                articles: acc.articles,
            };
            (key, tag)
        })
        .collect();
    tags.sort_by(|a, b| {
        b.1.articles
            .len()
            .cmp(&a.1.articles.len())
            .then_with(|| a.1.name.cmp(&b.1.name))
    });
    let index: HashMap<&str, usize> = tags
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.as_str(), i))
        .collect();
    let article_tags = articles
        .iter()
        .map(|a| {
            names_of(a)
                .1
                .iter()
                .filter_map(|key| index.get(key.as_str()).copied())
                .collect()
        })
        .collect();
    (tags.into_iter().map(|(_, t)| t).collect(), article_tags)
}

fn group_dates(articles: &[Article]) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        let (y, m, d) = (a.date.year(), a.date.month(), a.date.day());
        if years.last().is_none_or(|l| l.year != y) {
            years.push(Year {
                year: y,
                path: paths::year(y),
                articles: Vec::new(),
                months: Vec::new(),
            });
        }
        let year = years.last_mut().expect("pushed above");
        year.articles.push(i);
        if year.months.last().is_none_or(|l| l.month != m) {
            year.months.push(Month {
                month: m,
                path: paths::month(y, m),
                articles: Vec::new(),
                days: Vec::new(),
            });
        }
        let month = year.months.last_mut().expect("pushed above");
        month.articles.push(i);
        if month.days.last().is_none_or(|l| l.day != d) {
            month.days.push(Day {
                day: d,
                path: paths::day(y, m, d),
                articles: Vec::new(),
            });
        }
        month
            .days
            .last_mut()
            .expect("pushed above")
            .articles
            .push(i);
    }
    years
}

/// How many articles on each side of an article (in date order) a shared
/// tag may bring in as related candidates. Keeps the pass linear at archive
/// scale (a tag on half of 100,000 articles would otherwise make it
/// quadratic) and favours related articles from around the same time.
pub(crate) const RELATED_WINDOW: usize = 100;

/// Up to `limit` articles per article: most shared tags first, then nearest
/// in time, then newest. Candidates come from the [`RELATED_WINDOW`] nearest
/// articles of each of its tags; articles already linked from "read also"
/// (`exclude`) are not repeated.
fn related(
    article_tags: &[Vec<usize>],
    n_tags: usize,
    limit: usize,
    exclude: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let n = article_tags.len();
    if limit == 0 {
        return vec![Vec::new(); n];
    }
    // Flat (CSR) copies of article → tags and tag → members (newest first):
    // the candidate scan below touches them at random, and one contiguous
    // array stays in cache where 100,000 small vectors do not.
    let flat = |lists: &mut dyn Iterator<Item = Vec<u32>>| {
        let mut offsets = vec![0u32];
        let mut items = Vec::new();
        for l in lists {
            items.extend(l);
            offsets.push(items.len() as u32);
        }
        (offsets, items)
    };
    let (a_off, a_tags) = flat(
        &mut article_tags
            .iter()
            .map(|ts| ts.iter().map(|&t| t as u32).collect()),
    );
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); n_tags];
    for (i, ts) in article_tags.iter().enumerate() {
        for &t in ts {
            members[t].push(i as u32);
        }
    }
    let (m_off, m_list) = flat(&mut members.into_iter());
    let tags_of = |i: usize| &a_tags[a_off[i] as usize..a_off[i + 1] as usize];
    let members_of = |t: u32| &m_list[m_off[t as usize] as usize..m_off[t as usize + 1] as usize];

    // Scratch space per chunk of articles, not per article (nor per rayon
    // split, which can be many): `counts` is as long as the article list.
    const CHUNK: usize = 512;
    let chunks: Vec<Vec<Vec<usize>>> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut counts = vec![0u16; n];
            let mut touched: Vec<u32> = Vec::new();
            (c * CHUNK..((c + 1) * CHUNK).min(n))
                .map(|i| {
                    let ts = tags_of(i);
                    for &t in ts {
                        let m = members_of(t);
                        let pos = m.binary_search(&(i as u32)).unwrap_or_else(|p| p);
                        let window = &m[pos.saturating_sub(RELATED_WINDOW)
                            ..(pos + RELATED_WINDOW + 1).min(m.len())];
                        for &j in window {
                            let ju = j as usize;
                            if ju != i && counts[ju] == 0 && !exclude[i].contains(&ju) {
                                // Exact number of shared tags, whichever window found it.
                                let shared = tags_of(ju).iter().filter(|t| ts.contains(t)).count();
                                counts[ju] = shared as u16;
                                touched.push(j);
                            }
                        }
                    }
                    let key = |j: u32| {
                        let j = j as usize;
                        (std::cmp::Reverse(counts[j]), j.abs_diff(i), j)
                    };
                    let take = limit.min(touched.len());
                    if take > 0 && take < touched.len() {
                        touched.select_nth_unstable_by_key(take - 1, |&j| key(j));
                    }
                    let mut best: Vec<u32> = touched[..take].to_vec();
                    best.sort_by_key(|&j| key(j));
                    for &j in touched.iter() {
                        counts[j as usize] = 0;
                    }
                    touched.clear();
                    best.into_iter().map(|j| j as usize).collect()
                })
                .collect()
        })
        .collect();
    chunks.into_iter().flatten().collect()
}

fn link_read_also(articles: &[Article]) -> Vec<Vec<ReadAlso>> {
    let mut by_title: HashMap<String, usize> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        by_title.entry(a.keys.title.clone()).or_insert(i);
    }
    articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            a.read_also
                .iter()
                .map(|t| ReadAlso {
                    title: t.clone(),
                    target: by_title.get(&arabic::fold(t)).copied().filter(|&j| j != i),
                })
                .collect()
        })
        .collect()
}

/// Split `n` items into pages of `per`. There is always at least one page.
pub(crate) fn paginate(n: usize, per: usize) -> Vec<Range<usize>> {
    let per = per.max(1);
    if n == 0 {
        return std::iter::once(0..0).collect();
    }
    (0..n.div_ceil(per))
        .map(|p| p * per..((p + 1) * per).min(n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{LoadOptions, parse_article};
    use crate::highlight::Highlighter;

    fn art(source: &str, title: &str, date: &str, tags: &[&str]) -> Article {
        let tz = jiff::tz::TimeZone::UTC;
        let opts = LoadOptions {
            timezone: &tz,
            drafts: true,
            reading_speed: 200,
            html_budget: crate::content::HTML_BUDGET,
            markdown: crate::markdown::Context::plain(),
        };
        let text = format!("---\ntitle: {title:?}\ndate: {date}\ntags: {tags:?}\n---\nbody\n",);
        parse_article(source, &text, &opts, &Highlighter::new()).unwrap()
    }

    fn settings() -> Settings {
        Settings {
            slug: SlugStyle::Unicode,
            related: 5,
            section_slugs: Default::default(),
        }
    }

    #[test]
    fn pagination_boundaries() {
        assert_eq!(paginate(0, 20), vec![0..0]);
        assert_eq!(paginate(1, 20), vec![0..1]);
        assert_eq!(paginate(20, 20), vec![0..20]);
        assert_eq!(paginate(21, 20), vec![0..20, 20..21]);
    }

    #[test]
    fn collisions_oldest_keeps_the_plain_slug() {
        let site = assemble(
            vec![
                art("b.md", "خبر", "2024-01-01T10:00:00Z", &[]),
                art("a.md", "خبر", "2024-01-01T09:00:00Z", &[]),
                art("c.md", "خبر", "2024-01-02", &[]),
            ],
            Vec::new(),
            &settings(),
        );
        assert_eq!(site.paths[0], "2024/01/02/خبر/");
        assert_eq!(site.articles[2].source, "a.md");
        assert_eq!(site.paths[2], "2024/01/01/خبر/");
        assert_eq!(site.paths[1], "2024/01/01/خبر-2/");
    }

    #[test]
    fn tags_merge_spellings_and_count() {
        let site = assemble(
            vec![
                art("a.md", "a", "2024-01-01", &["الحسكة", "داعش"]),
                art("b.md", "b", "2024-01-02", &["الحسكه"]),
                art("c.md", "c", "2024-01-03", &["الحسكة"]),
            ],
            Vec::new(),
            &settings(),
        );
        assert_eq!(site.tags[0].name, "الحسكة");
        assert_eq!(site.tags[0].articles.len(), 3);
        assert_eq!(site.tags[0].path, "tags/الحسكة/");
        assert_eq!(site.tags[1].name, "داعش");
        assert_eq!(site.article_tags[1], vec![0usize]);
    }

    #[test]
    fn date_groups_and_related() {
        let site = assemble(
            vec![
                art("a.md", "a", "2023-12-31", &["x", "y"]),
                art("b.md", "b", "2024-01-01", &["x"]),
                art("c.md", "c", "2024-02-01", &["x", "y"]),
                art("d.md", "d", "2024-02-01T05:00:00Z", &["z"]),
            ],
            Vec::new(),
            &settings(),
        );
        assert_eq!(site.years.len(), 2);
        assert_eq!(site.years[0].year, 2024);
        assert_eq!(site.years[0].months.len(), 2);
        assert_eq!(site.years[0].months[0].days[0].articles.len(), 2);
        // c shares two tags with a, one with b
        let c = site
            .articles
            .iter()
            .position(|a| a.source == "c.md")
            .unwrap();
        let rel: Vec<&str> = site.related[c]
            .iter()
            .map(|&j| site.articles[j].source.as_str())
            .collect();
        assert_eq!(rel, ["a.md", "b.md"]);
    }

    #[test]
    fn related_prefers_shared_tags_then_nearest_in_time() {
        let tags: Vec<Vec<usize>> = (0..600)
            .map(|i| if i == 590 { vec![0, 1] } else { vec![0] })
            .collect();
        let mut tags = tags;
        tags[10] = vec![0, 1];
        let none = vec![Vec::new(); 600];
        let rel = related(&tags, 2, 5, &none);
        assert_eq!(rel[300], [299, 301, 298, 302, 297]);
        // 590 is far outside 10's window on tag 0, but tag 1 is small: it comes first.
        assert_eq!(rel[10][0], 590);
        assert_eq!(rel[10][1..], [9, 11, 8, 12]);
        assert!(rel.iter().all(|r| r.len() == 5));
    }

    #[test]
    fn ascii_style_uses_short_ids() {
        let site = assemble(
            vec![art("x/a.md", "دعوة", "2024-01-01", &["الحسكة"])],
            Vec::new(),
            &Settings {
                slug: SlugStyle::Ascii,
                related: 5,
                section_slugs: Default::default(),
            },
        );
        assert!(site.paths[0].is_ascii());
        assert!(site.tags[0].path.is_ascii());
    }
}
