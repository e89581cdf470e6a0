//! The template engine: Tera with the theme's templates, mujaz's functions
//! (`plural`, …) and filters, and the cleaning of what it writes into XML.

use crate::i18n::Locale;
use crate::theme::Theme;
use anyhow::{Result, anyhow};
use std::sync::Arc;
use tera::{Kwargs, State, Tera};

/// Build the Tera engine: every template of the theme, our functions, contrib filters.
pub(super) fn engine(theme: &Theme, locale: Arc<Locale>) -> Result<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter("json_encode", tera_contrib::json::json_encode);
    tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
    tera.register_filter(
        "urlencode_strict",
        tera_contrib::urlencode::urlencode_strict,
    );
    let l = locale.clone();
    tera.register_function(
        "plural",
        move |kw: Kwargs, _: &State| -> tera::TeraResult<String> {
            let key: String = kw.must_get("key")?;
            let n: i64 = kw.must_get("n")?;
            l.plural(&key, n.max(0) as u64)
                .map_err(|e| tera::Error::message(e.to_string()))
        },
    );
    let l = locale.clone();
    tera.register_function(
        "num",
        move |kw: Kwargs, _: &State| -> tera::TeraResult<String> {
            let n: i64 = kw.must_get("n")?;
            Ok(l.number(n))
        },
    );
    let l = locale;
    tera.register_function(
        "t",
        move |kw: Kwargs, _: &State| -> tera::TeraResult<String> {
            let key: String = kw.must_get("key")?;
            l.text(&key)
                .map(str::to_string)
                .map_err(|e| tera::Error::message(e.to_string()))
        },
    );
    let mut sources = Vec::new();
    for (name, src) in &theme.templates {
        sources.push((name.as_str(), src.text()?));
    }
    tera.add_raw_templates(sources).map_err(|e| {
        let origins: Vec<&str> = theme
            .templates
            .values()
            .map(|s| s.origin.as_str())
            .collect();
        let msg = template_error(&e);
        // Tera names the template; point at the file it came from.
        let origin = theme
            .templates
            .iter()
            .find(|(name, _)| msg.contains(name.as_str()))
            .map(|(_, s)| s.origin.clone())
            .unwrap_or_else(|| origins.join(", "));
        anyhow!("{origin}: template error:\n{msg}")
    })?;
    Ok(tera)
}

/// XML 1.0 forbids most control characters and U+FFFE/U+FFFF, even as
/// character references: they are removed from every XML file written
/// (feeds, sitemaps), whatever a template or a value put there.
pub(crate) fn xml_safe(bytes: Vec<u8>) -> Vec<u8> {
    let bad = |i: usize, b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || (b == 0xEF
                && bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)))
    };
    if !bytes.iter().enumerate().any(|(i, &b)| bad(i, b)) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == 0xEF && bad(i, b) {
            i += 3;
        } else if bad(i, b) {
            i += 1;
        } else {
            out.push(b);
            i += 1;
        }
    }
    out
}

pub(super) fn template_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!("\n{s}"));
        source = s.source();
    }
    msg
}
