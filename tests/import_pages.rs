//! `mujaz import` on seeds shaped like real scraped news pages
//! (tests/fixtures/pages/, written for these tests: menus, widgets, tickers,
//! repeated headlines, scrambled date lines, datelines in the lead, related
//! lists, footers). Each test names the page shape it stands for.

mod common;

use common::*;
use mujaz::content::frontmatter::{self, FrontMatter};

/// Import one fixture page into a fresh site; gives its front matter and body.
fn import(page: &str) -> (FrontMatter, String, Run) {
    let site = TestSite::empty();
    site.write(
        "site.yaml",
        "base_url: https://news.example.org/\ntimezone: Asia/Riyadh\n",
    );
    let text = std::fs::read(fixture_path("pages").join(page)).unwrap();
    std::fs::create_dir_all(site.root.join("seeds")).unwrap();
    std::fs::write(site.root.join("seeds").join(page), text).unwrap();
    let run = site.run(&["import", "--root", site.root.to_str().unwrap()]);
    run.ok();
    let files = tree(&site.root.join("content"));
    assert_eq!(files.len(), 1, "{files:?}");
    let text = String::from_utf8(files.into_values().next().unwrap()).unwrap();
    let split = frontmatter::split(&text).unwrap();
    let fm = frontmatter::parse(&split).unwrap();
    let body = split.body.replace('\\', "");
    (fm, body, run)
}

fn date(fm: &FrontMatter) -> String {
    fm.date.as_ref().unwrap().as_text()
}

fn has_all(body: &str, parts: &[&str]) {
    for p in parts {
        assert!(body.contains(p), "missing {p:?} in:\n{body}");
    }
}

fn has_none(body: &str, parts: &[&str]) {
    for p in parts {
        assert!(!body.contains(p), "clutter {p:?} left in:\n{body}");
    }
}

#[test]
fn sidebar_widgets_around_the_article_and_a_scrambled_date() {
    // A "most read" widget with its own story and date above, "latest news"
    // below, a date line printed in right-to-left order.
    let (fm, body, _) = import("widgets.txt");
    assert_eq!(
        fm.title.as_deref(),
        Some("وزير الفلاحة: موسم الزيتون في صفاقس واعد")
    );
    assert_eq!(date(&fm), "2023-02-12T09:30:00+03:00");
    assert_eq!(fm.date_source.as_deref(), Some("line"));
    has_all(&body, &["موسم جني الزيتون", "قروضا ميسرة لصغار الفلاحين"]);
    has_none(
        &body,
        &[
            "الحدائق العمومية",
            "على المباشر",
            "كاتب المقال",
            "كلمات مفتاح",
            "منذ دقائق",
            "باخرة محملة",
        ],
    );
    assert!(
        fm.summary
            .as_deref()
            .unwrap()
            .starts_with("أكد وزير الفلاحة")
    );
    assert!(
        fm.tags.contains(&"تونس".to_string()),
        "Sfax is in Tunisia: {:?}",
        fm.tags
    );
}

#[test]
fn the_site_clock_is_not_the_publication_date() {
    // The header's "today" (with the Hijri date) is the render date; the
    // date under the headline is the article's; a subheading inside.
    let (fm, body, _) = import("header_clock.txt");
    assert_eq!(
        fm.title.as_deref(),
        Some("البنك المركزي يرفع سعر الفائدة نصف نقطة لمواجهة التضخم")
    );
    assert_eq!(
        date(&fm),
        "2024-08-12T17:17:00+03:00",
        "05:17 م is afternoon"
    );
    assert!(body.contains("\n## ردود فعل الأسواق\n"), "{body}");
    has_none(
        &body,
        &["رئيس التحرير", "سامي منصور", "مقر البنك المركزي", "2024"],
    );
}

