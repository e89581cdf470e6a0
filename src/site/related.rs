//! Related articles, and the memo that lets a build compute only those an
//! edit can change.
//!
//! Takes each article's tags, time and the articles its "read also" links
//! already name; gives up to `limit` related articles per article: most
//! shared tags first, then nearest in time, then newest. Candidates come
//! from the [`RELATED_WINDOW`] nearest articles of each of its tags.
//!
//! Given the [`Memo`] of the last build, only the articles an edit can
//! reach are computed again. An article's related list depends only on the
//! articles within [`RELATED_WINDOW`] places of it in each of its tags'
//! lists (their tags and times) and on its own tags, time and links. An
//! article whose own inputs did not change, and that has no changed, added
//! or removed article within that many places in any of its tags' lists
//! (this build's or the last one's), sees the same candidates with the same
//! scores and keeps its list. Publishing one article computes a few hundred
//! lists, not 200,000.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// How many articles on each side of an article (in date order) a shared
/// tag may bring in as related candidates. Keeps the pass linear at archive
/// scale (a tag on half of 100,000 articles would otherwise make it
/// quadratic) and favours related articles from around the same time.
pub(crate) const RELATED_WINDOW: usize = 100;

/// Bumped whenever the rule or the memo's shape changes.
const FORMAT: u32 = 2;

/// What related lists are computed from, for the site's articles (newest
/// first).
pub(crate) struct Input<'a> {
    /// Indexes of each article's tags.
    pub tags: &'a [Vec<usize>],
    /// How many tags the site has.
    pub n_tags: usize,
    /// Each article's time (seconds since the epoch).
    pub times: &'a [i64],
    /// The articles each article already links as "read also" (not repeated).
    pub exclude: &'a [Vec<usize>],
    /// The most related articles per article.
    pub limit: usize,
}

/// Every article's related articles, all computed.
pub(crate) fn related(input: &Input<'_>) -> Vec<Vec<usize>> {
    let all: Vec<usize> = (0..input.tags.len()).collect();
    compute(input, &all)
}

/// The related articles of the articles `which` (in that order).
fn compute(input: &Input<'_>, which: &[usize]) -> Vec<Vec<usize>> {
    let n = input.tags.len();
    let limit = input.limit;
    if limit == 0 {
        return vec![Vec::new(); which.len()];
    }
    // Flat (CSR) copies of article → tags and tag → members (newest first):
    // the candidate scan below touches them at random, and one contiguous
    // array stays in cache where 100,000 small vectors do not.
    let (a_off, a_tags) = flat(input.tags.iter().map(|ts| ts.iter().map(|&t| t as u32)));
    let members = tag_members(input.tags, input.n_tags);
    let (m_off, m_list) = flat(members.into_iter());
    let tags_of = |i: usize| &a_tags[a_off[i] as usize..a_off[i + 1] as usize];
    let members_of = |t: u32| &m_list[m_off[t as usize] as usize..m_off[t as usize + 1] as usize];
    let times = input.times;

    // Scratch space per chunk of articles, not per article (nor per rayon
    // split, which can be many): `counts` is as long as the article list.
    // A publish computes a few hundred lists: in chunks for every thread.
    let chunk = (which.len() / (4 * rayon::current_num_threads())).clamp(16, 512);
    let chunks: Vec<Vec<Vec<usize>>> = which
        .par_chunks(chunk)
        .map(|chunk| {
            let mut counts = vec![0u16; n];
            let mut touched: Vec<u32> = Vec::new();
            chunk
                .iter()
                .map(|&i| {
                    let ts = tags_of(i);
                    for &t in ts {
                        let m = members_of(t);
                        let pos = m.binary_search(&(i as u32)).unwrap_or_else(|p| p);
                        for &j in &m[window(pos, m.len())] {
                            let ju = j as usize;
                            if ju != i && counts[ju] == 0 && !input.exclude[i].contains(&ju) {
                                // Exact number of shared tags, whichever window found it.
                                let shared = tags_of(ju).iter().filter(|t| ts.contains(t)).count();
                                counts[ju] = shared as u16;
                                touched.push(j);
                            }
                        }
                    }
                    let key = |j: u32| {
                        let j = j as usize;
                        (std::cmp::Reverse(counts[j]), times[j].abs_diff(times[i]), j)
                    };
                    let take = limit.min(touched.len());
                    if take > 0 && take < touched.len() {
                        touched.select_nth_unstable_by_key(take - 1, |&j| key(j));
                    }
                    let mut best: Vec<u32> = touched[..take].to_vec();
                    best.sort_by_key(|&j| key(j));
                    for &j in touched.iter() {
                        counts[j as usize] = 0;
                    }
                    touched.clear();
                    best.into_iter().map(|j| j as usize).collect()
                })
                .collect()
        })
        .collect();
    chunks.into_iter().flatten().collect()
}

