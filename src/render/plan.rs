//! The page plan: every file the site will have, decided once.
//!
//! Takes the config and the [`Site`]; gives a [`Plan`]: for each page its
//! [`Kind`] (with the list and the slice of it a list page shows), its site
//! path and its output file. The renderer renders from the plan, the sitemap
//! lists it, and the pages an edit touches are read from it
//! ([`Plan::touched`]): no other place decides which pages exist, how lists
//! are cut into pages, or what a page shows.

use super::Scope;
use crate::config::{Config, FeedContent};
use crate::paths::{self, Taxonomy};
use crate::site::Site;
use std::ops::Range;

/// A list of articles, newest first, with pages of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum List {
    /// Every article: the home page.
    Home,
    /// The articles of `site.tags[t]`.
    Tag(usize),
    /// The articles of `site.sections[s]`.
    Section(usize),
    /// The articles of `site.authors[a]`.
    Author(usize),
    /// `site.years[y]`.
    Year(usize),
    /// `site.years[y].months[m]`.
    Month(usize, usize),
    /// `site.years[y].months[m].days[d]`.
    Day(usize, usize, usize),
}

impl List {
    /// The articles of the list (indexes into `site.articles`, newest first).
    pub(crate) fn items<'s>(self, plan: &'s Plan, site: &'s Site) -> &'s [usize] {
        match self {
            List::Home => &plan.everything,
            List::Tag(t) => &site.tags[t].articles,
            List::Section(s) => &site.sections[s].articles,
            List::Author(a) => &site.authors[a].articles,
            List::Year(y) => &site.years[y].articles,
            List::Month(y, m) => &site.years[y].months[m].articles,
            List::Day(y, m, d) => &site.years[y].months[m].days[d].articles,
        }
    }

    /// The name a tag's, section's or author's list is of, with the kind
    /// of its pages (`tag`, `section`, `author`: also their template's name).
    pub(crate) fn term(self, site: &Site) -> Option<(&'static str, &crate::site::Term)> {
        match self {
            List::Tag(t) => Some(("tag", &site.tags[t])),
            List::Section(s) => Some(("section", &site.sections[s])),
            List::Author(a) => Some(("author", &site.authors[a])),
            List::Home | List::Year(_) | List::Month(..) | List::Day(..) => None,
        }
    }

    /// The site path of the list's first page.
    pub(crate) fn base(self, site: &Site) -> &str {
        match self {
            List::Home => paths::HOME,
            List::Tag(t) => &site.tags[t].path,
            List::Section(s) => &site.sections[s].path,
            List::Author(a) => &site.authors[a].path,
            List::Year(y) => &site.years[y].path,
            List::Month(y, m) => &site.years[y].months[m].path,
            List::Day(y, m, d) => &site.years[y].months[m].days[d].path,
        }
    }
}

/// The two feed formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeedFormat {
    /// Atom 1.0.
    Atom,
    /// RSS 2.0.
    Rss,
}

/// What a page is, and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The page of `site.articles[i]`.
    Article(usize),
    /// The standing page `site.pages[i]` (`content/pages/`).
    Page(usize),
    /// A page of `list` (see [`list_pages`]): its front (`number` 0) or its
    /// numbered page `number` of `of`, showing the items at `range` of the
    /// list, with the pages holding newer and older items.
    ListPage {
        list: List,
        number: usize,
        of: usize,
        range: Range<usize>,
        newer: Option<usize>,
        older: Option<usize>,
    },
    /// Every tag (when tag pages are on), every section or every author
    /// (when the site has one), with counts.
    Index(Taxonomy),
    /// Every year and month, with counts.
    Archive,
    /// The feed of a list (the home page's, or a tag's): its newest
    /// `feed_limit` articles.
    Feed { list: List, format: FeedFormat },
    /// The search page.
    Search,
    /// The page for missing paths.
    NotFound,
    /// robots.txt.
    Robots,
    /// The Google News sitemap (articles of the last 48 hours).
    NewsSitemap,
}

/// One planned file.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub(crate) kind: Kind,
    /// Site path: `tags/x/page/2/`, `atom.xml`.
    pub(crate) path: String,
}

impl Page {
    /// The output file: `tags/x/page/2/index.html`, `atom.xml`.
    pub(crate) fn file(&self) -> String {
        paths::file_of(&self.path)
    }

    /// Does the page belong in the sitemap (an HTML page a reader may land on)?
    pub(crate) fn in_sitemap(&self) -> bool {
        matches!(
            self.kind,
            Kind::Article(_)
                | Kind::Page(_)
                | Kind::ListPage { .. }
                | Kind::Index(_)
                | Kind::Archive
        )
    }
}

