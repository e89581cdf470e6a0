//! The site model: articles → URLs, tags, sections, authors, date archives,
//! related.
//!
//! Takes the loaded [`Article`]s and a few settings; gives a [`Site`] where
//! articles are sorted newest first and every page the site will have is
//! known by its path (`2022/01/31/<slug>/`, `tags/<slug>/`, `2022/01/`…).
//! Pure: no IO, no templates. Slugs are claimed oldest article first, so
//! adding a newer article never renames an older one.

pub(crate) mod related;

use crate::arabic;
use crate::config::SlugStyle;
use crate::content::Article;
use crate::content::page::PageDoc;
use crate::paths::{self, Taxonomy};
use crate::slug::{self, Claims};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

pub(crate) struct Settings<'m> {
    pub slug: SlugStyle,
    pub related: usize,
    /// Keep what each related list is made from ([`related::Memo`]).
    pub keep_related: bool,
    /// The related lists of the last build (see [`related`]).
    pub related_memo: Option<&'m related::Memo>,
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
    #[expect(
        clippy::vec_box,
        reason = "an article is about a kilobyte: boxed from the cache (or its parse) on, never moved"
    )]
    pub articles: Vec<Box<Article>>,
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

/// Sort, name and group the articles; gives the site and the memo of its
/// related lists for the next build (`None` when the last build's stands).
#[expect(
    clippy::vec_box,
    reason = "an article is about a kilobyte: it is sorted as a pointer and moved out once"
)]
pub(crate) fn assemble(
    articles: Vec<Box<Article>>,
    mut pages: Vec<PageDoc>,
    settings: &Settings<'_>,
) -> (Site, Option<related::Memo>) {
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    // Sorted as boxes (an article is large) and by their times first,
    // read once each: a comparison that reads two articles is a cache miss.
    let mut keyed: Vec<(jiff::Timestamp, Box<Article>)> = articles
        .into_iter()
        .map(|a| (a.date.timestamp(), a))
        .collect();
    keyed.par_sort_unstable_by(|(ta, a), (tb, b)| {
        tb.cmp(ta)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.source.cmp(&b.source))
    });
    let articles: Vec<Box<Article>> = keyed.into_iter().map(|(_, a)| a).collect();
    let t = std::time::Instant::now();
    let none = BTreeMap::new();
    fn tags_of(a: &Article) -> (&[String], &[String]) {
        (&a.tags, &a.keys.tags)
    }
    fn section_of(a: &Article) -> (&[String], &[String]) {
        (a.section.as_slice(), a.keys.section.as_slice())
    }
    fn authors_of(a: &Article) -> (&[String], &[String]) {
        (&a.authors, &a.keys.authors)
    }
    // The groupings are independent of each other: made in two halves side
    // by side (what comes of each article's date and title; its names).
    let (
        ((paths, slug_collisions), years, read_also),
        ((tags, article_tags), (sections, article_sections), (authors, article_authors)),
    ) = rayon::join(
        || {
            (
                article_paths(&articles, settings.slug),
                group_dates(&articles),
                link_read_also(&articles),
            )
        },
        || {
            type NamesOf = fn(&Article) -> (&[String], &[String]);
            let terms = |names_of: NamesOf, taxonomy, fixed| {
                group_terms(&articles, names_of, taxonomy, settings.slug, fixed)
            };
            (
                terms(tags_of, Taxonomy::Tag, &none),
                terms(section_of, Taxonomy::Section, &settings.section_slugs),
                terms(authors_of, Taxonomy::Author, &none),
            )
        },
    );
    let article_section = article_sections
        .into_iter()
        .map(|s| s.first().copied())
        .collect();
    log::debug!(
        "paths, tags, dates and read-also links in {:?}",
        t.elapsed()
    );
    let t = std::time::Instant::now();
    let linked: Vec<Vec<usize>> = read_also
        .iter()
        .map(|r| r.iter().filter_map(|x| x.target).collect())
        .collect();
    let times: Vec<i64> = articles
        .par_iter()
        .map(|a| a.date.timestamp().as_second())
        .collect();
    let input = related::Input {
        tags: &article_tags,
        n_tags: tags.len(),
        times: &times,
        exclude: &linked,
        limit: settings.related,
    };
    // A build keeps what each list is made from, to compute only those an
    // edit can change next time; check and serve compute them all.
    let (related, memo) = if settings.keep_related {
        let ids: Vec<related::Identity> = articles
            .par_iter()
            .zip(&article_tags)
            .zip(&linked)
            .map(|((a, ts), linked)| {
                related::Identity::of(
                    &a.source,
                    // Its place in the order is by its time to the nanosecond.
                    a.date.timestamp().as_nanosecond(),
                    &a.title,
                    ts.iter().map(|&t| tags[t].path.as_str()),
                    linked.iter().map(|&j| articles[j].source.as_str()),
                )
            })
            .collect();
        related::related_with(&input, &ids, settings.related_memo)
    } else {
        (related::related(&input), None)
    };
    log::debug!("related articles in {:?}", t.elapsed());
    let site = Site {
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
    };
    (site, memo)
}

