//! Fingerprints: what a page, a related list or a search part is made
//! from, as bytes gathered, then hashed at once.
//!
//! Takes the bytes; gives their 128-bit XXH3 hash, as a streamed
//! `xxh3::Xxh3` fed the same bytes gives, without a hasher's state made for
//! each of 200,000 pages or articles. The one home of that idea for the
//! page memo (`render/memo.rs`), the related lists' memo
//! (`site/related.rs`) and the search index's parts (`search.rs`).
//!
//! XXH3, not a cryptographic hash: a publish at 200,000 articles takes
//! about 700,000 fingerprints of a few hundred bytes each, where BLAKE3
//! spent 4% of the run. What is hashed is the inputs of mujaz's own
//! output, each file's text standing in by its BLAKE3 digest (see
//! `content::digest`); at worst, two colliding inputs would leave a page
//! as the last build wrote it.

/// The bytes of a fingerprint, gathered.
pub(crate) struct Gathered(Vec<u8>);

impl Gathered {
    pub(crate) fn new() -> Gathered {
        Gathered(Vec::with_capacity(256))
    }

    pub(crate) fn update(&mut self, bytes: &[u8]) -> &mut Gathered {
        self.0.extend_from_slice(bytes);
        self
    }

    /// `text`, then a 0 that ends it (so that `ab`,`c` is not `a`,`bc`).
    pub(crate) fn field(&mut self, text: &[u8]) -> &mut Gathered {
        self.update(text).update(&[0])
    }

    pub(crate) fn finalize(&self) -> u128 {
        xxhash_rust::xxh3::xxh3_128(&self.0)
    }
}

/// So that a value can be serialized into it (`serde_json::to_writer`).
impl std::io::Write for Gathered {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Gathered;

    #[test]
    fn gathered_bytes_hash_as_a_streamed_hasher_does() {
        let mut g = Gathered::new();
        g.update(b"abc")
            .field("خبر".as_bytes())
            .update(&7u64.to_le_bytes());
        std::io::Write::write_all(&mut g, b"{\"x\":1}").unwrap();
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(b"abc");
        h.update("خبر".as_bytes());
        h.update(&[0]);
        h.update(&7u64.to_le_bytes());
        h.update(b"{\"x\":1}");
        assert_eq!(g.finalize(), h.digest128());
        assert_ne!(
            Gathered::new().field(b"ab").field(b"c").finalize(),
            Gathered::new().field(b"a").field(b"bc").finalize()
        );
    }
}
