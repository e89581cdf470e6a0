//! A seed, as bytes in any encoding → the seed reader, the tagger and the
//! content file the import would write → that file loaded back as an
//! article. Nothing may panic, and what the import writes always loads.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| mujaz::fuzzing::seed(bytes));
