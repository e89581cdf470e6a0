//! Recognising the parts of a scraped article, by what each line is.
//!
//! Takes the decoded text of one seed; gives a [`Seed`]: title, reading
//! time, caption and its credit URL, dateline (place and source),
//! publication line, body blocks (paragraphs, subheadings, lists) and the
//! "اقرأ أيضاً" and "تصنيفات" blocks. Nothing depends on line numbers: a
//! line is a caption because it ends in " - <URL>", a dateline because it is
//! a short "place - source" pair before the body, a subheading because it is
//! a short unpunctuated line between paragraphs. Scraped noise (icon text,
//! the repeated caption, empty blocks) is dropped; every other line is kept.

use crate::arabic;
use crate::import::dates;
use jiff::civil::DateTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    Heading(String),
    List(Vec<String>),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seed {
    pub title: String,
    pub reading_time: Option<u32>,
    pub caption: Option<String>,
    pub caption_url: Option<String>,
    pub place: Option<String>,
    pub source: Option<String>,
    pub published: Option<DateTime>,
    pub updated: Option<DateTime>,
    pub blocks: Vec<Block>,
    pub read_also: Vec<String>,
    pub categories: Vec<String>,
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

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with([
        '.', '!', '?', '؟', ':', '،', '؛', '…', ',', ';', '»', '"', '”', ')',
    ])
}

/// "اقرأ أيضاً:" and its spellings. Gives the text after the marker, if any.
pub fn read_also_marker(line: &str) -> Option<&str> {
    marker(
        line,
        &[
            "اقرأ أيضا",
            "اقرا أيضا",
            "إقرأ أيضا",
            "اقرأ ايضا",
            "اقرا ايضا",
            "إقرأ ايضا",
            "اقرأ المزيد",
            "اقرأ أيضًا",
            "اقرأ أيضاً",
            "إقرأ أيضاً",
            "read also",
            "read more",
        ],
    )
}

/// "تصنيفات", "الوسوم:", "كلمات مفتاحية". Gives the text after the marker, if any.
pub fn categories_marker(line: &str) -> Option<&str> {
    marker(
        line,
        &[
            "تصنيفات",
            "التصنيفات",
            "التصنيف",
            "الوسوم",
            "وسوم",
            "كلمات مفتاحية",
            "الكلمات المفتاحية",
            "الكلمات الدالة",
            "مواضيع",
            "المواضيع",
            "tags",
            "categories",
        ],
    )
}

fn marker<'a>(line: &'a str, names: &[&str]) -> Option<&'a str> {
    let line = line.trim();
    let folded_line = arabic::fold(line);
    for name in names {
        let folded = arabic::fold(name);
        if let Some(rest) = folded_line.strip_prefix(&folded) {
            // The marker must be the whole line, or be followed by ':' and text.
            let rest_trim = rest.trim_start();
            if rest_trim.is_empty() || rest_trim.starts_with(':') || rest_trim.starts_with('-') {
                // Map the position back into the original line by character count.
                let skip = line.chars().count() - rest_trim.chars().count();
                let tail: &str =
                    &line[line.char_indices().nth(skip).map_or(line.len(), |(i, _)| i)..];
                return Some(tail.trim_start_matches([':', '-', ' ', '\u{a0}']).trim());
            }
        }
    }
    None
}

/// "time reading iconدقائق القراءة - 4", "وقت القراءة: 5 دقائق", "4 دقائق قراءة".
pub fn reading_time(line: &str) -> Option<u32> {
    let folded = arabic::fold(line);
    let is_reading = folded.contains("قراءه")
        || folded.contains("القراءه")
        || folded.contains("reading")
        || folded.contains("read time");
    if !is_reading || words(line) > 9 {
        return None;
    }
    let digits = arabic::ascii_digits(line);
    let n: String = digits
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())?
        .to_string();
    n.parse().ok().filter(|&m: &u32| (1..=600).contains(&m))
}

/// A caption ending in its credit URL: "نص الصورة - https://…".
pub fn caption(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    let idx = line.rfind("http")?;
    let url = line[idx..].trim();
    if url.contains(char::is_whitespace)
        || !(url.starts_with("http://") || url.starts_with("https://"))
    {
        return None;
    }
    let before = line[..idx].trim_end();
    let text = before
        .strip_suffix(['-', '–', '—', '|'])?
        .trim_end()
        .to_string();
    if text.is_empty() {
        return None;
    }
    Some((text, url.to_string()))
}

