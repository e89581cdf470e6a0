//! Front matter: the YAML block between `---` lines at the top of an article.
//!
//! Takes the text of one content file; gives the typed [`FrontMatter`], the
//! Markdown body and the line the body starts on. Errors carry the line
//! inside the file (not inside the YAML block).

use crate::yaml;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An article's front matter, as written. Dates stay text until validated.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The headline (required).
    pub title: Option<String>,
    /// Publication date: `2024-01-31`, or with a time and offset (required).
    pub date: Option<Scalar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// When the article was last changed, if it was.
    pub updated: Option<Scalar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The last part of the URL; made from the title when absent.
    pub slug: Option<String>,
    #[serde(default)]
    /// Tags, in the article's order.
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The section the article belongs to (`سياسة`): one per article.
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Names::is_empty")]
    /// Who wrote it: one name or a list of names.
    pub authors: Names,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The summary shown in lists and feeds; the lead's start when absent.
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The dateline's place (`دمشق`).
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The dateline's source, such as an agency (`رويترز`).
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Minutes to read, when the computed estimate is wrong.
    pub reading_time: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The lead photo: a file beside the article, or a path under `static/`.
    pub image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// What the lead photo shows, for readers who cannot see it.
    pub image_alt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The lead photo's caption or credit line.
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Where the caption links to.
    pub caption_url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    /// Titles of related articles ("اقرأ أيضاً"), linked when the site has them.
    pub read_also: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The seed file the article was imported from.
    pub seed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// A hash of that seed as imported: a changed seed is not imported over edits.
    pub seed_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Where the import found the date (`line`, `url`, `file`…).
    pub date_source: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    /// Left out of the site unless drafts are built.
    pub draft: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    /// Breaking news: shown at the top of the home page for a day.
    pub breaking: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// When breaking news stops being breaking (default: a day after `date`).
    pub breaking_until: Option<Scalar>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    /// Site-specific fields, for the theme's templates.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// One name or a list of names (`authors: سارة` or `authors: [سارة, علي]`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Names {
    /// A single name.
    One(String),
    /// A list of names.
    Many(Vec<String>),
}

impl Default for Names {
    fn default() -> Names {
        Names::Many(Vec::new())
    }
}

impl Names {
    /// The names, in order.
    pub fn as_slice(&self) -> &[String] {
        match self {
            Names::One(n) => std::slice::from_ref(n),
            Names::Many(v) => v,
        }
    }

    /// No name at all.
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A date written as a YAML string or as an unquoted scalar.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Scalar {
    /// Quoted, or anything YAML reads as text.
    Text(String),
    /// An unquoted number (a year alone, say).
    Number(i64),
}

impl Scalar {
    /// The value as written.
    pub fn as_text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Number(n) => n.to_string(),
        }
    }
}

/// A front-matter problem with its 1-based line in the file.
#[derive(Debug, Clone)]
pub struct FmError {
    /// 1-based line in the file.
    pub line: usize,
    /// What is wrong, for a human.
    pub message: String,
}

/// The parts of a content file.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// The Markdown after them.
    pub body: &'a str,
    /// 1-based line of the first body line.
    pub body_line: usize,
}

/// Split `---\nYAML\n---\nBODY`. Accepts a BOM and CRLF line ends.
pub fn split(text: &str) -> Result<Split<'_>, FmError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(FmError {
            line: 1,
            message: "no front matter: the file must start with a `---` line, then YAML with \
                      at least `title` and `date`, then another `---` line"
                .into(),
        });
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        pos = end + 1;
        line += 1;
    }
    Err(FmError {
        line: 1,
        message: "front matter is not closed: no second `---` line".into(),
    })
}

/// Parse the YAML of a split file. Lines are reported in file coordinates.
pub fn parse(split: &Split<'_>) -> Result<FrontMatter, FmError> {
    let yaml = split.yaml.replace("\r\n", "\n");
    let mut fm = yaml::from_str::<FrontMatter>(&yaml).map_err(|e| FmError {
        line: e.line.map_or(1, |l| l + 1),
        message: e.message,
    })?;
    fm.remove_controls();
    Ok(fm)
}

