//! Builds under hostile conditions: killed at any moment, run twice at
//! once, with symlinks planted in the output folder.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A site of `n` articles whose bodies say `word`.
fn site_of(n: usize, word: &str) -> TestSite {
    let site = TestSite::empty();
    site.write(
        "site.yaml",
        "base_url: https://news.example.org/\nsearch: false\n",
    );
    write_articles(&site, n, word);
    site
}

fn write_articles(site: &TestSite, n: usize, word: &str) {
    for i in 0..n {
        site.article(
            &format!("2024/a{i}.md"),
            &format!(
                "title: \"خبر رقم {i}\"\ndate: 2024-0{}-{:02}\ntags: [وسم{}]",
                1 + i % 9,
                1 + i % 28,
                i % 7
            ),
            &format!("نص الخبر {i} يقول {word} مرة بعد مرة في فقرة طويلة."),
        );
    }
}

/// The output tree without the files the test itself planted.
fn snapshot(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    site.tree()
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let site = site_of(400, "قديم");
    site.build(&[]).ok();
    let old = snapshot(&site);
    // The new site, built elsewhere from the same edited content.
    // (Timed as the killed builds will run: from the old site to the new.)
    let other = site_of(400, "قديم");
    other.build(&[]).ok();
    write_articles(&other, 400, "جديد");
    let timer = Instant::now();
    other.build(&[]).ok();
    let took = timer.elapsed();
    let new: BTreeMap<String, Vec<u8>> = other.tree();
    assert_ne!(old, new);
    write_articles(&site, 400, "جديد");

    let mut outcomes = (0, 0);
    for k in 0..12 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mujaz"))
            .args(["build", "--root", site.root.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill it somewhere between its start and (a little past) its end.
        let delay = took.mul_f64(0.2 + 0.15 * k as f64);
        let start = Instant::now();
        while start.elapsed() < delay {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = snapshot(&site);
        if now == old {
            outcomes.0 += 1;
        } else if now == new {
            outcomes.1 += 1;
        } else {
            let mixed: Vec<&String> = now
                .iter()
                .filter(|(p, b)| old.get(*p) != Some(*b))
                .map(|(p, _)| p)
                .take(5)
                .collect();
            panic!("after a kill at {delay:?} the site is neither old nor new: {mixed:?}");
        }
        if now == new {
            // Start over from the old site for the next kill.
            write_articles(&site, 400, "قديم");
            site.build(&[]).ok();
            assert_eq!(snapshot(&site), old);
            write_articles(&site, 400, "جديد");
        }
    }
    // The next build finishes and removes what killed builds left beside output/.
    site.build(&[]).ok();
    assert_eq!(snapshot(&site), new);
    let leftovers: Vec<String> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("mujaz-staging") || n.contains("mujaz-old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    eprintln!(
        "kills: {} left the old site, {} the new one",
        outcomes.0, outcomes.1
    );
}

/// Publish one article and withdraw another: files replaced, added and
/// removed, few enough to be moved into the output folder in place.
fn publish(site: &TestSite) {
    site.article(
        "2024/new.md",
        "title: \"خبر جديد\"\ndate: 2024-09-30\ntags: [وسم1]",
        "نص الخبر الجديد.",
    );
    site.remove("content/2024/a5.md");
}

fn unpublish(site: &TestSite, n: usize) {
    site.remove("content/2024/new.md");
    write_articles(site, n, "نص");
}

#[test]
fn a_publish_killed_while_its_files_move_in_is_undone_by_the_next_build() {
    let site = site_of(120, "نص");
    site.build(&[]).ok();
    let old = snapshot(&site);
    let root = site.root.to_str().unwrap().to_string();
    for moves in ["1", "2", "5"] {
        publish(&site);
        let run = run_with(
            &site.root,
            &["build", "--root", &root],
            &[("MUJAZ_TEST_DIE_AFTER_MOVES", moves)],
        );
        assert_ne!(run.status, 0, "stopped after {moves} moves");
        assert_ne!(snapshot(&site), old, "part of the change was in place");
        // The next build undoes it before anything else: with the content
        // as it was, it finds every file as it was and writes none.
        unpublish(&site, 120);
        let run = site.build(&[]);
        run.ok();
        assert!(
            run.stderr.contains("undoing the unfinished commit"),
            "{}",
            run.stderr
        );
        let said = format!("{}{}", run.stdout, run.stderr);
        assert!(said.contains("(0 written, "), "{said}");
        assert!(said.contains(", 0 removed)"), "{said}");
        assert_eq!(snapshot(&site), old);
        let leftovers: Vec<String> = std::fs::read_dir(&site.root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".output.") && n != ".output.mujaz-manifest")
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
    // Finished, an in-place publish leaves the site a clean build makes.
    publish(&site);
    let run = run_with(
        &site.root,
        &["build", "--root", &root],
        &[("RUST_LOG", "mujaz=debug")],
    );
    run.ok();
    assert!(run.stderr.contains("in place"), "{}", run.stderr);
    let clean = site_of(120, "نص");
    publish(&clean);
    clean.build(&[]).ok();
    assert_eq!(snapshot(&site), clean.tree());
}

#[test]
fn two_builds_at_once_take_turns() {
    let site = site_of(300, "نص");
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_mujaz"))
            .args(["build", "--root", site.root.to_str().unwrap()])
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let a = spawn();
    let b = spawn();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success() && b.status.success());
    let err = format!(
        "{}{}",
        String::from_utf8_lossy(&a.stderr),
        String::from_utf8_lossy(&b.stderr)
    );
    // Both finished; the site is whole and matches a build on its own.
    let together = site.tree();
    site.build(&[]).ok();
    assert_eq!(site.tree(), together, "{err}");
}

#[test]
fn the_lock_makes_a_second_build_wait_for_the_first() {
    let site = site_of(5, "نص");
    // Hold the site's lock as another mujaz would.
    let lock_path = site.root.join(".mujaz/lock");
    std::fs::create_dir_all(lock_path.parent().unwrap()).unwrap();
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap();
    f.lock().unwrap();
    std::fs::write(&lock_path, "pid 4242").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mujaz"))
        .args(["build", "--root", site.root.to_str().unwrap()])
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(child.try_wait().unwrap().is_none(), "the build waits");
    assert!(!site.out().exists(), "and writes nothing while it waits");
    drop(f); // the other mujaz is done
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("waiting for another mujaz (pid 4242)"),
        "{err}"
    );
    assert!(site.out().join("index.html").exists());
}

