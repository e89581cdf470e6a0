//! The article and list pages and the feeds the last build wrote,
//! remembered by what they were made from.
//!
//! Takes the fingerprint of each article and list page's inputs (see
//! [`Fingerprints`]) and the record the last build into the same output
//! folder kept in `.mujaz/cache/pages/`; gives, for each such page, the
//! length and modification time its file had when that build wrote it from
//! the same inputs: if the file still has them (the sink checks), it is what
//! this build would write.
//! Such a page is not rendered again: on a 10,000-article site, publishing
//! one article renders a dozen article pages, not 10,000. The record is
//! written after the build's output is committed, so it always describes
//! the output folder as it is.
//!
//! An article page shows its article (its file's text, and the photos it
//! shows), its own card and the cards of its older and newer neighbours,
//! of its related articles and of the articles it says to read also, its
//! authors' names and addresses, and what every page shows (the site's
//! settings, the theme, the interface strings, the default image).
//! [`Fingerprints::article`] hashes exactly those: a page is re-rendered as
//! soon as one of them changes. A page of a list shows the cards of its
//! articles, its pager, and what it says of its list (a tag's, section's or
//! author's name and count, or a period, its parent and the periods in it):
//! [`Fingerprints::list`]. The home page's front shows breaking news by the
//! build clock and is always rendered. A feed shows its list's newest
//! articles: [`Fingerprints::feed`]. A file of the sitemap shows its
//! addresses: [`Fingerprints::sitemap`].

use super::pages::Renderer;
use super::plan::{Kind, List, Page};
use super::views::SiteView;
use crate::config::Config;
use crate::content::cache::path_key;
use crate::fingerprint::Gathered;
use crate::output::FileStamp as Stamp;
use crate::output::MANIFEST;
use crate::photos::Photo;
use crate::site::Site;
use crate::theme::Theme;
use crossbeam_utils::CachePadded;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::path::PathBuf;
use std::sync::Mutex;

/// A fingerprint ([`Gathered`]).
type Fp = u128;

fn hash_json(h: &mut Gathered, value: &impl serde::Serialize) {
    // Serializing into a hasher cannot fail but for a type that refuses to
    // serialize; then the fingerprint is of what was written so far plus
    // a marker, and differs from a clean one.
    if serde_json::to_writer(&mut *h, value).is_err() {
        h.update(b"\0unserializable");
    }
}

/// Hash what an article's body shows: its file (path and text, by their
/// digest) and the photos it shows.
fn hash_text_and_photos(h: &mut Gathered, a: &crate::content::Article) {
    h.update(&a.digest);
    for photo in a.photos() {
        h.field(photo.hash().as_bytes());
    }
}

/// The fingerprint of article `i`'s card: what
/// [`Renderer::card_at`](super::pages::Renderer::card_at) makes it from,
/// but for what every page shows (the settings, the interface strings).
/// The article's digest (its file's path and text) stands for every field
/// parsed from it, as in the content cache.
fn card(site: &Site, now: jiff::Timestamp, i: usize) -> Fp {
    let a = &site.articles[i];
    let mut h = Gathered::new();
    h.update(&a.digest);
    h.field(site.paths[i].as_bytes());
    let term = |h: &mut Gathered, t: &crate::site::Term| {
        h.field(t.name.as_bytes());
        h.field(t.path.as_bytes());
    };
    for &t in &site.article_tags[i] {
        term(&mut h, &site.tags[t]);
    }
    h.update(b"\x01section");
    if let Some(s) = site.article_section[i] {
        term(&mut h, &site.sections[s]);
    }
    h.update(b"\x01authors");
    for &k in &site.article_authors[i] {
        term(&mut h, &site.authors[k]);
    }
    h.update(&[u8::from(a.date.timestamp() > now)]);
    if let Some((photo, _)) = a.lead() {
        h.field(photo.hash().as_bytes());
        h.update(photo.src().as_bytes());
    }
    h.finalize()
}

/// The fingerprints of this build's article and list pages.
pub(super) struct Fingerprints {
    /// What every page shows.
    global: [u8; 16],
    /// Each article's card.
    cards: Vec<Fp>,
    /// What the pages of a list say of it, by list and whether the page is
    /// its front ([`Fingerprints::about`]).
    about: Mutex<FxHashMap<(List, bool), Fp>>,
}

