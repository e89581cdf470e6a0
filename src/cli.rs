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
pub struct Cli {
    /// Print only warnings and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build content/ into a static site in output/.
    Build(BuildArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
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
