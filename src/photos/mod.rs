//! Photos: the image files content points at → resized renditions.
//!
//! Takes the images an article names (its `image:`, the images of Markdown
//! bodies, the site's default `image:`), each found beside the content file
//! that names it or under `static/`; gives for each a [`Photo`]: its size
//! and the renditions pages reference (several widths, each as WebP and as a
//! JPEG or PNG fallback), then the files of those renditions for the output
//! ([`Library::write`]). Encoding happens once per photo and settings: the
//! renditions are kept in the site's cache (`.mujaz/cache/images/`, never
//! published), keyed by the source's content hash (BLAKE3) and the
//! rendition settings, so a rebuild with unchanged photos decodes and
//! encodes nothing. Sources are decoded with `image` (EXIF orientation
//! applied, size limits against decompression bombs), resized with
//! `fast_image_resize` (Lanczos3) and encoded with libwebp (`webp`),
//! `jpeg-encoder` and `image`'s PNG encoder, photos in parallel (rayon).

mod cache;
mod codec;

use crate::config::Config;
use crate::fsx;
use crate::output::Sink;
use crate::paths;
use anyhow::Result;
use cache::Known;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The widths of the renditions (those narrower than the photo, and the
/// photo's own width when it is narrower than the widest).
pub(crate) const WIDTHS: [u32; 4] = [400, 800, 1200, 1600];
/// The width of the social-card image (`og:image`).
pub(crate) const OG_WIDTH: u32 = 1200;
/// Names the settings above in the cache: change it with them.
const SETTINGS: &str = "v2-lanczos3-webp75-jpeg80-420";
/// Photos larger than this on either side are refused.
pub(crate) const MAX_SIDE: u32 = 16_384;

/// Files that get renditions; other images (`.gif`, `.svg`…) are copied as
/// they are.
const RASTER: [&str; 4] = ["jpg", "jpeg", "png", "webp"];
/// Every image file a content file may name.
const IMAGE_EXTENSIONS: [&str; 8] = ["jpg", "jpeg", "png", "webp", "gif", "svg", "avif", "bmp"];

/// An encoding of a rendition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Format {
    Webp,
    Jpeg,
    Png,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    /// The MIME type, for `<source type>` and `og:image:type`.
    pub(crate) fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }
}

/// One resized file of a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rendition {
    /// Its path under the output folder (`img/<hash>/<name>-800.webp`).
    pub(crate) path: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) format: Format,
}

/// An image file content points at, and what the site makes of it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Photo {
    /// The file as the user would type it (`content/a/b.jpg`), for messages.
    pub(crate) shown: String,
    source: PathBuf,
    /// Hex BLAKE3 of the file's bytes (its first 16 bytes).
    hash: String,
    /// Its size as shown (after the EXIF orientation).
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// The fallback encoding: PNG when the photo has transparency.
    pub(crate) fallback: Format,
    /// Narrowest first, WebP and fallback at each width; empty for images
    /// that are copied as they are.
    pub(crate) renditions: Vec<Rendition>,
    /// Its path under the output folder, as it is (published for files
    /// beside articles; `static/` files are published already).
    pub(crate) original: String,
    /// Whether the build must copy the original (not from `static/`).
    copy_original: bool,
}

impl Photo {
    /// Hex BLAKE3 of the file's bytes (its first 16 bytes).
    pub(crate) fn hash(&self) -> &str {
        &self.hash
    }

    /// Its files under the output folder: the renditions, and the original
    /// when the build copies it.
    pub(crate) fn files(&self) -> impl Iterator<Item = &str> {
        self.renditions
            .iter()
            .map(|r| r.path.as_str())
            .chain(self.copy_original.then_some(self.original.as_str()))
    }

    /// The renditions in `format`, narrowest first.
    pub(crate) fn in_format(&self, format: Format) -> impl Iterator<Item = &Rendition> {
        self.renditions.iter().filter(move |r| r.format == format)
    }

