//! The only user of `serde_yaml`: YAML text in, typed values out (and back).
//!
//! Takes YAML text (site.yaml, front matter, theme strings) and gives typed
//! values, or a [`YamlError`] with the 1-based line inside that text and a
//! message. Unknown keys (from `deny_unknown_fields`) get a "did you mean"
//! suggestion. Swapping the YAML crate means changing this file only.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;

/// A YAML parse or shape error, with the line inside the parsed text.
#[derive(Debug, Clone)]
pub(crate) struct YamlError {
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

/// YAML nested deeper than this is refused before it is parsed: no site,
/// article or theme needs it, and a parser's cost grows with it.
pub(crate) const MAX_DEPTH: usize = 32;
/// YAML text longer than this is refused (front matter, site.yaml).
pub(crate) const MAX_BYTES: usize = 1 << 20;

/// The line of the first place `text` nests deeper than [`MAX_DEPTH`]
/// (flow brackets, or block indentation), if it does.
fn too_deep(text: &str) -> Option<usize> {
    let mut flow = 0usize;
    let mut indents: Vec<usize> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // "- - - a" nests as much as indentation does.
        let dashes = trimmed.split(' ').take_while(|t| *t == "-").count();
        let indent = line.len() - trimmed.len() + dashes;
        while indents.last().is_some_and(|&i| i >= indent) {
            indents.pop();
        }
        indents.push(indent);
        let mut quote: Option<char> = None;
        for c in trimmed.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => flow += 1,
                (None, ']' | '}') => flow = flow.saturating_sub(1),
                (None, '#') => break,
                _ => {}
            }
            if flow + indents.len() + dashes > MAX_DEPTH {
                return Some(n + 1);
            }
        }
        if indents.len() + dashes > MAX_DEPTH {
            return Some(n + 1);
        }
    }
    None
}

/// Parse `text` into `T`. An empty (or comment-only) document is read as an empty map.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if text.len() > MAX_BYTES {
        return Err(YamlError {
            line: None,
            message: format!(
                "the YAML is {} KiB; at most {} KiB is read",
                text.len() / 1024,
                MAX_BYTES / 1024
            ),
        });
    }
    if let Some(line) = too_deep(text) {
        return Err(YamlError {
            line: Some(line),
            message: format!("the YAML nests deeper than {MAX_DEPTH} levels"),
        });
    }
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    let result = if blank {
        serde_yaml::from_str("{}")
    } else {
        serde_yaml::from_str(text)
    };
    result.map_err(|e| YamlError {
        line: e.location().map(|l| l.line()),
        message: improve_message(&e.to_string()),
    })
}

/// Serialise `value` as a YAML document (without the leading `---`).
pub(crate) fn to_string<T: Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_yaml::to_string(value)?)
}

/// serde's messages name the unknown field and list the valid ones; turn that
/// into "unknown key `titel` (did you mean `title`?)". The location suffix that
/// serde_yaml appends is dropped: callers print the line themselves.
fn improve_message(raw: &str) -> String {
    let msg = match raw.find(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    let msg = msg.trim_start_matches(['.', ' ']);
    let Some(rest) = msg.strip_prefix("unknown field `") else {
        return msg.to_string();
    };
    let Some(end) = rest.find('`') else {
        return msg.to_string();
    };
    let key = &rest[..end];
    let expected: Vec<&str> = rest[end..]
        .split('`')
        .skip(2)
        .step_by(2)
        .filter(|s| !s.is_empty())
        .collect();
    // Where the file has an `extra:` map, that is the place for fields of
    // one's own.
    let extra = if expected.contains(&"extra") {
        "; fields of your own go under `extra:`"
    } else {
        ""
    };
    match suggest(key, &expected) {
        Some(best) if extra.is_empty() => {
            format!("unknown key `{key}` (did you mean `{best}`?)")
        }
        Some(best) => format!(
            "unknown key `{key}` (did you mean `{best}`? fields of your own go under `extra:`)"
        ),
        None => format!(
            "unknown key `{key}`{extra}; valid keys: {}",
            expected.join(", ")
        ),
    }
}

/// The closest candidate to `word`, if it is close enough to be a plausible typo.
pub(crate) fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn unknown_key_gets_a_suggestion_and_a_line() {
        let err = from_str::<Sample>("title: x\ntitel: y\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert_eq!(err.message, "unknown key `titel` (did you mean `title`?)");
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct WithExtra {
        title: String,
        #[serde(default)]
        extra: std::collections::BTreeMap<String, String>,
    }

    #[test]
    fn an_unknown_key_where_extra_exists_is_pointed_there() {
        let err = from_str::<WithExtra>(
            "title: x
podcast_url: y
",
        )
        .unwrap_err();
        assert_eq!(
            err.message,
            "unknown key `podcast_url`; fields of your own go under `extra:`; valid keys: title, extra"
        );
    }

    #[test]
    fn unrelated_unknown_key_lists_valid_keys() {
        let err = from_str::<Sample>("title: x\nzzz: y\n").unwrap_err();
        assert!(
            err.message.contains("valid keys: title, tags"),
            "{}",
            err.message
        );
    }

    #[test]
    fn syntax_error_has_line() {
        let err = from_str::<Sample>("title: x\ntags: [a, b\n").unwrap_err();
        assert!(err.line.is_some());
        assert!(!err.message.contains(" at line "));
    }

    #[test]
    fn empty_document_is_an_empty_map() {
        #[derive(Deserialize, Default)]
        #[serde(default)]
        struct Empty {
            a: Option<String>,
        }
        let e: Empty = from_str("# only a comment\n").unwrap();
        assert!(e.a.is_none());
    }

    #[test]
    fn deep_nesting_is_refused_at_once() {
        let deep = format!("title: {}x{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let err = from_str::<serde_json::Value>(&deep).unwrap_err();
        assert!(err.message.contains("deeper than 32"), "{}", err.message);
        assert_eq!(err.line, Some(1));
        let block: String = (0..200)
            .map(|i| format!("{}a{i}:\n", " ".repeat(i)))
            .collect();
        let err = from_str::<serde_json::Value>(&block).unwrap_err();
        assert!(err.message.contains("deeper than 32"), "{}", err.message);
        let dashes = format!("a: {}x\n", "- ".repeat(100));
        assert!(from_str::<serde_json::Value>(&dashes).is_err());
        // Ordinary nesting passes.
        let ok = "a:\n  b:\n    c: [1, [2, {d: 3}]]\n  e: \"[[[[\"\n";
        assert!(from_str::<serde_json::Value>(ok).is_ok());
    }
}
