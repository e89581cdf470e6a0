//! A newsroom's site: sections, authors and the menu from site.yaml, built
//! by the binary on small sites written by each test. See tests/README.md.

mod common;

use common::*;

/// Five articles in two sections, by two authors; `per_page: 2`.
fn newsroom(site_yaml: &str) -> TestSite {
    let site = TestSite::empty();
    site.write(
        "site.yaml",
        &format!("base_url: https://news.example/\nper_page: 2\nsearch: false\n{site_yaml}"),
    );
    for (n, section, authors) in [
        (1, "سياسة", "[سارة علي]"),
        (2, "اقتصاد", "[سارة علي, عمر حسن]"),
        (3, "سياسة", "عمر حسن"),
        (4, "سياسة", "[سارة علي]"),
        (5, "سياسه", "[]"),
    ] {
        site.article(
            &format!("a{n}.md"),
            &format!(
                "title: خبر رقم {n}\ndate: 2026-03-0{n}T08:00:00Z\nsection: {section}\nauthors: {authors}"
            ),
            "نص الخبر.",
        );
    }
    site
}

#[test]
fn sections_have_paginated_pages_feeds_and_a_kicker() {
    let site = newsroom("menu:\n  - section: سياسة\n    slug: politics\n  - section: اقتصاد\n");
    site.build(&[]).ok();
    // "سياسه" and "سياسة" are one section, at the slug site.yaml gives it.
    let front = site.html("sections/politics/index.html");
    assert_eq!(texts(&front, "h1.page-title"), ["سياسة"]);
    assert_eq!(
        texts(&front, ".card-title a"),
        ["خبر رقم 5", "خبر رقم 4"],
        "the newest first"
    );
    // Pages numbered from the oldest: page 1 keeps the oldest two.
    let oldest = site.html("sections/politics/page/1/index.html");
    assert_eq!(texts(&oldest, ".card-title a"), ["خبر رقم 3", "خبر رقم 1"]);
    // A feed per section, listed in the sitemap with its pages.
    let feed = site.read("sections/politics/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 4);
    assert!(feed.contains("خبر رقم 1") && !feed.contains("خبر رقم 2"));
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("https://news.example/sections/politics/page/1/"));
    // A section without a slug in site.yaml gets one from its name.
    assert!(site.exists("sections/اقتصاد/index.html"));
    // The kicker above the headline links to the section, on the article
    // and on its card.
    let article = site.html("2026/03/02/خبر-رقم-2/index.html");
    assert_eq!(texts(&article, ".article .kicker a"), ["اقتصاد"]);
    assert_eq!(
        attrs(&article, ".article .kicker a", "href"),
        ["/sections/اقتصاد/"]
    );
    let home = site.html("index.html");
    assert_eq!(texts(&home, ".lead .kicker a"), ["سياسة"]);
    assert_eq!(texts(&home, ".card .kicker a"), ["سياسة"]);
    let jsonld = site.read("2026/03/02/خبر-رقم-2/index.html");
    assert!(jsonld.contains(r#""articleSection":"اقتصاد""#), "{jsonld}");
}

#[test]
fn the_menu_comes_from_site_yaml_in_its_order() {
    let site = newsroom(
        "menu:\n  - section: اقتصاد\n  - title: البث المباشر\n    url: https://live.example/\n  - section: سياسة\n    slug: politics\n  - section: رياضة\n",
    );
    let run = site.build(&[]);
    run.ok();
    let home = site.html("index.html");
    assert_eq!(
        texts(&home, ".site-nav a"),
        [
            "الرئيسية",
            "اقتصاد",
            "البث المباشر",
            "سياسة",
            "الوسوم",
            "الأرشيف"
        ]
    );
    // A section no article is in has no page: left out, with a warning.
    assert!(
        run.stderr.contains("no article is in the section `رياضة`"),
        "{}",
        run.stderr
    );
    // The current section is marked on its pages.
    let politics = site.html("sections/politics/page/1/index.html");
    assert_eq!(
        texts(&politics, ".site-nav a[aria-current=page]"),
        ["سياسة"]
    );
    // Without a menu: every section, the largest first.
    let site = newsroom("");
    site.build(&[]).ok();
    assert_eq!(
        texts(&site.html("index.html"), ".site-nav a"),
        ["الرئيسية", "سياسة", "اقتصاد", "الوسوم", "الأرشيف"]
    );
}

#[test]
fn a_bad_menu_is_an_error_naming_site_yaml() {
    for (menu, says) in [
        ("menu:\n  - title: x\n", "`menu` entry 1: give one of"),
        (
            "menu:\n  - section: a\n    slug: A B\n",
            "`menu` entry 1: `slug` `A B` is not a slug",
        ),
        (
            "menu:\n  - title: x\n    url: javascript:alert(1)\n",
            "must be an http(s) URL or a path",
        ),
        (
            "menu:\n  - section: a\n    slug: s\n  - section: b\n    slug: s\n",
            "`menu` entry 2: two sections have the slug `s`",
        ),
        ("menu:\n  - sections: a\n", "unknown field `sections`"),
    ] {
        let site = newsroom(menu);
        let run = site.build(&[]);
        assert_ne!(run.status, 0, "{menu}");
        assert!(
            run.stderr.contains("site.yaml") && run.stderr.contains(says),
            "{menu}: {}",
            run.stderr
        );
    }
}

#[test]
fn authors_have_pages_feeds_a_byline_and_a_person_in_json_ld() {
    let site = newsroom("");
    site.build(&[]).ok();
    let sara = site.html("authors/سارة-علي/index.html");
    assert_eq!(
        texts(&sara, ".card-title a"),
        ["خبر رقم 4", "خبر رقم 2"],
        "her newest two"
    );
    assert_eq!(
        texts(
            &site.html("authors/سارة-علي/page/1/index.html"),
            ".card-title a"
        ),
        ["خبر رقم 2", "خبر رقم 1"],
        "the oldest full page (lists are cut from the oldest)"
    );
    assert_eq!(
        site.read("authors/عمر-حسن/atom.xml")
            .matches("<entry>")
            .count(),
        2
    );
    // Two authors: both linked, joined the Arabic way.
    let page = site.read("2026/03/02/خبر-رقم-2/index.html");
    let html = site.html("2026/03/02/خبر-رقم-2/index.html");
    assert_eq!(texts(&html, ".byline"), ["بقلم سارة علي وعمر حسن"]);
    assert_eq!(texts(&html, ".byline a[rel=author]").len(), 2);
    assert!(
        decode(&page).contains(
            r#"{"@type":"Person","name":"سارة علي","url":"https://news.example/authors/سارة-علي/"}"#
        ),
        "{page}"
    );
    // No author: no byline, and the organisation is credited.
    let html = site.html("2026/03/05/خبر-رقم-5/index.html");
    assert!(texts(&html, ".byline").is_empty());
    assert!(
        site.read("2026/03/05/خبر-رقم-5/index.html")
            .contains(r#""author":{"@type":"Organization""#)
    );
}

#[test]
fn one_author_may_be_written_without_a_list_and_an_english_byline_reads_in_english() {
    let site = TestSite::empty();
    site.write("site.yaml", "language: en\nsearch: false\n");
    site.article(
        "a.md",
        "title: Rates held\ndate: 2026-03-01\nauthors: [Ann Lee, Bo Chen, Cy Diaz]\nsection: Economy",
        "Text.",
    );
    site.article(
        "b.md",
        "title: Rates cut\ndate: 2026-03-02\nauthors: Ann Lee\nsection: Economy",
        "Text.",
    );
    site.build(&[]).ok();
    let html = site.html("2026/03/01/rates-held/index.html");
    assert_eq!(texts(&html, ".byline"), ["By Ann Lee, Bo Chen and Cy Diaz"]);
    assert_eq!(
        texts(&site.html("authors/ann-lee/index.html"), ".card-title a"),
        ["Rates cut", "Rates held"]
    );
    assert!(site.exists("sections/economy/atom.xml"));
}

#[test]
fn new_and_import_put_articles_in_a_section() {
    let site = TestSite::empty();
    site.write("site.yaml", "search: false\n");
    let root = site.root.to_str().unwrap().to_string();
    site.run(&[
        "new",
        "مباراة الليلة",
        "--section",
        "رياضة",
        "--root",
        &root,
    ])
    .ok();
    site.write(
        "seeds/x.txt",
        "ارتفاع أسعار الذهب في الأسواق\n\nالقاهرة - ارتفعت أسعار الذهب في الأسواق المحلية اليوم الأحد، وسط إقبال كبير من المشترين على الشراء.\n\nوقال تجار إن الطلب زاد مع اقتراب موسم الأعياد.\n",
    );
    site.run(&["import", "--section", "اقتصاد", "--root", &root])
        .ok();
    let files: Vec<String> = common::tree(&site.root.join("content"))
        .into_values()
        .map(|b| String::from_utf8(b).unwrap())
        .collect();
    assert_eq!(files.len(), 2);
    assert_eq!(
        files
            .iter()
            .filter(|f| f.contains("section: رياضة"))
            .count(),
        1
    );
    assert_eq!(
        files
            .iter()
            .filter(|f| f.contains("section: اقتصاد"))
            .count(),
        1
    );
    site.build(&[]).ok();
    assert_eq!(
        texts(&site.html("index.html"), ".site-nav a")[1..3],
        ["اقتصاد", "رياضة"]
    );
}

#[test]
fn pages_live_at_their_file_name_and_stay_out_of_the_lists() {
    let site = newsroom("menu:\n  - section: سياسة\n  - page: about\n  - page: contact\n");
    site.write(
        "content/pages/about.md",
        "---\ntitle: من نحن\nsummary: موقع إخباري مستقل.\n---\n\nنحن **فريق** من الصحفيين.\n",
    );
    site.write(
        "content/pages/company/team.md",
        "---\ntitle: فريق التحرير\nupdated: 2026-02-01\n---\n\nالأسماء.\n",
    );
    let run = site.build(&[]);
    run.ok();
    let about = site.html("about/index.html");
    assert_eq!(texts(&about, "h1"), ["من نحن"]);
    assert_eq!(texts(&about, ".body strong"), ["فريق"]);
    assert!(
        site.read("about/index.html")
            .contains(r#"<meta name="description" content="موقع إخباري مستقل.">"#)
    );
    assert_eq!(
        texts(&about, ".site-nav a[aria-current=page]"),
        ["من نحن"],
        "in the menu, marked on its own page"
    );
    assert!(site.exists("company/team/index.html"));
    // In the sitemap (with its date when it has one)…
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://news.example/about/</loc>"));
    assert!(
        sitemap.contains("<loc>https://news.example/company/team/</loc><lastmod>2026-02-01"),
        "{sitemap}"
    );
    // …and nowhere else: no feed, archive, digest or search record.
    let elsewhere: String = site
        .tree()
        .into_iter()
        .filter(|(p, _)| {
            !p.starts_with("about/") && !p.starts_with("company/") && p != "sitemap.xml"
        })
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    assert!(!elsewhere.contains("فريق التحرير"));
    assert!(!elsewhere.contains("نحن فريق"));
    // A menu entry for a page that does not exist is left out, with a warning.
    assert!(
        run.stderr.contains("there is no page `contact`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_page_with_an_article_s_key_or_a_taken_address_is_an_error() {
    for (files, says) in [
        (
            vec![(
                "content/pages/about.md",
                "---\ntitle: من نحن\ntags: [x]\n---\nنص\n",
            )],
            "content/pages/about.md:3: `tags` is for articles",
        ),
        (
            vec![("content/pages/tags.md", "---\ntitle: الوسوم\n---\nنص\n")],
            "content/pages/tags.md:2: this page would be at `/tags/`",
        ),
        (
            vec![
                (
                    "content/pages/about.md",
                    "---\ntitle: من نحن\nslug: us\n---\nنص\n",
                ),
                ("content/pages/us.md", "---\ntitle: نحن\n---\nنص\n"),
            ],
            "two pages would be at /us/: content/pages/about.md and content/pages/us.md",
        ),
    ] {
        let site = newsroom("");
        for (path, text) in &files {
            site.write(path, text);
        }
        let run = site.build(&[]);
        assert_ne!(run.status, 0);
        assert!(run.stderr.contains(says), "{says}: {}", run.stderr);
        assert!(!site.exists("index.html"), "a failed build writes nothing");
    }
}

#[test]
fn the_front_page_has_a_lead_story_top_stories_and_section_blocks() {
    let site = newsroom("");
    site.write(
        "site.yaml",
        "base_url: https://news.example/\nsearch: false\nmenu:\n  - section: اقتصاد\n  - section: سياسة\n",
    );
    for n in 6..=9 {
        site.article(
            &format!("b{n}.md"),
            &format!("title: خبر متأخر {n}\ndate: 2026-03-0{n}T08:00:00Z\nsection: سياسة"),
            "نص.",
        );
    }
    site.build(&[]).ok();
    let home = site.html("index.html");
    // The newest is the lead story; the next four stand beside it.
    assert_eq!(texts(&home, ".lead .lead-title a"), ["خبر متأخر 9"]);
    assert_eq!(
        texts(&home, ".top-stories .card-title a"),
        ["خبر متأخر 8", "خبر متأخر 7", "خبر متأخر 6", "خبر رقم 5"]
    );
    // A block per section of the menu, in its order, without the stories
    // already on top.
    assert_eq!(texts(&home, ".section-block h2"), ["اقتصاد", "سياسة"]);
    assert_eq!(
        texts(&home, ".section-block li a"),
        ["خبر رقم 2", "خبر رقم 4", "خبر رقم 3", "خبر رقم 1"]
    );
    // The rest by day, under "آخر الأخبار".
    assert_eq!(texts(&home, ".latest-heading"), ["آخر الأخبار"]);
    assert_eq!(
        texts(&home, ".day .card-title a"),
        ["خبر رقم 4", "خبر رقم 3", "خبر رقم 2", "خبر رقم 1"]
    );
    // Numbered pages stay plain lists.
    let site = newsroom("");
    site.build(&[]).ok();
    let oldest = site.html("page/1/index.html");
    assert!(texts(&oldest, ".lead").is_empty() && texts(&oldest, ".section-block").is_empty());
    assert_eq!(texts(&oldest, ".day .card-title a").len(), 2);
}

#[test]
fn every_section_and_every_author_have_an_index_page() {
    let site = newsroom("");
    site.build(&[]).ok();
    let sections = site.html("sections/index.html");
    assert_eq!(texts(&sections, "h1"), ["الأقسام"]);
    assert_eq!(
        texts(&sections, ".tag-cloud li"),
        ["سياسة 4 مقالات", "اقتصاد مقال واحد"]
    );
    assert_eq!(
        attrs(&sections, ".tag-cloud a", "href"),
        ["/sections/سياسة/", "/sections/اقتصاد/"]
    );
    let authors = site.html("authors/index.html");
    assert_eq!(texts(&authors, ".tag-cloud a"), ["سارة علي", "عمر حسن"]);
    assert!(
        site.read("sitemap.xml")
            .contains("https://news.example/authors/</loc>")
    );
    // Linked from every page's footer.
    let home = site.html("index.html");
    assert_eq!(
        attrs(
            &home,
            ".site-footer a[href$='/sections/'], .site-footer a[href$='/authors/']",
            "href"
        ),
        ["/sections/", "/authors/"]
    );
    // A site without sections or authors has no such pages.
    let plain = TestSite::fixture("basic");
    plain.build(&[]).ok();
    assert!(!plain.exists("sections/index.html") && !plain.exists("authors/index.html"));
}
