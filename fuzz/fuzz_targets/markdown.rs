//! Any text as an article body → Markdown with highlighting and the HTML
//! cleaner. Nothing may panic, and no script, event handler or
//! `javascript:` address reaches the page.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| mujaz::fuzzing::markdown(text));
