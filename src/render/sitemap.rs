//! The sitemap: every HTML page of the plan with its last change, in one
//! file or, past `sitemap_limit` addresses (the protocol's 50,000 unless
//! the site says fewer), in parts under a sitemap index.

use super::pages::Renderer;
use super::plan::{Kind, Page};
use super::sitemap_chunks;
use super::views::SitemapUrl;
use crate::output::OutFile;
use crate::paths;
use crate::timefmt::rfc3339;
use jiff::ZonedDateTime as Zoned;
use rayon::prelude::*;
use tera::Context;

/// A page the sitemap lists and its last change (the newest article it
/// shows): what an address of the sitemap is made from, without its text,
/// so that the parts a publish keeps are known without writing 200,000
/// addresses.
pub(super) struct Entry<'a> {
    pub(super) page: &'a Page,
    pub(super) lastmod: Option<&'a Zoned>,
}

impl Renderer<'_> {
    /// The sitemap entry of a planned page, or `None` for pages not listed.
    fn sitemap_entry<'p>(&'p self, page: &'p Page) -> Option<Entry<'p>> {
        if !page.in_sitemap() {
            return None;
        }
        let site = self.site;
        let changed = |i: usize| {
            let a = &site.articles[i];
            a.updated.as_ref().unwrap_or(&a.date)
        };
        let lastmod = match &page.kind {
            Kind::Article(i) => Some(changed(*i)),
            Kind::Page(i) => site.pages[*i].updated.as_ref(),
            Kind::ListPage { list, range, .. } => list
                .items(self.plan, site)
                .get(range.start)
                .map(|&i| changed(i)),
            _ => None,
        };
        Some(Entry { page, lastmod })
    }

    /// Every page the sitemap lists: articles oldest first, then the other
    /// pages. A publish adds its article after the others, so that in a
    /// sitemap of parts the parts before it stay as they were.
    pub(super) fn sitemap_entries(&self) -> Vec<Entry<'_>> {
        let is_article = |p: &&Page| matches!(p.kind, Kind::Article(_));
        let articles = self.plan.pages.iter().filter(is_article).rev();
        let others = self.plan.pages.iter().filter(|p| !is_article(p));
        let pages: Vec<&Page> = articles.chain(others).collect();
        pages
            .par_iter()
            .filter_map(|page| self.sitemap_entry(page))
            .collect()
    }

    /// The sitemap files of `entries` but those `kept` keeps as the last
    /// build wrote them (it is asked for each file of addresses, with its
    /// entries): in a sitemap of parts a publish renders the parts whose
    /// addresses changed and the index only.
    pub(super) fn sitemaps(
        &self,
        entries: &[Entry<'_>],
        kept: impl Fn(&str, &[Entry<'_>]) -> Result<bool, String>,
    ) -> Result<Vec<OutFile>, String> {
        let chunks = sitemap_chunks(entries.len(), self.cfg.yaml.sitemap_limit);
        let part = |name: &str, entries: &[Entry<'_>]| -> Result<Option<OutFile>, String> {
            if kept(name, entries)? {
                return Ok(None);
            }
            let urls: Vec<SitemapUrl> = entries
                .par_iter()
                .map(|e| SitemapUrl {
                    loc: self.permalink(&e.page.path),
                    lastmod: e.lastmod.map(rfc3339),
                })
                .collect();
            let mut ctx = Context::new();
            ctx.insert("urls", &urls);
            self.render("sitemap.xml", &ctx, name).map(Some)
        };
        if chunks.len() <= 1 {
            return Ok(part(paths::SITEMAP, entries)?.into_iter().collect());
        }
        let mut files = Vec::new();
        let mut index = Vec::new();
        for (n, range) in chunks.into_iter().enumerate() {
            let name = paths::sitemap_part(n + 1);
            let part_entries = &entries[range];
            // The part's newest change, by time (not by its text: two
            // offsets make text and time disagree).
            let lastmod = part_entries
                .iter()
                .filter_map(|e| e.lastmod)
                .max_by_key(|z| z.timestamp())
                .map(rfc3339);
            files.extend(part(&name, part_entries)?);
            index.push(SitemapUrl {
                loc: self.permalink(&name),
                lastmod,
            });
        }
        let mut ctx = Context::new();
        ctx.insert("sitemaps", &index);
        files.push(self.render("sitemap_index.xml", &ctx, paths::SITEMAP)?);
        Ok(files)
    }
}
