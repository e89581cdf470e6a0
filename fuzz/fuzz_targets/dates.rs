//! Any text → every date reader of the import and the front-matter date
//! parser. Nothing may panic; what they find is a real calendar date.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| mujaz::fuzzing::dates(text));