/// A dateline: "دبي-الشرق", "الرباط - و م ع": a short place, a dash, a short source.
pub fn dateline(line: &str) -> Option<(String, String)> {
    let line = line.trim().trim_end_matches([':', '،']);
    if line.contains("http")
        || line
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '.' | '!' | '؟' | '?' | '"' | '«'))
    {
        return None;
    }
    let (place, source) = ['–', '—', '-'].iter().find_map(|d| line.split_once(*d))?;
    let (place, source) = (place.trim(), source.trim());
    let (pw, sw) = (words(place), words(source));
    if pw == 0 || sw == 0 || pw > 3 || sw > 4 || source.contains(['-', '–', '—']) {
        return None;
    }
    Some((place.to_string(), source.to_string()))
}

/// A bullet line: "- …", "• …", "* …", "· …". Gives the item text.
pub fn list_item(line: &str) -> Option<&str> {
    let line = line.trim();
    for bullet in ["- ", "• ", "* ", "· ", "– ", "▪ ", "◦ ", "●"] {
        if let Some(rest) = line.strip_prefix(bullet) {
            let rest = rest.trim();
            if !rest.is_empty() {
                return Some(rest);
            }
        }
    }
    None
}

/// Could this line be a subheading (short, no closing punctuation)?
pub fn heading_like(line: &str) -> bool {
    let n = words(line);
    (1..=8).contains(&n)
        && line.chars().count() <= 70
        && !ends_sentence(line)
        && !line.contains("http")
        && list_item(line).is_none()
}

/// A line of a body paragraph long enough to end the header zone.
fn is_body_text(line: &str) -> bool {
    words(line) >= 10 || (ends_sentence(line) && words(line) >= 5)
}

