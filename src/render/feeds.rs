//! Feeds: the Atom and RSS files of a list (the site's, a tag's), rendered
//! from the plan's `Feed` pages.

use super::pages::Renderer;
use super::views::{EntryView, FeedView};
use crate::config::FeedContent;
use crate::output::OutFile;
use crate::timefmt::{rfc2822, rfc3339};
use tera::Context;

impl Renderer<'_> {
    pub(super) fn feed(
        &self,
        template: &str,
        out: &str,
        title: String,
        home: &str,
        items: &[usize],
    ) -> Result<OutFile, String> {
        let items = &items[..items.len().min(self.cfg.yaml.feed_limit)];
        let newest = items.first().map(|&i| {
            let a = &self.site.articles[i];
            a.updated.as_ref().unwrap_or(&a.date)
        });
        let feed = FeedView {
            title,
            subtitle: self.cfg.yaml.description.clone(),
            url: self.permalink(out),
            home: self.permalink(home),
            updated: newest
                .map(rfc3339)
                .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into()),
            updated_rfc2822: newest.map(rfc2822).unwrap_or_default(),
            language: self.cfg.language.clone(),
        };
        // Full-content feeds show the bodies (rendered again for articles
        // the content cache gave without them).
        let full = self.cfg.yaml.feed_content == FeedContent::Full;
        let bodies = items
            .iter()
            .map(|&i| {
                full.then(|| self.bodies.html(&self.site.articles[i]))
                    .transpose()
            })
            .collect::<Result<Vec<_>, String>>()?;
        let entries: Vec<EntryView> = items
            .iter()
            .zip(&bodies)
            .map(|(&i, body)| {
                let a = &self.site.articles[i];
                let card = self.card_at(i);
                EntryView {
                    title: &a.title,
                    permalink: card.permalink.clone(),
                    published: card.date_iso.clone(),
                    updated: a
                        .updated
                        .as_ref()
                        .map(rfc3339)
                        .unwrap_or_else(|| card.date_iso.clone()),
                    published_rfc2822: rfc2822(&a.date),
                    summary: a.excerpt(),
                    content: body.as_deref(),
                    tags: card.tags.iter().map(|t| t.name).collect(),
                    place: a.place.as_deref(),
                }
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("feed", &feed);
        ctx.insert("entries", &entries);
        self.render(template, &ctx, out)
    }
}
