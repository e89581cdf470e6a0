//! `mujaz import` and the import step of `mujaz build` on seeds of several
//! layouts (tests/fixtures/seeds/): front matter, body, re-import, hand
//! edits, bad seeds. See tests/README.md.

mod common;

use common::*;
use mujaz::content::frontmatter::{self, FrontMatter};
use std::collections::BTreeMap;

/// A site whose seeds/ holds the named fixture seeds.
fn site_with(seeds: &[&str]) -> TestSite {
    let site = TestSite::empty();
    site.write(
        "site.yaml",
        "base_url: https://news.example.org/\ntimezone: Asia/Riyadh\n",
    );
    for s in seeds {
        let text = std::fs::read(fixture_path("seeds").join(s)).unwrap();
        std::fs::create_dir_all(site.root.join("seeds")).unwrap();
        std::fs::write(site.root.join("seeds").join(s), text).unwrap();
    }
    site
}

/// Every content file: relative path → text.
fn content(site: &TestSite) -> BTreeMap<String, String> {
    tree(&site.root.join("content"))
        .into_iter()
        .map(|(k, v)| (k, String::from_utf8(v).unwrap()))
        .collect()
}

fn front(text: &str) -> (FrontMatter, String) {
    let split = frontmatter::split(text).unwrap();
    (frontmatter::parse(&split).unwrap(), split.body.to_string())
}

/// The content file imported from `seed`.
fn imported(site: &TestSite, seed: &str) -> (String, FrontMatter, String) {
    for (path, text) in content(site) {
        let (fm, body) = front(&text);
        if fm.seed.as_deref() == Some(seed) {
            return (path, fm, body);
        }
    }
    panic!("no content file for {seed}");
}

fn date(fm: &FrontMatter) -> String {
    fm.date.as_ref().unwrap().as_text()
}

#[test]
fn the_given_seed() {
    let site = site_with(&["asharq.txt"]);
    let run = site.run(&["import", "--root", site.root.to_str().unwrap()]);
    run.ok();
    let (path, fm, body) = imported(&site, "asharq.txt");
    assert_eq!(path, "2022/01/دعوة-لتحرك-دولي-في-الحسكة-بعد-إحباط-مخطط.md");
    assert_eq!(
        fm.title.as_deref(),
        Some("دعوة لتحرك دولي في الحسكة بعد إحباط مخطط لعودة \"داعش\"")
    );
    assert_eq!(
        date(&fm),
        "2022-01-31",
        "25 Jan 2022 (caption) moved to the Monday the report names"
    );
    assert_eq!(fm.date_source.as_deref(), Some("text"));
    for tag in ["داعش", "قسد", "الحسكة", "سوريا"] {
        assert!(
            fm.tags.contains(&tag.to_string()),
            "{tag} missing from {:?}",
            fm.tags
        );
    }
    assert!((3..=6).contains(&fm.tags.len()));
    assert_eq!(fm.place.as_deref(), Some("دبي"));
    assert_eq!(fm.source.as_deref(), Some("الشرق"));
    assert_eq!(fm.reading_time, Some(4));
    assert!(
        fm.caption
            .as_deref()
            .unwrap()
            .starts_with("عناصر من \"داعش\" الذين استسلموا")
    );
    assert!(fm.caption.as_deref().unwrap().ends_with("25 يناير 2022."));
    assert_eq!(
        fm.caption_url.as_deref(),
        Some("https://twitter.com/farhad_shami/status/1486325599966613504")
    );
    assert!(fm.read_also.is_empty(), "the empty block is dropped");
    let summary = fm.summary.as_deref().unwrap();
    assert!(summary.starts_with("ناشدت \"قوات سوريا الديمقراطية\""));
    assert!(summary.chars().count() <= 201 && summary.ends_with('…'));
    assert!(body.contains("\n## أكبر عملية للتنظيم\n"));
    assert!(body.contains("\n## هجوم ضخم\n"));
    assert!(!body.contains("time reading icon"), "icon text is noise");
    assert!(
        !body.contains("twitter.com"),
        "the caption is not in the body"
    );
    assert!(!body.contains("اقرأ أيضاً") && !body.contains("تصنيفات"));
    assert!(!body.contains("دبي-الشرق"));
    // every paragraph of the seed, in order
    let seed = std::fs::read_to_string(fixture_path("seeds/asharq.txt")).unwrap();
    let paragraphs: Vec<&str> = seed
        .lines()
        .filter(|l| l.split_whitespace().count() > 12 && !l.contains("http"))
        .collect();
    assert_eq!(paragraphs.len(), 14);
    let mut at = 0;
    for p in paragraphs {
        let found = body[at..]
            .find(p)
            .unwrap_or_else(|| panic!("paragraph missing or out of order: {p}"));
        at += found + p.len();
    }
}

