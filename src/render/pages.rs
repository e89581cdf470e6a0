//! Rendering one planned page: its view structs, its template, its file.

use super::plan::{FeedFormat, Kind, List, Page, Plan};
use super::templates::{template_error, xml_safe};
use super::views::*;
use crate::config::Config;
use crate::content::Article;
use crate::i18n::Locale;
use crate::output::OutFile;
use crate::paths;
use crate::photos::{Format, Photo};
use crate::site::{self, Site};
use crate::theme::Theme;
use crate::timefmt::rfc3339;
use tera::{Context, Tera};

// ---------------------------------------------------------------- the renderer

/// What every page is rendered with: the model, the plan, the templates,
/// and each article's card (formatted once, shared by every list).
pub(super) struct Renderer<'a> {
    /// The bodies of articles taken from the content cache, rendered again.
    pub(super) bodies: &'a crate::content::Bodies<'a>,
    pub(super) cfg: &'a Config,
    pub(super) site: &'a Site,
    pub(super) plan: &'a Plan,
    pub(super) locale: &'a Locale,
    pub(super) tera: Tera,
    /// Template name → the file it came from, for error messages.
    pub(super) theme: &'a Theme,
    pub(super) base_path: String,
    /// Each article's card, made when a page first shows it (a build that
    /// keeps most pages makes few). Boxed: a card is hundreds of bytes, and
    /// the slots of 10,000 unmade cards would be megabytes to allocate and
    /// touch at every render (every save in `serve`).
    pub(super) cards: Vec<std::sync::OnceLock<Box<Card<'a>>>>,
    /// The social-card image of pages without their own.
    pub(super) default_image: Option<OgImage>,
}

/// Breaking news stays breaking until `breaking_until`, or for a day.
fn breaking_end(a: &Article) -> jiff::ZonedDateTime {
    a.breaking_until.clone().unwrap_or_else(|| {
        a.date
            .checked_add(jiff::SignedDuration::from_hours(24))
            .unwrap_or_else(|_| a.date.clone())
    })
}

/// How long before the build clock an article counts for the news sitemap.
pub(super) const NEWS_WINDOW_HOURS: i64 = 48;

impl<'a> Renderer<'a> {
    pub(super) fn url(&self, path: &str) -> String {
        paths::url(&self.base_path, path)
    }

    pub(super) fn permalink(&self, path: &str) -> String {
        self.cfg.base_url.join(path)
    }

    /// A photo as templates print it.
    pub(super) fn image(&self, photo: &Photo, alt: &str) -> ImageView {
        let url_of = |p: &str| self.url(p);
        ImageView {
            src: self.url(photo.src()),
            srcset: photo.srcset(photo.fallback, &url_of),
            webp_srcset: photo.srcset(Format::Webp, &url_of),
            width: photo.width,
            height: photo.height,
            alt: alt.to_string(),
        }
    }

    /// A photo for social cards.
    pub(super) fn og_image(&self, photo: &Photo, alt: &str) -> OgImage {
        let (path, width, height, mime) = photo.og();
        OgImage {
            url: self.permalink(&path),
            width,
            height,
            mime,
            alt: alt.to_string(),
        }
    }