/// The places of a list of `len` that are within [`RELATED_WINDOW`] of `pos`.
fn window(pos: usize, len: usize) -> std::ops::Range<usize> {
    pos.saturating_sub(RELATED_WINDOW)..(pos + RELATED_WINDOW + 1).min(len)
}

/// Each tag's articles, in article order, from each article's tags.
fn members<L: IntoIterator<Item = usize>>(
    tags: impl Iterator<Item = L>,
    n_tags: usize,
) -> Vec<Vec<u32>> {
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); n_tags];
    for (i, ts) in tags.enumerate() {
        for t in ts {
            if let Some(m) = members.get_mut(t) {
                m.push(i as u32);
            }
        }
    }
    members
}

/// Each tag's articles in `tags` (each article's tags, by index).
fn tag_members(tags: &[Vec<usize>], n_tags: usize) -> Vec<Vec<u32>> {
    members(tags.iter().map(|ts| ts.iter().copied()), n_tags)
}

fn flat<L: IntoIterator<Item = u32>>(lists: impl Iterator<Item = L>) -> (Vec<u32>, Vec<u32>) {
    let mut offsets = vec![0u32];
    let mut items = Vec::new();
    for l in lists {
        items.extend(l);
        offsets.push(items.len() as u32);
    }
    (offsets, items)
}

/// One article of the last build, as its related list was computed.
#[derive(Serialize, Deserialize)]
struct Entry {
    /// A hash of the article's content path: who it is from one build to
    /// the next (two paths of one key are not mistaken for each other:
    /// `sig` hashes the path too).
    key: u64,
    /// The digest of what its own related list and its place are made
    /// from: its path, time and title (its place in the article order),
    /// its tags (by path) and the articles it links as "read also".
    sig: [u8; 16],
    /// Its tags, as indexes into the memo's own tag list (any numbering:
    /// only who shares a tag with whom counts).
    tags: Vec<u32>,
    /// Its related articles, as indexes into the memo's articles.
    related: Vec<u32>,
}

/// The related lists of the last build, and what each was computed from.
#[derive(Serialize, Deserialize, Default)]
pub(crate) struct Memo {
    n_tags: usize,
    /// Newest first.
    articles: Vec<Entry>,
}

/// What identifies an article and its own inputs, for [`related_with`]:
/// made by [`Identity::of`].
pub(crate) struct Identity {
    key: u64,
    sig: [u8; 16],
}

impl Identity {
    /// The identity of the article at content path `source`, made from its
    /// own inputs to its related list: its time (to the nanosecond, as
    /// articles are ordered), its title, the paths of its tags and the
    /// sources it links.
    pub(crate) fn of<'a>(
        source: &str,
        time: i128,
        title: &str,
        tag_paths: impl Iterator<Item = &'a str>,
        linked: impl Iterator<Item = &'a str>,
    ) -> Identity {
        Identity {
            key: crate::content::cache::path_key(source),
            sig: signature(source, time, title, tag_paths, linked),
        }
    }
}

fn signature<'a>(
    source: &str,
    time: i128,
    title: &str,
    tag_paths: impl Iterator<Item = &'a str>,
    linked: impl Iterator<Item = &'a str>,
) -> [u8; 16] {
    let mut h = crate::fingerprint::Gathered::new();
    h.field(source.as_bytes()).update(&time.to_le_bytes());
    h.field(title.as_bytes());
    for t in tag_paths {
        h.field(t.as_bytes());
    }
    h.update(&[1]);
    for s in linked {
        h.field(s.as_bytes());
    }
    h.finalize().to_le_bytes()
}

