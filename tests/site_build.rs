//! `mujaz build` on fixture sites: every page kind, escaping, containment,
//! pagination, collisions, failure safety, determinism, sub-paths, feeds,
//! sitemap. See tests/README.md.

mod common;

use common::*;
use std::collections::BTreeSet;

const HASAKAH: &str = "2022/01/31/دعوة-لتحرك-دولي-في-الحسكة-بعد-إحباط-مخطط/index.html";

#[test]
fn every_page_kind_is_built() {
    let site = TestSite::fixture("basic");
    let run = site.build(&[]);
    run.ok();
    assert!(run.stderr.contains("built 4 articles"), "{}", run.stderr);
    for f in [
        "index.html",
        HASAKAH,
        "2022/02/01/إلغاء-الحظر-الكلي-عن-الحسكة-وريفها/index.html",
        "2021/12/15/تقرير-قديم-عن-المياه/index.html",
        "tags/index.html",
        "tags/الحسكة/index.html",
        "tags/الحسكة/atom.xml",
        "tags/حظر-التجول/index.html",
        "archive/index.html",
        "2022/index.html",
        "2022/01/index.html",
        "2022/01/31/index.html",
        "2021/12/15/index.html",
        "atom.xml",
        "rss.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "style.css",
        "syntax.css",
        "favicon.svg",
    ] {
        assert!(site.exists(f), "missing {f}");
    }
    assert!(
        !site.read("index.html").contains("مسودة"),
        "drafts stay out"
    );
}

#[test]
fn article_page_has_everything() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let h = site.html(HASAKAH);
    assert_eq!(
        texts(&h, "h1"),
        ["دعوة لتحرك دولي في الحسكة بعد إحباط مخطط لعودة \"داعش\""]
    );
    assert_eq!(texts(&h, ".dateline"), ["دبي – الشرق"]);
    let dates = texts(&h, ".dates").join(" ");
    assert!(dates.contains("31 يناير 2022"), "{dates}");
    assert!(dates.contains("جمادى الآخرة 1443"), "Hijri date: {dates}");
    assert!(dates.contains("قراءة في دقيقة واحدة"), "{dates}");
    assert_eq!(
        texts(&h, ".article-tags a"),
        ["داعش", "قسد", "الحسكة", "سوريا"]
    );
    assert_eq!(
        attrs(&h, ".caption a", "href"),
        ["https://twitter.com/farhad_shami/status/1486325599966613504"]
    );
    // Arabic heading ids, and an in-page link to one of them
    assert_eq!(
        attrs(&h, ".body h2", "id"),
        ["أكبر-عملية-للتنظيم", "هجوم-ضخم"]
    );
    let hrefs: Vec<String> = attrs(&h, ".body a", "href")
        .iter()
        .map(|l| decode(l))
        .collect();
    assert_eq!(hrefs, ["#أكبر-عملية-للتنظيم"]);
    // read_also: the matching title is linked, the other is plain text
    let read_also = texts(&h, ".read-also li");
    assert!(read_also.contains(&"إلغاء الحظر الكلي عن الحسكة وريفها".to_string()));
    assert!(read_also.contains(&"عنوان لا يطابق أي مقال".to_string()));
    let links = attrs(&h, ".read-also a", "href");
    assert!(
        links
            .iter()
            .any(|l| l == "/2022/02/01/إلغاء-الحظر-الكلي-عن-الحسكة-وريفها/")
    );
    // head: canonical, Open Graph, JSON-LD
    let canonical = attrs(&h, "link[rel=canonical]", "href");
    assert!(canonical[0].starts_with("https://news.example.org/2022/01/31/%D8%AF"));
    assert_eq!(
        attrs(&h, "meta[property='og:locale']", "content"),
        ["ar_AR"]
    );
    assert_eq!(
        attrs(&h, "meta[property='article:published_time']", "content"),
        ["2022-01-31T14:30:00+03:00"]
    );
    assert_eq!(
        attrs(&h, "meta[property='article:tag']", "content").len(),
        4
    );
    let ld = h
        .select(&sel("script[type='application/ld+json']"))
        .next()
        .unwrap()
        .inner_html();
    let ld: serde_json::Value = serde_json::from_str(&ld).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["datePublished"], "2022-01-31T14:30:00+03:00");
    assert_eq!(ld["dateline"], "دبي – الشرق");
    assert_eq!(ld["inLanguage"], "ar");
    assert_eq!(ld["keywords"][0], "داعش");
    let nulls: Vec<&String> = ld
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| v.is_null())
        .map(|(k, _)| k)
        .collect();
    assert!(
        nulls.is_empty(),
        "what the article lacks is left out: {nulls:?}"
    );
    // previous = older, next = newer
    assert!(!attrs(&h, ".prev-next a.prev", "href").is_empty());
    assert!(!attrs(&h, ".prev-next a.next", "href").is_empty());
}

