//! The `mujaz` binary: parse the command line, run the command, print the
//! error chain once and set the exit code (0 ok, 1 content/template errors,
//! 2 usage errors).

mod cli;

use clap::Parser;
use cli::{BuildArgs, CheckArgs, Cli, Command, ImportArgs, InitArgs, NewArgs, ServeArgs};
use mujaz::config;
use std::io::Write;
use std::process::ExitCode;

/// mimalloc: a build allocates millions of small strings (every cached
/// article's fields, every output path) and frees them from other threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `--quiet` wins over RUST_LOG: it was asked for on this command line.
    let mut logger = if cli.quiet {
        let mut b = env_logger::Builder::new();
        b.filter_level(log::LevelFilter::Warn);
        b
    } else {
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"))
    };
    logger
        .format(|buf, record| match record.level() {
            log::Level::Info => writeln!(buf, "{}", record.args()),
            l => writeln!(buf, "{}: {}", l.as_str().to_lowercase(), record.args()),
        })
        // Log lines move a build's progress line out of their way.
        .target(env_logger::Target::Pipe(Box::new(
            mujaz::progress::LogWriter,
        )))
        .init();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "error: {e}");
            for cause in e.chain().skip(1) {
                let _ = writeln!(stderr, "  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Build(args) => build(args),
        Command::Import(args) => import(args),
        Command::Serve(args) => serve(args),
        Command::Check(args) => check(args),
        Command::New(args) => new(args),
        Command::Init(args) => init(args),
    }
}

fn build(args: BuildArgs) -> anyhow::Result<()> {
    let overrides = config::Overrides {
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        future: args.future,
        relative: args.relative,
        now: Some(now()?),
    };
    let cfg = config::load(&args.root, &overrides)?;
    let report = mujaz::build(&cfg)?;
    log::info!("{report}");
    Ok(())
}

fn import(args: ImportArgs) -> anyhow::Result<()> {
    let cfg = config::load(&args.root, &config::Overrides::default())?;
    if let Some(seed) = args.explain {
        // A path as given, or under the site's root (`seeds/x.txt`), or a
        // seed's name (`x.txt`).
        let tried = [
            seed.clone(),
            cfg.root.join(&seed),
            cfg.root.join("seeds").join(&seed),
        ];
        let Some(path) = tried.iter().find(|p| p.is_file()) else {
            anyhow::bail!(
                "no seed `{}` (looked for {})",
                seed.display(),
                tried
                    .iter()
                    .map(|p| format!("`{}`", p.display()))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        };
        print!("{}", mujaz::import::explain(&cfg, path)?);
        return Ok(());
    }
    let _lock = mujaz::lock_site(&cfg.root)?;
    let report = mujaz::import::run(
        &cfg,
        &mujaz::import::Options {
            force: args.force,
            section: args.section.clone(),
        },
    )?;
    for path in &report.written {
        log::info!("wrote {path}");
    }
    mujaz::report_import(&report)?;
    log::info!("{report}");
    Ok(())
}

/// The clock: the real one, or `MUJAZ_NOW` (RFC 3339) for reproducible runs.
fn now() -> anyhow::Result<jiff::Timestamp> {
    match std::env::var("MUJAZ_NOW") {
        Ok(s) => s
            .parse()
            .map_err(|e| anyhow::anyhow!("MUJAZ_NOW `{s}` is not an RFC 3339 time: {e}")),
        Err(_) => Ok(jiff::Timestamp::now()),
    }
}

fn check(args: CheckArgs) -> anyhow::Result<()> {
    let cfg = config::load(
        &args.root,
        &config::Overrides {
            now: Some(now()?),
            // Scheduled articles are checked too (and listed as such).
            future: true,
            ..Default::default()
        },
    )?;
    let findings = mujaz::check::run(&cfg)?;
    let errors = findings
        .iter()
        .filter(|f| f.severity == mujaz::check::Severity::Error)
        .count();
    let mut out = std::io::stdout().lock();
    for f in &findings {
        writeln!(out, "{f}")?;
    }
    let summary = format!(
        "checked: {}, {}",
        mujaz::count(errors, "error"),
        mujaz::count(findings.len() - errors, "warning")
    );
    if errors > 0 {
        anyhow::bail!("{summary}");
    }
    log::info!("{summary}");
    Ok(())
}

fn new(args: NewArgs) -> anyhow::Result<()> {
    let cfg = config::load(&args.root, &config::Overrides::default())?;
    let path = mujaz::new::run(&cfg, &args.title, args.section.as_deref(), now()?)?;
    println!("{}", path.display());
    Ok(())
}

fn init(args: InitArgs) -> anyhow::Result<()> {
    let files = mujaz::init::run(&args.dir, &args.language, now()?)?;
    for f in &files {
        println!("{}", args.dir.join(f).display());
    }
    let root = args.dir.display();
    log::info!(
        "a new site in {root}: preview it with `mujaz serve --root {root}`, build it with `mujaz build --root {root}`"
    );
    Ok(())
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    mujaz::serve::run(mujaz::serve::Options {
        root: args.root,
        bind: args.bind,
        port: args.port,
        open: args.open,
        drafts: args.drafts,
    })
}
