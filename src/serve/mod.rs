//! `mujaz serve`: a local preview that rebuilds on save and reloads the browser.
//!
//! Takes the site root and where to listen; imports and builds the site
//! (with `base_url` set to the local address) into a temporary folder, serves
//! that folder with axum and tower-http's `ServeDir` (content types,
//! percent-encoded Arabic paths, index files, `404.html` with status 404,
//! nothing outside the folder), and watches seeds/, content/, the theme and
//! site.yaml (notify, debounced). Saving an article re-renders only the pages
//! that show it ([`Engine`]); anything that changes URLs, lists or the theme
//! rebuilds the site. Open pages reload through server-sent events and a
//! small script injected into HTML responses (in serve mode only); a
//! CSS-only change restyles without a reload. A failed rebuild keeps the
//! last good site, prints the error and shows it over the page until fixed.
//!
//! This module runs the server and its rebuilds around the [`Engine`];
//! [`http`] is the router and the Host check, [`live`] the reload script and
//! events, [`watch`] the file watcher, [`index`] the background search index.

mod http;
mod index;
mod live;
mod watch;

use crate::config::{self, Config};
use crate::engine::{Engine, Rebuilt};
use crate::fsx;
use crate::output::Patch;
use anyhow::{Context, Result, anyhow};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{Hosts, listen_address, router};
use index::{IndexState, index_in_background};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use tower_http::services::{ServeDir, ServeFile};
use watch::watch_files;

/// Where the preview listens and what it serves.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's root folder.
    pub root: PathBuf,
    /// The address to listen on (127.0.0.1 unless asked otherwise).
    pub bind: String,
    /// The port (0: any free one).
    pub port: u16,
    /// Open the site in a browser once it is served.
    pub open: bool,
    /// Show drafts.
    pub drafts: bool,
}

/// What open pages are told after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Notice {
    /// Reload the page.
    Reload,
    /// Only stylesheets changed: restyle in place.
    Css,
    /// The rebuild failed; the last good site is still served.
    Error(String),
    /// The search index was written: an open search page reloads (it may
    /// have been opened before the index existed).
    SearchIndex,
}

// ---------------------------------------------------------------- the server

struct Shared {
    notices: broadcast::Sender<Notice>,
    last_error: Mutex<Option<String>>,
    shutdown: tokio::sync::watch::Receiver<bool>,
    indexing: Mutex<IndexState>,
    /// `true` while the site folder exists. Whoever writes into it (a rebuild,
    /// the search index) holds a read lock; shutdown takes the write lock and
    /// sets it to `false` before removing the folder, so that no late write
    /// re-creates the temporary folder after Ctrl-C.
    open: std::sync::RwLock<bool>,
    /// The site's root, for the log's paths.
    root: PathBuf,
}

/// Run the preview server until Ctrl-C.
pub fn run(opts: Options) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(serve(opts))
}