impl Fingerprints {
    /// Fingerprint what every page shows and every card.
    pub(super) fn new(
        cfg: &Config,
        theme: &Theme,
        site_view: &SiteView<'_>,
        locale: &crate::i18n::Locale,
        default_image: Option<&Photo>,
        site: &Site,
    ) -> Fingerprints {
        let mut h = Gathered::new();
        // Another mujaz (version or build) may render differently.
        h.update(crate::content::cache::program_id().as_bytes());
        // Every setting but the build clock (which only cards show, as
        // `scheduled`).
        let mut settings = cfg.clone();
        settings.now = jiff::Timestamp::UNIX_EPOCH;
        h.update(format!("{settings:?}").as_bytes());
        // Every interface string, the plural ones too (cards' reading
        // times, `plural()` in templates), which the site's view leaves out.
        h.update(format!("{:?}", locale.strings()).as_bytes());
        for (name, source) in &theme.templates {
            h.field(name.as_bytes());
            h.field(source.text().unwrap_or("\0unreadable").as_bytes());
        }
        // The site's view, but for the number of articles when no template
        // shows it (it changes with every article published).
        let shows_count = theme
            .templates
            .values()
            .any(|s| s.text().map_or(true, |t| t.contains("article_count")));
        if shows_count {
            hash_json(&mut h, site_view);
        } else {
            let mut view = serde_json::to_value(site_view).unwrap_or_default();
            if let Some(map) = view.as_object_mut() {
                map.remove("article_count");
            }
            hash_json(&mut h, &view);
        }
        h.update(format!("{:?}", default_image.map(|p| (p.hash(), p.src()))).as_bytes());
        let global = h.finalize().to_le_bytes();
        let now = cfg.now;
        let cards = (0..site.articles.len())
            .into_par_iter()
            .map(|i| card(site, now, i))
            .collect();
        Fingerprints {
            global,
            cards,
            about: Mutex::default(),
        }
    }

    /// The fingerprint of the page of article `i` at `path`.
    pub(super) fn article(&self, site: &Site, i: usize, path: &str) -> Fp {
        let a = &site.articles[i];
        let mut h = Gathered::new();
        h.update(&self.global);
        h.field(path.as_bytes());
        hash_text_and_photos(&mut h, a);
        let card = |h: &mut Gathered, j: Option<usize>| match j.and_then(|j| self.cards.get(j)) {
            Some(fp) => {
                h.update(&[1]);
                h.update(&fp.to_le_bytes());
            }
            None => {
                h.update(&[0]);
            }
        };
        card(&mut h, Some(i));
        card(&mut h, Some(i + 1));
        card(&mut h, i.checked_sub(1));
        h.update(b"related");
        for &j in &site.related[i] {
            card(&mut h, Some(j));
        }
        h.update(b"read also");
        for r in &site.read_also[i] {
            h.field(r.title.as_bytes());
            card(&mut h, r.target);
        }
        h.update(b"authors");
        for &k in &site.article_authors[i] {
            let p = &site.authors[k];
            h.field(p.name.as_bytes());
            h.field(p.path.as_bytes());
        }
        h.finalize()
    }

    /// The fingerprint of a page of a list: what it says of its list (the
    /// name and count of its tag, section or author, or its period and the
    /// periods in it), its place among the list's pages and its pager, and
    /// the cards it shows. `None` for the home page's front, which shows
    /// breaking news by the build clock and is always rendered.
    pub(super) fn list(&self, r: &Renderer<'_>, page: &Page) -> Option<Fp> {
        let Kind::ListPage {
            list,
            number,
            of,
            range,
            newer,
            older,
        } = &page.kind
        else {
            return None;
        };
        if *list == List::Home && *number == 0 {
            return None;
        }
        let mut h = Gathered::new();
        h.update(&self.global);
        h.field(page.path.as_bytes());
        h.update(format!("{number} {of} {newer:?} {older:?}").as_bytes());
        for &i in list.items(r.plan, r.site).get(range.clone())? {
            h.update(&self.cards.get(i)?.to_le_bytes());
        }
        // The pager is made from the page's path, number, count of pages,
        // newer and older pages (hashed above) and the settings.
        h.update(&self.about(r, *list, *number == 0).to_le_bytes());
        Some(h.finalize())
    }

