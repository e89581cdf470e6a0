//! Reading a seed: the article inside a scraped page, part by part.
//!
//! Takes the decoded text of one seed and the gazetteer; gives a [`Seed`]:
//! headline, publication and update dates (and where they came from),
//! dateline, caption, reading time, body blocks (paragraphs, subheadings,
//! lists), `اقرأ أيضاً` titles and keyword categories, and the [`Role`]
//! every line of the seed played, for `mujaz import --explain`. The page
//! is read by [`page`] (where the article is) and [`header`] (headline and
//! dateline); here the parts are put together and the body is cleaned of
//! what is not article text (repeats of the headline, stamps, credits,
//! teasers of other articles), by evidence, never by line number.

use crate::import::dateline::{self, Dateline};
use crate::import::dates::{self, Stamp};
use crate::import::gazetteer::Gazetteer;
use crate::import::header::{self, Headline};
use crate::import::lexicon::{Class, Zone};
use crate::import::page::{self, Line, Page};
use jiff::civil::{DateTime, Time};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    Heading(String),
    List(Vec<String>),
}

/// Where the publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// A publication line of the page ("نشر في: …", a date under the headline).
    Line,
    /// The scraper's ` date 2024-05-10` prefix.
    Scraper,
    /// The page's URL (`/2024/05/10/`).
    Url,
    /// A photo caption's date, moved to the weekday the report names.
    Text,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Line => "line",
            DateSource::Scraper => "scraper",
            DateSource::Url => "url",
            DateSource::Text => "text",
        }
    }
}

/// What a line of the seed became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Headline,
    HeadlineRepeat,
    Publication,
    Update,
    /// A date line that is not this article's (the page's clock, a sidebar's).
    OtherDate,
    Dateline,
    Caption,
    ReadingTime,
    Paragraph,
    Heading,
    ListItem,
    ReadAlso,
    Keywords,
    /// A zone marker, or a line inside that zone.
    Zone(Zone),
    Clutter(&'static str),
    /// Header text that is not the headline (section names, kickers, bylines).
    HeaderText,
    /// Text of another part of the page than the article's.
    Outside,
    /// Short lines after the article (credits, signatures).
    Trailer,
    /// A paragraph printed twice.
    Duplicate,
    /// A paragraph about something else at the end of the body (a teaser).
    Teaser,
}

