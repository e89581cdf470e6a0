//! The parts of list pages: the pager, day groups, the home page's front
//! (lead story, top stories, section blocks), the summaries of tags,
//! sections and authors, and the pages of a year, month or day.
//!
//! Takes a planned list page and the [`Renderer`]; gives its view structs
//! and its template context (the page itself is rendered in `pages.rs`).

use super::pages::Renderer;
use super::plan::{Kind, List, Page};
use super::views::*;
use crate::paths;
use crate::site;
use tera::Context;

/// Articles beside the lead story on the home page's front.
const TOP_STORIES: usize = 4;
/// Section blocks on the home page's front without a menu in site.yaml.
const MAX_SECTION_BLOCKS: usize = 6;
/// Articles in each section block.
const SECTION_BLOCK_ITEMS: usize = 4;

impl<'a> Renderer<'a> {
    /// The pager of a list page: newer and older steps, and links to the
    /// front, the oldest page and the pages near this one (newest first:
    /// the front, then the numbered pages from the highest). Nothing in it
    /// depends on how many pages the list has beyond this page's neighbours,
    /// so a full numbered page stays the same as the list grows.
    pub(super) fn pager(&self, base: &str, page: &Kind) -> PagerView {
        let Kind::ListPage {
            number,
            of,
            newer,
            older,
            ..
        } = *page
        else {
            return PagerView::default();
        };
        let label = |n: usize| {
            if n == 0 {
                self.locale
                    .text("latest")
                    .or_else(|_| self.locale.text("newer"))
                    .unwrap_or("")
                    .to_string()
            } else {
                self.locale.number(n as i64)
            }
        };
        let link = |n: usize| self.url(&paths::list_page(base, n));
        // Newest first: 0 (the front), of, of - 1, …, 1.
        let order: Vec<usize> = std::iter::once(0).chain((1..=of).rev()).collect();
        let here = order.iter().position(|&n| n == number).unwrap_or(0);
        let mut links = Vec::new();
        let mut last_shown: Option<usize> = None;
        for (pos, &n) in order.iter().enumerate() {
            if pos == 0 || pos + 1 == order.len() || pos.abs_diff(here) <= 2 {
                if last_shown.is_some_and(|l| l + 1 < pos) {
                    links.push(PagerLink {
                        gap: true,
                        label: "…".into(),
                        ..PagerLink::default()
                    });
                }
                links.push(PagerLink {
                    number: n,
                    label: label(n),
                    url: link(n),
                    current: n == number,
                    gap: false,
                });
                last_shown = Some(pos);
            }
        }
        PagerView {
            current: number,
            total: of + 1,
            current_label: label(number),
            total_label: self.locale.number((of + 1) as i64),
            prev: newer.map(link),
            next: older.map(link),
            links,
        }
    }