    /// The fingerprint of what a page of `list` says of it (its front when
    /// `front`): made once for all the list's pages.
    fn about(&self, r: &Renderer<'_>, list: List, front: bool) -> Fp {
        let known = |about: &FxHashMap<(List, bool), Fp>| about.get(&(list, front)).copied();
        if let Some(fp) = self.about.lock().ok().as_deref().and_then(known) {
            return fp;
        }
        let mut h = Gathered::new();
        if let Some((kind, term)) = list.term(r.site) {
            h.update(kind.as_bytes());
            hash_json(&mut h, &r.term_summary(term, front));
        }
        if let Some(period) = r.period_view(list, front) {
            hash_json(&mut h, &period);
        }
        let fp = h.finalize();
        if let Ok(mut about) = self.about.lock() {
            about.insert((list, front), fp);
        }
        fp
    }

    /// The fingerprint of the sitemap file `file` listing `entries`: each
    /// address is the base address (a setting) and a page's path, and each
    /// last change is written from its instant and offset.
    pub(super) fn sitemap(&self, file: &str, entries: &[super::sitemap::Entry<'_>]) -> Fp {
        let mut h = Gathered::new();
        h.update(&self.global);
        h.update(file.as_bytes());
        for e in entries {
            h.update(&[0]);
            h.update(e.page.path.as_bytes());
            match e.lastmod {
                Some(z) => h
                    .update(&[1])
                    .update(&z.timestamp().as_nanosecond().to_le_bytes())
                    .update(&z.offset().seconds().to_le_bytes()),
                None => h.update(&[2]),
            };
        }
        h.finalize()
    }

    /// The fingerprint of a list's feed: its place and format, the name
    /// of its tag, section or author, and its newest articles (their cards,
    /// their times of update and, when feeds carry whole articles, their
    /// text and photos).
    pub(super) fn feed(&self, r: &Renderer<'_>, page: &Page) -> Option<Fp> {
        let Kind::Feed { list, format } = &page.kind else {
            return None;
        };
        let mut h = Gathered::new();
        h.update(&self.global);
        h.field(page.path.as_bytes());
        h.update(format!("{format:?}").as_bytes());
        if let Some((kind, term)) = list.term(r.site) {
            h.update(kind.as_bytes());
            h.field(term.name.as_bytes());
        }
        let items = list.items(r.plan, r.site);
        let full = r.cfg.yaml.feed_content == crate::config::FeedContent::Full;
        for &i in &items[..items.len().min(r.cfg.yaml.feed_limit)] {
            let a = r.site.articles.get(i)?;
            h.update(&self.cards.get(i)?.to_le_bytes());
            h.update(format!("{:?}", a.updated).as_bytes());
            if full {
                hash_text_and_photos(&mut h, a);
            }
        }
        Some(h.finalize())
    }
}

/// One page of the record: its file (by [`path_key`]), its fingerprint,
/// and the stamp its file had after the build. Two paths of one key cannot
/// mistake one page for the other: a page's fingerprint hashes its path
/// too, and its file's stamp is checked.
type Record = (u64, Fp, Stamp);

/// The record file's first four bytes (little-endian): bumped whenever
/// [`Record`] changes shape or meaning.
const RECORD_FORMAT: u32 = 3;

/// What the last build into an output folder wrote of its article and list
/// pages, and what this one writes.
pub(crate) struct PageMemo {
    /// Where the record is kept.
    file: PathBuf,
    out: PathBuf,
    /// Output file → its fingerprint, and its length and modification time.
    old: FxHashMap<u64, (Fp, Stamp)>,
    /// This build's pages: file (by its key), fingerprint, and what became
    /// of the file; noted by each thread in its own list (no contention).
    /// (Each on its own cache line: two threads' locks side by side would
    /// contend all the same.)
    new: Vec<CachePadded<Mutex<Vec<Note>>>>,
}

/// A page of this build: its file (by its key), its fingerprint, and what
/// became of the file.
type Note = (u64, Fp, Noted);

/// What this build did with a page's file.
enum Noted {
    /// Kept as it was: its stamp is known without a stat.
    Kept(Stamp),
    /// Written (or found as it would be written) at this path.
    Written(String),
}

impl PageMemo {
    /// The record of the last build into `cfg`'s output folder (empty when
    /// there is none, or it cannot be read).
    pub(crate) fn load(cfg: &Config) -> PageMemo {
        let out = cfg.output_dir.clone();
        let key = blake3::hash(out.to_string_lossy().as_bytes()).to_hex();
        let file = crate::fsx::cache_dir(&cfg.root, "pages").join(format!("{}.bin", &key[..16]));
        let old = std::fs::read(&file)
            .ok()
            .and_then(|bytes| {
                let body = bytes.strip_prefix(&RECORD_FORMAT.to_le_bytes())?;
                postcard::from_bytes::<Vec<Record>>(body).ok()
            })
            .map(|records| {
                records
                    .into_iter()
                    .map(|(file, fp, stamp)| (file, (fp, stamp)))
                    .collect()
            })
            .unwrap_or_default();
        PageMemo {
            file,
            out,
            old,
            // One list per thread of the pool, and one for any other.
            new: (0..=rayon::current_num_threads())
                .map(|_| CachePadded::new(Mutex::default()))
                .collect(),
        }
    }