#[test]
fn a_scraper_prefix_and_a_dateline_in_the_lead() {
    let (fm, body, _) = import("scraper_prefix.txt");
    assert_eq!(date(&fm), "2025-08-12");
    assert_eq!(fm.date_source.as_deref(), Some("scraper"));
    assert_eq!(
        fm.title.as_deref(),
        Some("وزير النقل يشكل لجنة للتحقيق في تأخر الرحلات بمطار المدينة")
    );
    assert_eq!(fm.place.as_deref(), Some("بغداد"));
    assert_eq!(fm.source.as_deref(), Some("شبكة الأخبار"));
    assert!(body.trim_start().starts_with("أمر وزير النقل"), "{body}");
    has_none(
        &body,
        &["date 2025", "آخر تحديث", "يشكل لجنة للتحقيق في تأخر"],
    );
}

#[test]
fn a_headline_printed_four_times_under_a_weather_widget() {
    let (fm, body, run) = import("repeats.txt");
    assert_eq!(
        fm.title.as_deref(),
        Some("المغرب يفتتح أكبر محطة لتحلية مياه البحر في القارة")
    );
    assert_eq!(
        fm.date_source.as_deref(),
        Some("file"),
        "the page states no date"
    );
    assert!(
        run.stderr.contains("gives no publication date"),
        "{}",
        run.stderr
    );
    has_none(
        &body,
        &[
            "RIYADH",
            "°C",
            "icon",
            "summer-2025",
            "Example News",
            "المغرب يفتتح",
        ],
    );
    assert!(body.contains("\n## أرقام المشروع\n"), "{body}");
    assert!(fm.tags.contains(&"المغرب".to_string()), "{:?}", fm.tags);
}

#[test]
fn a_caption_glued_to_the_repeated_headline_and_a_section_glued_to_the_date() {
    let (fm, body, _) = import("glued.txt");
    assert_eq!(
        fm.title.as_deref(),
        Some("الأمطار الغزيرة تغلق الطرق في مدينة جدة")
    );
    assert_eq!(date(&fm), "2022-11-24T17:00:00+03:00");
    has_none(
        &body,
        &[
            "سيول في الشوارع",
            "محليات",
            "أضف تعليق",
            "مقال رئيس التحرير",
        ],
    );
    has_all(&body, &["هطول أمطار غزيرة", "حتى نهاية الأسبوع"]);
    for t in ["جدة", "السعودية"] {
        assert!(fm.tags.contains(&t.to_string()), "{t} in {:?}", fm.tags);
    }
}

#[test]
fn the_date_and_the_agency_inside_the_lead() {
    // "نشر بتاريخ:" with nothing after it; the lead opens with
    // "PLACE DATE ( AGENCY ) -" and ends with the agency's credit.
    let (fm, body, _) = import("lead_dateline.txt");
    assert_eq!(date(&fm), "2021-03-09");
    assert_eq!(fm.place.as_deref(), Some("طرابلس"));
    assert_eq!(fm.source.as_deref(), Some("وال"));
    assert!(
        body.trim_start()
            .starts_with("أعلنت المؤسسة الوطنية للموانئ"),
        "{body}"
    );
    has_none(
        &body,
        &["( وال )", "نشر بتاريخ", "Example Agency", "آخر الأخبار"],
    );
    assert!(body.trim_end().ends_with("في الموعد\"."), "{body}");
}

#[test]
fn numbered_decisions_with_read_also_links_between_them() {
    let (fm, body, _) = import("numbered.txt");
    assert_eq!(fm.place.as_deref(), Some("عمان"));
    assert_eq!(fm.source.as_deref(), Some("صوت المدينة"));
    assert_eq!(
        fm.read_also,
        [
            "وزير الصحة: لا إصابات جديدة في المدارس",
            "بيان رقم (3) من وزارة التربية.. التفاصيل"
        ]
    );
    let items = body.lines().filter(|l| l.starts_with("- ")).count();
    assert_eq!(items, 5, "{body}");
    has_none(&body, &["اقرأ ايضا"]);
}

#[test]
fn no_headline_in_the_page() {
    let (fm, body, run) = import("no_headline.txt");
    let title = fm.title.as_deref().unwrap();
    assert!(title.starts_with("فاز فريق النادي الأهلي"), "{title}");
    assert!(run.stderr.contains("no headline found"), "{}", run.stderr);
    assert_eq!(fm.source.as_deref(), Some("رويترز"));
    assert_eq!(fm.place, None, "never invented");
    assert!(body.contains("\n## هدف مبكر\n"), "{body}");
    assert_eq!(
        fm.date_source.as_deref(),
        Some("file"),
        "أمس الجمعة gives no date"
    );
}