/// Every page of the site, in a fixed order.
pub(crate) struct Plan {
    pub(crate) pages: Vec<Page>,
    /// 0..n: the home page's list.
    everything: Vec<usize>,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cut {
    /// 0 for the front of the list, 1.. for numbered pages.
    pub(crate) number: usize,
    /// The items shown, as positions in the newest-first list.
    pub(crate) range: Range<usize>,
    /// The page with the next newer items (`Some(0)`: the front).
    pub(crate) newer: Option<usize>,
    /// The page with the next older items.
    pub(crate) older: Option<usize>,
}

/// The pages of a list of `n` items (newest first), `per` items a page,
/// numbered from the oldest so that a full page never changes again:
///
/// - the front (the list's own address) shows the newest `per` items;
/// - past `per` items, numbered pages (`page/1/` is the oldest) hold every
///   full run of `per` items counted from the oldest.
///
/// A new article changes the front (and, once every `per` articles, adds a
/// page): never the numbered pages, whose addresses keep their items.
/// Newest first: the front, then the numbered pages from the highest.
pub(crate) fn list_pages(n: usize, per: usize) -> Vec<Cut> {
    let per = per.max(1);
    let full = if n > per { n / per } else { 0 };
    // When the items divide evenly, the front shows what page `full` does:
    // the next older page is the one before it.
    let front_older = if n.is_multiple_of(per) {
        full.saturating_sub(1)
    } else {
        full
    };
    let mut cuts = vec![Cut {
        number: 0,
        range: 0..n.min(per),
        newer: None,
        older: (front_older > 0).then_some(front_older),
    }];
    for k in (1..=full).rev() {
        cuts.push(Cut {
            number: k,
            range: n - k * per..n - (k - 1) * per,
            newer: Some(if k == full { 0 } else { k + 1 }),
            older: (k > 1).then(|| k - 1),
        });
    }
    cuts
}

impl Plan {
    /// Plan the pages of `site` under `cfg`.
    pub(crate) fn new(cfg: &Config, site: &Site) -> Plan {
        let mut plan = Plan {
            pages: Vec::new(),
            everything: (0..site.articles.len()).collect(),
        };
        let mut pages = Vec::new();
        for (i, path) in site.paths.iter().enumerate() {
            pages.push(Page {
                kind: Kind::Article(i),
                path: path.clone(),
            });
        }
        for (i, p) in site.pages.iter().enumerate() {
            pages.push(Page {
                kind: Kind::Page(i),
                path: p.path.clone(),
            });
        }
        let mut lists = vec![List::Home];
        lists.extend((0..site.sections.len()).map(List::Section));
        lists.extend((0..site.authors.len()).map(List::Author));
        if cfg.yaml.tags {
            lists.extend((0..site.tags.len()).map(List::Tag));
        }
        if cfg.yaml.archives {
            for (y, year) in site.years.iter().enumerate() {
                lists.push(List::Year(y));
                for (m, month) in year.months.iter().enumerate() {
                    lists.push(List::Month(y, m));
                    lists.extend((0..month.days.len()).map(|d| List::Day(y, m, d)));
                }
            }
        }
        for list in lists {
            let cuts = list_pages(list.items(&plan, site).len(), cfg.yaml.per_page);
            let of = cuts.len() - 1;
            let base = list.base(site);
            for cut in cuts {
                pages.push(Page {
                    path: paths::list_page(base, cut.number),
                    kind: Kind::ListPage {
                        list,
                        number: cut.number,
                        of,
                        range: cut.range,
                        newer: cut.newer,
                        older: cut.older,
                    },
                });
            }
            if matches!(list, List::Tag(_) | List::Section(_) | List::Author(_)) {
                pages.push(Page {
                    path: paths::feed_of(base),
                    kind: Kind::Feed {
                        list,
                        format: FeedFormat::Atom,
                    },
                });
            }
        }
        for (taxonomy, any) in [
            (Taxonomy::Tag, cfg.yaml.tags),
            (Taxonomy::Section, !site.sections.is_empty()),
            (Taxonomy::Author, !site.authors.is_empty()),
        ] {
            if any {
                pages.push(Page {
                    kind: Kind::Index(taxonomy),
                    path: taxonomy.index(),
                });
            }
        }
        if cfg.yaml.archives {
            pages.push(Page {
                kind: Kind::Archive,
                path: paths::ARCHIVE.into(),
            });
        }
        for (format, path) in [
            (FeedFormat::Atom, paths::ATOM),
            (FeedFormat::Rss, paths::RSS),
        ] {
            pages.push(Page {
                kind: Kind::Feed {
                    list: List::Home,
                    format,
                },
                path: path.into(),
            });
        }
        pages.extend([
            Page {
                kind: Kind::NotFound,
                path: paths::NOT_FOUND.into(),
            },
            Page {
                kind: Kind::Robots,
                path: paths::ROBOTS.into(),
            },
            Page {
                kind: Kind::NewsSitemap,
                path: paths::NEWS_SITEMAP.into(),
            },
        ]);
        if cfg.search_on() {
            pages.push(Page {
                kind: Kind::Search,
                path: paths::SEARCH.into(),
            });
        }
        plan.pages = pages;
        plan
    }

