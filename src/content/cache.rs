//! The content cache: the articles the last run parsed, kept between runs
//! in `.mujaz/cache/content/articles.bin` (outside the output folder), and
//! the articles parsed since it was written, appended to `articles.delta.bin`
//! (a publish writes one article, not 10,000; the two are written again as
//! one when the appended part grows past an eighth of the whole).
//!
//! Takes each content file's stamp (length, modification and change times,
//! inode) and, when the stamp does not settle it, the digest of its text;
//! gives back the parsed [`Article`] of every file that did not change
//! since it was parsed, so that a build after one edit reads and parses one
//! file, not 10,000. The cache holds everything an article is parsed into
//! but its HTML (rendered again only for the pages that must be rendered:
//! [`super::Bodies`]) and its photos (looked up again, so that a photo
//! added, changed or removed is seen).
//!
//! The cache is made for one set of parse settings and one mujaz program:
//! another time zone, reading speed, base path or raw-HTML setting, another
//! version or another build of mujaz, and it is not used. A stamp is
//! trusted only when the file had not changed for a second when it was
//! read (a file saved twice within the clock's tick keeps its stamp); an
//! untrusted or changed stamp makes the file be read and its digest
//! compared.

use super::Article;
use crate::photos::Library;
use anyhow::Context as _;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Bumped whenever [`Article`] or its parts change shape or meaning.
const FORMAT: u32 = 4;

/// What a file's metadata says of it: its length, its modification and
/// change times (ns since the epoch) and its inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    len: u64,
    mtime: i128,
    ctime: i128,
    ino: u64,
}

impl Stamp {
    pub(crate) fn of(m: &crate::fsx::Meta) -> Stamp {
        Stamp {
            len: m.len,
            mtime: m.mtime,
            ctime: m.ctime,
            ino: m.ino,
        }
    }

    /// Whether the file had not changed for a second at `when` (ns): any
    /// later change gives it another stamp.
    fn settled_at(&self, when: i128) -> bool {
        self.mtime.max(self.ctime) < when - 1_000_000_000
    }
}

/// An article (its content path is its `source`) and its file's stamp.
#[derive(Serialize, Deserialize)]
struct Entry {
    stamp: Stamp,
    /// The stamp was settled when the file was read.
    trusted: bool,
    /// Boxed where it is decoded, and never moved again until the site
    /// model takes it: an article is about a kilobyte.
    article: Box<Article>,
}

/// An [`Entry`] to write, borrowed: the same fields in the same order.
#[derive(Serialize)]
struct EntryRef<'a> {
    stamp: Stamp,
    trusted: bool,
    article: &'a Article,
}

/// The cache file: a header (the format, 4 bytes little-endian; the key,
/// 32 bytes; the number of chunks, 4 bytes), then each chunk of entries as
/// its length (8 bytes) and its postcard bytes. A cache for other settings
/// is refused after the header; chunks are read a batch at a time and
/// decoded in parallel, so that neither the file nor its encoding is ever
/// held whole beside the articles.
const HEADER: usize = 40;

/// Entries per chunk of the file, and chunks per batch.
const CHUNK: usize = 256;
const BATCH: usize = 8;

/// The chunk count of an appended file's header: its chunks run to its end.
const TO_THE_END: u32 = u32::MAX;

