//! The search index files and pages, read back from a real build: every
//! article is a Pagefind record with its title, date, tags and text; the index
//! follows edits and removals and is left alone when nothing changed.
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

/// Every fragment of the index (one per article), by URL.
fn fragments(site: &TestSite) -> BTreeMap<String, serde_json::Value> {
    site.tree()
        .into_iter()
        .filter(|(path, _)| path.starts_with("pagefind/fragment/"))
        .map(|(_, bytes)| {
            let v: serde_json::Value = serde_json::from_slice(&unpack(&bytes)).unwrap();
            (v["url"].as_str().unwrap().to_string(), v)
        })
        .collect()
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
    let site = TestSite::fixture("search");
    site.build(&[]).ok();

    let entry: serde_json::Value =
        serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["ar"]["page_count"], 3, "{entry}");
    assert!(site.exists("pagefind/pagefind.js"));
    assert!(
        site.exists("pagefind/wasm.ar.pagefind"),
        "the Arabic stemmer"
    );

    let frags = fragments(&site);
    let urls: BTreeSet<&str> = frags.keys().map(String::as_str).collect();
    assert_eq!(urls, BTreeSet::from([HASAKAH, PRISONERS, WEATHER]));
    for url in &urls {
        let page = url.trim_start_matches('/');
        assert!(site.exists(&format!("{page}index.html")), "{url} is a page");
    }

    let h = &frags[HASAKAH];
    assert_eq!(h["meta"]["title"], "إلغاء الحظر الكلي عن الحسكة وريفها");
    assert_eq!(
        h["meta"]["date"], "1 فبراير 2022",
        "the date as the site shows it"
    );
    assert_eq!(strings(&h["filters"]["tag"]), ["الحسكة", "حظر التجول"]);
    assert_eq!(strings(&h["filters"]["year"]), ["2022"]);
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
    assert_eq!(strings(&frags[WEATHER]["filters"]["year"]), ["2023"]);

    // The date is a sort key, and the filters are tag and year.
    let meta_file = site
        .tree()
        .into_iter()
        .find(|(p, _)| p.starts_with("pagefind/pagefind.") && p.ends_with(".pf_meta"))
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
        "title: موجز البحث\nbase_url: https://example.org/news/\n",
    );
    site.build(&[]).ok();

    let search = site.html("search/index.html");
    let app = search.select(&sel("#search-app")).next().expect("the app");
    assert_eq!(
        app.value().attr("data-bundle"),
        Some("/news/pagefind/"),
        "the index is found under a sub-path"
    );
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
fn the_index_follows_edits_and_removals_and_is_reused_otherwise() {
    let site = TestSite::fixture("search");
    site.build(&[]).ok();
    let index = |site: &TestSite| -> BTreeMap<String, Vec<u8>> {
        site.tree()
            .into_iter()
            .filter(|(p, _)| p.starts_with("pagefind/"))
            .collect()
    };
    let first = index(&site);
    let mtimes = |site: &TestSite| -> Vec<std::time::SystemTime> {
        first
            .keys()
            .map(|p| {
                std::fs::metadata(site.out().join(p))
                    .unwrap()
                    .modified()
                    .unwrap()
            })
            .collect()
    };
    let before = mtimes(&site);
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build(&[]).ok();
    assert_eq!(index(&site), first, "same input, same index");
    assert_eq!(mtimes(&site), before, "an unchanged index is not rewritten");

    // An edit reaches the index.
    let path = site.root.join("content/weather.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("انخفاض", "انخفاض كبير وكلمةفريدة")).unwrap();
    site.build(&[]).ok();
    let frags = fragments(&site);
    assert!(
        frags[WEATHER]["content"]
            .as_str()
            .unwrap()
            .contains("كلمةفريدة")
    );
    assert_ne!(index(&site), first);

    // A removed article leaves the index, with no stale files behind.
    site.remove("content/prisoners.md");
    site.build(&[]).ok();
    let frags = fragments(&site);
    assert_eq!(
        frags.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        BTreeSet::from([HASAKAH, WEATHER])
    );
    let entry: serde_json::Value =
        serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["ar"]["page_count"], 2);
    let listed = site.read("pagefind/mujaz-index.txt");
    for path in index(&site).keys() {
        if path.starts_with("pagefind/fragment/") || path.starts_with("pagefind/index/") {
            assert!(listed.contains(path.as_str()), "{path} is a current file");
        }
    }
    assert_eq!(
        index(&site)
            .keys()
            .filter(|p| p.starts_with("pagefind/fragment/"))
            .count(),
        2
    );
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