/// Every article's related articles, computing again only those the
/// changes since `memo` can reach (all of them without a memo); and the
/// memo of this computation, for the next build (`None` when `memo` says
/// all of it already: the same articles, in the same order, unchanged).
pub(crate) fn related_with(
    input: &Input<'_>,
    ids: &[Identity],
    memo: Option<&Memo>,
) -> (Vec<Vec<usize>>, Option<Memo>) {
    let n = input.tags.len();
    let mut lists: Vec<Option<Vec<usize>>> = vec![None; n];
    if let Some(memo) = memo.filter(|_| input.limit > 0) {
        reuse(input, ids, memo, &mut lists);
    }
    let todo: Vec<usize> = (0..n).filter(|&i| lists[i].is_none()).collect();
    log::debug!(
        "related articles: {} computed, {} kept from the last build",
        todo.len(),
        n - todo.len()
    );
    for (i, list) in todo.iter().zip(compute(input, &todo)) {
        lists[*i] = Some(list);
    }
    let related: Vec<Vec<usize>> = lists.into_iter().map(Option::unwrap_or_default).collect();
    let same = memo.is_some_and(|m| {
        todo.is_empty()
            && m.articles.len() == n
            && m.articles
                .iter()
                .zip(ids)
                .all(|(e, id)| e.key == id.key && e.sig == id.sig)
    });
    if same {
        return (related, None);
    }
    let memo = Memo {
        n_tags: input.n_tags,
        articles: ids
            .par_iter()
            .zip(input.tags)
            .zip(&related)
            .map(|((id, tags), rel)| Entry {
                key: id.key,
                sig: id.sig,
                tags: tags.iter().map(|&t| t as u32).collect(),
                related: rel.iter().map(|&j| j as u32).collect(),
            })
            .collect(),
    };
    (related, Some(memo))
}

/// Fill in the lists of the articles no change can reach, from the memo.
fn reuse(input: &Input<'_>, ids: &[Identity], memo: &Memo, lists: &mut [Option<Vec<usize>>]) {
    let n = ids.len();
    // Each article's place in the memo. From one build to the next most
    // keep their order, shifted by the articles added or gone before them:
    // the place after the last one found is tried first, then the next
    // (one article gone); an article whose place the next one holds is new
    // (one added). Only other changes map the memo's keys.
    let mut by_key: Option<rustc_hash::FxHashMap<u64, usize>> = None;
    let mut shift: isize = 0;
    let mut place = |i: usize, key: u64| -> Option<usize> {
        let guess = i.checked_add_signed(shift)?;
        let key_at = |k: usize| memo.articles.get(k).map(|e| e.key);
        if key_at(guess) == Some(key) {
            return Some(guess);
        }
        if key_at(guess + 1) == Some(key) {
            shift += 1;
            return Some(guess + 1);
        }
        if key_at(guess).is_some() && ids.get(i + 1).map(|id| id.key) == key_at(guess) {
            shift -= 1;
            return None;
        }
        let k = *by_key
            .get_or_insert_with(|| {
                let map = memo.articles.iter().enumerate();
                map.map(|(k, e)| (e.key, k)).collect()
            })
            .get(&key)?;
        shift = k as isize - i as isize;
        Some(k)
    };
    // An article is clean when the last build had it with the same inputs.
    let mut old_to_new: Vec<Option<usize>> = vec![None; memo.articles.len()];
    let mut new_to_old: Vec<Option<usize>> = vec![None; n];
    for (i, id) in ids.iter().enumerate() {
        if let Some(k) = place(i, id.key)
            && memo.articles[k].sig == id.sig
        {
            old_to_new[k] = Some(i);
            new_to_old[i] = Some(k);
        }
    }
    // Clean articles near a change in any tag's list, this build's or the
    // last one's, may see other candidates.
    let mut reach = new_to_old
        .iter()
        .map(Option::is_none)
        .collect::<Vec<bool>>();
    for m in tag_members(input.tags, input.n_tags) {
        for (p, &i) in m.iter().enumerate() {
            if new_to_old[i as usize].is_none() {
                for &j in &m[window(p, m.len())] {
                    reach[j as usize] = true;
                }
            }
        }
    }
    let old_tags = memo
        .articles
        .iter()
        .map(|e| e.tags.iter().map(|&t| t as usize));
    for m in members(old_tags, memo.n_tags) {
        for (p, &k) in m.iter().enumerate() {
            if old_to_new[k as usize].is_none() {
                for &l in &m[window(p, m.len())] {
                    if let Some(i) = old_to_new[l as usize] {
                        reach[i] = true;
                    }
                }
            }
        }
    }
    lists
        .par_iter_mut()
        .zip(&new_to_old)
        .zip(&reach)
        .for_each(|((list, &k), &reached)| {
            let Some(k) = k.filter(|_| !reached) else {
                return;
            };
            *list = memo.articles[k]
                .related
                .iter()
                .map(|&l| old_to_new.get(l as usize).copied().flatten())
                .collect();
        });
}