#[test]
fn the_given_seed_is_published_by_build() {
    let site = site_with(&["asharq.txt"]);
    site.build(&[]).ok();
    let h = site.html("2022/01/31/دعوة-لتحرك-دولي-في-الحسكة-بعد-إحباط-مخطط/index.html");
    assert_eq!(
        texts(&h, "h1"),
        ["دعوة لتحرك دولي في الحسكة بعد إحباط مخطط لعودة \"داعش\""]
    );
    assert_eq!(texts(&h, ".dateline"), ["دبي – الشرق"]);
    let dates = texts(&h, ".dates").join(" ");
    assert!(
        dates.contains("31 يناير 2022") && dates.contains("28 جمادى الآخرة 1443"),
        "{dates}"
    );
    assert!(dates.contains("قراءة في 4 دقائق"), "{dates}");
    let tags = texts(&h, ".article-tags a");
    for tag in ["داعش", "قسد", "الحسكة", "سوريا"] {
        assert!(tags.contains(&tag.to_string()), "{tags:?}");
    }
    // The seed's photo caption stays in the front matter (checked above)
    // for the editor who adds the photo: a caption is shown only with it.
    assert_eq!(h.select(&sel(".caption")).count(), 0);
    assert_eq!(texts(&h, ".body h2"), ["أكبر عملية للتنظيم", "هجوم ضخم"]);
    let paragraphs = texts(&h, ".body p");
    assert_eq!(paragraphs.len(), 14);
    assert!(paragraphs[13].starts_with("وأضاف برايس:"));
}