/// The entries of the cache file `reader` reads if it was made with `key`;
/// none when it is another's, or damaged.
fn decode(reader: &mut (impl std::io::Read + Send), key: [u8; 32]) -> Vec<Entry> {
    let mut header = [0u8; HEADER];
    if reader.read_exact(&mut header).is_err()
        || header[..4] != FORMAT.to_le_bytes()
        || header[4..36] != key
    {
        return Vec::new();
    }
    let chunks = u32::from_le_bytes([header[36], header[37], header[38], header[39]]);
    let to_the_end = chunks == TO_THE_END;
    let mut entries = Vec::new();
    let mut left = if to_the_end {
        usize::MAX
    } else {
        // Room for what the header says, but never on its word alone (a
        // damaged count): past a million entries the list grows as usual.
        entries.reserve((chunks as usize).saturating_mul(CHUNK).min(1 << 20));
        chunks as usize
    };
    // Two batches of buffers, used again and again: one is decoded (in
    // parallel) while the next is read into the other.
    let (mut this, mut next) = (vec![Vec::new(); BATCH], vec![Vec::new(); BATCH]);
    let Some(mut n) = read_batch(reader, to_the_end, left, &mut this) else {
        return Vec::new();
    };
    while n > 0 {
        // A batch cut short is the end of an appended part.
        let wanted = BATCH.min(left);
        left = if n < wanted { 0 } else { left - n };
        let (decoded, read) = rayon::join(
            || {
                this[..n]
                    .par_iter()
                    .map(|c| postcard::from_bytes::<Vec<Entry>>(c).ok())
                    .collect::<Option<Vec<Vec<Entry>>>>()
            },
            || match left {
                0 => Some(0),
                _ => read_batch(reader, to_the_end, left, &mut next),
            },
        );
        match (decoded, read) {
            (Some(d), Some(read)) => {
                entries.extend(d.into_iter().flatten());
                n = read;
            }
            _ => return Vec::new(),
        }
        std::mem::swap(&mut this, &mut next);
    }
    entries
}

/// Read the next `left` chunks, at most a batch, into `bufs`; gives how
/// many (fewer at the clean end of an appended part), or `None` when the
/// file is damaged.
fn read_batch(
    reader: &mut impl std::io::Read,
    to_the_end: bool,
    left: usize,
    bufs: &mut [Vec<u8>],
) -> Option<usize> {
    let mut n = 0;
    for buf in bufs.iter_mut().take(left) {
        let mut len = [0u8; 8];
        match reader.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if to_the_end && e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(_) => return None,
        }
        let len = u64::from_le_bytes(len);
        buf.clear();
        // Room for the chunk, but never on the word of a damaged length
        // alone: past 64 MiB the buffer grows as the bytes come.
        buf.reserve(len.min(1 << 26) as usize);
        match std::io::Read::read_to_end(&mut std::io::Read::take(&mut *reader, len), buf) {
            Ok(got) if got as u64 == len => n += 1,
            _ => return None,
        }
    }
    Some(n)
}

/// The articles the last run parsed, for this run to take.
pub(crate) struct Cache {
    file: PathBuf,
    /// The entries appended since `file` was written.
    delta: PathBuf,
    /// How many entries `file` and `delta` hold.
    written: (usize, usize),
    /// `delta` is there but cannot be read: the next save writes all anew.
    unread: bool,
    key: [u8; 32],
    /// When this run began to look at the files (ns since the epoch).
    start: i128,
    entries: Vec<Mutex<Option<Entry>>>,
    /// Content path (by [`path_key`]) → index in `entries`. A path that
    /// shares another's key finds the other's entry, which [`Cache::take`]
    /// refuses (its source differs): at worst a file is parsed again.
    by_rel: FxHashMap<u64, usize>,
    /// Which entries were taken by a trusted, unchanged stamp (each would
    /// be written again as it is).
    same: Vec<AtomicBool>,
}

/// What the program is: its version and its executable's stamp, so that a
/// cache made by another build of mujaz is not used (looked up once a run).
pub(crate) fn program_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| format!("{:?}", Stamp::of(&crate::fsx::Meta::of(&m))))
            .unwrap_or_default();
        format!("{} {exe}", env!("CARGO_PKG_VERSION"))
    })
}

/// How the records kept between runs (the page record, the related
/// lists' memo) know a path: a 64-bit hash of it, not the string, so that
/// 200,000 of them are held without 200,000 strings. Like every cache, it
/// is read only by the program that wrote it ([`program_id`]), so the hash
/// need not stay the same across versions. A record keyed by it must not
/// be misled by two paths of one key: each also hashes its path into what
/// it compares.
pub(crate) fn path_key(path: &str) -> u64 {
    use std::hash::BuildHasher as _;
    rustc_hash::FxBuildHasher.hash_one(path)
}

