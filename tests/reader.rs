//! The reader's side of a page: sharing, text size, images, breaking news,
//! the news sitemap, content links under a sub-path. See tests/README.md.

mod common;

use common::*;

const HASAKAH: &str = "2022/01/31/دعوة-لتحرك-دولي-في-الحسكة-بعد-إحباط-مخطط/index.html";
const CURFEW: &str = "2022/02/01/إلغاء-الحظر-الكلي-عن-الحسكة-وريفها/index.html";

fn build_at(site: &TestSite, now: &str, extra: &[&str]) {
    let root = site.root.to_str().unwrap().to_string();
    let mut args = vec!["build", "--root", root.as_str()];
    args.extend_from_slice(extra);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mujaz"))
        .args(&args)
        .env("MUJAZ_NOW", now)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn share_links_are_plain_links() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let h = site.html(HASAKAH);
    let links = attrs(&h, ".share a", "href");
    let permalink = attrs(&h, "link[rel=canonical]", "href").remove(0);
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    assert_eq!(links.len(), 4);
    assert!(links[0].starts_with("https://wa.me/?text="));
    assert!(links[0].contains(&enc(&permalink)));
    assert_eq!(
        links[1],
        format!(
            "https://t.me/share/url?url={}&text={}",
            enc(&permalink),
            enc("دعوة لتحرك دولي في الحسكة بعد إحباط مخطط لعودة \"داعش\"")
        )
    );
    assert!(links[2].starts_with("https://x.com/intent/post?url="));
    assert_eq!(
        links[3],
        format!(
            "https://www.facebook.com/sharer/sharer.php?u={}",
            enc(&permalink)
        )
    );
    assert_eq!(
        texts(&h, ".share a"),
        ["واتساب", "تيليغرام", "إكس", "فيسبوك"]
    );
    // The copy button and the text size buttons need JavaScript: hidden without it.
    let copy = h.select(&sel("button.copy-link")).next().unwrap();
    assert!(copy.value().attr("hidden").is_some());
    assert_eq!(copy.value().attr("data-url"), Some(permalink.as_str()));
    assert_eq!(h.select(&sel("button[data-font][hidden]")).count(), 2);
    assert_eq!(attrs(&h, "script[src='/site.js']", "defer").len(), 1);
    // No third-party script anywhere.
    for page in site.pages() {
        let h = site.html(&format!("{page}index.html"));
        for src in attrs(&h, "script[src]", "src") {
            assert!(src.starts_with('/'), "{page}: {src}");
        }
    }
}

#[test]
fn images_have_size_and_load_lazily() {
    let site = TestSite::fixture("basic");
    site.build(&["--base-url", "https://host.example/news/"])
        .ok();
    let h = site.html(CURFEW);
    let img = h.select(&sel(".body img")).next().unwrap();
    let v = img.value();
    // A file of the site: its renditions, under the base path.
    let src = v.attr("src").unwrap();
    assert!(
        src.starts_with("/news/img/") && src.ends_with("/map-64.jpg"),
        "content links get the base path: {src}"
    );
    assert!(site.exists(&src["/news/".len()..]));
    assert_eq!(v.attr("alt"), Some("خريطة مناطق الحظر في الحسكة"));
    assert_eq!(
        (v.attr("width"), v.attr("height")),
        (Some("64"), Some("40"))
    );
    assert_eq!(v.attr("loading"), Some("lazy"));
    assert!(site.exists("images/map.png"));
    let h = site.html(HASAKAH);
    let links: Vec<String> = attrs(&h, ".body a", "href")
        .iter()
        .map(|l| decode(l))
        .collect();
    assert_eq!(links, ["#أكبر-عملية-للتنظيم"]);
}

#[test]
fn breaking_news_strip_follows_the_build_clock() {
    let site = TestSite::fixture("basic");
    site.write(
        "site.yaml",
        "base_url: https://news.example.org/\nper_page: 2\n",
    );
    site.article(
        "2022/breaking.md",
        "title: انفجار في ميناء المدينة\ndate: 2022-02-03T10:00:00Z\nbreaking: true\ntags: [عاجل]\nsummary: خبر عاجل",
        "التفاصيل تتبع.",
    );
    site.article(
        "2022/long.md",
        "title: قمة طارئة تستمر أياماً\ndate: 2022-02-02T10:00:00Z\nbreaking: true\nbreaking_until: 2022-02-10T00:00:00Z\ntags: [قمة]\nsummary: خبر",
        "نص.",
    );
    build_at(&site, "2022-02-03T12:00:00Z", &[]);
    let h = site.html("index.html");
    assert_eq!(texts(&h, ".breaking-label"), ["عاجل"]);
    assert_eq!(
        texts(&h, ".breaking li"),
        ["انفجار في ميناء المدينة", "قمة طارئة تستمر أياماً"]
    );
    let until = attrs(&h, ".breaking li", "data-until");
    assert_eq!(
        until,
        ["2022-02-04T10:00:00+00:00", "2022-02-10T00:00:00+00:00"],
        "a day by default"
    );
    assert!(
        site.html("page/2/index.html")
            .select(&sel(".breaking"))
            .next()
            .is_none(),
        "first page only"
    );

    build_at(&site, "2022-02-05T12:00:00Z", &[]);
    assert_eq!(
        texts(&site.html("index.html"), ".breaking li"),
        ["قمة طارئة تستمر أياماً"]
    );
    build_at(&site, "2022-02-11T00:00:00Z", &[]);
    assert!(
        site.html("index.html")
            .select(&sel(".breaking"))
            .next()
            .is_none()
    );
    build_at(&site, "2022-02-01T00:00:00Z", &[]);
    assert!(
        site.html("index.html")
            .select(&sel(".breaking"))
            .next()
            .is_none(),
        "not before it is published"
    );
}

#[test]
fn news_sitemap_lists_the_last_two_days() {
    let site = TestSite::fixture("basic");
    build_at(&site, "2022-02-02T16:00:00+03:00", &[]);
    let xml = site.read("news-sitemap.xml");
    let doc = scraper::Html::parse_fragment(&xml);
    let locs: Vec<String> = texts(&doc, "loc").iter().map(|l| decode(l)).collect();
    assert_eq!(
        locs,
        [
            "https://news.example.org/2022/02/01/حساب-متوسط-الأسعار-في-الأسواق/",
            "https://news.example.org/2022/02/01/إلغاء-الحظر-الكلي-عن-الحسكة-وريفها/",
        ],
        "31 January 14:30 +03:00 is more than 48 hours before; 1 February is within"
    );
    assert_eq!(
        texts(&doc, "news\\:title")[0],
        "حساب متوسط الأسعار في الأسواق"
    );
    assert_eq!(
        texts(&doc, "news\\:publication_date")[0],
        "2022-02-01T18:00:00+03:00"
    );
    assert_eq!(texts(&doc, "news\\:language")[0], "ar");
    assert_eq!(texts(&doc, "news\\:name")[0], "موجز الأخبار");
    assert!(xml.contains("xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\""));
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://news.example.org/news-sitemap.xml")
    );
    build_at(&site, "2030-01-01T00:00:00Z", &[]);
    assert!(
        !site.read("news-sitemap.xml").contains("<url>"),
        "nothing recent: an empty list"
    );
}
