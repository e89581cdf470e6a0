//! Progress of a build on a terminal: the stage it is in and how many files
//! it has made (the search index is a stage of its own).
//!
//! Takes nothing but the stages as they start; gives a spinner line on
//! stderr, redrawn at most a few times a second, and cleared when the build
//! ends (the build's one summary line follows). Nothing is drawn when stderr
//! is not a terminal (piped, CI) or when info messages are off (`--quiet`).
//! [`Counted`] counts the files a stage hands to its sink.

use crate::output::{OutFile, Sink};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

/// The progress line being drawn, if any: log lines are written around it.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Where log lines go: stderr, with the progress line (if one is drawn)
/// moved out of their way, so that a warning never lands inside it.
pub struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let active = ACTIVE.lock().ok().and_then(|a| a.clone());
        match active {
            Some(bar) => bar.suspend(|| std::io::stderr().write_all(buf))?,
            None => std::io::stderr().write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// The progress line of one build.
pub(crate) struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A progress line on stderr, when it is a terminal and info is on.
    pub(crate) fn new() -> Progress {
        let target = if log::log_enabled!(log::Level::Info) {
            ProgressDrawTarget::stderr_with_hz(8)
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {human_pos} {elapsed}") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        if let Ok(mut active) = ACTIVE.lock() {
            *active = Some(bar.clone());
        }
        Progress { bar }
    }

    /// A new stage (`rendering pages`): its name, its count from zero.
    pub(crate) fn stage(&self, name: &'static str) {
        self.bar.set_position(0);
        self.bar.set_message(name);
    }

    /// Count `n` more things done in this stage.
    pub(crate) fn add(&self, n: u64) {
        self.bar.inc(n);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Ok(mut active) = ACTIVE.lock() {
            *active = None;
        }
        self.bar.finish_and_clear();
    }
}

/// A sink that counts the files going through it on the progress line.
pub(crate) struct Counted<'a> {
    pub(crate) sink: &'a dyn Sink,
    pub(crate) progress: &'a Progress,
}

impl Sink for Counted<'_> {
    fn put(&self, file: OutFile) -> anyhow::Result<()> {
        self.progress.add(1);
        self.sink.put(file)
    }

    fn keep(&self, path: &str, stamp: crate::output::FileStamp) -> anyhow::Result<bool> {
        let kept = self.sink.keep(path, stamp)?;
        if kept {
            self.progress.add(1);
        }
        Ok(kept)
    }

    fn keep_found(&self, paths: &[String]) -> anyhow::Result<bool> {
        let kept = self.sink.keep_found(paths)?;
        if kept {
            self.progress.add(paths.len() as u64);
        }
        Ok(kept)
    }

    fn put_kept(&self, path: String, from: &std::path::Path) -> anyhow::Result<()> {
        self.progress.add(1);
        self.sink.put_kept(path, from)
    }
}