    /// The fallback rendition nearest to `width` (at least as wide when
    /// there is one), or `None` for an image copied as it is.
    pub(crate) fn fallback_near(&self, width: u32) -> Option<&Rendition> {
        let all: Vec<&Rendition> = self.in_format(self.fallback).collect();
        all.iter()
            .find(|r| r.width >= width)
            .or(all.last())
            .copied()
    }

    /// The file of the `<img>`'s `src`: the fallback near 800 px, or the
    /// image as it is.
    pub(crate) fn src(&self) -> &str {
        self.fallback_near(800)
            .map_or(self.original.as_str(), |r| r.path.as_str())
    }

    /// The image for social cards: the fallback at [`OG_WIDTH`] (or the
    /// widest there is), or the original.
    pub(crate) fn og(&self) -> (String, u32, u32, &'static str) {
        match self.fallback_near(OG_WIDTH) {
            Some(r) => (r.path.clone(), r.width, r.height, r.format.mime()),
            None => (
                self.original.clone(),
                self.width,
                self.height,
                mime_of(&self.original),
            ),
        }
    }

    /// `url 400w, url 800w` for `srcset`, with `url_of` making each URL.
    pub(crate) fn srcset(&self, format: Format, url_of: &dyn Fn(&str) -> String) -> String {
        self.in_format(format)
            .map(|r| format!("{} {}w", url_of(&r.path), r.width))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The `<picture>` of this photo (a plain `<img>` for an image copied
    /// as it is), with `alt` and `title` already escaped for an attribute.
    /// Lazy unless `eager` (the lead photo: `fetchpriority="high"`).
    pub(crate) fn html(
        &self,
        url_of: &dyn Fn(&str) -> String,
        alt: &str,
        title: &str,
        sizes: &str,
        eager: bool,
    ) -> String {
        let loading = if eager {
            " fetchpriority=\"high\""
        } else {
            " loading=\"lazy\""
        };
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{title}\"")
        };
        let src = url_of(self.src());
        if self.renditions.is_empty() {
            return format!(
                "<img src=\"{src}\" alt=\"{alt}\"{title} width=\"{}\" height=\"{}\"{loading} decoding=\"async\">",
                self.width, self.height
            );
        }
        format!(
            "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\"><img src=\"{src}\" srcset=\"{}\" sizes=\"{sizes}\" alt=\"{alt}\"{title} width=\"{}\" height=\"{}\"{loading} decoding=\"async\"></picture>",
            self.srcset(Format::Webp, url_of),
            self.srcset(self.fallback, url_of),
            self.width,
            self.height
        )
    }
}

fn mime_of(path: &str) -> &'static str {
    match extension(path).as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "avif" => "image/avif",
        _ => "application/octet-stream",
    }
}

fn extension(path: &str) -> String {
    Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether `path` is an image file (by its extension).
pub(crate) fn is_image_file(path: &Path) -> bool {
    IMAGE_EXTENSIONS.contains(&extension(&path.to_string_lossy()).as_str())
}

/// Whether a link or image address names a file of the site (not another
/// site, a fragment or inline data).
pub(crate) fn is_local(src: &str) -> bool {
    let s = src.trim();
    !s.is_empty() && !s.starts_with('#') && !paths::is_external(s)
}

/// The photos of one site: found on demand while content loads (from many
/// threads), then written once.
pub(crate) struct Library {
    content_dir: PathBuf,
    /// The site's `static/`, then its theme's.
    static_dirs: Vec<PathBuf>,
    cache_dir: PathBuf,
    /// The file shown in messages is relative to this (the site root).
    root: PathBuf,
    /// Hashes and sizes of files read by earlier builds (`index.tsv`).
    known: HashMap<PathBuf, Known>,
    /// Every photo asked for, by its canonical path.
    photos: Mutex<BTreeMap<PathBuf, Result<Arc<Photo>, String>>>,
    /// Photos whose files were handed to a sink already (serve).
    written: Mutex<HashSet<String>>,
    /// Hashes read by this run, not in `known` yet: saved by `write`.
    fresh: Mutex<HashMap<PathBuf, Known>>,
}

/// What [`Library::write`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Written {
    /// Photos whose renditions were made (the others came from the cache).
    pub(crate) encoded: usize,
    /// Files handed to the sink.
    pub(crate) files: usize,
}