impl Memo {
    /// Where the site at `root` keeps it: beside the content cache.
    fn file(root: &Path) -> std::path::PathBuf {
        crate::fsx::cache_dir(root, "content").join("related.bin")
    }

    /// The memo the site at `root` keeps for these settings (`None` when
    /// there is none, it cannot be read, or it was kept for other settings
    /// or by another mujaz).
    pub(crate) fn load(root: &Path, limit: usize) -> Option<Memo> {
        let bytes = std::fs::read(Memo::file(root)).ok()?;
        let key = key(limit);
        let rest = bytes.strip_prefix(key.as_slice())?;
        postcard::from_bytes(rest).ok()
    }

    /// Keep the memo for the site at `root`, for a build with these
    /// settings.
    pub(crate) fn save(&self, root: &Path, limit: usize) -> anyhow::Result<()> {
        let file = Memo::file(root);
        let mut bytes = key(limit).to_vec();
        bytes.extend(postcard::to_stdvec(self)?);
        if let Some(dir) = file.parent() {
            crate::fsx::create_dir_all(dir)?;
        }
        crate::fsx::replace(&file, |tmp| std::fs::write(tmp, &bytes))
    }
}

/// What a memo is valid for: this rule, this mujaz and this limit.
fn key(limit: usize) -> [u8; 32] {
    *blake3::Hasher::new()
        .update(&FORMAT.to_le_bytes())
        .update(&(RELATED_WINDOW as u64).to_le_bytes())
        .update(&(limit as u64).to_le_bytes())
        .update(crate::content::cache::program_id().as_bytes())
        .finalize()
        .as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(
        tags: &'a [Vec<usize>],
        n_tags: usize,
        times: &'a [i64],
        none: &'a [Vec<usize>],
    ) -> Input<'a> {
        Input {
            tags,
            n_tags,
            times,
            exclude: none,
            limit: 5,
        }
    }

    #[test]
    fn prefers_shared_tags_then_nearest_in_time() {
        let mut tags: Vec<Vec<usize>> = (0..600)
            .map(|i| if i == 590 { vec![0, 1] } else { vec![0] })
            .collect();
        tags[10] = vec![0, 1];
        let none = vec![Vec::new(); 600];
        // Newest first, an hour apart.
        let times: Vec<i64> = (0..600).map(|i| 1_000_000 - 3600 * i).collect();
        let rel = related(&input(&tags, 2, &times, &none));
        assert_eq!(rel[300], [299, 301, 298, 302, 297]);
        // 590 is far outside 10's window on tag 0, but tag 1 is small: it comes first.
        assert_eq!(rel[10][0], 590);
        assert_eq!(rel[10][1..], [9, 11, 8, 12]);
        assert!(rel.iter().all(|r| r.len() == 5));
    }

    #[test]
    fn nearest_in_time_is_by_the_clock_not_by_place() {
        // 1 is a minute after 2 and a day before 0: 2 is nearer.
        let tags = vec![vec![0]; 3];
        let times = [200_000, 113_600, 113_540];
        let none = vec![Vec::new(); 3];
        let rel = related(&Input {
            limit: 1,
            ..input(&tags, 1, &times, &none)
        });
        assert_eq!(rel[1], [2]);
    }

    /// A small deterministic generator (no dependency for one test).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    #[derive(Clone)]
    struct Art {
        source: String,
        time: i64,
        tags: Vec<usize>,
    }

    /// Related lists of `arts` (sorted newest first here), with and
    /// without the memo of `before`.
    fn both(
        arts: &mut [Art],
        memo: Option<&Memo>,
    ) -> (Vec<Vec<usize>>, Vec<Vec<usize>>, Option<Memo>) {
        arts.sort_by(|a, b| b.time.cmp(&a.time).then(a.source.cmp(&b.source)));
        let tags: Vec<Vec<usize>> = arts.iter().map(|a| a.tags.clone()).collect();
        let times: Vec<i64> = arts.iter().map(|a| a.time).collect();
        let none = vec![Vec::new(); arts.len()];
        let paths: Vec<Vec<String>> = tags
            .iter()
            .map(|ts| ts.iter().map(|t| format!("tags/{t}/")).collect())
            .collect();
        let ids: Vec<Identity> = arts
            .iter()
            .zip(&paths)
            .map(|(a, p)| {
                Identity::of(
                    &a.source,
                    i128::from(a.time),
                    "",
                    p.iter().map(String::as_str),
                    std::iter::empty(),
                )
            })
            .collect();
        let input = input(&tags, 12, &times, &none);
        let clean = related(&input);
        let (fast, memo) = related_with(&input, &ids, memo);
        (clean, fast, memo)
    }

    #[test]
    fn kept_lists_are_those_a_full_computation_gives() {
        let mut rng = Lcg(7);
        let mut arts: Vec<Art> = (0..1500)
            .map(|i| Art {
                source: format!("a{i}.md"),
                time: 1_000_000 + 600 * rng.next(5000) as i64,
                tags: {
                    let mut t: Vec<usize> = (0..1 + rng.next(3)).map(|_| rng.next(12)).collect();
                    t.sort();
                    t.dedup();
                    t
                },
            })
            .collect();
        let (_, _, memo) = both(&mut arts, None);
        let mut memo = memo.unwrap();
        let mut next = 1500;
        for round in 0..40 {
            // Publish, retag, redate or remove one or a few articles.
            for _ in 0..1 + rng.next(3) {
                match rng.next(4) {
                    0 => {
                        arts.push(Art {
                            source: format!("a{next}.md"),
                            time: 1_000_000 + 600 * rng.next(6000) as i64,
                            tags: vec![rng.next(12)],
                        });
                        next += 1;
                    }
                    1 => {
                        let k = rng.next(arts.len());
                        arts[k].tags = vec![rng.next(12), rng.next(12)];
                        arts[k].tags.sort();
                        arts[k].tags.dedup();
                    }
                    2 => {
                        let k = rng.next(arts.len());
                        arts[k].time = 1_000_000 + 600 * rng.next(6000) as i64;
                    }
                    _ => {
                        let k = rng.next(arts.len());
                        arts.remove(k);
                    }
                }
            }
            let (clean, fast, m) = both(&mut arts, Some(&memo));
            assert_eq!(clean, fast, "round {round}");
            memo = m.unwrap();
        }
    }

    #[test]
    fn a_publish_computes_only_near_lists() {
        let mut arts: Vec<Art> = (0..3000)
            .map(|i| Art {
                source: format!("a{i}.md"),
                time: 1_000_000 + 60 * i,
                tags: vec![(i % 7) as usize],
            })
            .collect();
        let memo = both(&mut arts, None).2.unwrap();
        arts.push(Art {
            source: "new.md".into(),
            time: 9_000_000,
            tags: vec![3],
        });
        let (clean, fast, memo2) = both(&mut arts, Some(&memo));
        assert_eq!(clean, fast);
        // Nothing changed since: the lists are the same, the memo stands.
        let (_, again, none) = both(&mut arts, memo2.as_ref());
        assert_eq!(again, fast);
        assert!(none.is_none());
        // Kept lists come from the memo: a memo with every list emptied
        // would give empty lists for all but the reached ones.
        let mut emptied = memo;
        for e in &mut emptied.articles {
            e.related.clear();
        }
        let (_, fast, _) = both(&mut arts, Some(&emptied));
        let recomputed = fast.iter().filter(|r| !r.is_empty()).count();
        assert!(
            recomputed <= 2 * RELATED_WINDOW + 2,
            "{recomputed} computed"
        );
        assert!(recomputed > RELATED_WINDOW);
    }
}