/// Parse a decoded seed.
pub fn parse(text: &str) -> Seed {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
        .collect();
    let mut seed = Seed::default();
    let mut i = 0;
    while i < lines.len() && lines[i].is_empty() {
        i += 1;
    }
    if i < lines.len() {
        seed.title = arabic::without_tatweel(lines[i])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        i += 1;
    }
    // Paragraphs are separated by blank lines in this file (else by single newlines).
    let blank_separated = lines
        .windows(3)
        .any(|w| !w[0].is_empty() && w[1].is_empty() && !w[2].is_empty())
        && lines.iter().filter(|l| l.is_empty()).count() >= 2;

    let mut header = true;
    let mut last_blank = true;
    let mut last_caption: Option<String> = None;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.is_empty() {
            last_blank = true;
            continue;
        }
        let was_blank = std::mem::replace(&mut last_blank, false);

        if let Some(rest) = read_also_marker(line) {
            if !rest.is_empty() {
                seed.read_also.push(rest.to_string());
            } else {
                i = collect_titles(&lines, i, &mut seed.read_also);
            }
            last_blank = true;
            continue;
        }
        if let Some(rest) = categories_marker(line) {
            if !rest.is_empty() {
                seed.categories.extend(
                    rest.split(['،', ',', '|', '؛'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                );
            } else {
                i = collect_titles(&lines, i, &mut seed.categories);
            }
            last_blank = true;
            continue;
        }
        if let Some(m) = reading_time(line) {
            seed.reading_time.get_or_insert(m);
            continue;
        }
        if let Some((text, url)) = caption(line) {
            if last_caption.as_deref() != Some(line) && seed.caption.is_none() {
                seed.caption = Some(text);
                seed.caption_url = Some(url);
            }
            last_caption = Some(line.to_string());
            continue;
        }
        if header {
            if seed.published.is_none() {
                if let Some((p, u)) = dates::publication_line(line) {
                    seed.published = Some(p);
                    seed.updated = u;
                    continue;
                }
            }
            if seed.place.is_none() {
                if let Some((place, source)) = dateline(line) {
                    seed.place = Some(place);
                    seed.source = Some(source);
                    continue;
                }
            }
            if is_body_text(line) {
                header = false;
            }
        }
        if let Some(item) = list_item(line) {
            match seed.blocks.last_mut() {
                Some(Block::List(items)) if !was_blank || blank_separated => {
                    items.push(item.to_string())
                }
                _ => seed.blocks.push(Block::List(vec![item.to_string()])),
            }
            continue;
        }
        let next = lines[i..].iter().find(|l| !l.is_empty()).copied();
        let follows_text = matches!(
            seed.blocks.last(),
            Some(Block::Paragraph(_)) | Some(Block::List(_))
        );
        let next_is_text = next.is_some_and(|n| is_body_text(n) || list_item(n).is_some());
        if !header
            && follows_text
            && heading_like(line)
            && next_is_text
            && (was_blank || !blank_separated)
        {
            seed.blocks.push(Block::Heading(line.to_string()));
            continue;
        }
        // A hard-wrapped paragraph continues on the next line of the same block.
        if blank_separated && !was_blank {
            if let Some(Block::Paragraph(p)) = seed.blocks.last_mut() {
                if !ends_sentence(p) {
                    p.push(' ');
                    p.push_str(line);
                    continue;
                }
            }
        }
        seed.blocks.push(Block::Paragraph(line.to_string()));
    }
    seed
}

/// Title-per-line lists after a marker: until a blank line (once something
/// was collected), another marker, or a line that reads like body text.
fn collect_titles(lines: &[&str], mut i: usize, out: &mut Vec<String>) -> usize {
    let start = out.len();
    while i < lines.len() {
        let line = lines[i];
        if line.is_empty() {
            if out.len() > start {
                break;
            }
            i += 1;
            continue;
        }
        if read_also_marker(line).is_some() || categories_marker(line).is_some() || words(line) > 25
        {
            break;
        }
        let item = list_item(line).unwrap_or(line);
        out.push(item.trim().to_string());
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_time_lines() {
        assert_eq!(reading_time("time reading iconدقائق القراءة - 4"), Some(4));
        assert_eq!(reading_time("وقت القراءة: ٥ دقائق"), Some(5));
        assert_eq!(reading_time("3 دقائق قراءة"), Some(3));
        assert_eq!(
            reading_time("قالت الوزارة إن القراءة مهمة للأطفال في 4 مدارس ومناطق أخرى كثيرة جداً"),
            None
        );
        assert_eq!(reading_time("دبي-الشرق"), None);
    }

    #[test]
    fn captions() {
        let (t, u) = caption(
            "عناصر من \"داعش\" في سجن غويران. 25 يناير 2022. - https://twitter.com/x/status/1",
        )
        .unwrap();
        assert_eq!(t, "عناصر من \"داعش\" في سجن غويران. 25 يناير 2022.");
        assert_eq!(u, "https://twitter.com/x/status/1");
        assert!(caption("راجع https://example.com للمزيد").is_none());
        assert!(caption("https://example.com").is_none());
    }

    #[test]
    fn datelines() {
        assert_eq!(dateline("دبي-الشرق"), Some(("دبي".into(), "الشرق".into())));
        assert_eq!(
            dateline("الرباط - و م ع"),
            Some(("الرباط".into(), "و م ع".into()))
        );
        assert_eq!(
            dateline("القاهرة – رويترز:"),
            Some(("القاهرة".into(), "رويترز".into()))
        );
        assert!(dateline("قال المتحدث إن الوضع - حسب تعبيره - صعب جداً في المدينة").is_none());
        assert!(dateline("أكبر عملية للتنظيم").is_none());
        assert!(dateline("2024-02-14").is_none());
    }

    #[test]
    fn markers() {
        assert_eq!(read_also_marker("اقرأ أيضاً:"), Some(""));
        assert_eq!(
            read_also_marker("إقرأ أيضا: عنوان مقال"),
            Some("عنوان مقال")
        );
        assert_eq!(categories_marker("تصنيفات"), Some(""));
        assert_eq!(
            categories_marker("الوسوم: سوريا، الحسكة"),
            Some("سوريا، الحسكة")
        );
        assert_eq!(
            categories_marker("تصنيفات الجامعات العالمية صدرت اليوم"),
            None
        );
    }

    #[test]
    fn lists_and_headings() {
        assert_eq!(list_item("• البند الأول"), Some("البند الأول"));
        assert_eq!(list_item("-بلا مسافة"), None);
        assert!(heading_like("أكبر عملية للتنظيم"));
        assert!(heading_like("هجوم ضخم"));
        assert!(!heading_like(
            "وأضافت أحمد أن التنظيم كان يريد شن هجوم ضخم على المنطقة ونشر الرعب مرة أخرى."
        ));
        assert!(!heading_like("جملة قصيرة."));
    }

    #[test]
    fn single_newline_layout_with_publication_line_and_blocks() {
        let text = "عنوان الخبر\nنُشر في: ١٤/٠٢/٢٠٢٤ - ٠٩:١٥ | آخر تحديث: ١٥/٠٢/٢٠٢٤ - ١٠:٠٠\nالرباط - و م ع\nأعلنت الحكومة المغربية اليوم عن خطة جديدة لدعم الفلاحين في المناطق المتضررة من الجفاف.\nوقال الوزير إن الخطة تشمل عدة محاور أساسية منها:\n- دعم مباشر للفلاحين\n- توفير البذور\nتفاصيل الخطة\nوتبلغ ميزانية الخطة نحو 10 مليارات درهم على مدى ثلاث سنوات بحسب الوزارة.\nاقرأ أيضاً:\nالمغرب يطلق برنامجاً للري\nارتفاع أسعار القمح\nتصنيفات\nالمغرب\nالزراعة\n";
        let s = parse(text);
        assert_eq!(s.title, "عنوان الخبر");
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
}
