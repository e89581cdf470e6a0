//! Fingerprints: what a page, a related list or a search part is made
//! from, as bytes gathered, then hashed at once.
//!
//! Takes the bytes; gives the BLAKE3 hash a `blake3::Hasher` fed the same
//! bytes gives, without that hasher's two kilobytes of state made for each
//! of 200,000 pages or articles. The one home of that idea for the page
//! memo (`render/memo.rs`), the related lists' memo (`site/related.rs`) and
//! the search index's parts (`search.rs`).

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

    pub(crate) fn finalize(&self) -> blake3::Hash {
        blake3::hash(&self.0)
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
        let mut h = blake3::Hasher::new();
        h.update(b"abc").update("خبر".as_bytes()).update(&[0]);
        h.update(&7u64.to_le_bytes()).update(b"{\"x\":1}");
        assert_eq!(g.finalize(), h.finalize());
        assert_ne!(
            Gathered::new().field(b"ab").field(b"c").finalize(),
            Gathered::new().field(b"a").field(b"bc").finalize()
        );
    }
}
