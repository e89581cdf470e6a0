//! The site's language: UI strings, plural forms, dates and digits.
//!
//! Takes the config and the theme's strings file for the site language;
//! gives a [`Locale`] that formats Gregorian dates with month names (ICU4X),
//! Hijri (Umm al-Qura) dates, numbers in Latin or Arabic-Indic digits, and
//! picks the right plural form (CLDR rules: Arabic has six).

use crate::arabic;
use crate::config::{Config, Digits};
use crate::yaml;
use anyhow::{Result, anyhow, bail};
use icu_calendar::Date;
use icu_calendar::cal::Gregorian;
use icu_datetime::{FixedCalendarDateTimeFormatter, fieldsets};
use icu_locale_core::Locale as IcuLocale;
use icu_locale_core::extensions::unicode::{key, value};
use icu_plurals::{PluralCategory, PluralRuleType, PluralRules};
use jiff::ZonedDateTime;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One entry of a strings file: plain text, or one text per plural category.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Entry {
    Text(String),
    Plural(BTreeMap<String, String>),
}

pub(crate) type Strings = BTreeMap<String, Entry>;

/// Parse a strings file (`i18n/ar.yaml`). `origin` names it in errors.
pub(crate) fn parse_strings(text: &str, origin: &str) -> Result<Strings> {
    yaml::from_str(text).map_err(|e| match e.line {
        Some(l) => anyhow!("{origin}:{l}: {}", e.message),
        None => anyhow!("{origin}: {}", e.message),
    })
}

pub(crate) struct Locale {
    pub language: String,
    pub digits: Digits,
    strings: Strings,
    plurals: PluralRules,
    date: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YMD>,
    weekday_date: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YMDE>,
    month_year: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YM>,
    month: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::M>,
    time: icu_datetime::NoCalendarFormatter<fieldsets::T>,
    /// Hijri dates on, and the days a site moves them (local sighting).
    hijri: Option<i8>,
}

impl Locale {
    pub(crate) fn new(cfg: &Config, strings: Strings) -> Result<Locale> {
        let mut loc: IcuLocale = cfg
            .date_locale
            .parse()
            .map_err(|e| anyhow!("date_locale `{}`: {e}", cfg.date_locale))?;
        let nu = match cfg.yaml.digits {
            Digits::Latn => value!("latn"),
            Digits::Arab => value!("arab"),
        };
        loc.extensions.unicode.keywords.set(key!("nu"), nu);
        let prefs = || (&loc).into();
        let err = |e: icu_datetime::DateTimeFormatterLoadError| {
            anyhow!("no date formats for `{}`: {e:?}", cfg.date_locale)
        };
        let lang_loc: IcuLocale = cfg.language.parse().unwrap_or_else(|_| loc.clone());
        let plurals = PluralRules::try_new((&lang_loc).into(), PluralRuleType::Cardinal.into())
            .or_else(|_| PluralRules::try_new(Default::default(), PluralRuleType::Cardinal.into()))
            .map_err(|e| anyhow!("no plural rules for `{}`: {e:?}", cfg.language))?;
        Ok(Locale {
            language: cfg.language.clone(),
            digits: cfg.yaml.digits,
            strings,
            plurals,
            date: FixedCalendarDateTimeFormatter::try_new(prefs(), fieldsets::YMD::long())
                .map_err(err)?,
            weekday_date: FixedCalendarDateTimeFormatter::try_new(prefs(), fieldsets::YMDE::long())
                .map_err(err)?,
            month_year: FixedCalendarDateTimeFormatter::try_new(prefs(), fieldsets::YM::long())
                .map_err(err)?,
            month: FixedCalendarDateTimeFormatter::try_new(prefs(), fieldsets::M::long())
                .map_err(err)?,
            time: icu_datetime::NoCalendarFormatter::try_new(prefs(), fieldsets::T::hm())
                .map_err(err)?,
            hijri: cfg.hijri.then_some(cfg.yaml.hijri_offset),
        })
    }

    fn gregorian(y: i16, m: i8, d: i8) -> Option<Date<Gregorian>> {
        Date::try_new_gregorian(y as i32, m as u8, d as u8).ok()
    }

    /// "31 يناير 2022"
    pub(crate) fn date(&self, z: &ZonedDateTime) -> String {
        Self::gregorian(z.year(), z.month(), z.day())
            .map(|d| self.date.format(&d).to_string())
            .unwrap_or_default()
    }