#[test]
fn home_front_newest_first_and_lists_grouped_by_day() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    // Lists group their articles by day.
    assert_eq!(
        texts(&site.html("2022/index.html"), ".day-heading"),
        ["الثلاثاء، 1 فبراير 2022", "الاثنين، 31 يناير 2022"]
    );
    let h = site.html("index.html");
    let titles = front_titles(&h);
    assert_eq!(titles.len(), 4);
    assert_eq!(titles[0], "حساب متوسط الأسعار في الأسواق", "newest first");
    let first_card = h.select(&sel(".top-stories .card")).nth(1).unwrap();
    let meta: String = first_card
        .select(&sel(".meta"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(meta.contains("دبي") && meta.contains("الشرق"), "{meta}");
    assert!(
        texts(&h, ".summary")
            .iter()
            .any(|s| s.starts_with("ناشدت قوات سوريا"))
    );
}

#[test]
fn tags_merge_spellings_and_list_counts() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let h = site.html("tags/index.html");
    let tags = texts(&h, ".tag-cloud li");
    assert!(tags.contains(&"الحسكة مقالان".to_string()), "{tags:?}");
    assert!(tags.contains(&"المياه مقال واحد".to_string()), "{tags:?}");
    assert!(
        !site.exists("tags/الحسكه/index.html"),
        "one tag for two spellings"
    );
    let h = site.html("tags/الحسكة/index.html");
    assert_eq!(texts(&h, ".card-title").len(), 2);
}

#[test]
fn archives_list_years_months_days() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let h = site.html("archive/index.html");
    let years = texts(&h, ".year h2");
    assert_eq!(years, ["2022 3 مقالات", "2021 مقال واحد"]);
    assert_eq!(texts(&h, ".year .periods a"), ["فبراير", "يناير", "ديسمبر"]);
    let h = site.html("2022/02/index.html");
    assert_eq!(texts(&h, "h1"), ["أرشيف فبراير 2022"]);
    assert_eq!(texts(&h, ".card-title").len(), 2);
    let h = site.html("2022/index.html");
    assert_eq!(texts(&h, ".card-title").len(), 3);
}

#[test]
fn code_is_highlighted_ltr_with_theme_css() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let h = site.html("2022/02/01/حساب-متوسط-الأسعار-في-الأسواق/index.html");
    assert_eq!(attrs(&h, "pre.code", "dir"), ["ltr"]);
    assert!(
        h.select(&sel("pre.code span[class^='hl-']"))
            .next()
            .is_some()
    );
    assert_eq!(attrs(&h, "link[href='/syntax.css']", "rel"), ["stylesheet"]);
    assert!(texts(&h, ".dates")[0].contains("آخر تحديث"));
    assert!(texts(&h, ".dates")[0].contains("قراءة في 3 دقائق"));
    let h = site.html(HASAKAH);
    assert!(
        attrs(&h, "link[href='/syntax.css']", "rel").is_empty(),
        "only pages with code"
    );
}

#[test]
fn lang_and_dir_follow_the_language() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    for page in site.pages() {
        let h = site.html(&format!("{page}index.html"));
        assert_eq!(attrs(&h, "html", "lang"), ["ar"], "{page}");
        assert_eq!(attrs(&h, "html", "dir"), ["rtl"], "{page}");
    }
    let en = TestSite::fixture("english");
    en.build(&[]).ok();
    let h = en.html("index.html");
    assert_eq!(attrs(&h, "html", "lang"), ["en"]);
    assert_eq!(attrs(&h, "html", "dir"), ["ltr"]);
    assert_eq!(
        texts(&en.html("2023/index.html"), ".day-heading")[0],
        "Friday, May 5, 2023"
    );
    assert_eq!(texts(&h, ".site-nav a"), ["Home", "Tags", "Archive"]);
    let h = en.html("2023/05/04/markets-open-higher/index.html");
    assert!(texts(&h, ".dates")[0].contains("May 4, 2023"));
    let buttons: Vec<String> = h
        .select(&sel(".font-size button"))
        .map(|b| b.text().next().unwrap_or("").to_string())
        .collect();
    assert_eq!(buttons, ["A-", "A+"], "no Arabic labels on an English site");
    assert!(h.select(&sel(".hijri")).next().is_none());
    assert_eq!(
        attrs(&h, "meta[property='og:locale']", "content"),
        ["en_US"]
    );
}