#[test]
fn other_layouts() {
    let site = site_with(&["morocco.txt", "algeria.txt", "levant.txt"]);
    site.run(&["import", "--root", site.root.to_str().unwrap()])
        .ok();

    let (path, fm, body) = imported(&site, "morocco.txt");
    assert_eq!(path, "2024/02/الحكومة-المغربية-تطلق-خطة-لدعم-الفلاحين.md");
    assert_eq!(
        date(&fm),
        "2024-02-14T09:15:00+03:00",
        "publication line with Arabic-Indic digits and time"
    );
    assert_eq!(
        fm.updated.as_ref().unwrap().as_text(),
        "2024-02-15T10:00:00+03:00"
    );
    assert_eq!(fm.date_source.as_deref(), Some("line"));
    assert_eq!(fm.place.as_deref(), Some("الرباط"));
    assert_eq!(fm.source.as_deref(), Some("و م ع"));
    assert_eq!(
        fm.read_also,
        [
            "ارتفاع أسعار القمح في الأسواق العالمية",
            "المغرب يطلق برنامجاً وطنياً للري"
        ]
    );
    assert_eq!(
        &fm.tags[..3],
        ["المغرب", "الزراعة", "الجفاف"],
        "categories come first"
    );
    assert!(fm.caption.is_none() && fm.reading_time.is_none());
    assert!(body.contains("\n- دعم مباشر للفلاحين الصغار\n- توفير البذور والأعلاف بأسعار مناسبة\n- إعادة جدولة القروض الفلاحية\n"), "{body}");
    assert!(body.contains("\n## تفاصيل الخطة\n"), "{body}");
    assert!(
        body.contains("\"Fellah 2.0\""),
        "Latin words and numbers kept"
    );

    let (_, fm, body) = imported(&site, "algeria.txt");
    assert_eq!(date(&fm), "2023-07-17");
    assert_eq!(fm.date_source.as_deref(), Some("line"));
    assert_eq!(
        fm.place.as_deref(),
        Some("الجزائر"),
        "dateline before the date, no space before the dash"
    );
    assert_eq!(fm.source.as_deref(), Some("واج"));
    assert_eq!(fm.read_also, ["ارتفاع أسعار القمح في الأسواق العالمية"]);
    assert!(body.contains("Siemens وTotalEnergies"));
    assert_eq!(
        body.lines().filter(|l| !l.is_empty()).count(),
        3,
        "three paragraphs: {body}"
    );

    let (_, fm, _) = imported(&site, "levant.txt");
    assert_eq!(date(&fm), "2018-03-03");
    assert_eq!(fm.place.as_deref(), Some("بيروت"));
    assert_eq!(fm.source.as_deref(), Some("الأخبار"));
    assert_eq!(&fm.tags[..3], ["لبنان", "القمح", "الأسواق"]);

    // build: read_also titles link to the imported articles they name
    site.build(&[]).ok();
    let h = site.html("2023/07/17/الجزائر-تستضيف-منتدى-إفريقيا-للطاقة/index.html");
    assert_eq!(
        attrs(&h, ".read-also a", "href")[0],
        "/2018/03/03/ارتفاع-أسعار-القمح-في-الأسواق-العالمية/"
    );
}

#[test]
fn markdown_characters_show_exactly_as_written() {
    let site = site_with(&["markdown_chars.txt"]);
    site.build(&[]).ok();
    let (_, fm, _) = imported(&site, "markdown_chars.txt");
    assert_eq!(date(&fm), "2021-05-05");
    let page = site
        .pages()
        .into_iter()
        .find(|p| p.starts_with("2021/05/05/") && p.matches('/').count() == 4)
        .unwrap();
    let page = format!("{page}index.html");
    let h = site.html(&page);
    assert_eq!(texts(&h, "h1"), ["عنوان فيه [أقواس] و_شرطة_ و{{ قالب }}"]);
    let paras = texts(&h, ".body p");
    assert_eq!(
        paras[0],
        "# هذا السطر يبدأ بعلامة عنوان لكنه نص عادي من المقال المنشور في 5 مايو 2021."
    );
    assert_eq!(
        paras[1],
        "1. هذا ليس بنداً مرقماً بل جملة تبدأ برقم ونقطة في نص الخبر الأصلي."
    );
    assert_eq!(
        paras[2],
        "> ولا هذا اقتباس، بل نص يبدأ بعلامة أكبر من كما ورد في المصدر."
    );
    assert_eq!(
        paras[3],
        "وفي النص <b>وسم</b> و[رابط](javascript:alert(1)) و*نجمة* و{{ site.title }} و&amp; كما هي تماماً."
    );
    assert!(
        h.select(&sel(
            ".body h1, .body ol, .body blockquote, .body b, .body a, .body em"
        ))
        .next()
        .is_none()
    );
}