    /// "الاثنين، 31 يناير 2022"
    pub(crate) fn weekday_date(&self, y: i16, m: i8, d: i8) -> String {
        Self::gregorian(y, m, d)
            .map(|d| self.weekday_date.format(&d).to_string())
            .unwrap_or_default()
    }

    /// "يناير 2022"
    pub(crate) fn month_year(&self, y: i16, m: i8) -> String {
        Self::gregorian(y, m, 1)
            .map(|d| self.month_year.format(&d).to_string())
            .unwrap_or_default()
    }

    /// "يناير"
    pub(crate) fn month_name(&self, m: i8) -> String {
        Self::gregorian(2000, m, 1)
            .map(|d| self.month.format(&d).to_string())
            .unwrap_or_default()
    }

    /// "2:30 م": hours and minutes in the locale's style.
    pub(crate) fn time(&self, z: &ZonedDateTime) -> String {
        icu_time::Time::try_new(z.hour() as u8, z.minute() as u8, 0, 0)
            .map(|t| self.time.format(&t).to_string())
            .unwrap_or_default()
    }

    /// "28 جمادى الآخرة 1443 هـ", when Hijri dates are on and the official
    /// Umm al-Qura table covers the date ([`crate::hijri`]); moved by the
    /// site's `hijri_offset`.
    pub(crate) fn hijri(&self, z: &ZonedDateTime) -> Option<String> {
        let offset = self.hijri?;
        let day = z
            .date()
            .checked_add(jiff::Span::new().days(offset as i64))
            .ok()?;
        let h = crate::hijri::from_gregorian(day)?;
        let arabic_script = matches!(
            self.language.split(['-', '_']).next(),
            Some("ar" | "fa" | "ur" | "ps" | "ckb" | "sd" | "ug")
        );
        let (name, era) = if arabic_script {
            (crate::hijri::MONTH_NAMES_AR[h.month as usize - 1], "هـ")
        } else {
            (crate::hijri::MONTH_NAMES_LATIN[h.month as usize - 1], "AH")
        };
        Some(format!(
            "{} {name} {} {era}",
            self.number(h.day as i64),
            self.number(h.year as i64)
        ))
    }

    /// A number in the site's digits.
    pub(crate) fn number(&self, n: i64) -> String {
        let s = n.to_string();
        match self.digits {
            Digits::Latn => s,
            Digits::Arab => arabic::arabic_digits(&s),
        }
    }

    /// A UI string, or an error naming the missing key.
    pub(crate) fn text(&self, key: &str) -> Result<&str> {
        match self.strings.get(key) {
            Some(Entry::Text(s)) => Ok(s),
            Some(Entry::Plural(_)) => {
                bail!("string `{key}` has plural forms: use plural(key=\"{key}\", n=…)")
            }
            None => bail!(
                "no string `{key}` in the theme's i18n/{}.yaml",
                self.language
            ),
        }
    }

    /// The plural form of `key` for `n`, with `{n}` replaced by the number.
    pub(crate) fn plural(&self, key: &str, n: u64) -> Result<String> {
        let forms = match self.strings.get(key) {
            Some(Entry::Plural(f)) => f,
            Some(Entry::Text(t)) => return Ok(t.replace("{n}", &self.number(n as i64))),
            None => bail!(
                "no string `{key}` in the theme's i18n/{}.yaml",
                self.language
            ),
        };
        let cat = match self.plurals.category_for(n) {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        };
        let form = forms
            .get(cat)
            .or_else(|| forms.get("other"))
            .ok_or_else(|| anyhow!("string `{key}` has no `{cat}` or `other` form"))?;
        Ok(form.replace("{n}", &self.number(n as i64)))
    }

    /// The plural forms of `key` (category → text with `{n}`), for scripts
    /// that count in the browser with `Intl.PluralRules`.
    pub(crate) fn plural_forms(&self, key: &str) -> BTreeMap<&str, &str> {
        match self.strings.get(key) {
            Some(Entry::Plural(f)) => f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
            Some(Entry::Text(t)) => BTreeMap::from([("other", t.as_str())]),
            None => BTreeMap::new(),
        }
    }