async fn serve(opts: Options) -> Result<()> {
    let addr = listen_address(&opts)?;
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            anyhow::bail!(
                "port {} on {} is already in use: stop the other server or choose another port with --port",
                opts.port,
                opts.bind
            )
        }
        Err(e) => return Err(anyhow!("cannot listen on {addr}: {e}")),
    };
    let local = listener.local_addr()?;
    let url = match local.ip() {
        std::net::IpAddr::V6(ip) => format!("http://[{ip}]:{}/", local.port()),
        std::net::IpAddr::V4(ip) => format!("http://{ip}:{}/", local.port()),
    };

    let temp = tempfile::Builder::new()
        .prefix("mujaz-serve-")
        .tempdir()
        .context("cannot create a temporary folder")?;
    let site_dir = temp.path().join("site");
    let overrides = config::Overrides {
        output: Some(site_dir.clone()),
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        // The preview shows scheduled articles, marked as such.
        future: true,
        relative: false,
        now: None,
    };
    let cfg = config::load(&opts.root, &overrides)?;
    let root = cfg.root.clone();
    let engine = Arc::new(Mutex::new(Engine::new(cfg, overrides)));

    // The URL is the first line the user sees.
    println!("{url}");
    let (notices, _) = broadcast::channel(64);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let shared = Arc::new(Shared {
        notices: notices.clone(),
        last_error: Mutex::new(None),
        shutdown: stop_rx,
        indexing: Mutex::new(IndexState::default()),
        open: std::sync::RwLock::new(true),
        root: root.clone(),
    });
    let started = Instant::now();
    match rebuild(&engine, &shared, &[]).await {
        Some(_) => log::info!("built the site in {:.2} s", started.elapsed().as_secs_f64()),
        None => log::warn!("serving what could be built; fix the error and save"),
    }
    if !site_dir.join("404.html").exists() {
        fsx::create_dir_all(&site_dir)?;
        fsx::write(
            &site_dir.join("404.html"),
            b"<!doctype html><title>404</title><body></body>",
        )?;
    }

    let _watcher = watch_files(&root, engine.clone(), shared.clone())?;
    if opts.open
        && let Err(e) = open::that(&url)
    {
        log::warn!("cannot open a browser: {e}");
    }
    log::info!("serving {} (Ctrl-C to stop)", root.display());
    let hosts = Arc::new(Hosts {
        port: local.port(),
        any_ip: local.ip().is_unspecified(),
        ip: local.ip(),
    });
    let app = router(&site_dir, shared.clone(), hosts);
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            let _ = stop_tx.send(true);
        })
        .await
        .context("the server stopped")?;
    // Wait for a write in progress, let no new one start, then clean up.
    if let Ok(mut open) = shared.open.write() {
        *open = false;
    }
    drop(temp);
    log::info!("stopped");
    Ok(())
}

/// Rebuild after `paths` changed (all of it when empty), tell the pages.
/// `path` as the user would type it: relative to the site root.
fn shown_path(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Gives what was done, or `None` after an error.
async fn rebuild(
    engine: &Arc<Mutex<Engine>>,
    shared: &Arc<Shared>,
    paths: &[PathBuf],
) -> Option<Rebuilt> {
    let engine_for_index = engine.clone();
    let engine = engine.clone();
    let incremental = !paths.is_empty();
    let changed = match paths {
        [] => String::new(),
        [one] => shown_path(one, &shared.root),
        [one, rest @ ..] => format!("{} and {} more", shown_path(one, &shared.root), rest.len()),
    };
    let paths = paths.to_vec();
    let started = Instant::now();
    let writer = shared.clone();
    let result = tokio::task::spawn_blocking(move || {
        let open = writer
            .open
            .read()
            .map_err(|_| anyhow!("the server stopped after a panic"))?;
        if !*open {
            return Ok(Rebuilt::Nothing);
        }
        let mut e = match engine.lock() {
            Ok(e) => e,
            // An earlier rebuild panicked (a bug): start again from a full
            // build rather than refuse every later save.
            Err(poisoned) => {
                engine.clear_poison();
                let mut e = poisoned.into_inner();
                e.forget();
                e
            }
        };
        if paths.is_empty() {
            e.full().map(|()| Rebuilt::Full)
        } else {
            e.update(&paths)
        }
    })
    .await
    .unwrap_or_else(|e| Err(anyhow!("the build panicked: {e}")));
    match result {
        Ok(done) => {
            let had_error = shared
                .last_error
                .lock()
                .map(|mut e| e.take().is_some())
                .unwrap_or(false);
            let notice = match done {
                Rebuilt::Nothing if !had_error => None,
                Rebuilt::Static { css_only: true } if !had_error => Some(Notice::Css),
                _ => Some(Notice::Reload),
            };
            if incremental && done != Rebuilt::Nothing {
                log::info!(
                    "{changed} changed: {done} in {} ms",
                    started.elapsed().as_millis()
                );
            }
            if let Some(n) = notice {
                let _ = shared.notices.send(n);
            }
            if matches!(done, Rebuilt::Full | Rebuilt::Partial { .. }) {
                index_in_background(engine_for_index, shared.clone());
            }
            Some(done)
        }
        Err(e) => {
            let message = format!("{e:#}");
            eprintln!("error: {message}");
            if let Ok(mut last) = shared.last_error.lock() {
                *last = Some(message.clone());
            }
            let _ = shared.notices.send(Notice::Error(message));
            None
        }
    }
}