#[test]
fn a_language_without_interface_strings_is_said_never_silently_replaced() {
    let site = TestSite::empty();
    site.write("site.yaml", "language: de\nbase_url: https://x.example/\n");
    site.article("a.md", "title: Titel\ndate: 2024-01-01\ntags: [x]", "Text.");
    let run = site.build(&[]);
    run.ok();
    assert!(
        run.stderr
            .contains("the theme has no interface strings for `de`: using the English ones"),
        "{}",
        run.stderr
    );
    // A partial translation: what it has is used, the rest is named.
    site.write("i18n/de.yaml", "home: Startseite\n");
    let run = site.build(&[]);
    run.ok();
    assert!(
        run.stderr.contains("i18n/de.yaml has no string for ")
            && run.stderr.contains("using the English ones"),
        "{}",
        run.stderr
    );
    let nav = texts(&site.html("index.html"), ".site-nav a");
    assert_eq!(nav[0], "Startseite");
    assert_eq!(attrs(&site.html("index.html"), "html", "dir"), ["ltr"]);
}

#[test]
fn pagination_boundaries() {
    for (n, pages) in [(0usize, 1usize), (1, 1), (3, 1), (4, 2), (7, 3)] {
        let site = TestSite::empty();
        site.write("site.yaml", "per_page: 3\nbase_url: https://x.example/\n");
        for i in 0..n {
            site.article(
                &format!("a{i}.md"),
                &format!(
                    "title: خبر رقم {i}\ndate: 2024-01-{:02}\ntags: [وسم]",
                    i + 1
                ),
                "نص",
            );
        }
        site.build(&[]).ok();
        let home_pages: Vec<String> = site
            .pages()
            .into_iter()
            .filter(|p| p.is_empty() || p.starts_with("page/"))
            .collect();
        assert_eq!(home_pages.len(), pages, "n={n}: {home_pages:?}");
        let h = site.html("index.html");
        assert_eq!(front_titles(&h).len(), n.min(3), "n={n}");
        if n == 0 {
            assert_eq!(texts(&h, ".empty"), ["لا توجد مقالات بعد."]);
            assert!(!site.exists("tags/وسم/index.html"));
        }
        if pages > 1 {
            // Numbered from the oldest: page/1/ holds the three oldest.
            let full = pages - 1;
            let oldest = site.html("page/1/index.html");
            assert_eq!(
                texts(&oldest, ".card-title"),
                ["خبر رقم 2", "خبر رقم 1", "خبر رقم 0"]
            );
            for k in 1..=full {
                let page = site.html(&format!("page/{k}/index.html"));
                assert_eq!(texts(&page, ".card-title").len(), 3, "n={n} page {k}");
            }
            assert!(attrs(&oldest, ".pager a[rel=next]", "href").is_empty());
            assert_eq!(attrs(&oldest, ".pager a[rel=prev]", "href").len(), 1);
            assert_eq!(
                attrs(&h, ".pager a[rel=next]", "href"),
                [format!("/page/{full}/")]
            );
            // the tag pages paginate the same way
            assert!(site.exists(&format!("tags/وسم/page/{full}/index.html")));
            assert!(!site.exists(&format!("tags/وسم/page/{pages}/index.html")));
        } else {
            assert!(h.select(&sel(".pager")).next().is_none());
        }
    }
}

#[test]
fn publishing_an_article_leaves_full_list_pages_as_they_were() {
    let site = TestSite::empty();
    site.write("site.yaml", "per_page: 3\nbase_url: https://x.example/\n");
    let add = |i: usize| {
        site.article(
            &format!("a{i}.md"),
            &format!(
                "title: خبر رقم {i}\ndate: 2024-01-{:02}T10:00:00+03:00\ntags: [وسم]",
                i + 1
            ),
            "نص",
        );
    };
    (0..7).for_each(add);
    site.build(&[]).ok();
    let numbered = [
        "page/1/index.html",
        "page/2/index.html",
        "tags/وسم/page/1/index.html",
        "tags/وسم/page/2/index.html",
        "2024/01/page/1/index.html",
        "2024/01/page/2/index.html",
    ];
    let before: Vec<String> = numbered.iter().map(|p| site.read(p)).collect();
    let front_before = site.read("index.html");
    add(7);
    let run = site.build(&[]);
    run.ok();
    for (p, b) in numbered.iter().zip(&before) {
        assert_eq!(&site.read(p), b, "{p} changed when an article was added");
    }
    assert_ne!(site.read("index.html"), front_before, "the front shows it");
    assert_eq!(
        front_titles(&site.html("index.html")),
        ["خبر رقم 7", "خبر رقم 6", "خبر رقم 5"]
    );
}

