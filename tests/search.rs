//! The search index files and pages, read back from a real build: every
//! article is a Pagefind record with its title, date, tags and text; the index
//! comes in parts (oldest first), each rebuilt only when its articles changed.
//! (Querying it in a browser is `tests/browser/search.mjs`.)
#![cfg(feature = "search")]

mod common;

use common::{TestSite, attrs, sel};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

/// A Pagefind data file: gzip around `pagefind_dcd` and the payload.
fn unpack(bytes: &[u8]) -> Vec<u8> {
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut raw)
        .expect("a gzip file");
    raw.strip_prefix(b"pagefind_dcd")
        .expect("the pagefind signature")
        .to_vec()
}

/// Every fragment of the index (one per article), by URL, with its part.
fn fragments(site: &TestSite) -> BTreeMap<String, (usize, serde_json::Value)> {
    site.tree()
        .into_iter()
        .filter(|(path, _)| path.contains("/fragment/"))
        .map(|(path, bytes)| {
            let part = path.split('/').nth(1).unwrap().parse().unwrap();
            let v: serde_json::Value = serde_json::from_slice(&unpack(&bytes)).unwrap();
            (v["url"].as_str().unwrap().to_string(), (part, v))
        })
        .collect()
}

/// The index files (path → bytes).
fn index(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    site.tree()
        .into_iter()
        .filter(|(p, _)| p.starts_with("pagefind/"))
        .collect()
}

/// Build with the debug log on; gives what it printed about the index.
fn rebuilt(site: &TestSite) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mujaz"))
        .args(["build", "--root", site.root.to_str().unwrap()])
        .env("RUST_LOG", "mujaz=debug")
        .output()
        .unwrap();
    assert!(out.status.success());
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    log.lines()
        .find(|l| l.contains("search index:"))
        .unwrap_or_else(|| panic!("no index line in {log}"))
        .to_string()
}

