//! Photos: lead photos, body images, thumbnails, social cards and the
//! rendition cache, built by the binary on small sites whose photos each
//! test draws (with the `image` crate). See tests/README.md.

mod common;

use common::*;
use scraper::Html;
use std::collections::BTreeMap;
use std::path::Path;

/// A photo-like picture (no flat colours: encoders do real work).
fn draw(path: &Path, w: u32, h: u32, alpha: bool) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let px = |x: u32, y: u32| {
        [
            ((x * 7 + y * 3) % 256) as u8,
            ((x ^ y) % 256) as u8,
            ((x * y / 97) % 256) as u8,
        ]
    };
    if alpha {
        image::RgbaImage::from_fn(w, h, |x, y| {
            let [r, g, b] = px(x, y);
            image::Rgba([r, g, b, (x % 256) as u8])
        })
        .save(path)
        .unwrap();
    } else {
        image::RgbImage::from_fn(w, h, |x, y| image::Rgb(px(x, y)))
            .save(path)
            .unwrap();
    }
}

const LEAD: &str = "2026/03/03/قمة-الرياض/index.html";
const PLAIN: &str = "2026/03/02/خبر-بلا-صورة/index.html";
const MAP: &str = "2026/03/01/خريطة-المناطق/index.html";

/// Three articles: one with a lead photo beside it, one without (but with
/// a caption), one with an image in its body; a default image in static/.
fn photo_site() -> TestSite {
    let site = TestSite::empty();
    site.write(
        "site.yaml",
        "base_url: https://news.example/\nsearch: false\nimage: images/default.jpg\n",
    );
    draw(
        &site.root.join("content/2026/summit.jpg"),
        2000,
        1333,
        false,
    );
    draw(
        &site.root.join("static/images/default.jpg"),
        900,
        600,
        false,
    );
    draw(&site.root.join("content/2026/map.png"), 500, 300, true);
    site.article(
        "2026/summit.md",
        "title: قمة الرياض\ndate: 2026-03-03T08:00:00Z\nsection: سياسة\ntags: [قمة]\nimage: summit.jpg\nimage_alt: القادة في قاعة القمة\ncaption: صورة جماعية للقادة (واس)",
        "انطلقت القمة اليوم.",
    );
    site.article(
        "2026/plain.md",
        "title: خبر بلا صورة\ndate: 2026-03-02T08:00:00Z\nsection: سياسة\ncaption: تعليق لا صورة له",
        "نص الخبر.",
    );
    site.article(
        "2026/map.md",
        "title: خريطة المناطق\ndate: 2026-03-01T08:00:00Z",
        "فقرة أولى.\n\n![خريطة المناطق](map.png)\n\nفقرة ثانية.",
    );
    site
}