#[test]
fn scheduled_articles_wait_for_their_date() {
    let site = TestSite::empty();
    site.write("site.yaml", "base_url: https://x.example/\n");
    site.article(
        "today.md",
        "title: خبر اليوم\ndate: 2026-01-01T09:00:00Z\ntags: [وسم]",
        "نص",
    );
    site.article(
        "tomorrow.md",
        "title: خبر الغد\ndate: 2026-01-02T09:00:00Z\ntags: [وسم]",
        "نص",
    );
    let tomorrow = "2026/01/02/خبر-الغد/index.html";
    // Before its date: nowhere on the site.
    let run = site.build_at("2026-01-01T12:00:00Z", &[]);
    run.ok();
    assert!(
        run.stderr
            .contains("content/tomorrow.md: scheduled for 2026-01-02 09:00 +00:00"),
        "{}",
        run.stderr
    );
    assert!(!site.exists(tomorrow));
    let all: String = site
        .tree()
        .into_iter()
        .filter(|(p, _)| !p.starts_with("pagefind/"))
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    assert!(!all.contains("خبر الغد"), "the scheduled title leaked");
    assert!(!all.contains("2026/01/02"), "the scheduled address leaked");
    assert!(all.contains("خبر اليوم"));
    // With --future: built, and marked.
    site.build_at("2026-01-01T12:00:00Z", &["--future"]).ok();
    let page = site.html(tomorrow);
    assert_eq!(texts(&page, ".article .scheduled").len(), 1);
    assert_eq!(
        texts(
            &site.html("index.html"),
            ".lead .scheduled, .card .scheduled"
        ),
        ["مجدول"]
    );
    // After its date: published, without the mark.
    site.build_at("2026-01-02T09:30:00Z", &[]).ok();
    let page = site.html(tomorrow);
    assert!(texts(&page, ".scheduled").is_empty());
    assert!(site.read("atom.xml").contains("خبر الغد"));
    assert!(site.read("sitemap.xml").contains("2026/01/02"));
}

#[test]
fn hostile_title_and_tag_are_escaped_and_stay_inside_output() {
    let site = TestSite::empty();
    site.article(
        "evil.md",
        "title: \"<script>alert(1)</script> {{ site.title }} ../../etc\"\ndate: 2024-01-01\ntags: [\"../../../evil\", \"<img src=x onerror=alert(1)>\", \"{{ x }}\", \"..\", \"/\"]\nsummary: \"{% raw %}<b>bold</b>\"\nplace: \"<i>x</i>\"",
        "body",
    );
    site.build(&[]).ok();
    let tree = site.tree();
    for path in tree.keys() {
        assert!(!path.contains(".."), "{path}");
    }
    let outside: Vec<_> = walkdir::WalkDir::new(site.root.parent().unwrap())
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("evil"))
        .filter(|e| {
            !e.path().starts_with(site.out()) && !e.path().starts_with(site.root.join("content"))
        })
        .collect();
    assert!(outside.is_empty(), "files outside output/: {outside:?}");
    for (path, bytes) in &tree {
        if path.ends_with(".html") || path.ends_with(".xml") {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains("<script>alert"), "{path} has a raw script");
            assert!(!text.contains("<img src=x"), "{path} has a raw img");
            assert!(!text.contains("<b>bold</b>"), "{path} has raw summary HTML");
            assert!(!text.contains("<i>x</i>"), "{path}");
        }
    }
    let home = site.read("index.html");
    assert!(home.contains("&lt;script&gt;alert(1)&lt;/script&gt; {{ site.title }} ../../etc"));
    assert!(site.exists("tags/evil/index.html"));
    assert!(site.exists("tags/img-srcx-onerroralert1/index.html"));
    assert!(site.exists("tags/x/index.html"));
}

#[test]
fn slug_collisions_get_suffixes_and_never_overwrite() {
    let site = TestSite::empty();
    site.article(
        "a.md",
        "title: خبر عاجل\ndate: 2024-03-01T08:00:00Z",
        "الأول",
    );
    site.article(
        "b.md",
        "title: خَبَرٌ عاجِل!\ndate: 2024-03-01T09:00:00Z",
        "الثاني",
    );
    site.article(
        "c.md",
        "title: خبر عاجل\ndate: 2024-03-01T10:00:00Z",
        "الثالث",
    );
    site.article(
        "d.md",
        "title: شيء آخر\nslug: خبر عاجل\ndate: 2024-03-01T11:00:00Z",
        "الرابع",
    );
    site.article("e.md", "title: page\ndate: 2024-03-01T12:00:00Z", "الخامس");
    site.build(&[]).ok();
    let body = |slug: &str| {
        texts(
            &site.html(&format!("2024/03/01/{slug}/index.html")),
            ".body p",
        )
        .join(" ")
    };
    assert_eq!(body("خبر-عاجل"), "الرابع", "an explicit slug wins");
    assert_eq!(body("خبر-عاجل-2"), "الأول", "then the oldest");
    assert_eq!(body("خبر-عاجل-3"), "الثاني");
    assert_eq!(body("خبر-عاجل-4"), "الثالث");
    assert_eq!(body("page-2"), "الخامس", "reserved names are never used");
}

