//! The command line (clap derive): one `Args` struct per command.
//!
//! Takes `argv`; gives a parsed [`Cli`]. `main.rs` dispatches it.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "mujaz",
    version,
    about = "موجز: a static site generator for Arabic news-digest websites"
)]
pub(crate) struct Cli {
    /// Print only warnings and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build content/ into a static site in output/ (importing new seeds first).
    Build(BuildArgs),
    /// Turn the scraped articles in seeds/ into Markdown files in content/.
    Import(ImportArgs),
    /// Preview the site locally; rebuild on save and reload open pages.
    Serve(ServeArgs),
    /// Build in memory and report broken links and content problems (writes nothing).
    Check(CheckArgs),
    /// Create a new article in content/ with its front matter filled in.
    New(NewArgs),
    /// Start a new site in DIR (empty or new): settings, an example article,
    /// an about page, seeds/ and a .gitignore. It builds at once.
    Init(InitArgs),
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder of the new site (made if missing; must be empty).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The site's language: `ar` (the default) writes Arabic examples, any
    /// other code English ones, with that language in site.yaml.
    #[arg(long, default_value = "ar")]
    pub language: String,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. The default keeps the preview on this machine.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// The article's title.
    pub title: String,
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The section to put the article in (`سياسة`).
    #[arg(long)]
    pub section: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// Site root: the folder with seeds/ and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Re-import seeds that were imported before, overwriting their content files
    /// (and any hand edits in them).
    #[arg(long)]
    pub force: bool,
    /// Print each line of SEED and what it became (headline, date, body,
    /// dropped as a menu, widget, related list…); writes nothing.
    #[arg(long, value_name = "SEED")]
    pub explain: Option<PathBuf>,
    /// Put every article this import writes in SECTION (`section:`).
    #[arg(long, value_name = "SECTION")]
    pub section: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// Site root: the folder with content/ (and optionally site.yaml, seeds/, themes/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder [default: ROOT/output].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Public URL of the site, e.g. https://example.com/news/ (overrides site.yaml).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include articles dated after now (scheduled), marked as such.
    #[arg(long)]
    pub future: bool,
    /// Make every link relative and point at a file (`…/index.html`), so
    /// that the site works opened from a folder (file://).
    #[arg(long)]
    pub relative: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