    pub(super) fn groups<'c>(&'c self, items: &[usize]) -> Vec<DayGroup<'c, 'a>> {
        let mut groups: Vec<DayGroup> = Vec::new();
        for &i in items {
            let card = self.card_at(i);
            if groups.last().is_none_or(|g| g.day_iso != card.day_iso) {
                let d = &self.site.articles[i].date;
                groups.push(DayGroup {
                    heading: self.locale.weekday_date(d.year(), d.month(), d.day()),
                    day_iso: &card.day_iso,
                    items: Vec::new(),
                });
            }
            if let Some(g) = groups.last_mut() {
                g.items.push(card);
            }
        }
        groups
    }

    /// The front of the home page: the newest article as the lead story,
    /// the next [`TOP_STORIES`] beside it, a block of the newest articles
    /// of each section of the menu (or of the largest sections), and the
    /// rest of the page's articles by day.
    pub(super) fn front(&self, ctx: &mut Context, page: &Page) {
        let Kind::ListPage { list, range, .. } = &page.kind else {
            return;
        };
        let items = &list.items(self.plan, self.site)[range.clone()];
        let shown = items.len().min(1 + TOP_STORIES);
        ctx.insert("lead", &items.first().map(|&i| self.card_at(i)));
        ctx.insert(
            "top",
            &items[1.min(items.len())..shown]
                .iter()
                .map(|&i| self.card_at(i))
                .collect::<Vec<_>>(),
        );
        ctx.insert("groups", &self.groups(&items[shown..]));
        let on_top = &items[..shown];
        let sections: Vec<usize> = match &self.cfg.yaml.menu {
            Some(menu) => menu
                .iter()
                .filter_map(|e| e.section.as_deref())
                .filter_map(|name| self.site.section_named(name))
                .collect(),
            None => (0..self.site.sections.len().min(MAX_SECTION_BLOCKS)).collect(),
        };
        let blocks: Vec<SectionBlock> = sections
            .into_iter()
            .map(|s| {
                let section = &self.site.sections[s];
                SectionBlock {
                    section: self.term_summary(section, true),
                    items: section
                        .articles
                        .iter()
                        .filter(|i| !on_top.contains(i))
                        .take(SECTION_BLOCK_ITEMS)
                        .map(|&i| self.card_at(i))
                        .collect(),
                }
            })
            .filter(|b| !b.items.is_empty())
            .collect();
        ctx.insert("section_blocks", &blocks);
    }

    /// A tag, section or author, with its count when `counted` (not on
    /// its list's numbered pages: see [`Count`]).
    pub(super) fn term_summary<'t>(&self, t: &'t site::Term, counted: bool) -> TermSummary<'t> {
        TermSummary {
            name: &t.name,
            url: self.url(&t.path),
            count: counted.then(|| self.count(t.articles.len())),
            feed_url: self.url(&paths::feed_of(&t.path)),
        }
    }

    pub(super) fn period_link(
        &self,
        label: String,
        path: &str,
        count: Option<usize>,
    ) -> PeriodLink {
        PeriodLink {
            label,
            url: self.url(path),
            count: count.map(|n| self.count(n)),
        }
    }

    /// The months of a year, linked, with their counts when `counted`.
    pub(super) fn month_links(&self, year: &site::Year, counted: bool) -> Vec<PeriodLink> {
        year.months
            .iter()
            .map(|m| {
                let n = counted.then_some(m.articles.len());
                self.period_link(self.locale.month_name(m.month), &m.path, n)
            })
            .collect()
    }

    pub(super) fn count(&self, n: usize) -> Count {
        Count {
            count: n,
            count_text: self.count_text(n),
        }
    }

    pub(super) fn count_text(&self, n: usize) -> String {
        self.locale.plural("articles", n as u64).unwrap_or_default()
    }

    /// A page of a paginated list of articles (home, tag, year, month, day).
    pub(super) fn list_context(&self, kind: &'static str, title: String, page: &Page) -> Context {
        let Kind::ListPage {
            list,
            number,
            range,
            ..
        } = &page.kind
        else {
            return Context::new();
        };
        let slice = &list.items(self.plan, self.site)[range.clone()];
        let mut ctx = Context::new();
        let description = if kind == "home" && !self.cfg.yaml.description.is_empty() {
            self.cfg.yaml.description.clone()
        } else {
            title.clone()
        };
        ctx.insert(
            "page",
            &self.page(kind, title, description, page.path.clone(), *number),
        );
        ctx.insert(
            "items",
            &slice.iter().map(|&i| self.card_at(i)).collect::<Vec<_>>(),
        );
        ctx.insert("groups", &self.groups(slice));
        ctx.insert("pager", &self.pager(list.base(self.site), &page.kind));
        ctx
    }

    /// What a page of a year's, month's or day's list says of its period:
    /// its label, count and parent, and the periods in it, with their
    /// counts when `counted` (not on the list's numbered pages: see
    /// [`Count`]); `None` for the other lists.
    pub(super) fn period_view(
        &self,
        list: List,
        counted: bool,
    ) -> Option<(PeriodView, Vec<PeriodLink>)> {
        let site = self.site;
        let n = |count: usize| counted.then_some(count);
        let (kind, label, parent, children) = match list {
            List::Year(y) => {
                let year = &site.years[y];
                let label = self.locale.number(year.year as i64);
                ("year", label, None, self.month_links(year, counted))
            }
            List::Month(y, m) => {
                let year = &site.years[y];
                let month = &year.months[m];
                let label = self.locale.month_year(year.year, month.month);
                let parent = self.period_link(
                    self.locale.number(year.year as i64),
                    &year.path,
                    n(year.articles.len()),
                );
                let children: Vec<PeriodLink> = month
                    .days
                    .iter()
                    .map(|d| {
                        self.period_link(
                            self.locale.weekday_date(year.year, month.month, d.day),
                            &d.path,
                            n(d.articles.len()),
                        )
                    })
                    .collect();
                ("month", label, Some(parent), children)
            }
            List::Day(y, m, d) => {
                let year = &site.years[y];
                let month = &year.months[m];
                let day = &month.days[d];
                let label = self.locale.weekday_date(year.year, month.month, day.day);
                let parent = self.period_link(
                    self.locale.month_year(year.year, month.month),
                    &month.path,
                    n(month.articles.len()),
                );
                ("day", label, Some(parent), Vec::new())
            }
            List::Home | List::Tag(_) | List::Section(_) | List::Author(_) => return None,
        };
        let period = PeriodView {
            kind,
            label,
            url: self.url(list.base(site)),
            parent,
            count: counted.then(|| self.count(list.items(self.plan, site).len())),
        };
        Some((period, children))
    }
}