#[test]
fn bad_content_fails_reports_every_file_and_leaves_output_untouched() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let before = site.tree();
    site.article("bad1.md", "title: x\ndate: 2024-13-45", "x");
    site.article("bad2.md", "date: 2024-01-01", "x");
    site.write(
        "content/bad3.md",
        "---\ntitle: [unclosed\ndate: 2024-01-01\n---\n",
    );
    site.write("content/bad4.md", "no front matter");
    site.article("bad5.md", "title: x\ndate: 2024-01-01\ntgas: [a]", "x");
    let run = site.build(&[]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let err = &run.stderr;
    assert!(err.contains("5 errors"), "{err}");
    assert!(err.contains("content/bad1.md:3: bad `date`"), "{err}");
    assert!(
        err.contains("content/bad2.md:2: missing `title`")
            || err.contains("content/bad2.md:1: missing `title`"),
        "{err}"
    );
    assert!(err.contains("content/bad3.md:"), "{err}");
    assert!(err.contains("content/bad4.md:1: no front matter"), "{err}");
    assert!(
        err.contains("content/bad5.md:4: unknown key `tgas` (did you mean `tags`? fields of your own go under `extra:`)"),
        "{err}"
    );
    assert_eq!(site.tree(), before, "output/ must be exactly as it was");
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folder left behind: {leftovers:?}"
    );
}

#[test]
fn template_error_fails_and_leaves_output_untouched() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let before = site.tree();
    site.write(
        "templates/tag.html",
        "{% extends \"base.html\" %}{% block content %}{{ nope.nothing }}{% endblock content %}",
    );
    let run = site.build(&[]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("tag.html"), "{}", run.stderr);
    assert_eq!(site.tree(), before);
    site.write("templates/index.html", "{% if %}");
    let run = site.build(&[]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("templates/index.html"),
        "{}",
        run.stderr
    );
    assert_eq!(site.tree(), before);
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = TestSite::fixture("basic");
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ t(key=\"home\") }}</p>{% endblock content %}");
    site.write("i18n/ar.yaml", "home: البداية\n");
    site.write("static/extra.txt", "hello");
    site.build(&[]).ok();
    let h = site.html("404.html");
    assert_eq!(texts(&h, ".mine"), ["البداية"]);
    assert_eq!(
        texts(&h, ".site-nav a")[0],
        "البداية",
        "strings merge key by key"
    );
    assert_eq!(texts(&h, ".site-nav a")[1], "الوسوم");
    assert_eq!(site.read("extra.txt"), "hello");
    assert!(
        site.exists("style.css"),
        "the rest of the theme is still there"
    );
}

#[test]
fn static_dot_files_are_published_editor_leftovers_are_not() {
    let site = TestSite::fixture("basic");
    for (path, text) in [
        ("static/.htaccess", "ErrorDocument 404 /404.html"),
        ("static/.nojekyll", ""),
        (
            "static/.well-known/security.txt",
            "Contact: mailto:a@example.org",
        ),
        ("static/style.css~", "old"),
        ("static/.style.css.swp", "swap"),
        ("static/notes.bak", "backup"),
        ("static/.DS_Store", "finder"),
        ("static/.git/config", "[core]"),
        ("templates/.gitkeep", ""),
        ("i18n/.gitkeep", ""),
    ] {
        site.write(path, text);
    }
    site.build(&[]).ok();
    assert_eq!(site.read(".htaccess"), "ErrorDocument 404 /404.html");
    assert!(site.exists(".nojekyll"));
    assert!(site.exists(".well-known/security.txt"));
    for gone in [
        "style.css~",
        ".style.css.swp",
        "notes.bak",
        ".DS_Store",
        ".git/config",
        ".gitkeep",
    ] {
        assert!(!site.exists(gone), "{gone} is not published");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let site = TestSite::fixture("basic");
    let a = site.root.join("out-a");
    let b = site.root.join("out-b");
    site.build(&["--output", a.to_str().unwrap()]).ok();
    site.build(&["--output", b.to_str().unwrap()]).ok();
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 20);
    let names =
        |t: &std::collections::BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&ta), names(&tb));
    let differ: Vec<&String> = ta.keys().filter(|k| ta[*k] != tb[*k]).collect();
    assert!(
        differ.is_empty(),
        "files differ between two builds: {differ:?}"
    );
}

#[test]
fn rebuild_writes_only_changes_and_removes_stale_pages() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    std::fs::write(site.out().join("CNAME"), "news.example.org").unwrap();
    let run = site.build(&[]);
    assert!(run.stderr.contains("0 written"), "{}", run.stderr);
    site.remove("content/2022/old.md");
    let run = site.build(&[]);
    run.ok();
    assert!(!site.exists("2021/12/15/تقرير-قديم-عن-المياه/index.html"));
    assert!(!site.exists("2021"), "emptied folders go too");
    assert!(!site.exists("tags/المياه/index.html"));
    assert!(site.exists("CNAME"), "files mujaz did not write are kept");
    assert!(!run.stderr.contains(" 0 removed"), "{}", run.stderr);
}