    /// The length and modification time the last build left page `file`
    /// with, if it wrote it from inputs of fingerprint `fp` (then, if the
    /// file still has them, it need not be rendered again).
    pub(super) fn recorded(&self, file: &str, fp: Fp) -> Option<Stamp> {
        self.old
            .get(&path_key(file))
            .filter(|&&(old, _)| old == fp)
            .map(|&(_, stamp)| stamp)
    }

    /// Note that this build's page `file` has fingerprint `fp`, and that
    /// its file was `kept` as the last build left it (with that stamp) or
    /// written.
    pub(super) fn note(&self, file: &str, fp: Fp, kept: Option<Stamp>) {
        if file == MANIFEST {
            return;
        }
        let noted = match kept {
            Some(stamp) => Noted::Kept(stamp),
            None => Noted::Written(file.to_string()),
        };
        // (A thread of another pool shares a list.)
        let list = rayon::current_thread_index().map_or(0, |t| t + 1) % self.new.len();
        if let Some(Ok(mut new)) = self.new.get(list).map(|l| l.lock()) {
            new.push((path_key(file), fp, noted));
        }
    }

    /// Gather this build's notes, sorted: the part of keeping the record
    /// that needs nothing of the output folder, and so runs beside the
    /// commit.
    pub(crate) fn gather(self) -> Notes {
        let mut notes: Vec<Note> = self
            .new
            .into_iter()
            .flat_map(|list| {
                CachePadded::into_inner(list)
                    .into_inner()
                    .unwrap_or_default()
            })
            .collect();
        notes.par_sort_unstable_by_key(|&(key, fp, _)| (key, fp));
        Notes {
            file: self.file,
            out: self.out,
            notes,
        }
    }
}

/// A build's notes of its pages, sorted, to be kept once the output folder
/// holds what they describe ([`Notes::save`]).
pub(crate) struct Notes {
    file: PathBuf,
    out: PathBuf,
    notes: Vec<Note>,
}

impl Notes {
    /// Keep the record of what the output folder now holds (after the
    /// commit). A page whose file is missing is left out.
    pub(crate) fn save(self) -> anyhow::Result<()> {
        let records: Vec<Record> = self
            .notes
            .into_par_iter()
            .filter_map(|(key, fp, noted)| {
                // A kept page's file is the one the last build left: this
                // build neither wrote nor moved it.
                let stamp = match noted {
                    Noted::Kept(known) => known,
                    Noted::Written(file) => {
                        let m = std::fs::symlink_metadata(self.out.join(&file)).ok()?;
                        if !m.is_file() {
                            return None;
                        }
                        crate::output::file_stamp(&m)
                    }
                };
                Some((key, fp, stamp))
            })
            .collect();
        if let Some(dir) = self.file.parent() {
            crate::fsx::create_dir_all(dir)?;
        }
        let mut bytes = RECORD_FORMAT.to_le_bytes().to_vec();
        postcard::to_io(&records, &mut bytes)?;
        // The record as earlier builds of mujaz kept it, in text.
        let _ = std::fs::remove_file(self.file.with_extension("tsv"));
        crate::fsx::replace(&self.file, |tmp| std::fs::write(tmp, &bytes))
    }
}
