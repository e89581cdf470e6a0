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
use crate::paths;
use crate::site::{self, Site};
use std::ops::Range;

/// A list of articles, newest first, with pages of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List {
    /// Every article: the home page.
    Home,
    /// The articles of `site.tags[t]`.
    Tag(usize),
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
            List::Year(y) => &site.years[y].articles,
            List::Month(y, m) => &site.years[y].months[m].articles,
            List::Day(y, m, d) => &site.years[y].months[m].days[d].articles,
        }
    }

    /// The site path of the list's first page.
    pub(crate) fn base(self, site: &Site) -> &str {
        match self {
            List::Home => paths::HOME,
            List::Tag(t) => &site.tags[t].path,
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
    /// Page `number` (1-based) of the `of` pages of `list`, showing the
    /// items at `range` of the list.
    ListPage {
        list: List,
        number: usize,
        of: usize,
        range: Range<usize>,
    },
    /// Every tag, with counts.
    Tags,
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
            Kind::Article(_) | Kind::ListPage { .. } | Kind::Tags | Kind::Archive
        )
    }
}

/// Every page of the site, in a fixed order.
pub(crate) struct Plan {
    pub(crate) pages: Vec<Page>,
    /// 0..n: the home page's list.
    everything: Vec<usize>,
}

/// The pages of a list: page `number` shows `range` of its items.
pub(crate) fn list_pages(items: usize, per_page: usize) -> Vec<Range<usize>> {
    site::paginate(items, per_page)
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
        let mut lists = vec![List::Home];
        if cfg.tags {
            lists.extend((0..site.tags.len()).map(List::Tag));
        }
        if cfg.archives {
            for (y, year) in site.years.iter().enumerate() {
                lists.push(List::Year(y));
                for (m, month) in year.months.iter().enumerate() {
                    lists.push(List::Month(y, m));
                    lists.extend((0..month.days.len()).map(|d| List::Day(y, m, d)));
                }
            }
        }
        for list in lists {
            let ranges = list_pages(list.items(&plan, site).len(), cfg.per_page);
            let of = ranges.len();
            let base = list.base(site);
            for (p, range) in ranges.into_iter().enumerate() {
                pages.push(Page {
                    path: paths::list_page(base, p + 1),
                    kind: Kind::ListPage {
                        list,
                        number: p + 1,
                        of,
                        range,
                    },
                });
            }
            if matches!(list, List::Tag(_)) {
                pages.push(Page {
                    path: paths::feed_of(base),
                    kind: Kind::Feed {
                        list,
                        format: FeedFormat::Atom,
                    },
                });
            }
        }
        if cfg.tags {
            pages.push(Page {
                kind: Kind::Tags,
                path: paths::TAGS.into(),
            });
        }
        if cfg.archives {
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
        let full_feeds = cfg.feed_content == FeedContent::Full;
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
                (!body_only || full_feeds) && positions(*list).any(|pos| pos < cfg.feed_limit)
            }
            _ if body_only => false,
            // The first home page shows breaking news by the build clock.
            Kind::ListPage {
                list: List::Home,
                number: 1,
                ..
            } => true,
            Kind::ListPage { list, range, .. } => positions(*list).any(|pos| range.contains(&pos)),
            Kind::NewsSitemap => true,
            Kind::Tags | Kind::Archive | Kind::NotFound | Kind::Robots | Kind::Search => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_pages_cover_every_item_once() {
        for n in [0, 1, 9, 10, 11, 95] {
            let pages = list_pages(n, 10);
            assert!(!pages.is_empty());
            let covered: Vec<usize> = pages.iter().flat_map(|r| r.clone()).collect();
            assert_eq!(covered, (0..n).collect::<Vec<_>>());
        }
    }
}
