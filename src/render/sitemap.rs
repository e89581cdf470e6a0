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
use rayon::prelude::*;
use tera::Context;

impl Renderer<'_> {
    /// The sitemap entry of a planned page: its address and its last change
    /// (the newest article it shows), or `None` for pages not listed.
    fn sitemap_entry(&self, page: &Page) -> Option<SitemapUrl> {
        if !page.in_sitemap() {
            return None;
        }
        let site = self.site;
        let changed = |i: usize| {
            let a = &site.articles[i];
            rfc3339(a.updated.as_ref().unwrap_or(&a.date))
        };
        let lastmod = match &page.kind {
            Kind::Article(i) => Some(changed(*i)),
            Kind::Page(i) => site.pages[*i].updated.as_ref().map(rfc3339),
            Kind::ListPage { list, range, .. } => list
                .items(self.plan, site)
                .get(range.start)
                .map(|&i| changed(i)),
            _ => None,
        };
        Some(SitemapUrl {
            loc: self.permalink(&page.path),
            lastmod,
        })
    }

    /// Every page the sitemap lists: articles oldest first, then the other
    /// pages. A publish adds its article after the others, so that in a
    /// sitemap of parts the parts before it stay as they were.
    pub(super) fn sitemap_urls(&self) -> Vec<SitemapUrl> {
        let is_article = |p: &&Page| matches!(p.kind, Kind::Article(_));
        let articles = self.plan.pages.iter().filter(is_article).rev();
        let others = self.plan.pages.iter().filter(|p| !is_article(p));
        let pages: Vec<&Page> = articles.chain(others).collect();
        pages
            .par_iter()
            .filter_map(|page| self.sitemap_entry(page))
            .collect()
    }

    /// The sitemap files of `urls` but those `kept` keeps as the last
    /// build wrote them (it is asked for each file of addresses, with its
    /// addresses): in a sitemap of parts a publish renders the last part
    /// and the index only.
    pub(super) fn sitemaps(
        &self,
        urls: Vec<SitemapUrl>,
        kept: impl Fn(&str, &[SitemapUrl]) -> Result<bool, String>,
    ) -> Result<Vec<OutFile>, String> {
        let chunks = sitemap_chunks(urls.len(), self.cfg.yaml.sitemap_limit);
        let part = |name: &str, urls: &[SitemapUrl]| -> Result<Option<OutFile>, String> {
            if kept(name, urls)? {
                return Ok(None);
            }
            let mut ctx = Context::new();
            ctx.insert("urls", urls);
            self.render("sitemap.xml", &ctx, name).map(Some)
        };
        if chunks.len() <= 1 {
            return Ok(part(paths::SITEMAP, &urls)?.into_iter().collect());
        }
        let mut files = Vec::new();
        let mut index = Vec::new();
        for (n, range) in chunks.into_iter().enumerate() {
            let name = paths::sitemap_part(n + 1);
            let part_urls = &urls[range];
            let lastmod = part_urls.iter().filter_map(|u| u.lastmod.clone()).max();
            files.extend(part(&name, part_urls)?);
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