#[test]
fn encodings_bom_crlf_and_windows_1256() {
    let site = site_with(&[]);
    let text = "خبر بترميز قديم\n\nتاريخ النشر: 4 أبريل 2019\n\nأعلنت البلدية في حلب اليوم عن افتتاح حديقة جديدة في وسط المدينة.\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
    site.write("seeds/old.txt", "");
    std::fs::write(site.root.join("seeds/old.txt"), &bytes).unwrap();
    let crlf = format!(
        "\u{feff}{}",
        text.replace("خبر بترميز قديم", "خبر بنهايات ويندوز")
            .replace('\n', "\r\n")
    );
    site.write("seeds/crlf.txt", &crlf);
    site.run(&["import", "--root", site.root.to_str().unwrap()])
        .ok();
    let (_, fm, body) = imported(&site, "old.txt");
    assert_eq!(fm.title.as_deref(), Some("خبر بترميز قديم"));
    assert_eq!(date(&fm), "2019-04-04");
    assert!(body.contains("افتتاح حديقة جديدة"));
    let (_, fm, body) = imported(&site, "crlf.txt");
    assert_eq!(fm.title.as_deref(), Some("خبر بنهايات ويندوز"));
    assert!(!body.contains('\r'));
}

#[test]
fn same_titles_get_distinct_files_and_pages() {
    let site = site_with(&["same_title_a.txt", "same_title_b.txt"]);
    site.build(&[]).ok();
    let files: Vec<String> = content(&site).into_keys().collect();
    assert_eq!(
        files,
        ["2023/01/خبر-بعنوان-مكرر-2.md", "2023/01/خبر-بعنوان-مكرر.md"]
    );
    assert!(site.exists("2023/01/02/خبر-بعنوان-مكرر/index.html"));
    assert!(site.exists("2023/01/02/خبر-بعنوان-مكرر-2/index.html"));
}