impl Role {
    pub fn label(&self) -> String {
        match self {
            Role::Headline => "headline".into(),
            Role::HeadlineRepeat => "dropped: headline repeated".into(),
            Role::Publication => "publication date".into(),
            Role::Update => "update date".into(),
            Role::OtherDate => "dropped: a date that is not this article's".into(),
            Role::Dateline => "dateline".into(),
            Role::Caption => "caption".into(),
            Role::ReadingTime => "reading time".into(),
            Role::Paragraph => "body: paragraph".into(),
            Role::Heading => "body: subheading".into(),
            Role::ListItem => "body: list item".into(),
            Role::ReadAlso => "read_also".into(),
            Role::Keywords => "keywords (tags)".into(),
            Role::Zone(z) => format!("dropped: {}", z.name()),
            Role::Clutter(why) => format!("dropped: {why}"),
            Role::HeaderText => "dropped: header text (section, kicker, byline)".into(),
            Role::Outside => "dropped: outside the article".into(),
            Role::Trailer => "dropped: after the article (credit, signature)".into(),
            Role::Duplicate => "dropped: paragraph printed twice".into(),
            Role::Teaser => "dropped: teaser of another article".into(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seed {
    pub title: String,
    /// No headline in the page: the title is the lead's opening words.
    pub title_from_lead: bool,
    pub reading_time: Option<u32>,
    pub caption: Option<String>,
    pub caption_url: Option<String>,
    pub place: Option<String>,
    pub source: Option<String>,
    pub published: Option<DateTime>,
    pub updated: Option<DateTime>,
    pub date_source: Option<DateSource>,
    pub blocks: Vec<Block>,
    pub read_also: Vec<String>,
    pub categories: Vec<String>,
    /// (first seed line, last seed line, role), for every non-blank line.
    pub roles: Vec<(usize, usize, Role)>,
    /// The share of the seed's text that became the article.
    pub article_share: f64,
}

impl Seed {
    /// The first paragraph: the lede.
    pub fn lede(&self) -> Option<&str> {
        self.blocks.iter().find_map(|b| match b {
            Block::Paragraph(p) => Some(p.as_str()),
            _ => None,
        })
    }
}

/// Could this line be a subheading (short, no closing punctuation, no
/// separators of a credit or a breadcrumb)?
pub(crate) fn heading_like(line: &str) -> bool {
    let n = line.split_whitespace().count();
    (1..=8).contains(&n)
        && line.chars().count() <= 70
        && !page::ends_sentence(line)
        && !line.trim_end().ends_with(['،', ','])
        && !line.contains("http")
        && !line.contains(" - ")
        && !line.contains(" – ")
        && !line.contains('|')
        && !line.contains('/')
        && page::list_item(line).is_none()
        && page::numbered_item(line).is_none()
}

/// "الموقع - القسم": two short names around a spaced dash or a bar.
pub(crate) fn label_pair(t: &str) -> bool {
    [" - ", " – ", " | ", " ـ "].iter().any(|sep| {
        t.split_once(sep).is_some_and(|(a, b)| {
            (1..=3).contains(&a.split_whitespace().count())
                && (1..=3).contains(&b.split_whitespace().count())
        })
    })
}

/// Items of a keywords or read-also line: "سوريا، الحسكة; تونس | مصر".
fn split_items(s: &str) -> Vec<String> {
    s.split(['،', ',', '|', '؛', ';'])
        .map(|x| header::clean_title(x.trim()))
        .filter(|x| !x.is_empty())
        .collect()
}

/// Parse a decoded seed.
pub(crate) fn parse(text: &str, gaz: &Gazetteer) -> Seed {
    let mut page = page::read(text);
    let hl = header::headline(&page, gaz).or_else(|| first_line_title(&page, gaz));
    // A headline taken from the top of the body: the body starts at the
    // next paragraph, and what stands between is header (stamps, captions).
    if let Some(h) = hl.as_ref().filter(|h| h.line >= page.layout.body.start) {
        let body = &page.layout.body;
        let start = (h.line + 1..body.end)
            .find(|&i| {
                page::sentence_like(&page.lines[i])
                    && !header::repeats(&page.lines[i].text, &h.text)
            })
            .unwrap_or(h.line + 1);
        page.layout.header.end = start;
        page.layout.body.start = start;
    }
    let page = page;
    let lines = &page.lines;
    let mut seed = Seed::default();
    let mut roles: Vec<Option<Role>> = vec![None; lines.len()];
    let layout = page.layout.clone();

    // Zones and furniture everywhere.
    let mut zone: Option<Zone> = None;
    for (i, l) in lines.iter().enumerate() {
        match &l.class {
            Class::Marker { zone: z, rest } => {
                roles[i] = Some(Role::Zone(*z));
                match z {
                    Zone::ReadAlso if !rest.is_empty() => {
                        seed.read_also.push(header::clean_title(rest));
                        roles[i] = Some(Role::ReadAlso);
                        continue; // an inline title does not open a zone
                    }
                    Zone::Keywords if !rest.is_empty() => {
                        seed.categories.extend(split_items(rest));
                        roles[i] = Some(Role::Keywords);
                    }
                    _ => {}
                }
                zone = Some(*z);
            }
            Class::Clutter(why) => roles[i] = Some(Role::Clutter(why)),
            Class::Blank => {}
            Class::Text if layout.part.contains(&i) => zone = None,
            Class::Text => {
                roles[i] = Some(match zone {
                    Some(Zone::ReadAlso) if title_like(l) => {
                        seed.read_also.push(header::clean_title(
                            page::list_item(&l.text).unwrap_or(&l.text),
                        ));
                        Role::ReadAlso
                    }
                    Some(Zone::Keywords) if l.words() <= 12 => {
                        seed.categories
                            .extend(split_items(page::list_item(&l.text).unwrap_or(&l.text)));
                        Role::Keywords
                    }
                    Some(z) => Role::Zone(z),
                    None => Role::Outside,
                });
            }
        }
    }

    // The header: reading time, captions, stamps, the headline, the dateline.
    if let Some(h) = &hl {
        roles[h.line] = Some(Role::Headline);
        if let Some(f) = h.fragment {
            roles[f] = Some(Role::Headline);
        }
        seed.title = h.text.clone();
    }
    let repeat = |t: &str| hl.as_ref().is_some_and(|h| header::repeats(t, &h.text));
    let mut header_items: Vec<usize> = Vec::new();
    for i in layout.header.clone() {
        if roles[i].is_some() {
            continue;
        }
        let l = &lines[i];
        roles[i] = Some(if repeat(&l.text) {
            Role::HeadlineRepeat
        } else if let Some(m) = header::reading_time(&l.text) {
            seed.reading_time.get_or_insert(m);
            Role::ReadingTime
        } else if let Some((text, url)) = header::caption(&l.text) {
            if seed.caption.is_none() {
                seed.caption = Some(text);
                seed.caption_url = Some(url);
            }
            Role::Caption
        } else if hl.as_ref().is_some_and(|h| i > h.line)
            && (page::list_item(&l.text).is_some() || page::numbered_item(&l.text).is_some())
        {
            header_items.push(i);
            Role::ListItem
        } else {
            Role::HeaderText
        });
    }
    choose_dates(&page, hl.as_ref(), &mut roles, &mut seed);
    // A dateline on a line of its own: the last one of the header.
    let below_headline = |i: usize| hl.as_ref().is_none_or(|h| i > h.line);
    for i in layout.header.clone().rev() {
        if roles[i] != Some(Role::HeaderText) || !below_headline(i) {
            continue;
        }
        // An unknown place is trusted only right above the body.
        let last_text = (i + 1..layout.header.end)
            .all(|j| !matches!(roles[j], Some(Role::HeaderText | Role::Headline)));
        let own = dateline::own_dateline(&lines[i].text, gaz, !last_text);
        // The outlet's name alone right above the lead ("… نيوز", "… برس").
        // (Not after a "نشر" label: that names who put it on the site.)
        let after_label = i > 0 && roles[i - 1] == Some(Role::Clutter("an empty date label"));
        let outlet = || {
            (last_text && !after_label && dateline::outlet_name(&lines[i].text)).then(|| Dateline {
                place: None,
                source: Some(header::clean_title(&lines[i].text)),
            })
        };
        if let Some(d) = own.or_else(outlet) {
            seed.place = d.place;
            seed.source = d.source;
            roles[i] = Some(Role::Dateline);
            break;
        }
    }

    // The body.
    let mut body_lines: Vec<usize> = header_items;
    body_lines.extend(layout.body.clone());
    crate::import::body::build_body(&page, &body_lines, &mut roles, &mut seed, &repeat);
    // A seed so short that its one sentence also carries its date: the
    // sentence stays the article's text.
    if seed.blocks.is_empty() {
        for i in layout.part.clone() {
            let l = &lines[i];
            if l.is_text() && page::ends_sentence(&l.text) && roles[i] == Some(Role::Publication) {
                seed.blocks.push(Block::Paragraph(l.text.clone()));
            }
        }
    }
    for r in &mut roles[layout.body.end..layout.part.end] {
        if r.is_none() {
            *r = Some(Role::Trailer);
        }
    }

    // The dateline at the start of the lead, and a date inside it.
    let mut lead_date = None;
    if let Some(Block::Paragraph(p)) = seed
        .blocks
        .iter_mut()
        .find(|b| matches!(b, Block::Paragraph(_)))
    {
        let found = dateline::lead_dateline(p, gaz).or_else(|| {
            dateline::lead_date_source(p).map(|(f, src, rest)| {
                (
                    Dateline {
                        place: None,
                        source: Some(src),
                    },
                    Some(f),
                    rest,
                )
            })
        });
        if let Some((d, f, rest)) = found {
            if seed.place.is_none() && seed.source.is_none() {
                seed.place = d.place;
                seed.source = d.source;
            }
            lead_date = f;
            if !rest.trim().is_empty() {
                *p = rest;
            }
        }
    }
    if seed.published.is_none()
        && let Some(f) = lead_date
    {
        seed.published = Some(f.datetime());
        seed.date_source = Some(DateSource::Line);
    }
    // A date the lead calls today ("صباح اليوم الاثنين 17 ماي 2021").
    if seed.published.is_none()
        && let Some(f) = seed.lede().and_then(dates::stated_today)
    {
        seed.published = Some(f.datetime());
        seed.date_source = Some(DateSource::Text);
    }
    // A caption's date, moved to the weekday the report names.
    if seed.published.is_none() {
        let caption_date = seed
            .caption
            .as_deref()
            .and_then(|c| dates::full_dates(c).last().map(|f| f.date));
        if let Some(d) = caption_date {
            let body = body_text(&seed.blocks);
            let d = match dates::publication_weekday(&body) {
                Some(w) => dates::align_to_weekday(d, w),
                None => d,
            };
            seed.published = Some(d.to_datetime(Time::midnight()));
            seed.date_source = Some(DateSource::Text);
        }
    }

    // No headline in the page: the lead's opening words.
    if seed.title.is_empty()
        && let Some(lede) = seed.lede()
    {
        seed.title = title_from(lede);
        seed.title_from_lead = true;
    }

    let total: usize = lines.iter().map(|l| l.text.chars().count()).sum();
    let kept: usize = body_text(&seed.blocks).chars().count() + seed.title.chars().count();
    seed.article_share = if total == 0 {
        0.0
    } else {
        kept as f64 / total as f64
    };
    seed.roles = lines
        .iter()
        .zip(roles)
        .map(|(l, r)| (l.first, l.last, r.unwrap_or(Role::Outside)))
        .collect();
    if let Some(n) = page.scraped.prefix_line
        && seed.date_source == Some(DateSource::Scraper)
    {
        seed.roles.push((n, n, Role::Publication));
        seed.roles.sort_by_key(|r| r.0);
    }
    seed
}

/// A short seed with no headline by evidence: its first line is the title
/// when it reads like one (short, not a sentence, not a date) and text
/// follows — the layout of a tidy seed.
fn first_line_title(page: &Page, gaz: &Gazetteer) -> Option<Headline> {
    let part = page.layout.part.clone();
    let first = part.clone().find(|&i| page.lines[i].is_text())?;
    let l = &page.lines[first];
    let more = part.clone().any(|i| i > first && page.lines[i].is_text());
    let title_like = (1..=20).contains(&l.words())
        && !page::ends_sentence(&l.text)
        && l.date_line().is_none()
        && page::list_item(&l.text).is_none();
    let credit =
        dateline::own_dateline(&l.text, gaz, false).is_some() || dateline::outlet_name(&l.text);
    (more && title_like && !credit).then(|| Headline {
        line: first,
        text: header::clean_title(&l.text),
        fragment: None,
    })
}

/// A title-like line (an item of a list of titles).
fn title_like(l: &Line) -> bool {
    l.is_text() && l.words() <= 25
}

/// The body text of blocks, one block a line.
pub(crate) fn body_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Paragraph(p) | Block::Heading(p) => out.push_str(p),
            Block::List(items) => out.push_str(&items.join("\n")),
        }
        out.push('\n');
    }
    out
}

/// A title from the lead: its first clause, or its first words.
fn title_from(lede: &str) -> String {
    let words: Vec<&str> = lede.split_whitespace().collect();
    let mut out: Vec<&str> = Vec::new();
    for w in &words {
        out.push(w);
        let ends = w.ends_with(['.', '،', ',', ':', '؛', '؟', '!']);
        if (ends && out.len() >= 6) || out.len() >= 14 {
            break;
        }
    }
    let cut = out.len() < words.len();
    let mut t = header::clean_title(&out.join(" "));
    t = t.trim_end_matches(['.', '،', ',', ':', '؛']).to_string();
    if cut && !out.last().is_some_and(|w| w.ends_with(['.', '؟', '!'])) {
        t.push('…');
    }
    t
}

/// The publication and update dates, by the strength of their evidence:
/// a marked publication line of the article's part of the page, the
/// scraper's date, the page URL, then a date line next to the headline.
fn choose_dates(page: &Page, hl: Option<&Headline>, roles: &mut [Option<Role>], seed: &mut Seed) {
    let lines = &page.lines;
    let part = page.layout.part.clone();
    let header = page.layout.header.clone();
    // Every date line of the article's part, with the date of a bare
    // marker taken from the next line ("نشر :" / "11:42 2024-09-18").
    let mut found: Vec<(usize, dates::DateLine)> = Vec::new();
    for i in part.clone() {
        if lines[i].words() > 24 {
            continue;
        }
        let joined = |j: usize| {
            // A date broken over two short lines ("… الإثنين 17" / "أغسطس 2020 م").
            let next = lines
                .get(j + 1)
                .filter(|n| part.contains(&(j + 1)) && !n.blank_before)?;
            if lines[j].words() > 10 || next.words() > 10 || next.date_line().is_some() {
                return None;
            }
            dates::date_line(&format!("{} {}", lines[j].text, next.text))
                .filter(|d| d.date.is_some())
        };
        let Some(mut d) = lines[i].date_line().or_else(|| {
            let d = joined(i)?;
            found.push((i + 1, d));
            Some(d)
        }) else {
            continue;
        };
        if d.date.is_none() {
            let next = lines.get(i + 1).filter(|_| part.contains(&(i + 1)));
            let next_date = next.and_then(|n| {
                dates::full_dates(&n.text)
                    .into_iter()
                    .next()
                    .filter(|f| f.token <= 3)
            });
            match next_date {
                Some(f) => d.date = Some(f.datetime()),
                None => {
                    if roles[i].is_none() || roles[i] == Some(Role::HeaderText) {
                        roles[i] = Some(Role::Clutter("an empty date label"));
                    }
                    continue;
                }
            }
            if let Some(n) = next
                && n.words() <= 12
            {
                found.push((i + 1, d));
            }
        }
        found.push((i, d));
    }
    let anchor = hl.map(|h| h.fragment.unwrap_or(h.line));
    // A plain date line counts when it stands next to the headline: right
    // above it (nothing but blank lines between), or below it in the
    // header; without a headline, right above the body.
    let near = |i: usize| -> bool {
        match anchor {
            Some(a) if i < a => {
                i + 1 == a || (i + 1..a).all(|j| found.iter().any(|(k, _)| *k == j))
            }
            Some(_) => i <= header.end,
            None => (i + 1..header.end)
                .all(|j| !lines[j].is_text() || found.iter().any(|(k, _)| *k == j)),
        }
    };
    let marked = found
        .iter()
        .find(|(_, d)| d.stamp == Stamp::Published && d.date.is_some());
    let plain = found
        .iter()
        .filter(|(i, d)| d.stamp == Stamp::Plain && near(*i))
        .min_by_key(|(i, _)| match anchor {
            // Below the headline first, nearest first; then above it.
            Some(a) if *i > a => *i - a,
            Some(a) => 1000 + a - *i,
            None => header.end.saturating_sub(*i),
        });
    let url_date = page.scraped.url.as_deref().and_then(dates::in_url);
    let (chosen, source) = if let Some((i, d)) = marked {
        (Some((*i, *d)), DateSource::Line)
    } else if let Some(d) = page.scraped.date {
        seed.published = Some(d.to_datetime(Time::midnight()));
        seed.date_source = Some(DateSource::Scraper);
        (None, DateSource::Scraper)
    } else if let Some(d) = url_date {
        seed.published = Some(d.to_datetime(Time::midnight()));
        seed.date_source = Some(DateSource::Url);
        (None, DateSource::Url)
    } else if let Some((i, d)) = plain {
        (Some((*i, *d)), DateSource::Line)
    } else {
        (None, DateSource::Line)
    };
    if let Some((i, d)) = chosen {
        seed.published = d.date;
        seed.updated = d.updated;
        seed.date_source = Some(source);
        roles[i] = Some(Role::Publication);
    }
    // An update stamp next to the headline, later than the publication.
    if seed.updated.is_none() {
        let upd = found
            .iter()
            .find(|(i, d)| d.stamp == Stamp::Updated && d.date.is_some() && near(*i));
        if let (Some((i, d)), Some(p)) = (upd, seed.published)
            && d.date.is_some_and(|u| u >= p)
        {
            seed.updated = d.date;
            roles[*i] = Some(Role::Update);
        }
    }
    // Every other date line is page furniture.
    for (i, _) in &found {
        if matches!(roles[*i], None | Some(Role::HeaderText)) {
            roles[*i] = Some(Role::OtherDate);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn gaz() -> Gazetteer {
        Gazetteer::new(&BTreeMap::new()).unwrap()
    }

    #[test]
    fn headings_are_short_unpunctuated_lines_before_text() {
        assert!(heading_like("أكبر عملية للتنظيم"));
        assert!(heading_like("هجوم ضخم"));
        assert!(!heading_like(
            "وأضافت أحمد أن التنظيم كان يريد شن هجوم ضخم على المنطقة ونشر الرعب مرة أخرى."
        ));
        assert!(!heading_like("جملة قصيرة."));
        assert!(!heading_like("الموقع - القسم"));
    }

    #[test]
    fn single_newline_layout_with_publication_line_and_blocks() {
        let text = "عنوان الخبر عن الفلاحين\nنُشر في: ١٤/٠٢/٢٠٢٤ - ٠٩:١٥ | آخر تحديث: ١٥/٠٢/٢٠٢٤ - ١٠:٠٠\nالرباط - و م ع\nأعلنت الحكومة المغربية اليوم عن خطة جديدة لدعم الفلاحين في المناطق المتضررة من الجفاف.\nوقال الوزير إن الخطة تشمل عدة محاور أساسية منها:\n- دعم مباشر للفلاحين\n- توفير البذور\nتفاصيل الخطة\nوتبلغ ميزانية الخطة نحو 10 مليارات درهم على مدى ثلاث سنوات بحسب الوزارة.\nاقرأ أيضاً:\nالمغرب يطلق برنامجاً للري\nارتفاع أسعار القمح\nتصنيفات\nالمغرب\nالزراعة\n";
        let s = parse(text, &gaz());
        assert_eq!(s.title, "عنوان الخبر عن الفلاحين");
        assert_eq!(s.published.unwrap().to_string(), "2024-02-14T09:15:00");
        assert_eq!(s.updated.unwrap().to_string(), "2024-02-15T10:00:00");
        assert_eq!(s.place.as_deref(), Some("الرباط"));
        assert_eq!(s.source.as_deref(), Some("و م ع"));
        assert_eq!(s.blocks.len(), 5, "{:#?}", s.blocks);
        assert_eq!(
            s.blocks[2],
            Block::List(vec!["دعم مباشر للفلاحين".into(), "توفير البذور".into()])
        );
        assert_eq!(s.blocks[3], Block::Heading("تفاصيل الخطة".into()));
        assert_eq!(
            s.read_also,
            ["المغرب يطلق برنامجاً للري", "ارتفاع أسعار القمح"]
        );
        assert_eq!(s.categories, ["المغرب", "الزراعة"]);
    }

    #[test]
    fn blocks_after_markers_keep_items_separated_by_blank_lines() {
        let text = "عنوان قصير للخبر هنا\n\nنص الخبر الأول طويل بما يكفي ليكون فقرة كاملة من فقرات المقال.\n\nاقرأ أيضاً:\n\nعنوان أول\n\nعنوان ثان\n\nعنوان ثالث\n\nتصنيفات\n\nالمغرب\n\nالزراعة\n";
        let s = parse(text, &gaz());
        assert_eq!(s.read_also, ["عنوان أول", "عنوان ثان", "عنوان ثالث"]);
        assert_eq!(s.categories, ["المغرب", "الزراعة"]);
        assert_eq!(s.blocks.len(), 1, "{:#?}", s.blocks);
    }
}
