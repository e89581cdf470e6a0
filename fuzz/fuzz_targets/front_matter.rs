//! Any text as a content file → front matter split and parsed → the whole
//! article validated and its Markdown rendered. Nothing may panic; an
//! error always has a message.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| mujaz::fuzzing::front_matter(text));