    /// The card of article `i` (made once, when first asked for).
    pub(super) fn card_at(&self, i: usize) -> &Card<'a> {
        self.cards[i].get_or_init(|| Box::new(self.card(i, &self.site.articles[i])))
    }

    /// The card of article `i`, if there is one.
    pub(super) fn card_get(&self, i: usize) -> Option<&Card<'a>> {
        (i < self.cards.len()).then(|| self.card_at(i))
    }

    /// Make the card of article `i`, `a`. Everything it shows is hashed by
    /// [`super::memo::Fingerprints`]' card fingerprint: keep them in step.
    fn card(&self, i: usize, a: &'a Article) -> Card<'a> {
        let path = &self.site.paths[i];
        let tags = self.site.article_tags[i]
            .iter()
            .map(|&t| {
                let tag = &self.site.tags[t];
                TagRef {
                    name: &tag.name,
                    url: self.cfg.yaml.tags.then(|| self.url(&tag.path)),
                }
            })
            .collect();
        let term = |t: &'a site::Term| TagRef {
            name: &t.name,
            url: Some(self.url(&t.path)),
        };
        Card {
            section: self.site.article_section[i].map(|s| term(&self.site.sections[s])),
            authors: self.site.article_authors[i]
                .iter()
                .map(|&k| term(&self.site.authors[k]))
                .collect(),
            title: &a.title,
            url: self.url(path),
            permalink: self.permalink(path),
            date_iso: rfc3339(&a.date),
            date: self.locale.date(&a.date),
            time: if a.has_time {
                self.locale.time(&a.date)
            } else {
                String::new()
            },
            day_iso: a.date.date().to_string(),
            summary: a.excerpt(),
            has_summary: !a.excerpt().is_empty(),
            place: a.place.as_deref(),
            source: a.source_name.as_deref(),
            reading_time: a.reading_time,
            reading_time_text: self
                .locale
                .plural("reading_time", a.reading_time as u64)
                .unwrap_or_default(),
            tags,
            breaking: a.breaking,
            scheduled: a.date.timestamp() > self.cfg.now,
            breaking_until: a.breaking.then(|| rfc3339(&breaking_end(a))),
            image: a.lead().map(|(p, alt)| self.image(p, alt)),
        }
    }

    pub(super) fn page(
        &self,
        kind: &'static str,
        title: String,
        description: String,
        path: String,
        number: usize,
    ) -> PageView {
        PageView {
            kind,
            url: self.url(&path),
            permalink: self.permalink(&path),
            title,
            description,
            path,
            number,
            image: self.default_image.clone(),
        }
    }

    pub(super) fn render(
        &self,
        template: &str,
        ctx: &Context,
        path: &str,
    ) -> Result<OutFile, String> {
        // Render straight into bytes: no UTF-8 re-validation of every page.
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, ctx, &mut bytes)
            .map(|()| OutFile {
                path: path.to_string(),
                bytes: if path.ends_with(".xml") {
                    xml_safe(bytes)
                } else {
                    bytes
                },
            })
            .map_err(|e| {
                let file = self
                    .theme
                    .templates
                    .get(template)
                    .map_or(template, |s| s.origin.as_str());
                format!("{file} (rendering /{path}): {}", template_error(&e))
            })
    }

    fn article(&self, i: usize) -> Result<OutFile, String> {
        let a = &self.site.articles[i];
        let html = self.bodies.html(a)?;
        let card = self.card_at(i);
        let dateline = match (&a.place, &a.source_name) {
            (Some(p), Some(s)) => Some(format!("{p} – {s}")),
            (Some(p), None) => Some(p.clone()),
            (None, Some(s)) => Some(s.clone()),
            (None, None) => None,
        };
        let keywords: Vec<&str> = card.tags.iter().map(|t| t.name).collect();
        let og = a
            .lead()
            .map(|(p, alt)| self.og_image(p, alt))
            .or_else(|| self.default_image.clone());
        let mut jsonld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "description": a.excerpt(),
            "datePublished": card.date_iso,
            "dateModified": a.updated.as_ref().map(rfc3339).unwrap_or_else(|| card.date_iso.clone()),
            "dateline": dateline,
            "keywords": keywords,
            "inLanguage": self.cfg.language,
            "url": card.permalink,
            "mainEntityOfPage": card.permalink,
            "isAccessibleForFree": true,
            "articleSection": card.section.as_ref().map(|s| s.name),
            "author": if a.authors.is_empty() {
                serde_json::json!({"@type": "Organization", "name": a.source_name.as_deref().unwrap_or(&self.cfg.author)})
            } else {
                self.site.article_authors[i]
                    .iter()
                    .map(|&k| {
                        let p = &self.site.authors[k];
                        serde_json::json!({"@type": "Person", "name": p.name, "url": self.permalink(&p.path)})
                    })
                    .collect()
            },
            "publisher": {"@type": "Organization", "name": self.cfg.yaml.title},
            "image": og.as_ref().map(|o| serde_json::json!({"@type": "ImageObject", "url": o.url, "width": o.width, "height": o.height})),
        });
        // What the article does not have is left out, not written as null.
        if let Some(fields) = jsonld.as_object_mut() {
            fields.retain(|_, v| !v.is_null());
        }
        // `</script>` can never appear inside the JSON: escape every `<`.
        let jsonld = jsonld.to_string().replace('<', "\\u003c");
        let view = ArticleView {
            card,
            hijri: self.locale.hijri(&a.date),
            updated_iso: a.updated.as_ref().map(rfc3339),
            updated: a.updated.as_ref().map(|u| self.locale.date(u)),
            dateline,
            standfirst: a.standfirst(),
            caption: a.caption.as_deref(),
            caption_url: a.caption_url.as_deref(),
            body: &html,
            has_code: a.body.has_code,
            words: a.body.words,
            extra: &a.extra,
            jsonld,
        };
        let read_also: Vec<ReadAlsoView> = self.site.read_also[i]
            .iter()
            .map(|r| ReadAlsoView {
                title: &r.title,
                url: r.target.map(|j| self.card_at(j).url.clone()),
            })
            .collect();
        let related: Vec<&Card> = self.site.related[i]
            .iter()
            .map(|&j| self.card_at(j))
            .collect();
        let mut ctx = Context::new();
        let path = self.site.paths[i].clone();
        let mut page = self.page(
            "article",
            a.title.clone(),
            a.excerpt().to_string(),
            path.clone(),
            0,
        );
        page.image = og;
        ctx.insert("page", &page);
        ctx.insert("article", &view);
        ctx.insert("read_also", &read_also);
        ctx.insert("related", &related);
        ctx.insert("prev", &self.card_get(i + 1));
        ctx.insert("next", &i.checked_sub(1).and_then(|j| self.card_get(j)));
        self.render("article.html", &ctx, &paths::file_of(&path))
    }

    /// Render one planned page.
    pub(super) fn run(&self, page: &Page) -> Result<OutFile, String> {
        let site = self.site;
        let file = page.file();
        match &page.kind {
            Kind::Article(i) => self.article(*i),
            Kind::Page(i) => {
                let p = &site.pages[*i];
                let mut ctx = Context::new();
                ctx.insert(
                    "page",
                    &self.page(
                        "page",
                        p.title.clone(),
                        p.description.clone(),
                        page.path.clone(),
                        0,
                    ),
                );
                ctx.insert(
                    "doc",
                    &PageDocView {
                        title: &p.title,
                        body: &p.body.html,
                        has_code: p.body.has_code,
                        updated_iso: p.updated.as_ref().map(rfc3339),
                        updated: p.updated.as_ref().map(|u| self.locale.date(u)),
                        extra: &p.extra,
                    },
                );
                self.render("page.html", &ctx, &file)
            }
            Kind::ListPage { list, number, .. } => match *list {
                List::Home => {
                    let title = if *number == 0 {
                        self.cfg.yaml.title.clone()
                    } else {
                        self.locale.text("home").unwrap_or("").to_string()
                    };
                    let mut ctx = self.list_context("home", title, page);
                    // Breaking news, on the first page only, by the build clock.
                    let now = self.cfg.now;
                    let breaking: Vec<&Card> = if *number == 0 {
                        site.articles
                            .iter()
                            .enumerate()
                            .filter(|(_, a)| {
                                a.breaking
                                    && a.date.timestamp() <= now
                                    && breaking_end(a).timestamp() > now
                            })
                            .map(|(i, _)| self.card_at(i))
                            .collect()
                    } else {
                        Vec::new()
                    };
                    ctx.insert("breaking", &breaking);
                    if *number == 0 {
                        self.front(&mut ctx, page);
                    }
                    self.render("index.html", &ctx, &file)
                }
                List::Tag(_) | List::Section(_) | List::Author(_) => {
                    let Some((kind, term)) = list.term(site) else {
                        return Err(format!("/{}: not a list of a name", page.path));
                    };
                    let mut ctx = self.list_context(kind, term.name.clone(), page);
                    ctx.insert(kind, &self.term_summary(term, *number == 0));
                    self.render(&format!("{kind}.html"), &ctx, &file)
                }
                List::Year(_) | List::Month(..) | List::Day(..) => {
                    let (period, children) = self
                        .period_view(*list, *number == 0)
                        .ok_or_else(|| format!("/{}: not a list of a period", page.path))?;
                    let mut ctx = self.list_context(period.kind, period.label.clone(), page);
                    ctx.insert("period", &period);
                    ctx.insert("children", &children);
                    ctx.insert("years", &None::<Vec<YearView>>);
                    self.render("archive.html", &ctx, &file)
                }
            },
            Kind::Index(taxonomy) => {
                let (key, terms) = match taxonomy {
                    paths::Taxonomy::Section => ("sections", &site.sections),
                    paths::Taxonomy::Author => ("authors", &site.authors),
                    paths::Taxonomy::Tag => ("tags", &site.tags),
                };
                let items: Vec<TermSummary> =
                    terms.iter().map(|t| self.term_summary(t, true)).collect();
                let title = self.locale.text(key).unwrap_or("").to_string();
                let mut ctx = Context::new();
                ctx.insert(
                    "page",
                    &self.page(key, title.clone(), title, page.path.clone(), 0),
                );
                ctx.insert("terms", &items);
                if *taxonomy == paths::Taxonomy::Tag {
                    ctx.insert("tags", &items); // the name tags.html has always read
                }
                self.render(&format!("{key}.html"), &ctx, &file)
            }
            Kind::Archive => {
                let years: Vec<YearView> = site
                    .years
                    .iter()
                    .map(|y| YearView {
                        label: self.locale.number(y.year as i64),
                        url: self.url(&y.path),
                        count: y.articles.len(),
                        count_text: self.count_text(y.articles.len()),
                        months: self.month_links(y, true),
                    })
                    .collect();
                let title = self.locale.text("archive").unwrap_or("").to_string();
                let mut ctx = Context::new();
                ctx.insert(
                    "page",
                    &self.page("archive", title.clone(), title, page.path.clone(), 0),
                );
                ctx.insert("years", &years);
                ctx.insert("period", &None::<PeriodView>);
                self.render("archive.html", &ctx, &file)
            }
            Kind::Feed { list, format } => {
                let template = match format {
                    FeedFormat::Atom => "atom.xml",
                    FeedFormat::Rss => "rss.xml",
                };
                let title = match list.term(site) {
                    Some((_, term)) => format!("{} – {}", self.cfg.yaml.title, term.name),
                    None => self.cfg.yaml.title.clone(),
                };
                let items = list.items(self.plan, site);
                self.feed(template, &page.path, title, list.base(site), items)
            }
            Kind::Search => {
                let title = self.locale.text("search").unwrap_or("").to_string();
                let years: Vec<String> = site.years.iter().map(|y| y.year.to_string()).collect();
                let mut ctx = Context::new();
                ctx.insert(
                    "page",
                    &self.page("search", title.clone(), title, page.path.clone(), 0),
                );
                ctx.insert("years", &years);
                ctx.insert(
                    "search_parts",
                    &crate::search::part_count(site.articles.len(), self.cfg.yaml.search_part_size),
                );
                ctx.insert("result_forms", &self.locale.plural_forms("results"));
                self.render("search.html", &ctx, &file)
            }
            Kind::NotFound => {
                let title = self.locale.text("not_found").unwrap_or("404").to_string();
                let mut ctx = Context::new();
                ctx.insert(
                    "page",
                    &self.page("404", title.clone(), title, page.path.clone(), 0),
                );
                self.render("404.html", &ctx, &file)
            }
            Kind::Robots => {
                let mut ctx = Context::new();
                ctx.insert("sitemap_url", &self.permalink(paths::SITEMAP));
                ctx.insert("news_sitemap_url", &self.permalink(paths::NEWS_SITEMAP));
                self.render("robots.txt", &ctx, &file)
            }
            Kind::NewsSitemap => {
                let now = self.cfg.now;
                let since = now
                    .checked_sub(jiff::SignedDuration::from_hours(NEWS_WINDOW_HOURS))
                    .unwrap_or(now);
                let items: Vec<NewsItem> = site
                    .articles
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.date.timestamp() > since && a.date.timestamp() <= now)
                    .map(|(i, a)| NewsItem {
                        loc: &self.card_at(i).permalink,
                        title: &a.title,
                        published: &self.card_at(i).date_iso,
                    })
                    .collect();
                let mut ctx = Context::new();
                ctx.insert("items", &items);
                ctx.insert("publication", &self.cfg.yaml.title);
                ctx.insert("language", self.cfg.primary_language());
                self.render("news_sitemap.xml", &ctx, &file)
            }
        }
    }
}