#[test]
fn reimport_changes_nothing_and_never_overwrites_edits() {
    let site = site_with(&["asharq.txt", "morocco.txt", "levant.txt"]);
    let root = site.root.to_str().unwrap().to_string();
    site.run(&["import", "--root", &root]).ok();
    let first = content(&site);
    let mtimes: Vec<_> = walkdir::WalkDir::new(site.root.join("content"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().modified().unwrap())
        .collect();
    let run = site.run(&["import", "--root", &root]);
    run.ok();
    assert!(
        run.stderr.contains("imported 0 seeds (3 already imported"),
        "{}",
        run.stderr
    );
    assert_eq!(content(&site), first);
    let again: Vec<_> = walkdir::WalkDir::new(site.root.join("content"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().modified().unwrap())
        .collect();
    assert_eq!(mtimes, again, "not even rewritten");

    // An editor changes the title by hand: import and build keep the edit.
    let (path, _, _) = imported(&site, "levant.txt");
    let edited = first[&path].replace(
        "title: ارتفاع أسعار القمح في الأسواق العالمية",
        "title: عنوان عدله المحرر",
    );
    site.write(&format!("content/{path}"), &edited);
    site.run(&["import", "--root", &root]).ok();
    site.build(&[]).ok();
    assert_eq!(content(&site)[&path], edited);
    assert!(site.read("index.html").contains("عنوان عدله المحرر"));

    // The seed changes: reported, not re-imported.
    site.write(
        "seeds/levant.txt",
        "عنوان جديد تماماً\n\nنص جديد نشر في 9 مارس 2018 عن الأسعار.\n",
    );
    let run = site.run(&["import", "--root", &root]);
    run.ok();
    assert!(
        run.stderr
            .contains("seeds/levant.txt changed since it was imported into content/2018/03/"),
        "{}",
        run.stderr
    );
    assert_eq!(content(&site)[&path], edited);

    // --force re-imports it over the edit.
    site.run(&["import", "--root", &root, "--force"]).ok();
    let (_, fm, _) = imported(&site, "levant.txt");
    assert_eq!(fm.title.as_deref(), Some("عنوان جديد تماماً"));
    assert_eq!(
        content(&site).len(),
        3,
        "forced re-import writes the same file, no new one"
    );
}

#[test]
fn bad_seeds_are_reported_and_the_rest_imported() {
    let site = site_with(&["levant.txt"]);
    site.build(&[]).ok();
    let before = site.tree();
    site.write("seeds/empty.txt", "");
    site.write("seeds/blank.txt", "  \n\t\n   \n");
    std::fs::write(
        site.root.join("seeds/image.txt"),
        [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xd8, 0],
    )
    .unwrap();
    let (sjis, _, _) =
        encoding_rs::SHIFT_JIS.encode("これは日本語のテキストです。アラビア語ではありません。");
    std::fs::write(site.root.join("seeds/japanese.txt"), &sjis).unwrap();
    site.write(
        "seeds/good.txt",
        "خبر سليم\n\nنص سليم نشر في 1 مايو 2020 في دمشق عن الأسعار والأسواق.\n",
    );
    let root = site.root.to_str().unwrap().to_string();
    let run = site.run(&["import", "--root", &root]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let err = &run.stderr;
    // Empty seeds are warnings (a scraper may still be writing them).
    assert!(
        err.contains("warn: seeds/empty.txt: not imported: the file is empty"),
        "{err}"
    );
    assert!(
        err.contains("warn: seeds/blank.txt: not imported: the file has only whitespace"),
        "{err}"
    );
    assert!(
        err.contains("seeds/image.txt: cannot import: binary data, not text"),
        "{err}"
    );
    assert!(err.contains("seeds/japanese.txt: cannot import:"), "{err}");
    assert!(err.contains("2 errors"), "{err}");
    imported(&site, "good.txt");

    site.write(
        "seeds/another.txt",
        "خبر آخر\n\nنص آخر نشر في 2 مايو 2020.\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("seeds/image.txt: cannot import: binary data, not text"),
        "{}",
        run.stderr
    );
    assert_eq!(site.tree(), before, "output/ is left as it was");
    // With the unreadable seeds gone, the empty ones do not stop the build.
    site.remove("seeds/image.txt");
    site.remove("seeds/japanese.txt");
    let run = site.build(&[]);
    run.ok();
    assert!(
        run.stderr.contains("seeds/empty.txt: not imported"),
        "{}",
        run.stderr
    );
}

#[test]
fn no_date_falls_back_to_the_file_time() {
    let site = site_with(&[]);
    site.write(
        "seeds/undated.txt",
        "خبر بلا تاريخ\n\nنص لا يذكر أي تاريخ كامل، بل يوم 5 يناير فقط.\n",
    );
    let run = site.run(&["import", "--root", site.root.to_str().unwrap()]);
    run.ok();
    assert!(
        run.stderr
            .contains("seeds/undated.txt: the page gives no publication date; using the file's modification time"),
        "{}",
        run.stderr
    );
    let (_, fm, _) = imported(&site, "undated.txt");
    assert_eq!(fm.date_source.as_deref(), Some("file"));
    let riyadh = jiff::tz::TimeZone::get("Asia/Riyadh").unwrap();
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(riyadh)
        .strftime("%Y-%m-%d")
        .to_string();
    assert!(date(&fm).starts_with(&today), "{} vs {today}", date(&fm));
}

#[test]
fn numbers_that_overflow_in_date_shapes_neither_panic_nor_stop_the_import() {
    let site = TestSite::empty();
    site.write(
        "seeds/a.txt",
        "خبر بتاريخ غريب\n\nنشر في 2024/01/99999999999\n\nنص الخبر الأول هنا.\n",
    );
    site.write(
        "seeds/b.txt",
        "خبر بيوم طويل\n\nفي 99999999999999999999 يناير 2024 حدث شيء، وفي ٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩٩ يناير ٢٠٢٤ أيضاً.\n",
    );
    site.write(
        "seeds/c.txt",
        "خبر عادي بعدها\n\nنشر في 2024/02/14\n\nنص الخبر الثالث.\n",
    );
    let run = site.build(&[]);
    run.ok();
    let files = content(&site);
    assert_eq!(files.len(), 3, "every seed imported: {files:?}");
    let (_, fm, _) = imported(&site, "c.txt");
    assert_eq!(date(&fm), "2024-02-14");
}
