//! Dates for machines: the one home of the formats written into files.
//!
//! Takes a zoned date-time; gives RFC 3339 (front matter, Atom, sitemaps,
//! JSON-LD, `<time datetime>`) or RFC 2822 (RSS) text. Reading dates is
//! [`crate::content::parse_date`]'s job; dates for readers are [`crate::i18n`]'s.

use jiff::ZonedDateTime as Zoned;

/// `2024-01-31T09:30:00+03:00`: to the second, with the offset.
pub(crate) fn rfc3339(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// `2024-01-31T06:30:00Z`: the same instant in UTC.
pub(crate) fn rfc3339_utc(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `Wed, 31 Jan 2024 09:30:00 +0300`, for RSS; empty for dates RFC 2822
/// cannot write (before 1900).
pub(crate) fn rfc2822(z: &Zoned) -> String {
    jiff::fmt::rfc2822::to_string(z).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let z: Zoned = "2024-01-31T09:30:15.7+03:00[+03:00]".parse().unwrap();
        assert_eq!(rfc3339(&z), "2024-01-31T09:30:15+03:00");
        assert_eq!(rfc3339_utc(z.timestamp()), "2024-01-31T06:30:15Z");
        assert_eq!(rfc2822(&z), "Wed, 31 Jan 2024 09:30:15 +0300");
    }
}