fn article_paths(articles: &[Box<Article>], style: SlugStyle) -> (Vec<String>, Vec<SlugCollision>) {
    // Slugs are claimed per day folder: each day's articles, oldest first,
    // claimed on their own (the days in parallel).
    let mut days: Vec<Vec<usize>> = Vec::new();
    let mut day_at: FxHashMap<(i16, i8, i8), usize> = FxHashMap::default();
    // Articles are in time order, so a day's come together (but for
    // offsets that differ): the last day is looked up first.
    let mut last: Option<((i16, i8, i8), usize)> = None;
    for i in (0..articles.len()).rev() {
        let d = &articles[i].date;
        let day = (d.year(), d.month(), d.day());
        let at = match last {
            Some((l, at)) if l == day => at,
            _ => *day_at.entry(day).or_insert_with(|| {
                days.push(Vec::new());
                days.len() - 1
            }),
        };
        last = Some((day, at));
        days[at].push(i);
    }
    // Each day's (article, slug) pairs and collisions (whether explicit).
    type Claimed<'a> = (Vec<(usize, Cow<'a, str>)>, Vec<(bool, SlugCollision)>);
    let claimed: Vec<Claimed> = days
        .into_par_iter()
        .map(|list| {
            let mut claims = Claims::default();
            let mut slugs = Vec::with_capacity(list.len());
            let mut collisions = Vec::new();
            // Explicit front-matter slugs before generated ones.
            for explicit in [true, false] {
                for &i in &list {
                    let a = &articles[i];
                    if a.slug.is_some() != explicit {
                        continue;
                    }
                    // An ASCII site names articles without a slug by a
                    // short id: a transliterated Arabic title makes a poor
                    // URL.
                    let wanted: Cow<'_, str> = match (style, &a.slug) {
                        (_, Some(s)) => slug::of_or_id(style, s, &a.source).into(),
                        (SlugStyle::Unicode, None) => Cow::Borrowed(&a.keys.title_slug),
                        (SlugStyle::Ascii, None) => slug::short_id(&a.source).into(),
                    };
                    let got = claims.claim(wanted.clone());
                    if got != wanted {
                        let wanted = wanted.into_owned();
                        collisions.push((explicit, SlugCollision { article: i, wanted }));
                    }
                    slugs.push((i, got));
                }
            }
            (slugs, collisions)
        })
        .collect();
    let mut slugs: Vec<Cow<'_, str>> = vec![Cow::Borrowed(""); articles.len()];
    let mut collisions = Vec::new();
    for (day, day_collisions) in claimed {
        for (i, slug) in day {
            slugs[i] = slug;
        }
        collisions.extend(day_collisions);
    }
    // As the slugs were claimed: explicit ones first, oldest first.
    collisions.sort_by_key(|(explicit, c)| (!explicit, std::cmp::Reverse(c.article)));
    let paths = articles
        .par_iter()
        .zip(slugs)
        .map(|(a, s)| paths::article(&a.date.date(), &s))
        .collect();
    (paths, collisions.into_iter().map(|(_, c)| c).collect())
}

/// Group the articles by the names `names_of` gives (a tag, a section, an
/// author): spellings that fold alike are one name, written in its most
/// used form; slugs are claimed oldest name first (or taken from `fixed`).
fn group_terms(
    articles: &[Box<Article>],
    names_of: impl Fn(&Article) -> (&[String], &[String]),
    taxonomy: Taxonomy,
    style: SlugStyle,
    fixed: &BTreeMap<String, String>,
) -> (Vec<Term>, Vec<Vec<usize>>) {
    // Each name's written forms with counts and its articles, newest first;
    // in the order names first appear, oldest article first.
    struct Acc<'a> {
        key: &'a str,
        forms: BTreeMap<&'a str, usize>,
        articles: Vec<usize>,
    }
    let mut by_key: FxHashMap<&str, usize> = FxHashMap::default();
    let mut accs: Vec<Acc<'_>> = Vec::new();
    // Each article's names, by their place in `accs`.
    let mut named: Vec<Vec<usize>> = vec![Vec::new(); articles.len()];
    for i in (0..articles.len()).rev() {
        let (names, keys) = names_of(&articles[i]);
        for (t, key) in names.iter().zip(keys) {
            let k = *by_key.entry(key.as_str()).or_insert_with(|| {
                accs.push(Acc {
                    key,
                    forms: BTreeMap::new(),
                    articles: Vec::new(),
                });
                accs.len() - 1
            });
            let acc = &mut accs[k];
            *acc.forms.entry(t.as_str()).or_insert(0) += 1;
            acc.articles.push(i);
            named[i].push(k);
        }
    }
    let mut claims = Claims::default();
    for slug in fixed.values() {
        claims.claim(slug.as_str());
    }
    let mut tags: Vec<(usize, Term)> = accs
        .into_iter()
        .enumerate()
        .map(|(k, mut acc)| {
            // Most used written form; ties go to the first in sort order.
            let name = acc
                .forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(f, _)| (*f).to_string())
                .unwrap_or_default();
            let slug = match fixed.get(acc.key) {
                Some(s) => s.clone(),
                None => claims
                    .claim(slug::of_or_id(style, &name, acc.key))
                    .into_owned(),
            };
            acc.articles.reverse();
            acc.articles.dedup();
            let tag = Term {
                path: taxonomy.list(&slug),
                name,
                articles: acc.articles,
            };
            (k, tag)
        })
        .collect();
    tags.sort_by(|a, b| {
        b.1.articles
            .len()
            .cmp(&a.1.articles.len())
            .then_with(|| a.1.name.cmp(&b.1.name))
    });
    // Where each name went in the sorted list.
    let mut place = vec![0; tags.len()];
    for (at, (k, _)) in tags.iter().enumerate() {
        place[*k] = at;
    }
    for names in &mut named {
        for k in names.iter_mut() {
            *k = place[*k];
        }
    }
    (tags.into_iter().map(|(_, t)| t).collect(), named)
}