#[test]
fn a_date_and_a_headline_split_over_lines_and_hard_wrapped_text() {
    let (fm, body, _) = import("wrapped.txt");
    assert_eq!(
        fm.title.as_deref(),
        Some("45 قراراً حكومياً ترسم ملامح المرحلة المقبلة")
    );
    assert_eq!(date(&fm), "2020-08-17", "not the Hijri day");
    assert!(
        body.contains("اتفاقيات ومعاهدات دولية، حيث حظي شهر مارس"),
        "wrapped lines are one paragraph: {body}"
    );
    assert!(body.contains("\n## يناير\n"), "{body}");
}

#[test]
fn teasers_of_other_stories_after_the_text() {
    // A standfirst above the date line, the article, then other stories'
    // first lines with no marker between.
    let (fm, body, _) = import("teasers.txt");
    assert_eq!(date(&fm), "2021-06-16");
    has_all(
        &body,
        &["صادرات الفوسفات بلغت مستوى قياسيا", "ارتفعت بأكثر من ثلاثين"],
    );
    has_none(&body, &["شركات الطيران", "الكرة الطائرة"]);
}

#[test]
fn explain_tells_what_each_line_became() {
    let site = TestSite::empty();
    let run = site.run(&[
        "import",
        "--root",
        site.root.to_str().unwrap(),
        "--explain",
        fixture_path("pages/widgets.txt").to_str().unwrap(),
    ]);
    run.ok();
    let out = &run.stdout;
    for want in [
        "dropped: page widget",
        "headline",
        "publication date",
        "body: paragraph",
        "dropped: byline",
        "dropped: keywords",
        "date: 2023-02-12T09:30:00 (line)",
    ] {
        assert!(out.contains(want), "{want} missing from:\n{out}");
    }
    assert!(
        tree(&site.root.join("content")).is_empty(),
        "explain writes nothing"
    );
    // A seed of the site, named from outside it as the seeds README
    // writes it (`seeds/x.txt`), or by its name alone.
    let text = std::fs::read(fixture_path("pages/widgets.txt")).unwrap();
    site.write("seeds/widgets.txt", std::str::from_utf8(&text).unwrap());
    let root = site.root.to_str().unwrap();
    for name in ["seeds/widgets.txt", "widgets.txt"] {
        let elsewhere = tempfile::tempdir().unwrap();
        let run = run_in(
            elsewhere.path(),
            &["import", "--root", root, "--explain", name],
        );
        run.ok();
        assert!(run.stdout.contains("headline"), "{name}: {}", run.stdout);
    }
    let run = site.run(&["import", "--root", root, "--explain", "nothing.txt"]);
    assert_ne!(run.status, 0);
    assert!(
        run.stderr.contains("no seed `nothing.txt` (looked for"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_hand_edited_file_with_broken_yaml_is_never_imported_twice() {
    let site = TestSite::empty();
    let text = std::fs::read(fixture_path("pages/glued.txt")).unwrap();
    std::fs::create_dir_all(site.root.join("seeds")).unwrap();
    std::fs::write(site.root.join("seeds/glued.txt"), text).unwrap();
    let root = site.root.to_str().unwrap();
    site.run(&["import", "--root", root]).ok();
    let files = tree(&site.root.join("content"));
    let (path, bytes) = files.iter().next().unwrap();
    // An editor's typo breaks the YAML.
    let broken = String::from_utf8(bytes.clone())
        .unwrap()
        .replacen("title: ", "title: [", 1);
    std::fs::write(site.root.join("content").join(path), &broken).unwrap();
    let run = site.run(&["import", "--root", root]);
    run.ok();
    let after = tree(&site.root.join("content"));
    assert_eq!(after.len(), 1, "no duplicate: {:?}", after.keys());
    assert_eq!(
        String::from_utf8(after[path].clone()).unwrap(),
        broken,
        "the edited file is untouched"
    );
    assert!(run.stderr.contains("1 already imported"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("content/{path}: its front matter does not parse")),
        "the broken file is named: {}",
        run.stderr
    );
}