#[cfg(unix)]
#[test]
fn symlinks_planted_in_the_output_lead_nowhere() {
    let site = site_of(3, "نص");
    site.build(&[]).ok();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("index.html"), "OUTSIDE").unwrap();
    std::fs::write(outside.path().join("precious.txt"), "KEEP").unwrap();
    // A folder the build wrote, replaced by a link to a folder outside.
    let page = site.out().join("tags");
    std::fs::remove_dir_all(&page).unwrap();
    std::os::unix::fs::symlink(outside.path(), &page).unwrap();
    // And a folder of a page that will go away, linked outside too.
    site.remove("content/2024/a2.md");
    let gone = site.out().join("2024/03/03");
    std::fs::remove_dir_all(&gone).unwrap();
    std::os::unix::fs::symlink(outside.path(), &gone).unwrap();
    site.build(&[]).ok();
    assert_eq!(
        std::fs::read_to_string(outside.path().join("index.html")).unwrap(),
        "OUTSIDE",
        "nothing written through the link"
    );
    assert_eq!(
        std::fs::read_to_string(outside.path().join("precious.txt")).unwrap(),
        "KEEP",
        "nothing removed through the link"
    );
    assert!(
        site.out().join("tags/index.html").is_file() && !site.out().join("tags").is_symlink(),
        "the build made its own folder"
    );
}

#[test]
fn control_characters_never_reach_a_page_or_a_feed() {
    let site = TestSite::empty();
    site.write(
        "site.yaml",
        "base_url: https://news.example.org/\nsearch: false\n",
    );
    site.article(
        "2024/ctl.md",
        "title: \"عنوان\u{1}فيه\u{8}تحكم\u{1b}\"\ndate: 2024-05-01\ntags: [\"وسم\u{7}\"]\nsummary: \"ملخص\u{c}هنا\u{85}\"",
        "نص\u{0}فيه\u{1f}محارف\u{b}تحكم.",
    );
    site.build(&[]).ok();
    for (path, bytes) in site.tree() {
        if !(path.ends_with(".xml") || path.ends_with(".html")) {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let bad: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        assert!(bad.is_empty(), "{path} carries {bad:?}");
    }
    for feed in ["atom.xml", "rss.xml"] {
        let f = feed_rs::parser::parse(site.read(feed).as_bytes())
            .unwrap_or_else(|e| panic!("{feed}: {e}"));
        assert_eq!(f.entries[0].title.as_ref().unwrap().content, "عنوانفيهتحكم");
    }
}

#[test]
fn raw_html_in_articles_is_cleaned_and_check_names_the_line() {
    let site = TestSite::empty();
    site.write(
        "site.yaml",
        "base_url: https://news.example.org/\nsearch: false\n",
    );
    site.write("static/a.png", "png");
    site.article(
        "2024/html.md",
        "title: \"خبر فيه HTML\"\ndate: 2024-05-01\ntags: [اختبار]\nsummary: ملخص",
        "فقرة أولى.\n\n<figure><img src=\"/a.png\" alt=\"صورة\"><figcaption>شرح</figcaption></figure>\n\n<script>steal()</script>\n\nنص <a href=\"javascript:alert(1)\" onclick=\"x()\">رابط</a> و<sup dir=\"ltr\">2</sup>.\n\n<iframe src=\"https://evil.example/\"></iframe>\n",
    );
    site.build(&[]).ok();
    let page = site.read("2024/05/01/خبر-فيه-html/index.html");
    for gone in [
        "steal()",
        "javascript:",
        "onclick",
        "<iframe",
        "evil.example",
    ] {
        assert!(!page.contains(gone), "{gone} published");
    }
    for kept in [
        "<figure>",
        "<figcaption>شرح</figcaption>",
        "<sup dir=\"ltr\">2</sup>",
        "رابط",
    ] {
        assert!(page.contains(kept), "{kept} lost");
    }
    let check = site.run(&["check", "--root", site.root.to_str().unwrap()]);
    let out = format!("{}{}", check.stdout, check.stderr);
    for want in [
        "content/2024/html.md:12: raw HTML: the `<script>` element and its content was removed",
        "content/2024/html.md:14: raw HTML: the `onclick` attribute of `<a>` was removed",
        "content/2024/html.md:14: raw HTML: the `javascript:` address of `<a href>` was removed",
        "content/2024/html.md:16: raw HTML: the `<iframe>` element and its content was removed",
    ] {
        assert!(out.contains(want), "{want}\nnot in:\n{out}");
    }
    // A site that trusts its writers opts out.
    site.write(
        "site.yaml",
        "base_url: https://news.example.org/\nsearch: false\nunsafe_html: true\n",
    );
    site.build(&[]).ok();
    let page = site.read("2024/05/01/خبر-فيه-html/index.html");
    assert!(page.contains("<script>steal()</script>"));
}
