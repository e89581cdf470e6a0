//! The theme: templates, static files and UI strings, layered file by file.
//!
//! Takes the config; gives a [`Theme`] built from up to four layers, each
//! overriding the one before it file by file: the default theme compiled
//! into the binary, `ROOT/themes/<theme>/`, then the site's own
//! `templates/`, `static/` and `i18n/`. A site with no `themes/` folder
//! therefore still builds.

use crate::config::Config;
use crate::fsx;
use crate::i18n::{self, Strings};
use anyhow::{Result, bail};
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::Path;

static BUILT_IN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a file of the theme came from, for error messages.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub bytes: Vec<u8>,
    pub origin: String,
}

impl Source {
    pub(crate) fn text(&self) -> Result<&str> {
        std::str::from_utf8(&self.bytes)
            .map_err(|_| anyhow::anyhow!("{}: not UTF-8 text", self.origin))
    }
}

#[derive(Debug, Default)]
pub(crate) struct Theme {
    /// Template name (`article.html`, `partials/item.html`) → source.
    pub templates: BTreeMap<String, Source>,
    /// Path under the output root (`style.css`) → bytes.
    pub static_files: BTreeMap<String, Source>,
    /// Strings file name (`ar.yaml`) → its layers, built-in first.
    pub strings: BTreeMap<String, Vec<Source>>,
}

impl Theme {
    fn layer(&mut self, kind: &str, rel: &str, source: Source) {
        let map = match kind {
            "templates" => &mut self.templates,
            "static" => &mut self.static_files,
            "i18n" => {
                self.strings
                    .entry(rel.to_string())
                    .or_default()
                    .push(source);
                return;
            }
            _ => return,
        };
        map.insert(rel.to_string(), source);
    }

    /// The merged strings for `language`: its file, else its primary
    /// language's, else English (with a warning, as for keys a translation
    /// lacks); keys of later layers win.
    pub(crate) fn strings_for(&self, language: &str) -> Result<Strings> {
        let primary = language.split(['-', '_']).next().unwrap_or(language);
        let own = [language, primary]
            .iter()
            .map(|l| format!("{l}.yaml"))
            .find(|n| self.strings.contains_key(n));
        let english = if self.strings.contains_key("en.yaml") {
            self.merged("en.yaml")?
        } else {
            Strings::new()
        };
        let Some(name) = own else {
            if english.is_empty() {
                bail!("the theme has no strings file for `{language}` (i18n/{primary}.yaml)");
            }
            // Never silently: the reader would get another language.
            log::warn!(
                "the theme has no interface strings for `{language}`: using the English ones; \
                 add i18n/{primary}.yaml (a copy of the theme's en.yaml, translated)"
            );
            return Ok(english);
        };
        if name == "en.yaml" {
            return Ok(english);
        }
        let mut merged = self.merged(&name)?;
        let missing: Vec<&String> = english
            .keys()
            .filter(|k| !merged.contains_key(*k))
            .collect();
        if !missing.is_empty() {
            let shown: Vec<&str> = missing.iter().take(8).map(|k| k.as_str()).collect();
            log::warn!(
                "i18n/{name} has no string for {} key{} ({}{}): using the English ones",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                shown.join(", "),
                if missing.len() > shown.len() {
                    ", …"
                } else {
                    ""
                }
            );
            for key in missing.into_iter().cloned().collect::<Vec<_>>() {
                if let Some(v) = english.get(&key) {
                    merged.insert(key, v.clone());
                }
            }
        }
        Ok(merged)
    }

    /// Every layer of the strings file `name` (the built-in theme's, then
    /// the site's), merged.
    fn merged(&self, name: &str) -> Result<Strings> {
        let mut merged = Strings::new();
        for src in &self.strings[name] {
            merged.extend(i18n::parse_strings(src.text()?, &src.origin)?);
        }
        Ok(merged)
    }
}

fn add_built_in(theme: &mut Theme, dir: &Dir<'_>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some((kind, rel)) = path.split_once('/') {
            theme.layer(
                kind,
                rel,
                Source {
                    bytes: file.contents().to_vec(),
                    origin: format!("(built-in theme) {path}"),
                },
            );
        }
    }
    for sub in dir.dirs() {
        add_built_in(theme, sub);
    }
}

fn add_folder(theme: &mut Theme, kind: &str, dir: &Path, shown: &str) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    // Version-control folders are never part of a site.
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !matches!(e.file_name().to_str(), Some(".git" | ".hg" | ".svn")));
    for entry in walk {
        let entry = entry.map_err(|e| anyhow::anyhow!("cannot read `{}`: {e}", dir.display()))?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        // Dot-files are published from static/ (`.htaccess`, `.nojekyll`),
        // never read as templates or strings (`.gitkeep`).
        if !entry.file_type().is_file()
            || fsx::is_editor_leftover(entry.path())
            || (hidden && kind != "static")
        {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = fsx::read(entry.path())?;
        theme.layer(
            kind,
            &rel,
            Source {
                bytes,
                origin: format!("{shown}/{rel}"),
            },
        );
    }
    Ok(())
}

/// Build the layered theme for a site.
pub(crate) fn load(cfg: &Config) -> Result<Theme> {
    let mut theme = Theme::default();
    let disk = cfg.root.join("themes").join(&cfg.yaml.theme);
    if cfg.yaml.theme == "default" {
        add_built_in(&mut theme, &BUILT_IN);
    } else if !disk.is_dir() {
        bail!(
            "theme `{}` not found: expected a folder at `{}`",
            cfg.yaml.theme,
            disk.display()
        );
    }
    for kind in ["templates", "static", "i18n"] {
        add_folder(
            &mut theme,
            kind,
            &disk.join(kind),
            &format!("themes/{}/{kind}", cfg.yaml.theme),
        )?;
    }
    for kind in ["templates", "static", "i18n"] {
        add_folder(&mut theme, kind, &cfg.root.join(kind), kind)?;
    }
    Ok(theme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_theme_has_every_template() {
        let mut t = Theme::default();
        add_built_in(&mut t, &BUILT_IN);
        for name in [
            "base.html",
            "index.html",
            "article.html",
            "tags.html",
            "tag.html",
            "archive.html",
            "404.html",
            "atom.xml",
            "rss.xml",
            "sitemap.xml",
        ] {
            assert!(t.templates.contains_key(name), "missing {name}");
        }
        assert!(t.static_files.contains_key("style.css"));
        assert!(t.strings_for("ar").is_ok());
        assert!(t.strings_for("en-GB").is_ok());
    }
}
