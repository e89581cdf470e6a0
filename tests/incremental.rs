//! A site built again after each of a random run of edits is the site a
//! clean build of the same content makes, byte for byte: what a build keeps
//! from the last one (the output's unchanged files, files moved in place,
//! search index parts reused) never shows old data.

mod common;

use common::*;
use std::collections::BTreeMap;

/// A small deterministic generator (the run is the same on every machine).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const TAGS: [&str; 6] = ["الاقتصاد", "الطقس", "الرياضة", "السودان", "الصحة", "النفط"];
const WORDS: [&str; 8] = [
    "أعلنت",
    "الحكومة",
    "اليوم",
    "خطة",
    "جديدة",
    "للمياه",
    "في",
    "العاصمة",
];

fn article(rng: &mut Rng, n: u64) -> (String, String) {
    let tags: Vec<&str> = (0..1 + rng.below(2))
        .map(|_| TAGS[rng.below(TAGS.len())])
        .collect();
    let front = format!(
        "title: \"خبر {n} {}\"\ndate: 2025-{:02}-{:02}T{:02}:00:00+03:00\ntags: [{}]",
        WORDS[rng.below(WORDS.len())],
        1 + rng.below(3),
        1 + rng.below(28),
        rng.below(24),
        tags.join(", ")
    );
    let body: Vec<&str> = (0..12).map(|_| WORDS[rng.below(WORDS.len())]).collect();
    (front, format!("{} رقم {n}.", body.join(" ")))
}

const SITE_YAML: &str = "title: موجز\nbase_url: https://news.example.org/\nper_page: 4\nsearch_part_size: 100\nsitemap_limit: 20\n";

#[test]
fn a_site_rebuilt_after_random_edits_is_the_site_a_clean_build_makes() {
    let site = TestSite::empty();
    site.write("site.yaml", SITE_YAML);
    let mut rng = Rng(0x6d75_6a61_7a21);
    let mut next = 0u64;
    let mut names: Vec<String> = Vec::new();
    for _ in 0..36 {
        let (front, body) = article(&mut rng, next);
        let name = format!("2025/a{next}.md");
        site.article(&name, &front, &body);
        names.push(name);
        next += 1;
    }
    let root = site.root.to_str().unwrap().to_string();
    let build = |site: &TestSite| {
        let run = run_with(
            &site.root,
            &["build", "--root", site.root.to_str().unwrap()],
            &[("RUST_LOG", "mujaz=debug")],
        );
        run.ok();
        run.stderr
    };
    build(&site);
    let mut in_place = 0;
    let mut kept = 0;
    let mut kept_feeds = 0;
    let mut kept_lists = 0;
    let mut from_cache = 0;
    let mut kept_sitemaps = 0;
    let mut steps = Vec::new();
    for step in 0..14 {
        let k = rng.below(names.len());
        let what = match rng.below(6) {
            0 | 1 => {
                let (front, body) = article(&mut rng, next);
                let name = format!("2025/a{next}.md");
                site.article(&name, &front, &body);
                names.push(name.clone());
                next += 1;
                format!("publish {name}")
            }
            2 => {
                let path = site.root.join("content").join(&names[k]);
                let text = std::fs::read_to_string(&path).unwrap();
                std::fs::write(&path, format!("{text}\nفقرة أضيفت في الخطوة {step}.\n")).unwrap();
                format!("edit the body of {}", names[k])
            }
            3 => {
                let path = site.root.join("content").join(&names[k]);
                let text = std::fs::read_to_string(&path).unwrap();
                std::fs::write(&path, text.replacen("title: \"خبر", "title: \"نبأ", 1)).unwrap();
                format!("retitle {}", names[k])
            }
            4 if names.len() > 10 => {
                let name = names.remove(k);
                site.remove(&format!("content/{name}"));
                format!("withdraw {name}")
            }
            _ => {
                let path = site.root.join("content").join(&names[k]);
                let text = std::fs::read_to_string(&path).unwrap();
                let tag = TAGS[rng.below(TAGS.len())];
                let text = text.replacen("tags: [", &format!("tags: [{tag}, "), 1);
                std::fs::write(&path, text).unwrap();
                format!("tag {} with {tag}", names[k])
            }
        };
        let said = build(&site);
        if said.contains("in place") {
            in_place += 1;
        }
        // The `nth` word (a number) of the debug line that says `marker`.
        let number_in = |marker: &str, nth: usize| {
            said.lines()
                .find(|l| l.contains(marker))
                .and_then(|l| l.split(' ').nth(nth))
                .and_then(|n| n.trim_start_matches('(').parse::<usize>().ok())
                .unwrap_or(0)
        };
        // "debug: kept 30 article pages, 12 list pages and 4 feeds as the last build wrote them"
        kept += number_in("feeds as the last build", 2);
        kept_lists += number_in("feeds as the last build", 5);
        kept_feeds += number_in("feeds as the last build", 9);
        // "debug: loaded 37 articles in 2ms (36 in the cache)"
        from_cache += number_in("in the cache)", 6);
        // "debug: sitemap: 2 files written and 3 kept"
        kept_sitemaps += number_in("debug: sitemap: ", 6);
        // The same content, built from nothing.
        let clean = same_content(&site, &[]);
        build(&clean);
        steps.push(what);
        let (got, want) = (site.tree(), clean.tree());
        let differ = differing(&got, &want);
        assert!(
            differ.is_empty(),
            "after {steps:?} ({root}), these files differ from a clean build: {differ:?}"
        );
    }
    assert!(
        in_place >= 5,
        "{in_place} of 14 rebuilds were committed in place"
    );
    // Most article pages were kept as the last build wrote them, not
    // rendered again (about 36 a build).
    assert!(kept >= 14 * 20, "{kept} article pages kept in 14 rebuilds");
    // And list pages, and the articles parsed by the build before.
    assert!(kept_lists >= 14 * 5, "{kept_lists} list pages kept");
    assert!(kept_feeds >= 14 * 2, "{kept_feeds} feeds kept");
    assert!(
        from_cache >= 14 * 30,
        "{from_cache} articles from the cache"
    );
    // The sitemap is in parts of 20 addresses here: a publish or an edit
    // rewrites those whose addresses changed and keeps the others.
    assert!(kept_sitemaps >= 14, "{kept_sitemaps} sitemap parts kept");
    assert!(site.exists("sitemap-2.xml"), "{:?}", site.pages());
    // The search index was built in parts of tiers (full parts of 10 here).
    assert!(
        site.exists("pagefind/3/mujaz-index.txt"),
        "{:?}",
        site.pages()
    );
}

