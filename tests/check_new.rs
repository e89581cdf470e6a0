//! `mujaz check` and `mujaz new` on fixture sites. See tests/README.md.

mod common;

use common::*;

#[test]
fn clean_site_passes_and_nothing_is_written() {
    let site = TestSite::fixture("basic");
    let run = site.run(&["check", "--root", site.root.to_str().unwrap()]);
    run.ok();
    assert!(
        run.stderr.contains("checked: 0 errors, 4 warnings"),
        "{}",
        run.stderr
    );
    // The fixture's address is one reserved for examples: a site that
    // would go out with it is warned.
    assert!(
        run.stdout
            .contains("warning: site.yaml: base_url `https://news.example.org/` is a placeholder"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("warning: content/2022/hasakah.md: read_also title `عنوان لا يطابق أي مقال` matches no article"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("warning: content/2022/old.md: no summary"),
        "{}",
        run.stdout
    );
    assert!(!site.out().exists(), "check writes nothing");
}

#[test]
fn broken_links_anchors_and_assets_are_errors() {
    let site = TestSite::fixture("basic");
    site.article(
        "2022/links.md",
        "title: روابط\ndate: 2022-02-02\ntags: [س]\nsummary: ملخص",
        "[مقال](/2022/01/31/دعوة-لتحرك-دولي-في-الحسكة-بعد-إحباط-مخطط/) [قسم](#تفاصيل) [خطأ](/no/such/page/) [مرساة](#لا-يوجد) [مرساة بعيدة](/2022/01/31/دعوة-لتحرك-دولي-في-الحسكة-بعد-إحباط-مخطط/#هجوم-ضخم) [مرساة بعيدة مفقودة](/tags/#nothing) [وسم](/tags/وسم-غير-موجود/) [يوم](/2021/03/04/) [خبر](/2022/01/31/خبر-غير-موجود/) [خارجي](https://example.org/x)\n\n## تفاصيل\n\n![](/images/map.png)\n",
    );
    let run = site.run(&["check", "--root", site.root.to_str().unwrap()]);
    assert_eq!(run.status, 1, "{}\n{}", run.stdout, run.stderr);
    let out = &run.stdout;
    assert!(
        out.contains("error: content/2022/links.md: link `/no/such/page/` resolves to nothing"),
        "{out}"
    );
    // What the address names says why it may be missing.
    for (link, why) in [
        ("/tags/وسم-غير-موجود/", "no tag has that address"),
        ("/2021/03/04/", "no article has that date"),
        ("/2022/01/31/خبر-غير-موجود/", "no article has that address"),
    ] {
        assert!(
            out.contains(&format!(
                "error: content/2022/links.md: link `{link}` resolves to nothing ({why})"
            )),
            "{out}"
        );
    }
    assert!(
        out.contains(
            "error: content/2022/links.md: link `#لا-يوجد` points to a missing anchor `#لا-يوجد`"
        ),
        "{out}"
    );
    assert!(out.contains("error: content/2022/links.md: link `/tags/#nothing` points to a missing anchor `#nothing`"), "{out}");
    assert!(
        out.contains("warning: content/2022/links.md: image `/images/map.png` has no alt text"),
        "{out}"
    );
    assert!(
        !out.contains("تفاصيل`"),
        "a valid anchor is not reported: {out}"
    );
    assert!(!out.contains("هجوم-ضخم"), "{out}");
    assert!(
        !out.lines()
            .filter(|l| !l.starts_with("warning: site.yaml: base_url"))
            .any(|l| l.contains("example.org")),
        "external links are not checked offline"
    );
    assert!(run.stderr.contains("checked: 6 errors"), "{}", run.stderr);
}

#[test]
fn a_missing_image_is_an_error_on_its_line() {
    let site = TestSite::fixture("basic");
    site.article(
        "2022/pic.md",
        "title: صورة\ndate: 2022-02-02\nsummary: ملخص",
        "فقرة.\n\n![خريطة](/missing.png)\n",
    );
    let run = site.run(&["check", "--root", site.root.to_str().unwrap()]);
    assert_eq!(run.status, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "content/2022/pic.md:9: image `/missing.png` not found (looked for static/missing.png)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn template_links_are_reported_once() {
    let site = TestSite::fixture("basic");
    site.write(
        "templates/partials/pager.html",
        "<a href=\"{{ site.base_path }}nowhere/\">x</a>",
    );
    let run = site.run(&["check", "--root", site.root.to_str().unwrap()]);
    assert_eq!(run.status, 1);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("nowhere"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(
        lines[0].starts_with("error: (theme templates): link `/nowhere/` resolves to nothing on "),
        "{}",
        lines[0]
    );
}

#[test]
fn future_dates_missing_tags_and_slug_collisions_are_warnings() {
    let site = TestSite::empty();
    site.article("a.md", "title: خبر\ndate: 2030-01-01", "نص");
    site.article(
        "b.md",
        "title: خبر\ndate: 2030-01-01T10:00:00Z\ntags: [x]\nsummary: s",
        "نص",
    );
    site.write("seeds/new.txt", "عنوان\n\nنص نشر في 3 مايو 2024.\n");
    site.write("seeds/empty.txt", "");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mujaz"))
        .args(["check", "--root", site.root.to_str().unwrap()])
        .env("MUJAZ_NOW", "2026-01-01T00:00:00Z")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("warning: content/a.md: scheduled: dated 2030-01-01 00:00 +00:00, in the future; the first build after then publishes it"),
        "{stdout}"
    );
    assert!(
        stdout.contains("warning: content/a.md: no tags"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "warning: content/b.md: slug `خبر` is taken; published at /2030/01/01/خبر-2/ instead"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("warning: seeds/new.txt: not imported yet"),
        "{stdout}"
    );
    // An empty seed: the words of the build's warning, not "run import".
    assert!(
        stdout.contains("warning: seeds/empty.txt: not imported: the file is empty"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("seeds/empty.txt: not imported yet"),
        "{stdout}"
    );
    assert!(
        !site.root.join("content/2024").exists(),
        "check imports nothing"
    );
}

#[test]
fn new_creates_an_article_and_refuses_to_overwrite() {
    let site = TestSite::empty();
    site.write("site.yaml", "timezone: Asia/Riyadh\n");
    let run_new = |title: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_mujaz"))
            .args(["new", title, "--root", site.root.to_str().unwrap()])
            .env("MUJAZ_NOW", "2026-11-23T21:30:00Z")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stdout, _) = run_new("زيارة رسمية إلى الحسكة");
    assert_eq!(code, Some(0));
    assert_eq!(stdout.trim(), "content/2026/11/زيارة-رسمية-إلى-الحسكة.md");
    let text = std::fs::read_to_string(site.root.join(stdout.trim())).unwrap();
    assert!(
        text.starts_with("---\ntitle: زيارة رسمية إلى الحسكة\ndate: 2026-11-24T00:30:00+03:00\n"),
        "{text}"
    );
    assert!(
        text.contains("slug: زيارة-رسمية-إلى-الحسكة\n")
            && text.contains("tags: []\n")
            && text.contains("summary: ''\n"),
        "{text}"
    );
    let (code, _, stderr) = run_new("زيارة رسمية إلى الحسكة");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("already exists"), "{stderr}");
    site.build(&[]).ok();
    assert!(site.exists("2026/11/24/زيارة-رسمية-إلى-الحسكة/index.html"));
}

#[test]
fn init_makes_a_site_that_builds_at_once_and_refuses_a_folder_in_use() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("my-news");
    let dir_s = dir.to_str().unwrap();
    let run = run_in(work.path(), &["init", dir_s]);
    run.ok();
    for f in [
        "site.yaml",
        "content/pages/about.md",
        "seeds/README.md",
        ".gitignore",
        ".github/workflows/deploy.yml",
        "netlify.toml",
        "deploy/nginx.conf",
        "deploy/nginx-subpath.conf",
        "deploy/s3-cloudfront.sh",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let run = run_in(work.path(), &["build", "--root", dir_s]);
    run.ok();
    // It builds cleanly, with one reminder: the address in site.yaml is
    // the placeholder to replace before it goes out.
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.contains("warn")).collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].contains("base_url `https://example.com/` is a placeholder"),
        "{}",
        run.stderr
    );
    let out = dir.join("output");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("أهلاً بكم في موجز"),
        "the example article is on the front"
    );
    assert!(out.join("about/index.html").is_file(), "the about page");
    assert!(
        out.join("sections/أخبار/index.html").is_file(),
        "its section"
    );
    // The seeds' README is notes for people, not a seed.
    let content: Vec<String> = common::tree(&dir.join("content")).into_keys().collect();
    assert_eq!(content.len(), 2, "{content:?}");
    // The example is dated in the site's time zone (Asia/Riyadh).
    let example = content.iter().find(|p| !p.starts_with("pages/")).unwrap();
    let text = std::fs::read_to_string(dir.join("content").join(example)).unwrap();
    let date = text.lines().find(|l| l.starts_with("date: ")).unwrap();
    assert!(date.ends_with("+03:00"), "{date}");
    // Nothing of the build's state is published.
    assert!(common::tree(&out).keys().all(|p| !p.starts_with('.')));
    // An English site, and a folder in use.
    let en = work.path().join("en");
    run_in(
        work.path(),
        &["init", en.to_str().unwrap(), "--language", "en"],
    )
    .ok();
    run_in(work.path(), &["build", "--root", en.to_str().unwrap()]).ok();
    assert!(
        std::fs::read_to_string(en.join("output/index.html"))
            .unwrap()
            .contains("lang=\"en\" dir=\"ltr\"")
    );
    let again = run_in(work.path(), &["init", dir_s]);
    assert_ne!(again.status, 0);
    assert!(again.stderr.contains("is not empty"), "{}", again.stderr);
}