#[test]
fn sub_path_base_url_prefixes_every_internal_link() {
    let site = TestSite::fixture("basic");
    site.build(&["--base-url", "https://host.example/sub/dir"])
        .ok();
    for page in site.pages() {
        let h = site.html(&format!("{page}index.html"));
        for attr in ["href", "src"] {
            for link in attrs(&h, &format!("[{attr}]"), attr) {
                if link.starts_with('/') {
                    assert!(link.starts_with("/sub/dir/"), "{page}: {link}");
                }
            }
        }
        let canonical = &attrs(&h, "link[rel=canonical]", "href")[0];
        assert!(
            canonical.starts_with("https://host.example/sub/dir/"),
            "{canonical}"
        );
    }
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://host.example/sub/dir/sitemap.xml")
    );
    assert!(
        site.read("atom.xml")
            .contains("https://host.example/sub/dir/2022/")
    );
}

#[test]
fn feeds_parse_with_a_real_feed_parser() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    for (file, n, newest) in [
        ("atom.xml", 4, "حساب متوسط الأسعار في الأسواق"),
        ("rss.xml", 4, "حساب متوسط الأسعار في الأسواق"),
        (
            "tags/الحسكة/atom.xml",
            2,
            "إلغاء الحظر الكلي عن الحسكة وريفها",
        ),
    ] {
        let feed = feed_rs::parser::parse(site.read(file).as_bytes())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(feed.entries.len(), n, "{file}");
        let first = &feed.entries[0];
        assert_eq!(first.title.as_ref().unwrap().content, newest, "{file}");
        assert!(
            first.links[0]
                .href
                .starts_with("https://news.example.org/2022/02/01/")
        );
        assert!(first.published.is_some(), "{file}");
    }
    let atom = feed_rs::parser::parse(site.read("atom.xml").as_bytes()).unwrap();
    let hasakah = atom
        .entries
        .iter()
        .find(|e| e.title.as_ref().unwrap().content.contains("داعش"))
        .unwrap();
    assert_eq!(hasakah.categories.len(), 4);
    assert!(
        hasakah
            .summary
            .as_ref()
            .unwrap()
            .content
            .starts_with("ناشدت")
    );
    assert!(hasakah.content.is_none(), "summary feeds by default");

    site.write(
        "site.yaml",
        "base_url: https://news.example.org/\nfeed_content: full\nfeed_limit: 2\n",
    );
    site.build(&[]).ok();
    let atom = feed_rs::parser::parse(site.read("atom.xml").as_bytes()).unwrap();
    assert_eq!(atom.entries.len(), 2);
    let body = atom.entries[0]
        .content
        .as_ref()
        .unwrap()
        .body
        .as_ref()
        .unwrap();
    assert!(body.contains("<pre class=\"code\""), "{body}");
}

#[test]
fn sitemap_lists_every_page() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let xml = site.read("sitemap.xml");
    let doc = scraper::Html::parse_fragment(&xml);
    let locs: BTreeSet<String> = texts(&doc, "loc")
        .into_iter()
        .map(|l| decode(l.strip_prefix("https://news.example.org/").unwrap()))
        .collect();
    // Every page but the search page (noindex) is listed.
    let pages: BTreeSet<String> = site
        .pages()
        .into_iter()
        .filter(|p| p != "search/")
        .collect();
    assert_eq!(site.exists("search/index.html"), cfg!(feature = "search"));
    assert_eq!(locs, pages);
    assert!(
        xml.contains("<lastmod>2022-02-02T09:00:00+03:00</lastmod>"),
        "updated wins"
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://news.example.org/sitemap.xml")
    );
}

#[test]
fn sitemap_index_dates_each_part_by_its_newest_page() {
    // A date keeps the offset it is written with, so a later time can read
    // earlier: 01:10+00:00 is after 01:30+01:00 (as in the hour a clock
    // goes back). The index gives a part its newest change by time.
    let site = TestSite::empty();
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://news.example.org/\nsitemap_limit: 2\nsearch: false\n",
    );
    site.article(
        "a.md",
        "title: قبل تغيير الساعة\ndate: 2024-10-27T01:30:00+01:00",
        "نص.",
    );
    site.article(
        "b.md",
        "title: بعد تغيير الساعة\ndate: 2024-10-27T01:10:00+00:00",
        "نص.",
    );
    site.build(&[]).ok();
    let part = site.read("sitemap-1.xml");
    assert!(
        part.contains("<lastmod>2024-10-27T01:30:00+01:00</lastmod>"),
        "{part}"
    );
    assert!(
        part.contains("<lastmod>2024-10-27T01:10:00+00:00</lastmod>"),
        "{part}"
    );
    let index = site.read("sitemap.xml");
    let entry = index
        .split("<sitemap>")
        .find(|e| e.contains("sitemap-1.xml"))
        .unwrap_or_else(|| panic!("{index}"));
    assert!(
        entry.contains("<lastmod>2024-10-27T01:10:00+00:00</lastmod>"),
        "{index}"
    );
}