/// A new site with `site`'s settings and content, and these other files.
fn same_content(site: &TestSite, files: &[(&str, &str)]) -> TestSite {
    let clean = TestSite::empty();
    clean.write("site.yaml", SITE_YAML);
    for (rel, text) in files {
        clean.write(rel, text);
    }
    for (rel, bytes) in tree(&site.root.join("content")) {
        clean.write(
            &format!("content/{rel}"),
            std::str::from_utf8(&bytes).unwrap(),
        );
    }
    clean
}

/// Up to five files that differ between two output trees.
fn differing<'t>(
    got: &'t BTreeMap<String, Vec<u8>>,
    want: &'t BTreeMap<String, Vec<u8>>,
) -> Vec<&'t String> {
    want.keys()
        .chain(got.keys())
        .filter(|p| got.get(*p) != want.get(*p))
        .take(5)
        .collect()
}

/// A site of `n` random articles (from `seed`), built.
fn built_site(seed: u64, n: u64) -> TestSite {
    let site = TestSite::empty();
    site.write("site.yaml", SITE_YAML);
    let mut rng = Rng(seed);
    for k in 0..n {
        let (front, body) = article(&mut rng, k);
        site.article(&format!("2025/a{k}.md"), &front, &body);
    }
    site.build(&[]).ok();
    site
}

#[test]
fn a_kept_page_edited_by_hand_in_the_output_is_written_again() {
    let site = built_site(7, 5);
    let built = site.tree();
    let page = built
        .keys()
        .find(|p| {
            p.starts_with("2025/") && p.ends_with("/index.html") && p.matches('/').count() == 4
        })
        .unwrap()
        .clone();
    std::fs::write(site.out().join(&page), "<p>edited by hand</p>").unwrap();
    site.build(&[]).ok();
    assert_eq!(site.tree(), built, "{page} is the page again");
}

#[test]
fn a_changed_interface_string_is_on_every_page_again() {
    let site = built_site(11, 9);
    // A plural string: the reading time every card shows.
    let strings = "reading_time:\n  other: \"{n} د قراءة\"\n";
    site.write("i18n/ar.yaml", strings);
    site.build(&[]).ok();
    let clean = same_content(&site, &[("i18n/ar.yaml", strings)]);
    clean.build(&[]).ok();
    let (got, want) = (site.tree(), clean.tree());
    assert!(
        got.values()
            .any(|b| String::from_utf8_lossy(b).contains("د قراءة"))
    );
    let differ = differing(&got, &want);
    assert!(
        differ.is_empty(),
        "these files differ from a clean build: {differ:?}"
    );
}