impl Cache {
    /// The cache of the site at `root` for these parse settings (empty when
    /// there is none, it cannot be read, or it was made for other settings
    /// or by another mujaz).
    pub(crate) fn open(root: &Path, settings: &str) -> Cache {
        let start = now_ns();
        let key = *blake3::Hasher::new()
            .update(&FORMAT.to_le_bytes())
            .update(program_id().as_bytes())
            .update(&[0])
            .update(settings.as_bytes())
            .finalize()
            .as_bytes();
        let dir = crate::fsx::cache_dir(root, "content");
        let (file, delta) = (dir.join("articles.bin"), dir.join("articles.delta.bin"));
        let t = std::time::Instant::now();
        let read = |path: &Path| {
            std::fs::File::open(path)
                .map(|f| decode(&mut std::io::BufReader::with_capacity(1 << 20, f), key))
                .unwrap_or_default()
        };
        let mut entries = read(&file);
        // Appended entries stand for the file's of the same article; every
        // entry is checked against its file when taken, so a mix is safe.
        let appended = if entries.is_empty() {
            Vec::new()
        } else {
            read(&delta)
        };
        // An appended part that cannot be read is written over by the next
        // save, with the rest.
        let unread = appended.is_empty() && std::fs::metadata(&delta).is_ok_and(|m| m.len() > 0);
        let written = (entries.len(), appended.len());
        let keys: Vec<u64> = entries
            .par_iter()
            .map(|e| path_key(&e.article.source))
            .collect();
        let mut by_rel: FxHashMap<u64, usize> = keys.into_iter().zip(0..).collect();
        for e in appended {
            let key = path_key(&e.article.source);
            match by_rel.get(&key) {
                Some(&i) if entries[i].article.source == e.article.source => entries[i] = e,
                _ => {
                    by_rel.insert(key, entries.len());
                    entries.push(e);
                }
            }
        }
        log::debug!(
            "read the content cache ({} articles, {} appended) in {:?}",
            entries.len(),
            written.1,
            t.elapsed()
        );
        Cache {
            file,
            delta,
            written,
            unread,
            key,
            start,
            same: entries.iter().map(|_| Default::default()).collect(),
            entries: entries.into_iter().map(|e| Mutex::new(Some(e))).collect(),
            by_rel,
        }
    }

    /// How many articles the cache holds.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// How many articles were taken by their file's stamp alone.
    pub(crate) fn taken_by_stamp(&self) -> usize {
        self.same
            .iter()
            .filter(|s| s.load(Ordering::Relaxed))
            .count()
    }

    /// The article of content file `rel` as the last run parsed it, if its
    /// file did not change since: its trusted `stamp` says so, or else the
    /// `digest` of its text (`None` until the file is read), and its photos
    /// are still found.
    pub(crate) fn take(
        &self,
        rel: &str,
        stamp: Stamp,
        digest: Option<[u8; 32]>,
        photos: Option<&Library>,
    ) -> Option<Box<Article>> {
        let i = *self.by_rel.get(&path_key(rel))?;
        let slot = self.entries.get(i)?;
        let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        let entry = slot.as_ref().filter(|e| e.article.source == rel)?;
        let by_stamp = entry.trusted && entry.stamp == stamp;
        if !by_stamp && digest != Some(entry.article.digest) {
            return None;
        }
        let mut article = slot.take()?.article;
        if !relink_photos(&mut article, photos) {
            return None;
        }
        if by_stamp {
            self.same[i].store(true, Ordering::Relaxed);
        }
        Some(article)
    }

    /// Keep `articles` (each with its file's stamp) for the next run: only
    /// those the cache does not hold as they are, appended, while the
    /// appended part stays small and few entries are of files gone;
    /// otherwise all of them, written anew.
    pub(crate) fn save(&self, articles: &[(Stamp, &Article)]) -> anyhow::Result<()> {
        let start = self.start;
        fn entry<'a>(start: i128, &(stamp, article): &(Stamp, &'a Article)) -> EntryRef<'a> {
            EntryRef {
                stamp,
                trusted: stamp.settled_at(start),
                article,
            }
        }
        let mut held = 0;
        let new: Vec<EntryRef<'_>> = articles
            .iter()
            .filter(|(_, a)| match self.by_rel.get(&path_key(&a.source)) {
                Some(&i) => {
                    held += 1;
                    !self.same[i].load(Ordering::Relaxed)
                }
                None => true,
            })
            .map(|a| entry(start, a))
            .collect();
        let (base, appended) = self.written;
        // Entries of files no longer there.
        // (Two paths of one key are both counted: at worst the count of
        // entries gone is too low, and the cache is appended to once more.)
        let gone = self.entries.len().saturating_sub(held);
        let small = !self.unread && (appended + new.len() + gone) * 8 <= base;
        if new.is_empty() && (gone == 0 || small) {
            return Ok(());
        }
        if let Some(dir) = self.file.parent() {
            crate::fsx::create_dir_all(dir)?;
        }
        let t = std::time::Instant::now();
        if small && append_entries(&self.delta, self.key, &new).is_ok() {
            log::debug!(
                "appended {} articles to the content cache in {:?}",
                new.len(),
                t.elapsed()
            );
            return Ok(());
        }
        let entries: Vec<EntryRef<'_>> = articles.iter().map(|a| entry(start, a)).collect();
        crate::fsx::replace(&self.file, |tmp| write_entries(tmp, self.key, &entries))?;
        match std::fs::remove_file(&self.delta) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| format!("removing {}", self.delta.display()));
            }
            _ => {}
        }
        log::debug!(
            "kept {} articles in the content cache in {:?}",
            entries.len(),
            t.elapsed()
        );
        Ok(())
    }
}