#[test]
fn config_errors_name_the_file_and_suggest() {
    let site = TestSite::fixture("basic");
    site.write("site.yaml", "title: x\nper_pgae: 10\n");
    let run = site.build(&[]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("site.yaml:2: unknown key `per_pgae` (did you mean `per_page`? fields of your own go under `extra:`)"),
        "{}",
        run.stderr
    );
    let run = site.run(&["build", "--no-such-flag"]);
    assert_eq!(run.status, 2, "usage errors exit 2");
}

#[test]
fn missing_content_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["build"]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("no content folder"), "{}", run.stderr);
}

#[test]
fn ascii_slugs_and_arabic_digits() {
    let site = TestSite::fixture("basic");
    site.write(
        "site.yaml",
        "base_url: https://news.example.org/\nslug: ascii\ndigits: arab\ndate_locale: ar-SY\n",
    );
    site.build(&[]).ok();
    for path in site.tree().keys() {
        assert!(path.is_ascii(), "{path}");
    }
    let h = site.html("2022/index.html");
    assert_eq!(texts(&h, ".day-heading")[0], "الثلاثاء، ١ شباط ٢٠٢٢");
}

#[test]
fn all_errors_of_a_run_are_reported_together_once_each() {
    let site = TestSite::fixture("basic");
    site.write("content/2022/bad1.md", "---\ntitle: [broken\n---\nbody\n");
    site.write(
        "content/2022/bad2.md",
        "---\ntitle: ok\ndate: 2022-13-45\n---\nbody\n",
    );
    site.write(
        "templates/tag.html",
        "{% extends \"base.html\" %}{% block content %}{{ nope.nothing }}{% endblock content %}",
    );
    let run = site.build(&[]);
    assert_eq!(run.status, 1);
    let err = &run.stderr;
    assert!(err.contains("3 errors"), "{err}");
    assert!(err.contains("content/2022/bad1.md:2:"), "{err}");
    assert!(err.contains("content/2022/bad2.md:3:"), "{err}");
    // The template mistake breaks every tag page: one line names the
    // file and counts the pages, instead of one error per page.
    assert_eq!(err.matches("templates/tag.html").count(), 1, "{err}");
    assert!(err.contains("pages, e.g. /tags/"), "{err}");
    assert!(!site.exists("index.html"), "nothing is written");
}

#[test]
fn the_theme_speaks_arabic_english_persian_urdu_hebrew_and_french() {
    for (lang, dir, home, more) in [
        ("ar", "rtl", "الرئيسية", "اقرأ أيضاً"),
        ("en", "ltr", "Home", "Read also"),
        ("fa", "rtl", "صفحهٔ اصلی", "بیشتر بخوانید"),
        ("ur", "rtl", "سرورق", "یہ بھی پڑھیں"),
        ("he", "rtl", "דף הבית", "קראו גם"),
        ("fr", "ltr", "Accueil", "À lire aussi"),
    ] {
        let site = TestSite::empty();
        site.write(
            "site.yaml",
            &format!("language: {lang}\nbase_url: https://x.example/\n"),
        );
        for (n, day) in [(1, "01"), (2, "02")] {
            site.article(
                &format!("a{n}.md"),
                &format!("title: t{n}\ndate: 2024-03-{day}\ntags: [x]"),
                "...",
            );
        }
        let run = site.build(&[]);
        run.ok();
        assert!(
            !run.stderr.contains("interface strings"),
            "{lang}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("has no string"),
            "{lang}: {}",
            run.stderr
        );
        let h = site.html("index.html");
        assert_eq!(attrs(&h, "html", "dir"), [dir], "{lang}");
        assert_eq!(texts(&h, ".site-nav a")[0], home, "{lang}");
        let article = site.html("2024/03/01/t1/index.html");
        assert_eq!(texts(&article, "#read-also"), [more], "{lang}");
    }
}