fn group_dates(articles: &[Box<Article>]) -> Vec<Year> {
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

fn link_read_also(articles: &[Box<Article>]) -> Vec<Vec<ReadAlso>> {
    // The titles asked for (folded), then the first article of each: only
    // those are looked for among all the articles (most articles are asked
    // for by none; in many archives, none is).
    let wanted: Vec<Vec<String>> = articles
        .par_iter()
        .map(|a| a.read_also.iter().map(|t| arabic::fold(t)).collect())
        .collect();
    let mut by_title: FxHashMap<&str, Option<usize>> = wanted
        .iter()
        .flatten()
        .map(|t| (t.as_str(), None))
        .collect();
    if !by_title.is_empty() {
        for (i, a) in articles.iter().enumerate() {
            if let Some(first @ None) = by_title.get_mut(a.keys.title.as_str()) {
                *first = Some(i);
            }
        }
    }
    articles
        .par_iter()
        .zip(&wanted)
        .enumerate()
        .map(|(i, (a, folded))| {
            a.read_also
                .iter()
                .zip(folded)
                .map(|(t, f)| ReadAlso {
                    title: t.clone(),
                    target: by_title
                        .get(f.as_str())
                        .copied()
                        .flatten()
                        .filter(|&j| j != i),
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

    fn art(source: &str, title: &str, date: &str, tags: &[&str]) -> Box<Article> {
        let tz = jiff::tz::TimeZone::UTC;
        let opts = LoadOptions {
            timezone: &tz,
            drafts: true,
            reading_speed: 200,
            html_budget: crate::content::HTML_BUDGET,
            markdown: crate::markdown::Context::plain(),
        };
        let text = format!("---\ntitle: {title:?}\ndate: {date}\ntags: {tags:?}\n---\nbody\n",);
        Box::new(parse_article(source, &text, &opts, &Highlighter::new()).unwrap())
    }

    fn settings() -> Settings<'static> {
        Settings {
            slug: SlugStyle::Unicode,
            related: 5,
            keep_related: false,
            related_memo: None,
            section_slugs: Default::default(),
        }
    }

    #[test]
    fn read_also_links_the_first_article_of_a_title_never_itself() {
        let mut a = art("a.md", "خبر أول", "2024-01-03", &[]);
        let mut b = art("b.md", "خبر ثان", "2024-01-02", &[]);
        let c = art("c.md", "خبر ثان", "2024-01-01", &[]);
        a.read_also = vec!["خبر ثان".into(), "خبر أول".into(), "لا مقال".into()];
        b.read_also = vec!["خبر ثان".into()];
        let links = link_read_also(&[a, b, c]);
        let targets: Vec<Vec<Option<usize>>> = links
            .iter()
            .map(|l| l.iter().map(|r| r.target).collect())
            .collect();
        assert_eq!(targets, [vec![Some(1), None, None], vec![None], vec![]]);
        assert_eq!(links[0][2].title, "لا مقال");
        let none = link_read_also(&[art("d.md", "خبر", "2024-01-01", &[])]);
        assert!(none.len() == 1 && none[0].is_empty());
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
        let (site, _) = assemble(
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
        let (site, _) = assemble(
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
        let (site, _) = assemble(
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
    fn ascii_style_uses_short_ids() {
        let (site, _) = assemble(
            vec![art("x/a.md", "دعوة", "2024-01-01", &["الحسكة"])],
            Vec::new(),
            &Settings {
                slug: SlugStyle::Ascii,
                related: 5,
                keep_related: false,
                related_memo: None,
                section_slugs: Default::default(),
            },
        );
        assert!(site.paths[0].is_ascii());
        assert!(site.tags[0].path.is_ascii());
    }
}