/// Write the cache file of `entries` at `path` (see [`HEADER`]), a batch of
/// chunks encoded at a time.
fn write_entries(path: &Path, key: [u8; 32], entries: &[EntryRef<'_>]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let chunks = entries.len().div_ceil(CHUNK) as u32;
    write_chunks(&mut out, Some((key, chunks)), entries)
}

/// Append `entries` to the appended part of the cache at `path` (with a
/// header whose chunks run to the end, when the file is new). Not synced:
/// a chunk cut short by a crash makes the part fail to decode, and the
/// articles in it are parsed again.
fn append_entries(path: &Path, key: [u8; 32], entries: &[EntryRef<'_>]) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let header = (file.metadata()?.len() == 0).then_some((key, TO_THE_END));
    write_chunks(&mut std::io::BufWriter::new(file), header, entries)
}

/// Write the header (when given: key and chunk count) and the chunks of
/// `entries`.
fn write_chunks(
    out: &mut impl std::io::Write,
    header: Option<([u8; 32], u32)>,
    entries: &[EntryRef<'_>],
) -> std::io::Result<()> {
    if let Some((key, chunks)) = header {
        out.write_all(&FORMAT.to_le_bytes())?;
        out.write_all(&key)?;
        out.write_all(&chunks.to_le_bytes())?;
    }
    for batch in entries.chunks(CHUNK * BATCH) {
        let encoded: Vec<Vec<u8>> = batch
            .par_chunks(CHUNK)
            .map(postcard::to_stdvec)
            .collect::<Result<_, _>>()
            .map_err(std::io::Error::other)?;
        for c in &encoded {
            out.write_all(&(c.len() as u64).to_le_bytes())?;
            out.write_all(c)?;
        }
    }
    // Not synced: a file cut short by a crash fails to decode and is
    // ignored (a chunk's length, or its bytes, do not add up).
    out.flush()
}

/// Look the article's photos up again; false when one is no longer found
/// (then the article is parsed again, which says why).
fn relink_photos(a: &mut Article, photos: Option<&Library>) -> bool {
    let Some(lib) = photos else {
        return a.image.is_none() && a.body.photo_srcs.is_empty();
    };
    if let Some(lead) = &mut a.image {
        match lib.file(&a.source, &lead.src) {
            Ok(p) => lead.photo = Some(p),
            Err(_) => return false,
        }
    }
    let mut found: Vec<std::sync::Arc<crate::photos::Photo>> =
        Vec::with_capacity(a.body.photo_srcs.len());
    for src in &a.body.photo_srcs {
        match lib.find(&a.source, src) {
            Some(Ok(p)) if !found.iter().any(|f| std::sync::Arc::ptr_eq(f, &p)) => found.push(p),
            // Two of its images are one file now: parse it again.
            _ => return false,
        }
    }
    a.body.photos = found;
    true
}

fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Bodies, LoadOptions, load};
    use crate::highlight::Highlighter;

    const ARTICLE: &str = "---\ntitle: قمة الرياض\ndate: 2026-03-03T08:00:00+03:00\ntags: [قمة, الرياض]\nimage: lead.png\nextra:\n  k: [1, \"v\"]\n---\nفقرة أولى.\n\n![خريطة](/map.png)\n\n```rust\nfn main() {}\n```\n";

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/2026")).unwrap();
        std::fs::create_dir_all(root.join("static")).unwrap();
        let draw = |p: &Path, w| {
            image::RgbImage::from_fn(w, 40, |x, y| image::Rgb([x as u8, y as u8, 90]))
                .save(p)
                .unwrap()
        };
        draw(&root.join("content/2026/lead.png"), 64);
        draw(&root.join("static/map.png"), 32);
        std::fs::write(root.join("content/2026/a.md"), ARTICLE).unwrap();
        dir
    }

    /// Load the site's content through its cache, as a build does: the
    /// articles, and how many came from the cache by their stamp.
    fn load_with_cache(root: &Path) -> (Vec<Article>, usize, usize) {
        let (articles, held, by_stamp) = load_site(root, true);
        assert!(held <= 1);
        (articles, held, by_stamp)
    }

    /// Load the site's content (through its cache or not), every body
    /// rendered, sorted by source: the articles, how many the cache held and
    /// how many came from it by their stamp.
    fn load_site(root: &Path, cache: bool) -> (Vec<Article>, usize, usize) {
        with_options(root, |opts, hl| {
            let loaded = load(&root.join("content"), opts, hl, cache.then_some(root)).unwrap();
            assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
            let (held, by_stamp) = (loaded.cached, loaded.by_stamp);
            // Every body renders, held or rendered again from its file.
            let bodies = Bodies {
                dir: &root.join("content"),
                opts,
                hl,
            };
            let mut articles = loaded.articles;
            for a in &mut articles {
                a.html = Some(crate::content::held::Held::Plain(
                    bodies.html(a).unwrap().into_owned(),
                ));
            }
            articles.sort_by(|a, b| a.source.cmp(&b.source));
            (articles.into_iter().map(|a| *a).collect(), held, by_stamp)
        })
    }

    /// `f` with the site's load options (Riyadh time, photos from
    /// `content/` and `static/`) and a highlighter.
    fn with_options<R>(root: &Path, f: impl FnOnce(&LoadOptions<'_>, &Highlighter) -> R) -> R {
        let tz = jiff::tz::TimeZone::get("Asia/Riyadh").unwrap();
        let lib = crate::photos::Library::at(root, root.join("content"), vec![root.join("static")]);
        let opts = LoadOptions {
            timezone: &tz,
            drafts: false,
            reading_speed: 200,
            html_budget: crate::content::HTML_BUDGET,
            markdown: crate::markdown::Context {
                base_path: "/",
                photos: Some(&lib),
                doc: "",
                unsafe_html: false,
            },
        };
        f(&opts, &Highlighter::new())
    }

    #[test]
    fn edits_are_appended_until_the_appended_part_grows() {
        let dir = site();
        let root = dir.path();
        let file = |i: usize| root.join(format!("content/2026/a{i:02}.md"));
        for i in 0..40 {
            std::fs::write(file(i), ARTICLE.replace("قمة الرياض", &format!("قمة {i}"))).unwrap();
        }
        let cache = crate::fsx::cache_dir(root, "content");
        let (base, delta) = (cache.join("articles.bin"), cache.join("articles.delta.bin"));
        let fresh = |root| format!("{:?}", load_site(root, false).0);
        // Files settled, so that the cache trusts their stamps.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        load_site(root, true);
        let written = std::fs::read(&base).unwrap();
        // One article edited: appended, the rest of the cache untouched.
        std::fs::write(file(3), ARTICLE.replace("فقرة أولى.", "فقرة معدلة.")).unwrap();
        let (got, held, by_stamp) = load_site(root, true);
        assert_eq!((held, by_stamp), (41, 40));
        assert_eq!(format!("{got:?}"), fresh(root));
        assert!(
            std::fs::read(&base).unwrap() == written,
            "the cache was written anew"
        );
        assert!(std::fs::metadata(&delta).unwrap().len() > 0);
        // The appended article is taken from the cache like the others (by
        // its text, then, once its stamp is trusted, by its stamp).
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let (got, held, _) = load_site(root, true);
        assert_eq!(held, 41);
        assert!(got.iter().any(|a| a.excerpt().contains("فقرة معدلة")));
        assert_eq!(format!("{got:?}"), fresh(root));
        let (_, _, by_stamp) = load_site(root, true);
        assert_eq!(by_stamp, 41);
        assert!(
            std::fs::read(&base).unwrap() == written,
            "the cache was written anew"
        );
        // Many files gone and edited: the cache is written anew, as one.
        for i in 10..20 {
            std::fs::remove_file(file(i)).unwrap();
        }
        std::fs::write(file(4), ARTICLE.replace("فقرة أولى.", "فقرة رابعة.")).unwrap();
        let (got, _, _) = load_site(root, true);
        assert_eq!(format!("{got:?}"), fresh(root));
        assert!(!delta.exists());
        let (got, held, _) = load_site(root, true);
        assert_eq!(held, 31);
        assert_eq!(format!("{got:?}"), fresh(root));
    }

    #[test]
    fn an_article_from_the_cache_is_the_article_parsed_again() {
        let dir = site();
        let (parsed, held, _) = load_with_cache(dir.path());
        assert_eq!(held, 0);
        let (cached, held, _) = load_with_cache(dir.path());
        assert_eq!(held, 1);
        assert_eq!(format!("{parsed:?}"), format!("{cached:?}"));
        let a = &cached[0];
        assert_eq!(a.lead().map(|(p, _)| (p.width, p.height)), Some((64, 40)));
        assert_eq!(a.body.photos.len(), 1);
        assert_eq!(a.extra["k"], serde_json::json!([1, "v"]));
        assert!(
            a.html
                .as_ref()
                .and_then(|h| h.html())
                .is_some_and(|h| h.contains("<picture"))
        );
    }

    #[test]
    fn bodies_past_the_budget_are_let_go_and_rendered_again_alike() {
        let dir = site();
        let root = dir.path();
        std::fs::write(
            root.join("content/2026/b.md"),
            ARTICLE.replace("قمة", "لقاء"),
        )
        .unwrap();
        let tz = jiff::tz::TimeZone::UTC;
        let lib = crate::photos::Library::at(root, root.join("content"), vec![root.join("static")]);
        let hl = Highlighter::new();
        let load_within = |html_budget| {
            let opts = LoadOptions {
                timezone: &tz,
                drafts: false,
                reading_speed: 200,
                html_budget,
                markdown: crate::markdown::Context {
                    base_path: "/",
                    photos: Some(&lib),
                    doc: "",
                    unsafe_html: false,
                },
            };
            let loaded = load(&root.join("content"), &opts, &hl, None).unwrap();
            let held = loaded.articles.iter().filter(|a| a.html.is_some()).count();
            let bodies = Bodies {
                dir: &root.join("content"),
                opts: &opts,
                hl: &hl,
            };
            let html: Vec<String> = loaded
                .articles
                .iter()
                .map(|a| bodies.html(a).unwrap().into_owned())
                .collect();
            (held, html)
        };
        let (held, all) = load_within(crate::content::HTML_BUDGET);
        assert_eq!(held, 2);
        let (held, again) = load_within(0);
        assert_eq!(held, 0);
        assert_eq!(all, again);
        // A budget that one packed body fits but not both: one is held.
        let packed = |h: &String| crate::content::held::Held::pack(h).size();
        let (held, again) = load_within(all.iter().map(packed).max().unwrap());
        assert_eq!(held, 1);
        assert_eq!(all, again);
        assert!(all.iter().all(|h| h.contains("<picture")));
    }

    #[test]
    fn a_changed_photo_or_file_is_seen() {
        let dir = site();
        let root = dir.path();
        load_with_cache(root);
        // The lead photo redrawn at another size: found again, not cached.
        image::RgbImage::from_fn(80, 50, |x, y| image::Rgb([x as u8, y as u8, 9]))
            .save(root.join("content/2026/lead.png"))
            .unwrap();
        let (a, held, _) = load_with_cache(root);
        assert_eq!(held, 1);
        assert_eq!(
            a[0].lead().map(|(p, _)| (p.width, p.height)),
            Some((80, 50))
        );
        // The same length, another text: read again, parsed again.
        let text = ARTICLE.replace("قمة الرياض", "قمة جداوية");
        assert_eq!(text.len(), ARTICLE.len());
        std::fs::write(root.join("content/2026/a.md"), &text).unwrap();
        let (a, _, by_stamp) = load_with_cache(root);
        assert_eq!(a[0].title, "قمة جداوية");
        assert_eq!(by_stamp, 0);
    }

    #[test]
    fn a_cache_of_many_batches_reads_back_whole_and_a_bad_length_is_refused() {
        let dir = site();
        let (parsed, _, _) = load_site(dir.path(), false);
        // More than two batches of chunks, the last one short.
        let n = CHUNK * BATCH * 2 + CHUNK + 7;
        let articles: Vec<Article> = (0..n)
            .map(|i| {
                let mut a = parsed[0].clone();
                a.source = format!("2026/{i}.md");
                a
            })
            .collect();
        let stamp = Stamp::of(&crate::fsx::Meta::of(
            &std::fs::metadata(dir.path().join("content/2026/a.md")).unwrap(),
        ));
        let entries: Vec<EntryRef<'_>> = articles
            .iter()
            .map(|article| EntryRef {
                stamp,
                trusted: true,
                article,
            })
            .collect();
        let key = [7; 32];
        let file = dir.path().join("cache.bin");
        write_entries(&file, key, &entries).unwrap();
        let read = |bytes: &[u8]| decode(&mut std::io::Cursor::new(bytes.to_vec()), key);
        let bytes = std::fs::read(&file).unwrap();
        let back = read(&bytes);
        let sources: Vec<&str> = back.iter().map(|e| e.article.source.as_str()).collect();
        let written: Vec<&str> = articles.iter().map(|a| a.source.as_str()).collect();
        assert_eq!(sources, written);
        // What the cache keeps of an article (not its HTML, nor its photos,
        // looked up again) comes back the same.
        let kept = |a: &Article| postcard::to_stdvec(a).unwrap();
        assert_eq!(kept(&back[n - 1].article), kept(&articles[n - 1]));
        // Appended parts run to their end: the same chunks, read alike.
        let mut appended = bytes.clone();
        appended[36..40].copy_from_slice(&TO_THE_END.to_le_bytes());
        assert_eq!(read(&appended).len(), n);
        // A chunk's length damaged into an enormous one: refused, no
        // allocation of that size.
        let mut damaged = bytes.clone();
        damaged[HEADER..HEADER + 8].copy_from_slice(&(u64::MAX / 2).to_le_bytes());
        assert!(read(&damaged).is_empty());
        // A chunk count damaged into an enormous one: refused, no list of
        // that size made.
        let mut counted = bytes.clone();
        counted[36..40].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
        assert!(read(&counted).is_empty());
        // Cut inside a chunk: refused, appended or not.
        assert!(read(&bytes[..bytes.len() - 3]).is_empty());
        assert!(read(&appended[..appended.len() - 3]).is_empty());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_whose_name_is_not_utf8_is_an_error_naming_it() {
        use std::os::unix::ffi::OsStrExt;
        let dir = site();
        let name = std::ffi::OsStr::from_bytes(b"content/2026/b\xff.md");
        std::fs::write(dir.path().join(name), ARTICLE).unwrap();
        for cache in [None, Some(dir.path())] {
            let loaded = with_options(dir.path(), |opts, hl| {
                load(&dir.path().join("content"), opts, hl, cache).unwrap()
            });
            assert_eq!(loaded.articles.len(), 1);
            assert_eq!(loaded.errors.len(), 1, "{:?}", loaded.errors);
            assert!(loaded.errors[0].contains("b\u{fffd}.md: the file's name is not UTF-8"));
        }
    }

    #[test]
    fn a_settled_file_is_taken_by_its_stamp_and_a_damaged_cache_is_ignored() {
        let dir = site();
        let root = dir.path();
        // A file unchanged for over a second when it is read is trusted by
        // its stamp from then on.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        load_with_cache(root);
        let (_, held, by_stamp) = load_with_cache(root);
        assert_eq!((held, by_stamp), (1, 1));
        let file = crate::fsx::cache_dir(root, "content").join("articles.bin");
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
        let (a, held, _) = load_with_cache(root);
        assert_eq!((a.len(), held), (1, 0));
        // Made for other settings: not used.
        let other = Cache::open(root, "another time zone");
        assert_eq!(other.len(), 0);
    }
}