    /// Every interface string, plain and plural, as the site's strings
    /// files give them.
    pub(crate) fn strings(&self) -> &Strings {
        &self.strings
    }

    /// Every plain string, for templates.
    pub(crate) fn texts(&self) -> BTreeMap<&str, &str> {
        self.strings
            .iter()
            .filter_map(|(k, v)| match v {
                Entry::Text(t) => Some((k.as_str(), t.as_str())),
                Entry::Plural(_) => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Overrides, SiteYaml, resolve};
    use std::path::Path;

    fn locale(yaml_cfg: &str) -> Locale {
        let raw: SiteYaml = yaml::from_str(yaml_cfg).unwrap();
        let cfg = resolve(Path::new("/s"), raw, &Overrides::default()).unwrap();
        let strings = parse_strings(
            "home: الرئيسية\nminutes:\n  one: دقيقة واحدة\n  two: دقيقتان\n  few: '{n} دقائق'\n  many: '{n} دقيقة'\n  other: '{n} دقيقة'\n",
            "ar.yaml",
        )
        .unwrap();
        Locale::new(&cfg, strings).unwrap()
    }

    fn z(s: &str) -> ZonedDateTime {
        crate::content::parse_date(s, &jiff::tz::TimeZone::UTC).unwrap()
    }

    #[test]
    fn arabic_dates_gregorian_and_hijri() {
        let l = locale("");
        let d = z("2022-01-31");
        assert_eq!(l.date(&d), "31 يناير 2022");
        assert_eq!(l.weekday_date(2022, 1, 31), "الاثنين، 31 يناير 2022");
        assert_eq!(l.hijri(&d).unwrap(), "28 جمادى الآخرة 1443 هـ");
        // Outside 1420–1450 AH too (ICU4X's data said 1 ذو الحجة here).
        assert_eq!(l.hijri(&z("1995-05-01")).unwrap(), "2 ذو الحجة 1415 هـ");
        assert_eq!(l.hijri(&z("1985-03-10")).unwrap(), "19 جمادى الآخرة 1405 هـ");
        // Outside the official table: no date rather than a guess.
        assert_eq!(l.hijri(&z("1930-01-01")), None);
        assert_eq!(l.hijri(&z("2080-01-01")), None);
        // A country that follows its own sighting moves it.
        let sighting = locale("hijri_offset: -1\n");
        assert_eq!(sighting.hijri(&d).unwrap(), "27 جمادى الآخرة 1443 هـ");
        let arab = locale("digits: arab\n");
        assert_eq!(arab.hijri(&d).unwrap(), "٢٨ جمادى الآخرة ١٤٤٣ هـ");
        assert_eq!(l.month_year(2022, 1), "يناير 2022");
        let t = l.time(&z("2022-01-31T14:30:00Z"));
        assert!(t.contains("2:30") && t.contains('م'), "{t}");
    }

    #[test]
    fn arabic_digits_and_levantine_months() {
        let l = locale("digits: arab\ndate_locale: ar-SY\n");
        assert_eq!(l.date(&z("2022-01-31")), "٣١ كانون الثاني ٢٠٢٢");
        assert_eq!(l.number(2024), "٢٠٢٤");
    }

    #[test]
    fn saudi_locale_still_gregorian() {
        let l = locale("date_locale: ar-SA\n");
        assert!(l.date(&z("2022-01-31")).contains("يناير"));
    }

    #[test]
    fn arabic_plurals() {
        let l = locale("");
        assert_eq!(l.plural("minutes", 1).unwrap(), "دقيقة واحدة");
        assert_eq!(l.plural("minutes", 2).unwrap(), "دقيقتان");
        assert_eq!(l.plural("minutes", 3).unwrap(), "3 دقائق");
        assert_eq!(l.plural("minutes", 10).unwrap(), "10 دقائق");
        assert_eq!(l.plural("minutes", 11).unwrap(), "11 دقيقة");
        assert_eq!(l.plural("minutes", 100).unwrap(), "100 دقيقة");
        assert!(l.text("nope").is_err());
        assert_eq!(l.text("home").unwrap(), "الرئيسية");
    }

    #[test]
    fn english_dates() {
        let l = locale("language: en\n");
        assert_eq!(l.date(&z("2022-01-31")), "January 31, 2022");
        assert!(l.hijri(&z("2022-01-31")).is_none());
    }
}