/// The fixture with its index in one part (the default part size).
fn one_part() -> TestSite {
    let site = TestSite::fixture("search");
    site.write(
        "site.yaml",
        "title: موجز البحث\nbase_url: https://search.example.org/\n",
    );
    site
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

const HASAKAH: &str = "/2022/02/01/إلغاء-الحظر-الكلي-عن-الحسكة-وريفها/";
const PRISONERS: &str = "/2022/03/10/الإفراج-عن-دفعة-من-السجناء-في-دير-الزور/";
const WEATHER: &str = "/2023/01/05/أمطار-غزيرة-متوقعة-في-الساحل/";

#[test]
fn every_article_is_a_record_with_meta_filters_and_sort() {
    let site = one_part();
    site.build(&[]).ok();

    let entry: serde_json::Value =
        serde_json::from_str(&site.read("pagefind/0/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["ar"]["page_count"], 3, "{entry}");
    assert!(site.exists("pagefind/0/pagefind.js"));
    assert!(
        site.exists("pagefind/0/wasm.ar.pagefind"),
        "the Arabic stemmer"
    );
    assert!(!site.exists("pagefind/1"), "one part");
    assert!(
        !site.exists("pagefind/0/pagefind-ui.js"),
        "Pagefind's own UI is not published: the theme has its own"
    );

    let frags = fragments(&site);
    let urls: BTreeSet<&str> = frags.keys().map(String::as_str).collect();
    assert_eq!(urls, BTreeSet::from([HASAKAH, PRISONERS, WEATHER]));
    for url in &urls {
        let page = url.trim_start_matches('/');
        assert!(site.exists(&format!("{page}index.html")), "{url} is a page");
    }

    let h = &frags[HASAKAH].1;
    assert_eq!(h["meta"]["title"], "إلغاء الحظر الكلي عن الحسكة وريفها");
    assert_eq!(
        h["meta"]["date"], "1 فبراير 2022",
        "the date as the site shows it"
    );
    assert_eq!(strings(&h["filters"]["tag"]), ["الحسكة", "حظر التجول"]);
    assert_eq!(strings(&h["filters"]["year"]), ["2022"]);
    assert_eq!(strings(&h["filters"]["part"]), ["0"]);
    let text = h["content"].as_str().unwrap();
    for part in [
        "إلغاء الحظر الكلي عن الحسكة وريفها",
        "حظر التجول",
        "وفرض حظر جزئي من السادسة مساءً وحتى السادسة صباحاً",
    ] {
        assert!(
            text.contains(part),
            "title, tags and body are indexed: {text}"
        );
    }
    assert_eq!(strings(&frags[WEATHER].1["filters"]["year"]), ["2023"]);

    // The date is a sort key, and the filters are tag and year.
    let meta_file = index(&site)
        .into_iter()
        .find(|(p, _)| p.starts_with("pagefind/0/pagefind.") && p.ends_with(".pf_meta"))
        .expect("the index metadata")
        .1;
    let meta = unpack(&meta_file);
    let has = |needle: &[u8]| meta.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"ddate"), "a `date` sort");
    assert!(
        has(b"ctag") && has(b"dyear"),
        "the `tag` and `year` filters"
    );
}

#[test]
fn the_search_page_and_the_header_box() {
    let site = TestSite::fixture("search");
    site.write(
        "site.yaml",
        "title: موجز البحث\nbase_url: https://example.org/news/\nsearch_part_size: 2\n",
    );
    site.build(&[]).ok();

    let search = site.html("search/index.html");
    let app = search.select(&sel("#search-app")).next().expect("the app");
    assert_eq!(
        app.value().attr("data-bundle"),
        Some("/news/pagefind/"),
        "the index is found under a sub-path"
    );
    assert_eq!(
        app.value().attr("data-parts"),
        Some("2"),
        "3 articles, 2 a part"
    );
    assert!(site.exists("pagefind/1/pagefind.js") && !site.exists("pagefind/2"));
    assert_eq!(attrs(&search, "#search-q", "type"), ["search"]);
    assert!(
        attrs(&search, "script", "src")
            .iter()
            .any(|s| s == "/news/search.js")
    );
    assert!(site.exists("search.js"));
    assert!(
        search.select(&sel("#site-search")).next().is_none(),
        "the search page has one box, its own"
    );

    // Every other page has the box in its header, sending `q` to /search/.
    for page in ["", HASAKAH.trim_start_matches('/'), "tags/", "2022/"] {
        let html = site.html(&format!("{page}index.html"));
        assert_eq!(
            attrs(&html, "header form[role=search]", "action"),
            ["/news/search/"],
            "{page}"
        );
        assert_eq!(attrs(&html, "header #site-search", "name"), ["q"], "{page}");
    }
}

#[test]
fn parts_are_rebuilt_only_when_their_articles_change() {
    // The fixture's index has one article a part: 0 the oldest, 2 the newest.
    let site = TestSite::fixture("search");
    site.build(&[]).ok();
    let parts = |site: &TestSite| -> BTreeMap<String, usize> {
        fragments(site)
            .into_iter()
            .map(|(url, (k, v))| {
                assert_eq!(strings(&v["filters"]["part"]), [k.to_string()]);
                (url, k)
            })
            .collect()
    };
    assert_eq!(
        parts(&site),
        BTreeMap::from([
            (HASAKAH.to_string(), 0),
            (PRISONERS.to_string(), 1),
            (WEATHER.to_string(), 2)
        ])
    );
    let first = index(&site);
    let of_part = |files: &BTreeMap<String, Vec<u8>>, k: usize| -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .filter(|(p, _)| p.starts_with(&format!("pagefind/{k}/")))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    let mtimes = |site: &TestSite, k: usize| -> Vec<std::time::SystemTime> {
        of_part(&first, k)
            .keys()
            .map(|p| {
                std::fs::metadata(site.out().join(p))
                    .unwrap()
                    .modified()
                    .unwrap()
            })
            .collect()
    };
    let before = [mtimes(&site, 0), mtimes(&site, 1)];
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(rebuilt(&site).contains("3 parts (0 rebuilt)"));
    assert_eq!(index(&site), first, "same input, same index");

    // An edit to the newest article rebuilds its part only.
    let path = site.root.join("content/weather.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("انخفاض", "انخفاض كبير وكلمةفريدة")).unwrap();
    assert!(rebuilt(&site).contains("3 parts (1 rebuilt)"));
    let after = index(&site);
    assert!(
        fragments(&site)[WEATHER].1["content"]
            .as_str()
            .unwrap()
            .contains("كلمةفريدة")
    );
    assert_ne!(of_part(&after, 2), of_part(&first, 2));
    assert_eq!(of_part(&after, 0), of_part(&first, 0));
    assert_eq!(of_part(&after, 1), of_part(&first, 1));
    assert_eq!(
        [mtimes(&site, 0), mtimes(&site, 1)],
        before,
        "the older parts are not rewritten"
    );

    // A newer article starts a part of its own.
    site.article(
        "storm.md",
        "title: عاصفة ثلجية في الجبال\ndate: 2023-02-01T08:00:00+03:00\ntags: [الطقس]",
        "ضربت عاصفة ثلجية المناطق الجبلية.",
    );
    assert!(rebuilt(&site).contains("4 parts (1 rebuilt)"));
    let storm = "/2023/02/01/عاصفة-ثلجية-في-الجبال/";
    assert_eq!(parts(&site)[storm], 3);
    assert_eq!(of_part(&index(&site), 0), of_part(&first, 0));

    // A removed article leaves the index; the newer parts move down and
    // nothing of the last part is left behind.
    site.remove("content/prisoners.md");
    site.build(&[]).ok();
    assert_eq!(
        parts(&site),
        BTreeMap::from([
            (HASAKAH.to_string(), 0),
            (WEATHER.to_string(), 1),
            (storm.to_string(), 2)
        ])
    );
    assert!(!site.exists("pagefind/3"), "no stale part");
    for k in 0..3 {
        let listed = site.read(&format!("pagefind/{k}/mujaz-index.txt"));
        for path in of_part(&index(&site), k).keys() {
            if !path.ends_with("mujaz-index.txt") {
                assert!(
                    listed.contains(path.as_str()),
                    "{path} is listed in its part"
                );
            }
        }
    }
}

#[test]
fn search_can_be_turned_off() {
    let site = TestSite::fixture("search");
    site.write("site.yaml", "title: موجز\nsearch: false\n");
    site.build(&[]).ok();
    assert!(!site.exists("pagefind"));
    assert!(!site.exists("search/index.html"));
    let home = site.html("index.html");
    assert!(home.select(&sel("form[role=search]")).next().is_none());
    assert!(site.exists("index.html"));
}
