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
    pub title: Option<String>,
    pub date: Option<Scalar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Scalar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading_time: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption_url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub read_also: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_source: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub draft: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub breaking: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaking_until: Option<Scalar>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_json::Value>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A date written as a YAML string or as an unquoted scalar.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Scalar {
    Text(String),
    Number(i64),
}

impl Scalar {
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
    pub line: usize,
    pub message: String,
}

/// The parts of a content file.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
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
    yaml::from_str::<FrontMatter>(&yaml).map_err(|e| FmError {
        line: e.line.map_or(1, |l| l + 1),
        message: e.message,
    })
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
