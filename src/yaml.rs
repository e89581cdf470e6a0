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
pub struct YamlError {
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

/// Parse `text` into `T`. An empty (or comment-only) document is read as an empty map.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
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
pub fn to_string<T: Serialize>(value: &T) -> anyhow::Result<String> {
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
    match suggest(key, &expected) {
        Some(best) => format!("unknown key `{key}` (did you mean `{best}`?)"),
        None => format!("unknown key `{key}`; valid keys: {}", expected.join(", ")),
    }
}

/// The closest candidate to `word`, if it is close enough to be a plausible typo.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
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
}