/// C0 and C1 control characters other than tab, line feed and carriage return.
pub(crate) fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

fn clean(s: &mut String) {
    if s.contains(is_stray_control) {
        *s = s.replace(is_stray_control, "");
    }
}

fn clean_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => clean(s),
        serde_json::Value::Array(items) => items.iter_mut().for_each(clean_json),
        serde_json::Value::Object(map) => {
            let keys: Vec<String> = map
                .keys()
                .filter(|k| k.contains(is_stray_control))
                .cloned()
                .collect();
            for k in keys {
                if let Some(val) = map.remove(&k) {
                    map.insert(k.replace(is_stray_control, ""), val);
                }
            }
            map.values_mut().for_each(clean_json);
        }
        _ => {}
    }
}

impl FrontMatter {
    /// Control characters are no text, and YAML escapes (`"\x11"`,
    /// `"\u0007"`) make them even where the file has none: remove them from
    /// every value, so no page, feed or sitemap carries one.
    fn remove_controls(&mut self) {
        for s in [
            &mut self.title,
            &mut self.slug,
            &mut self.summary,
            &mut self.place,
            &mut self.source,
            &mut self.caption,
            &mut self.caption_url,
            &mut self.seed,
            &mut self.seed_hash,
            &mut self.date_source,
        ]
        .into_iter()
        .flatten()
        {
            clean(s);
        }
        for scalar in [&mut self.date, &mut self.updated, &mut self.breaking_until]
            .into_iter()
            .flatten()
        {
            if let Scalar::Text(s) = scalar {
                clean(s);
            }
        }
        self.tags.iter_mut().for_each(clean);
        self.read_also.iter_mut().for_each(clean);
        self.extra.values_mut().for_each(clean_json);
    }
}

/// The 1-based file line of `key:` in the front matter, for messages about a value.
pub fn line_of_key(split: &Split<'_>, key: &str) -> usize {
    split
        .yaml
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Found by `cargo fuzz run seed`: a YAML escape made a control
    // character that the raw-text cleaning could not see.
    #[test]
    fn yaml_escapes_make_no_control_characters() {
        let text = "---\ntitle: \"\\x11عنوان\\u0007\"\ndate: 2024-01-01\ntags: [\"و\\x01سم\"]\nextra:\n  k: [\"\\x02v\"]\n---\n";
        let fm = parse(&split(text).unwrap()).unwrap();
        assert_eq!(fm.title.as_deref(), Some("عنوان"));
        assert_eq!(fm.tags, ["وسم"]);
        assert_eq!(fm.extra["k"], serde_json::json!(["v"]));
    }

    #[test]
    fn splits_with_bom_and_crlf() {
        let s = split("\u{feff}---\r\ntitle: x\r\ndate: 2024-01-01\r\n---\r\nbody\r\n").unwrap();
        assert_eq!(s.body_line, 5);
        assert!(s.body.starts_with("body"));
        let fm = parse(&s).unwrap();
        assert_eq!(fm.title.as_deref(), Some("x"));
        assert_eq!(fm.date.unwrap().as_text(), "2024-01-01");
    }

    #[test]
    fn missing_or_unclosed() {
        assert_eq!(split("title: x\n").unwrap_err().line, 1);
        assert!(
            split("---\ntitle: x\n")
                .unwrap_err()
                .message
                .contains("not closed")
        );
    }

    #[test]
    fn error_lines_are_file_lines() {
        let s = split("---\ntitle: x\ndate: 2024-01-01\ntgas: [a]\n---\n").unwrap();
        let e = parse(&s).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("did you mean `tags`"), "{}", e.message);
        assert_eq!(line_of_key(&s, "date"), 3);
    }

    #[test]
    fn empty_body() {
        let s = split("---\ntitle: x\n---").unwrap();
        assert_eq!(s.body, "");
    }
}