/// `(url, width descriptor)` of a `srcset`.
fn srcset(value: &str) -> Vec<(String, u32)> {
    value
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// Every file a `<picture>`'s `<source>` and `<img>` reference exists, is
/// in the format it says and is as wide as its descriptor, with the
/// photo's proportions (the `<img>`'s width and height).
fn check_picture(site: &TestSite, h: &Html, css: &str) -> (u32, u32) {
    let img = h
        .select(&sel(&format!("{css} img")))
        .next()
        .unwrap_or_else(|| panic!("no {css} img"));
    let v = img.value();
    let w: u32 = v.attr("width").unwrap().parse().unwrap();
    let hh: u32 = v.attr("height").unwrap().parse().unwrap();
    let webp = attrs(h, &format!("{css} source[type='image/webp']"), "srcset");
    let mut sets = vec![(v.attr("srcset").unwrap().to_string(), false)];
    sets.push((webp[0].clone(), true));
    for (set, is_webp) in sets {
        let candidates = srcset(&set);
        assert!(candidates.len() >= 2, "{set}");
        for (url, width) in candidates {
            let rel = url.strip_prefix('/').unwrap();
            let bytes = std::fs::read(site.out().join(rel))
                .unwrap_or_else(|e| panic!("{url} of {css}: {e}"));
            let format = image::guess_format(&bytes).unwrap();
            assert_eq!(format == image::ImageFormat::WebP, is_webp, "{url}");
            let pic = image::load_from_memory(&bytes).unwrap();
            assert_eq!(pic.width(), width, "{url}: resized to its descriptor");
            let want_h = (f64::from(hh) * f64::from(width) / f64::from(w)).round() as u32;
            assert!(
                pic.height().abs_diff(want_h) <= 1,
                "{url}: {}",
                pic.height()
            );
        }
    }
    (w, hh)
}

#[test]
fn a_lead_photo_has_renditions_its_size_and_a_social_card() {
    let site = photo_site();
    site.build(&[]).ok();
    let h = site.html(LEAD);
    // Under the headline, with its size (no layout shift), loaded first.
    assert_eq!(check_picture(&site, &h, "figure.lead-photo"), (2000, 1333));
    let img = h.select(&sel("figure.lead-photo img")).next().unwrap();
    assert_eq!(img.value().attr("fetchpriority"), Some("high"));
    assert_eq!(img.value().attr("loading"), None);
    assert_eq!(img.value().attr("alt"), Some("القادة في قاعة القمة"));
    assert_eq!(
        texts(&h, "figure.lead-photo figcaption"),
        ["صورة جماعية للقادة (واس)"]
    );
    // Four widths up to 1600, in WebP and JPEG.
    let webp = attrs(&h, "figure.lead-photo source", "srcset");
    let widths: Vec<u32> = srcset(&webp[0]).iter().map(|c| c.1).collect();
    assert_eq!(widths, [400, 800, 1200, 1600]);
    // The social card: absolute, 1200 px wide, a large-image card, and in
    // the JSON-LD.
    let og = attrs(&h, "meta[property='og:image']", "content");
    assert_eq!(og.len(), 1);
    assert!(
        og[0].starts_with("https://news.example/img/") && og[0].ends_with("/summit-1200.jpg"),
        "{og:?}"
    );
    assert_eq!(
        attrs(&h, "meta[property='og:image:width']", "content"),
        ["1200"]
    );
    assert_eq!(
        attrs(&h, "meta[property='og:image:height']", "content"),
        ["800"]
    );
    assert_eq!(
        attrs(&h, "meta[name='twitter:card']", "content"),
        ["summary_large_image"]
    );
    let page = site.read(LEAD);
    assert!(
        page.contains(&format!(r#""url":"{}""#, og[0])),
        "JSON-LD image"
    );
    // The original beside the article is published too, as it is.
    let folder = og[0]
        .trim_start_matches("https://news.example/")
        .rsplit_once('/')
        .unwrap()
        .0
        .to_string();
    assert_eq!(
        std::fs::read(site.out().join(format!("{folder}/summit.jpg"))).unwrap(),
        std::fs::read(site.root.join("content/2026/summit.jpg")).unwrap()
    );
}

#[test]
fn an_article_without_a_photo_gets_the_default_card_and_no_caption() {
    let site = photo_site();
    site.build(&[]).ok();
    let h = site.html(PLAIN);
    assert_eq!(h.select(&sel("figure, picture")).count(), 0);
    assert_eq!(
        h.select(&sel(".caption")).count(),
        0,
        "no caption without its photo"
    );
    let og = attrs(&h, "meta[property='og:image']", "content");
    assert!(og[0].ends_with("/default-900.jpg"), "{og:?}");
    assert_eq!(
        attrs(&h, "meta[property='og:image:width']", "content"),
        ["900"]
    );
    // The home page's card is the site's image too.
    let home = site.html("index.html");
    let og = attrs(&home, "meta[property='og:image']", "content");
    assert!(og[0].ends_with("/default-900.jpg"), "{og:?}");
}

#[test]
fn lists_show_thumbnails_and_the_front_page_a_lead_photo() {
    let site = photo_site();
    site.build(&[]).ok();
    let home = site.html("index.html");
    // The lead story (the newest) with its photo, loaded first.
    check_picture(&site, &home, ".lead .lead-photo");
    let lead = home.select(&sel(".lead .lead-photo img")).next().unwrap();
    assert_eq!(lead.value().attr("fetchpriority"), Some("high"));
    // Thumbnails in the section's, the tag's and the day's lists: lazy,
    // sized, decorative (the headline beside them says it all).
    for page in [
        "sections/سياسة/index.html",
        "tags/قمة/index.html",
        "2026/03/03/index.html",
    ] {
        let h = site.html(page);
        assert_eq!(
            check_picture(&site, &h, ".card .thumb"),
            (2000, 1333),
            "{page}"
        );
        let img = h.select(&sel(".card .thumb img")).next().unwrap();
        assert_eq!(img.value().attr("loading"), Some("lazy"), "{page}");
        assert_eq!(img.value().attr("alt"), Some(""), "{page}");
        // Only the article with a photo has a thumbnail.
        assert_eq!(h.select(&sel(".card .thumb")).count(), 1, "{page}");
    }
}

#[test]
fn body_images_get_renditions_and_keep_transparency() {
    let site = photo_site();
    site.build(&[]).ok();
    let h = site.html(MAP);
    assert_eq!(check_picture(&site, &h, ".body picture"), (500, 300));
    let img = h.select(&sel(".body picture img")).next().unwrap();
    assert_eq!(img.value().attr("loading"), Some("lazy"));
    assert_eq!(img.value().attr("alt"), Some("خريطة المناطق"));
    let src = img.value().attr("src").unwrap();
    assert!(
        src.ends_with("/map-500.png"),
        "a PNG fallback keeps transparency: {src}"
    );
}

fn cache(site: &TestSite) -> BTreeMap<String, std::time::SystemTime> {
    walkdir::WalkDir::new(site.root.join(".mujaz/cache/images"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect()
}

fn renditions(cache: &BTreeMap<String, std::time::SystemTime>) -> usize {
    cache
        .keys()
        .filter(|p| !p.ends_with("index.tsv") && !p.contains("/original."))
        .count()
}

#[test]
fn a_rebuild_with_unchanged_photos_encodes_nothing_and_is_identical() {
    let site = photo_site();
    site.build(&[]).ok();
    let first = site.tree();
    let cached = cache(&site);
    // Three photos: 8 + 6 + 4 renditions (2000, 900 and 500 px wide), and
    // a copy of each photo beside an article (published as it is).
    assert_eq!(renditions(&cached), 18, "{cached:#?}");
    assert_eq!(
        cached.keys().filter(|p| p.contains("/original.")).count(),
        2
    );
    let run = site.build(&[]);
    run.ok();
    assert_eq!(cache(&site), cached, "nothing re-encoded");
    // The photos' files are the cache's, linked: nothing was written.
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains("(0 written, "), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        let out: Vec<u64> = first
            .keys()
            .filter(|p| p.starts_with("img/"))
            .map(|p| ino(&site.out().join(p)))
            .collect();
        let kept: Vec<u64> = cached.keys().map(|p| ino(Path::new(p))).collect();
        assert_eq!(out.len(), 20);
        assert!(
            out.iter().all(|i| kept.contains(i)),
            "the output's photos are the cache's files"
        );
    }
    assert!(site.tree() == first, "same site");
    // A clean build (no cache) gives the same bytes.
    std::fs::remove_dir_all(site.root.join(".mujaz")).unwrap();
    std::fs::remove_dir_all(site.out()).unwrap();
    site.build(&[]).ok();
    assert!(site.tree() == first, "a clean build gives the same site");
    // A changed photo is encoded again, at its new address; the old
    // renditions leave the cache and the site.
    draw(&site.root.join("content/2026/summit.jpg"), 1000, 700, false);
    site.build(&[]).ok();
    let h = site.html(LEAD);
    assert_eq!(check_picture(&site, &h, "figure.lead-photo"), (1000, 700));
    let now = cache(&site);
    assert_eq!(renditions(&now), 6 + 6 + 4);
    let old: Vec<&String> = first
        .keys()
        .filter(|p| p.ends_with("summit-1600.jpg"))
        .collect();
    assert_eq!(old.len(), 1);
    assert!(!site.exists(old[0]));
}

#[test]
fn a_missing_photo_is_an_error_naming_the_article_and_line() {
    let site = photo_site();
    site.build(&[]).ok();
    let before = site.tree();
    site.article(
        "2026/broken.md",
        "title: خبر\ndate: 2026-03-04T08:00:00Z\nimage: nope.jpg",
        "نص.",
    );
    site.article(
        "2026/body.md",
        "title: خبر آخر\ndate: 2026-03-04T09:00:00Z",
        "فقرة.\n\n![صورة](/images/missing.png)",
    );
    let run = site.build(&[]);
    assert_ne!(run.status, 0);
    assert!(
        run.stderr
            .contains("content/2026/broken.md:4: bad `image`: image `nope.jpg` not found"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("looked for content/2026/nope.jpg"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/2026/body.md:8: image `/images/missing.png` not found"),
        "{}",
        run.stderr
    );
    assert!(
        site.tree() == before,
        "a failed build leaves the output as it was"
    );
}

#[test]
fn a_scheduled_articles_photo_is_not_published() {
    let site = photo_site();
    draw(&site.root.join("content/2026/embargo.jpg"), 800, 500, false);
    site.article(
        "2026/embargo.md",
        "title: خبر محظور\ndate: 2026-04-01T08:00:00Z\nimage: embargo.jpg",
        "لم يحن وقته.",
    );
    site.build_at("2026-03-10T00:00:00Z", &[]).ok();
    assert!(
        !site.tree().keys().any(|p| p.contains("embargo")),
        "no file of the scheduled article"
    );
    site.build_at("2026-04-02T00:00:00Z", &[]).ok();
    assert!(site.tree().keys().any(|p| p.ends_with("/embargo-800.webp")));
}

#[test]
fn a_photo_removed_after_a_build_is_an_error_naming_its_article() {
    // The articles come from the content cache on the second build: their
    // photos are looked for again, and one that is gone is the error a
    // first build would give.
    let site = photo_site();
    site.build(&[]).ok();
    let before = site.tree();
    std::fs::remove_file(site.root.join("content/2026/summit.jpg")).unwrap();
    std::fs::remove_file(site.root.join("content/2026/map.png")).unwrap();
    let run = site.build(&[]);
    assert_ne!(run.status, 0);
    assert!(
        run.stderr
            .contains("content/2026/summit.md:6: bad `image`: image `summit.jpg` not found"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/2026/map.md:8: image `map.png` not found"),
        "{}",
        run.stderr
    );
    assert!(site.tree() == before, "the output is as it was");
}