#[test]
fn a_relative_build_works_from_a_folder() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/pages/about.md",
        "---\ntitle: من نحن\n---\n\n[الرئيسية](/) و[الوسوم](/tags/)\n",
    );
    site.build(&["--relative", "--base-url", "https://x.example/news/"])
        .ok();
    let out = site.out();
    let mut checked = 0;
    for (path, bytes) in site.tree() {
        if !path.ends_with(".html") || path.starts_with("pagefind/") {
            continue;
        }
        let html = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        let dir = out.join(&path).parent().unwrap().to_path_buf();
        for el in html.select(&sel("[href], [src], [action]")) {
            for attr in ["href", "src", "action"] {
                let Some(link) = el.value().attr(attr) else {
                    continue;
                };
                if link.starts_with('#') || link.contains("://") || link.starts_with("mailto:") {
                    continue;
                }
                assert!(
                    !link.starts_with('/'),
                    "{path}: {attr}={link} is not relative"
                );
                let file = link.split(['?', '#']).next().unwrap();
                let target = dir.join(decode(file));
                assert!(
                    target.is_file(),
                    "{path}: {attr}={link} points at no file ({})",
                    target.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    // Absolute addresses stay absolute: the canonical link, feeds.
    let h = site.html("about/index.html");
    assert_eq!(
        attrs(&h, "link[rel=canonical]", "href"),
        ["https://x.example/news/about/"]
    );
    assert_eq!(
        attrs(&h, ".body a", "href"),
        ["../index.html", "../tags/index.html"]
    );
    assert!(site.read("atom.xml").contains("https://x.example/news/"));
    // relative_urls: true in site.yaml builds the same site.
    let with_flag = site.tree();
    let yaml = std::fs::read_to_string(site.root.join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{yaml}relative_urls: true\n")
            .replace("https://news.example.org/", "https://x.example/news/"),
    );
    site.build(&[]).ok();
    assert_eq!(
        site.tree().keys().collect::<Vec<_>>(),
        with_flag.keys().collect::<Vec<_>>()
    );
    assert_eq!(
        site.read("about/index.html"),
        String::from_utf8(with_flag["about/index.html"].clone()).unwrap()
    );
}

#[test]
fn piped_a_build_says_one_summary_line_and_quiet_says_nothing() {
    let site = TestSite::fixture("basic");
    // All is well: the site's address is a real one (not the fixture's
    // example.org, which is warned about).
    let address = ["--base-url", "http://localhost:8080/"];
    let run = site.build(&address);
    run.ok();
    // No progress line drawn into a pipe: no carriage returns or escapes.
    assert!(
        !run.stderr.contains('\r') && !run.stderr.contains('\u{1b}'),
        "{:?}",
        run.stderr
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("built 4 articles: "), "{lines:?}");
    let root = site.root.to_str().unwrap().to_string();
    let quiet = site.run(&["--quiet", "build", "--root", &root, address[0], address[1]]);
    quiet.ok();
    assert_eq!(quiet.stderr, "", "--quiet prints nothing when all is well");
}

#[test]
fn the_article_page_reads_headline_standfirst_meta_photo_body_then_tags() {
    let site = TestSite::fixture("basic");
    site.build(&[]).ok();
    let h = site.html(HASAKAH);
    // The header: the headline first (nothing but a kicker may stand above
    // it), the standfirst (the summary as written), then one line with the
    // dateline, the dates and the reading time.
    let header = h.select(&sel(".article-header")).next().unwrap();
    let kids: Vec<String> = header
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .map(|e| {
            let class = e.value().attr("class").unwrap_or("");
            format!("{}.{class}", e.value().name())
        })
        .collect();
    assert_eq!(kids, ["h1.", "p.standfirst", "p.dates", "div.font-size"]);
    assert_eq!(
        texts(&h, ".standfirst"),
        ["ناشدت قوات سوريا الديمقراطية المجتمع الدولي للمساعدة في تحمل مسؤولية المحتجزين."]
    );
    assert_eq!(texts(&h, ".dates .dateline"), ["دبي – الشرق"]);
    // Then the photo with its caption, the body, and the tags after it.
    let order: Vec<&str> = h
        .select(&sel(".article > *"))
        .map(|e| e.value().attr("class").unwrap_or(e.value().name()))
        .collect();
    let at = |c: &str| {
        order
            .iter()
            .position(|o| *o == c)
            .unwrap_or_else(|| panic!("{c}: {order:?}"))
    };
    assert!(at("article-header") < at("lead-photo"));
    assert!(at("lead-photo") < at("body"));
    assert!(at("body") < at("tags article-tags"), "{order:?}");

    // An imported article's summary is its lead paragraph: the page says
    // it once, in the body.
    let lead = "أعلنت وزارة الصحة وفاة سبعة أشخاص بالكوليرا في ولاية النيل الأزرق.";
    site.article(
        "cholera.md",
        &format!("title: وفيات بالكوليرا\ndate: 2024-03-01\nsummary: \"{lead}\""),
        &format!("{lead}\n\nوقالت الوزارة إن الوضع تحت السيطرة."),
    );
    site.build(&[]).ok();
    let page = site
        .pages()
        .into_iter()
        .find(|p| p.contains("وفيات-بالكوليرا"))
        .expect("the article's page");
    let h = site.html(&format!("{page}index.html"));
    assert!(texts(&h, ".standfirst").is_empty());
    assert_eq!(texts(&h, ".body p").first().map(String::as_str), Some(lead));
    assert_eq!(
        texts(&h, "p").iter().filter(|t| t.as_str() == lead).count(),
        1
    );
}
