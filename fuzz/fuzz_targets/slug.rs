//! Any text as a title or tag → slugs and Arabic folding. Nothing may
//! panic, and a slug never leaves its folder.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| mujaz::fuzzing::slug(text));