impl Library {
    /// The photos of the site `cfg` describes (none found yet).
    pub(crate) fn new(cfg: &Config) -> Library {
        let theme = cfg.root.join("themes").join(&cfg.yaml.theme);
        let mut static_dirs = vec![cfg.root.join("static")];
        if theme.is_dir() {
            static_dirs.push(theme.join("static"));
        }
        Library::at(&cfg.root, cfg.content_dir.clone(), static_dirs)
    }

    /// The photos of the site at `root`, found in `content_dir` and the
    /// `static_dirs`.
    pub(crate) fn at(root: &Path, content_dir: PathBuf, static_dirs: Vec<PathBuf>) -> Library {
        let cache_dir = fsx::cache_dir(root, "images");
        Library {
            content_dir,
            static_dirs,
            known: cache::read_index(&cache_dir.join("index.tsv")),
            cache_dir,
            root: root.to_path_buf(),
            photos: Mutex::new(BTreeMap::new()),
            written: Mutex::new(HashSet::new()),
            fresh: Mutex::new(HashMap::new()),
        }
    }

    /// The image `src` names, as written in the content file `doc` (a path
    /// relative to `content/`): beside `doc` first, then under `static/`
    /// (`/images/a.jpg` and `images/a.jpg` alike). `None` for addresses of
    /// other sites; an error when it names a file that is not there or not
    /// an image.
    pub(crate) fn find(&self, doc: &str, src: &str) -> Option<Result<Arc<Photo>, String>> {
        if !is_local(src) {
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(src.trim())
            .decode_utf8_lossy()
            .into_owned();
        // `a.jpg?v=2#x`: the file is `a.jpg`.
        let file = decoded
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_string();
        let mut candidates = Vec::new();
        if !file.starts_with('/') {
            let dir = Path::new(doc).parent().unwrap_or(Path::new(""));
            if let Some(rel) = normalise(&dir.join(&file)) {
                candidates.push((self.content_dir.join(rel), true));
            }
        }
        if let Some(rel) = normalise(Path::new(file.trim_start_matches('/'))) {
            for d in &self.static_dirs {
                candidates.push((d.join(&rel), false));
            }
        }
        let Some((path, beside)) = candidates.iter().find(|(p, _)| p.is_file()) else {
            let looked: Vec<String> = candidates.iter().map(|(p, _)| self.shown(p)).collect();
            return Some(Err(if looked.is_empty() {
                format!("image `{src}` is outside the site")
            } else {
                format!(
                    "image `{src}` not found (looked for {})",
                    looked.join(" and ")
                )
            }));
        };
        if !is_image_file(Path::new(&file)) {
            return Some(Err(format!(
                "`{src}` is not an image (use .jpg, .png, .webp, .gif, .svg or .avif)"
            )));
        }
        Some(self.photo(path, *beside))
    }

    /// [`Library::find`] for an address that must name a file of the site
    /// (a front matter's or site.yaml's `image:`).
    pub(crate) fn file(&self, doc: &str, src: &str) -> Result<Arc<Photo>, String> {
        self.find(doc, src).unwrap_or_else(|| {
            Err(format!(
                "`{src}` is not a file of the site (put the photo beside the article or under static/)"
            ))
        })
    }

    /// The photo at `path` (read once however many pages use it).
    fn photo(&self, path: &Path, beside: bool) -> Result<Arc<Photo>, String> {
        if let Some(p) = self.lock().get(path) {
            return p.clone();
        }
        let made = self.read(path, beside).map(Arc::new);
        self.lock().insert(path.to_path_buf(), made.clone());
        made
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<PathBuf, Result<Arc<Photo>, String>>> {
        self.photos.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    /// Hash the file and read its size (or take both from the index when
    /// the file's length and time did not change), and plan its renditions.
    fn read(&self, path: &Path, beside: bool) -> Result<Photo, String> {
        let shown = self.shown(path);
        let meta = std::fs::metadata(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        let ext = extension(&path.to_string_lossy());
        let raster = RASTER.contains(&ext.as_str());
        let known = match self.known.get(path) {
            Some(k) if k.len == meta.len() && k.modified == modified => k.clone(),
            _ => {
                let bytes =
                    std::fs::read(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
                let hash = blake3::hash(&bytes).to_hex()[..32].to_string();
                let (width, height, alpha) = if raster {
                    codec::header(&bytes)
                        .map_err(|e| format!("`{shown}` is not a readable image: {e}"))?
                } else {
                    let s = imagesize::blob_size(&bytes)
                        .map_err(|e| format!("`{shown}` is not a readable image: {e}"))?;
                    (s.width as u32, s.height as u32, true)
                };
                Known {
                    len: meta.len(),
                    modified,
                    hash,
                    width,
                    height,
                    alpha,
                }
            }
        };
        if known.width == 0 || known.height == 0 {
            return Err(format!("`{shown}` has no pixels"));
        }
        if known.width > MAX_SIDE || known.height > MAX_SIDE {
            return Err(format!(
                "`{shown}` is {}×{} px; photos may be at most {MAX_SIDE} px on a side",
                known.width, known.height
            ));
        }
        let name = file_name(path);
        let folder = &known.hash[..16];
        let fallback = if known.alpha && ext != "jpg" && ext != "jpeg" {
            Format::Png
        } else {
            Format::Jpeg
        };
        let mut renditions = Vec::new();
        if raster {
            for w in widths(known.width) {
                let h = ((u64::from(known.height) * u64::from(w) + u64::from(known.width) / 2)
                    / u64::from(known.width))
                .max(1) as u32;
                for format in [Format::Webp, fallback] {
                    renditions.push(Rendition {
                        path: paths::photo(folder, &name.0, Some(w), format.ext()),
                        width: w,
                        height: h,
                        format,
                    });
                }
            }
        }
        let original = if beside {
            paths::photo(folder, &name.0, None, &name.1)
        } else {
            let rel = self
                .static_dirs
                .iter()
                .find_map(|d| path.strip_prefix(d).ok())
                .unwrap_or(path);
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        };
        if self.known.get(path) != Some(&known) {
            let mut fresh = self.fresh.lock().unwrap_or_else(|e| e.into_inner());
            fresh.insert(path.to_path_buf(), known.clone());
        }
        Ok(Photo {
            shown,
            source: path.to_path_buf(),
            hash: known.hash.clone(),
            width: known.width,
            height: known.height,
            fallback,
            renditions,
            original,
            copy_original: beside,
        })
    }

    /// Make the renditions of `photos` the cache lacks (photos in
    /// parallel), then hand their files to `sink`: renditions, and the
    /// originals of photos beside articles. With `whole` (`photos` are all
    /// the site's), cached renditions of other photos are removed; without
    /// it, only the photos no earlier call handed over are written (serve,
    /// after an edit). Fails with the errors of every photo that cannot be
    /// decoded, naming its file.
    pub(crate) fn write(
        &self,
        photos: &[Arc<Photo>],
        sink: &dyn Sink,
        whole: bool,
    ) -> Result<Written> {
        let mut photos: Vec<Arc<Photo>> = photos.to_vec();
        photos.sort_by(|a, b| a.source.cmp(&b.source));
        photos.dedup_by(|a, b| a.source == b.source);
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let todo: Vec<&Arc<Photo>> = photos
            .iter()
            .filter(|p| whole || !written.contains(&p.original))
            .collect();
        let settings_dir = self.cache_dir.join(SETTINGS);
        // One encoding per hash: two files with the same bytes share their
        // renditions (and must not write them at the same time).
        let mut hashes = HashSet::new();
        let encoded: Vec<Result<bool, String>> = todo
            .iter()
            .filter(|p| hashes.insert(p.hash.as_str()))
            .collect::<Vec<_>>()
            .par_iter()
            .map(|p| codec::make(p, &settings_dir))
            .collect();
        let mut errors = Vec::new();
        let mut report = Written::default();
        for r in encoded {
            match r {
                Ok(true) => report.encoded += 1,
                Ok(false) => {}
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(crate::many_errors(errors));
        }
        // Two files with the same bytes and name are one set of files. The
        // files are linked from the cache (nothing is read or copied): the
        // cache never changes a file in place, and keeps a copy of each
        // original beside its renditions, since the photo itself may be
        // edited in place.
        let mut paths = HashSet::new();
        for p in &todo {
            let dir = settings_dir.join(&p.hash);
            for r in &p.renditions {
                if paths.insert(r.path.clone()) {
                    sink.put_kept(r.path.clone(), &cache::rendition(&dir, r))?;
                    report.files += 1;
                }
            }
            if p.copy_original && paths.insert(p.original.clone()) {
                let kept = dir.join(format!("original.{}", extension(&p.original)));
                cache::keep_copy(&p.source, &kept)?;
                sink.put_kept(p.original.clone(), &kept)?;
                report.files += 1;
            }
            written.insert(p.original.clone());
        }
        self.save_index(&photos)?;
        if whole {
            let used: HashSet<&str> = photos.iter().map(|p| p.hash.as_str()).collect();
            cache::prune(&self.cache_dir, &used)?;
        }
        Ok(report)
    }

    /// Keep the hashes of the photos of this build for the next one.
    fn save_index(&self, photos: &[Arc<Photo>]) -> Result<()> {
        let fresh = self.fresh.lock().unwrap_or_else(|e| e.into_inner());
        let mut index: BTreeMap<&Path, &Known> = BTreeMap::new();
        for p in photos {
            if let Some(k) = fresh.get(&p.source).or_else(|| self.known.get(&p.source)) {
                index.insert(&p.source, k);
            }
        }
        cache::write_index(&self.cache_dir.join("index.tsv"), &index)
    }
}

/// `a/./b/../c.jpg` → `a/c.jpg`; `None` when it climbs out of its folder.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// The widths of a photo `width` px wide.
fn widths(width: u32) -> Vec<u32> {
    let mut ws: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    if width <= WIDTHS[WIDTHS.len() - 1] {
        ws.push(width);
    }
    ws
}

/// A file name safe in a URL and a `srcset` (no spaces or commas): letters
/// of any script, digits, `-` and `_`; and the extension, lower case.
fn file_name(path: &Path) -> (String, String) {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut name = String::new();
    for c in stem.chars() {
        if c.is_alphanumeric() || c == '_' {
            name.push(c);
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_matches('-').chars().take(60).collect::<String>();
    let name = if name.is_empty() {
        "image".into()
    } else {
        name
    };
    (name, extension(&path.to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Memory;

    fn site() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/2024")).unwrap();
        std::fs::create_dir_all(root.join("static/images")).unwrap();
        image::RgbImage::from_fn(2000, 1333, |x, y| {
            image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8])
        })
        .save(root.join("content/2024/photo one.jpg"))
        .unwrap();
        image::RgbaImage::from_fn(300, 200, |x, _| image::Rgba([200, 0, 0, (x % 256) as u8]))
            .save(root.join("static/images/logo.png"))
            .unwrap();
        let lib = Library::at(root, root.join("content"), vec![root.join("static")]);
        (dir, lib)
    }

    #[test]
    fn renditions_are_planned_at_the_widths_the_photo_has() {
        assert_eq!(widths(2000), [400, 800, 1200, 1600]);
        assert_eq!(widths(1000), [400, 800, 1000]);
        assert_eq!(widths(1600), [400, 800, 1200, 1600]);
        assert_eq!(widths(120), [120]);
        assert_eq!(file_name(Path::new("a/Photo One, 2.JPG")).0, "Photo-One-2");
        assert_eq!(file_name(Path::new("a/صورة الحدث.jpg")).0, "صورة-الحدث");
        assert_eq!(file_name(Path::new("a/!!.jpg")).0, "image");
        assert_eq!(
            normalise(Path::new("a/./b/../c.jpg")),
            Some(PathBuf::from("a/c.jpg"))
        );
        assert_eq!(normalise(Path::new("a/../../c.jpg")), None);
        for local in ["a.jpg", "/images/a.jpg", "../a.jpg", "صورة.jpg"] {
            assert!(is_local(local), "{local}");
        }
        for other in [
            "https://x/a.jpg",
            "//cdn/a.jpg",
            "data:image/png;base64,x",
            "#x",
            "",
        ] {
            assert!(!is_local(other), "{other}");
        }
    }

    #[test]
    fn a_photo_is_found_beside_its_article_or_under_static() {
        let (_dir, lib) = site();
        let beside = lib.find("2024/a.md", "photo%20one.jpg").unwrap().unwrap();
        assert_eq!((beside.width, beside.height), (2000, 1333));
        assert_eq!(beside.fallback, Format::Jpeg);
        assert!(
            beside.original.ends_with("/photo-one.jpg"),
            "{}",
            beside.original
        );
        let r: Vec<(u32, u32, Format)> = beside
            .renditions
            .iter()
            .map(|r| (r.width, r.height, r.format))
            .collect();
        assert_eq!(r[..2], [(400, 267, Format::Webp), (400, 267, Format::Jpeg)]);
        assert_eq!(r.len(), 8);
        assert_eq!(beside.og().1, OG_WIDTH);
        // Transparency keeps a PNG fallback; a static file is not copied again.
        for src in ["/images/logo.png", "images/logo.png"] {
            let logo = lib.find("2024/a.md", src).unwrap().unwrap();
            assert_eq!(logo.fallback, Format::Png);
            assert_eq!(logo.original, "images/logo.png");
            assert_eq!(logo.renditions.len(), 2, "300 px: one width");
        }
        let missing = lib.find("2024/a.md", "nope.jpg").unwrap().unwrap_err();
        assert!(missing.contains("content/2024/nope.jpg"), "{missing}");
        assert!(lib.find("2024/a.md", "../../x.jpg").unwrap().is_err());
        assert!(lib.find("2024/a.md", "https://x.example/a.jpg").is_none());
    }

    #[test]
    fn renditions_are_encoded_once_then_come_from_the_cache() {
        let (dir, lib) = site();
        let photo = lib.find("2024/a.md", "photo one.jpg").unwrap().unwrap();
        let logo = lib.find("2024/a.md", "/images/logo.png").unwrap().unwrap();
        let sink = Memory::default();
        let done = lib
            .write(&[photo.clone(), logo.clone()], &sink, true)
            .unwrap();
        assert_eq!(done.encoded, 2);
        let files = sink.into_files();
        // 8 + 2 renditions and the original beside the article.
        assert_eq!(files.len(), 11);
        for r in photo.renditions.iter().chain(&logo.renditions) {
            let f = files.iter().find(|f| f.path == r.path).unwrap();
            let img = image::load_from_memory(&f.bytes).unwrap();
            assert_eq!(
                (img.width(), img.height()),
                (r.width, r.height),
                "{}",
                r.path
            );
            let format = image::guess_format(&f.bytes).unwrap();
            let want = match r.format {
                Format::Webp => image::ImageFormat::WebP,
                Format::Jpeg => image::ImageFormat::Jpeg,
                Format::Png => image::ImageFormat::Png,
            };
            assert_eq!(format, want, "{}", r.path);
        }
        // A new run (a new library, as the next build makes) finds the
        // hashes in the index and the renditions in the cache: it encodes
        // nothing and gives the same bytes.
        let again = Library::at(
            dir.path(),
            dir.path().join("content"),
            vec![dir.path().join("static")],
        );
        let photo2 = again.find("2024/a.md", "photo one.jpg").unwrap().unwrap();
        assert_eq!(photo2, photo);
        let sink2 = Memory::default();
        let done = again.write(&[photo2], &sink2, true).unwrap();
        assert_eq!(done.encoded, 0);
        let files2 = sink2.into_files();
        for f in &files2 {
            assert_eq!(Some(f), files.iter().find(|g| g.path == f.path));
        }
        // The logo was not used by that build: its renditions are pruned.
        let cached = std::fs::read_dir(dir.path().join(".mujaz/cache/images").join(SETTINGS))
            .unwrap()
            .count();
        assert_eq!(cached, 1);
    }

    #[test]
    fn a_phone_photo_is_turned_upright_by_its_exif_orientation() {
        let (dir, lib) = site();
        // 60×20 pixels stored, EXIF orientation 6 (turn 90° clockwise).
        let pixels: Vec<u8> = (0..60 * 20)
            .flat_map(|i| [(i % 256) as u8, 90, 30])
            .collect();
        let mut jpeg = Vec::new();
        let mut enc = jpeg_encoder::Encoder::new(&mut jpeg, 90);
        enc.add_exif_metadata(&[
            b'I', b'I', 42, 0, 8, 0, 0, 0, // little-endian TIFF, IFD at 8
            1, 0, // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, // Orientation = 6
            0, 0, 0, 0, // no next IFD
        ])
        .unwrap();
        enc.encode(&pixels, 60, 20, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        std::fs::write(dir.path().join("content/2024/phone.jpg"), jpeg).unwrap();
        let photo = lib.find("2024/a.md", "phone.jpg").unwrap().unwrap();
        assert_eq!((photo.width, photo.height), (20, 60), "shown upright");
        let sink = Memory::default();
        lib.write(std::slice::from_ref(&photo), &sink, true)
            .unwrap();
        // The renditions are turned; the original is published as it is
        // (browsers read its EXIF).
        let files = sink.into_files();
        for r in &photo.renditions {
            let f = files.iter().find(|f| f.path == r.path).unwrap();
            let img = image::load_from_memory(&f.bytes).unwrap();
            assert_eq!((img.width(), img.height()), (20, 60), "{}", f.path);
        }
    }

    #[test]
    fn two_files_with_the_same_bytes_are_encoded_once() {
        let (dir, lib) = site();
        let content = dir.path().join("content/2024");
        std::fs::copy(content.join("photo one.jpg"), content.join("again.jpg")).unwrap();
        let a = lib.find("2024/a.md", "photo one.jpg").unwrap().unwrap();
        let b = lib.find("2024/a.md", "again.jpg").unwrap().unwrap();
        let sink = Memory::default();
        let done = lib.write(&[a.clone(), b.clone()], &sink, true).unwrap();
        assert_eq!(done.encoded, 1);
        // Each keeps its name; both sets of files are there.
        let files = sink.into_files();
        for p in a.files().chain(b.files()) {
            assert!(files.iter().any(|f| f.path == p), "{p}");
        }
    }

    #[test]
    fn a_file_that_is_no_image_is_an_error_naming_it() {
        let (dir, lib) = site();
        std::fs::write(dir.path().join("content/2024/x.jpg"), b"<html>").unwrap();
        let e = lib.find("2024/a.md", "x.jpg").unwrap().unwrap_err();
        assert!(
            e.contains("content/2024/x.jpg") && e.contains("not a readable image"),
            "{e}"
        );
        std::fs::write(dir.path().join("content/2024/x.txt"), b"text").unwrap();
        let e = lib.find("2024/a.md", "x.txt").unwrap().unwrap_err();
        assert!(e.contains("is not an image"), "{e}");
    }
}