    /// The pages `scope` needs rendered: all of them, or after an edit of
    /// some articles that kept every URL, list membership and order, those
    /// that show them. The rest of the site cannot show old data.
    pub(crate) fn touched<'p>(&'p self, scope: &Scope, cfg: &Config, site: &Site) -> Vec<&'p Page> {
        self.pages
            .iter()
            .filter(|p| self.shows_change(p, scope, cfg, site))
            .collect()
    }

    /// Does the sitemap need writing again under `scope`? It lists every
    /// page with its last change: only body edits leave it alone.
    pub(crate) fn sitemap_touched(scope: &Scope) -> bool {
        !matches!(
            scope,
            Scope::Touching {
                body_only: true,
                ..
            }
        )
    }

    fn shows_change(&self, page: &Page, scope: &Scope, cfg: &Config, site: &Site) -> bool {
        let Scope::Touching {
            articles,
            body_only,
        } = scope
        else {
            return true;
        };
        let body_only = *body_only;
        // Where does a changed article sit in `list`?
        let positions = |list: List| {
            let items = list.items(self, site);
            articles
                .iter()
                .filter_map(move |k| items.binary_search(k).ok())
        };
        let full_feeds = cfg.yaml.feed_content == FeedContent::Full;
        match &page.kind {
            Kind::Article(i) => {
                let i = *i;
                articles.contains(&i)
                    || (!body_only
                        && (articles.iter().any(|&k| k + 1 == i || i + 1 == k)
                            || site.related[i].iter().any(|j| articles.contains(j))
                            || site.read_also[i]
                                .iter()
                                .any(|r| r.target.is_some_and(|t| articles.contains(&t)))))
            }
            Kind::Feed { list, .. } => {
                (!body_only || full_feeds) && positions(*list).any(|pos| pos < cfg.yaml.feed_limit)
            }
            _ if body_only => false,
            // The home page's front shows breaking news by the build clock.
            Kind::ListPage {
                list: List::Home,
                number: 0,
                ..
            } => true,
            Kind::ListPage { list, range, .. } => positions(*list).any(|pos| range.contains(&pos)),
            Kind::NewsSitemap => true,
            Kind::Page(_)
            | Kind::Index(_)
            | Kind::Archive
            | Kind::NotFound
            | Kind::Robots
            | Kind::Search => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The items of numbered page `k` of a list of `n`, by age (0 = oldest).
    fn by_age(n: usize, cut: &Cut) -> Vec<usize> {
        let mut v: Vec<usize> = cut.range.clone().map(|pos| n - 1 - pos).collect();
        v.sort();
        v
    }

    #[test]
    fn numbered_pages_never_change_as_the_list_grows() {
        let per = 10;
        let mut seen: std::collections::HashMap<usize, Vec<usize>> = Default::default();
        for n in 0..=95 {
            let cuts = list_pages(n, per);
            assert_eq!(cuts[0].number, 0);
            assert_eq!(cuts[0].range, 0..n.min(per), "the front shows the newest");
            for cut in &cuts[1..] {
                assert_eq!(cut.range.len(), per, "numbered pages are full");
                let items = by_age(n, cut);
                let before = seen.entry(cut.number).or_insert_with(|| items.clone());
                assert_eq!(*before, items, "page {} changed at n = {n}", cut.number);
            }
            // Every item is on the front or a numbered page.
            let mut all: Vec<usize> = cuts.iter().flat_map(|c| c.range.clone()).collect();
            all.sort();
            all.dedup();
            assert_eq!(all, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn newer_and_older_links_walk_the_whole_list() {
        for n in [0, 5, 10, 11, 20, 25, 30, 95] {
            let cuts = list_pages(n, 10);
            let by_number: std::collections::HashMap<usize, &Cut> =
                cuts.iter().map(|c| (c.number, c)).collect();
            // From the front, `older` reaches page 1 through every page whose
            // items the front does not already show.
            let mut shown: Vec<usize> = cuts[0].range.clone().collect();
            let mut at = cuts[0].older;
            while let Some(k) = at {
                let cut = by_number[&k];
                assert!(by_number.contains_key(&cut.newer.unwrap()));
                shown.extend(cut.range.clone());
                at = cut.older;
            }
            shown.sort();
            shown.dedup();
            assert_eq!(shown, (0..n).collect::<Vec<_>>(), "n = {n}");
        }
    }
}
