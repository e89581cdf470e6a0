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
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, watch};
use tower_http::services::{ServeDir, ServeFile};

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
}

const LIVE_JS: &str = include_str!("serve_live.js");
const SCRIPT_TAG: &str = "<script src=\"/__mujaz/live.js\" defer></script>";

/// Build the search index of `articles` articles (their records from
/// `records`) and put it in `out`: changed files are written, index files of
/// earlier builds that are gone are removed. Gives the number of files written.
/// Each write holds `open` (see [`Shared::open`]): once the server stopped,
/// nothing more is written.
fn write_index(
    cfg: &Config,
    out: &Path,
    articles: usize,
    records: &mut dyn FnMut(std::ops::Range<usize>) -> Result<Vec<crate::search::Record>>,
    open: &std::sync::RwLock<bool>,
) -> Result<usize> {
    // A read lock on `open` while the folder is still there, else an error.
    let still_open = || {
        open.read()
            .ok()
            .filter(|o| **o)
            .ok_or_else(|| anyhow!("the server stopped"))
    };
    let patch = Patch::new(out);
    let written = crate::search::write(cfg, out, articles, records, &mut |f| {
        let _open = still_open()?;
        crate::output::Sink::put(&patch, f)
    })?;
    let _open = still_open()?;
    let keep: std::collections::HashSet<&str> = written.paths.iter().map(String::as_str).collect();
    for entry in walkdir::WalkDir::new(out.join("pagefind"))
        .contents_first(true)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let rel = entry
            .path()
            .strip_prefix(out)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if entry.file_type().is_file() && !keep.contains(rel.as_str()) {
            let _ = std::fs::remove_file(entry.path());
        } else if entry.file_type().is_dir() {
            let _ = std::fs::remove_dir(entry.path()); // only when empty
        }
    }
    Ok(patch.written())
}

// ---------------------------------------------------------------- the server

struct Shared {
    notices: broadcast::Sender<Notice>,
    last_error: Mutex<Option<String>>,
    shutdown: watch::Receiver<bool>,
    indexing: Mutex<IndexState>,
    /// `true` while the site folder exists. Whoever writes into it (a rebuild,
    /// the search index) holds a read lock; shutdown takes the write lock and
    /// sets it to `false` before removing the folder, so that no late write
    /// re-creates the temporary folder after Ctrl-C.
    open: std::sync::RwLock<bool>,
}

/// The background search index build: at most one at a time; a change
/// during a build asks for one more.
#[derive(Default)]
struct IndexState {
    running: bool,
    again: bool,
}

/// Rebuild the search index in the background, so that the page that
/// changed reloads at once and search catches up a moment later.
fn index_in_background(engine: Arc<Mutex<Engine>>, shared: Arc<Shared>) {
    {
        let Ok(mut state) = shared.indexing.lock() else {
            return;
        };
        if state.running {
            state.again = true;
            return;
        }
        state.running = true;
    }
    std::thread::spawn(move || {
        lower_priority();
        // Pagefind indexes with rayon: in the global pool its work would queue
        // ahead of a rebuild's (and at full priority), so it gets a pool of
        // its own, at the same low priority as this thread.
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("mujaz-index-{i}"))
            .start_handler(|_| lower_priority())
            .build();
        loop {
            let start = engine.lock().ok().and_then(|e| {
                let n = e.searchable()?.site.articles.len();
                Some((e.config().clone(), e.out().to_path_buf(), n))
            });
            if let Some((cfg, out, n)) = start {
                let started = Instant::now();
                // Each part's records are taken from the engine as it is then,
                // 256 at a time so that a saved page never waits long for the
                // lock; a change meanwhile asks for another round (`again`).
                let mut records = |range: std::ops::Range<usize>| {
                    let mut part = Vec::with_capacity(range.len());
                    for start in range.clone().step_by(256) {
                        let chunk = start..(start + 256).min(range.end);
                        let records = engine
                            .lock()
                            .ok()
                            .and_then(|e| e.search_records(chunk))
                            .ok_or_else(|| anyhow!("the site is being rebuilt"))?;
                        part.extend(records);
                    }
                    Ok(part)
                };
                let mut write = || write_index(&cfg, &out, n, &mut records, &shared.open);
                let result = match &pool {
                    Ok(pool) => pool.install(write),
                    Err(_) => write(),
                };
                match result {
                    Ok(0) => {}
                    Ok(files) => log::info!(
                        "search index updated in {:.1} s ({files} files)",
                        started.elapsed().as_secs_f64()
                    ),
                    Err(_) if !shared.open.read().is_ok_and(|o| *o) => return,
                    Err(e) => log::warn!("search index: {e:#}"),
                }
            }
            let Ok(mut state) = shared.indexing.lock() else {
                return;
            };
            if !std::mem::take(&mut state.again) {
                state.running = false;
                return;
            }
        }
    });
}

/// Let rebuilds of saved pages go first: the index thread runs at a lower
/// scheduling priority (Linux sets it per thread).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; `0` names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 15);
    }
}

/// Insert the live-reload script into every HTML response.
async fn inject(req: Request<Body>, next: Next) -> Response {
    let res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let (mut parts, body) = res.into_parts();
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if !is_html {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read page").into_response();
    };
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    match html.rfind("</body>") {
        Some(i) => html.insert_str(i, SCRIPT_TAG),
        None => html.push_str(SCRIPT_TAG),
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}

async fn live_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
}

async fn status(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let error = shared.last_error.lock().ok().and_then(|e| e.clone());
    // `listeners`: open pages waiting for reloads (closed ones are dropped).
    let body = serde_json::json!({
        "ok": error.is_none(),
        "error": error,
        "listeners": shared.notices.receiver_count(),
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
}

async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let mut rx = shared.notices.subscribe();
    let mut shutdown = shared.shutdown.clone();
    let stream = async_stream(move |tx| async move {
        loop {
            tokio::select! {
                n = rx.recv() => match n {
                    Ok(n) => {
                        let ev = match n {
                            Notice::Reload => Event::default().event("reload").data("reload"),
                            Notice::Css => Event::default().event("css").data("css"),
                            Notice::Error(e) => Event::default().event("build-error").data(e),
                        };
                        if tx.send(Ok::<_, std::convert::Infallible>(ev)).await.is_err() {
                            break;
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(_) => break,
                },
                _ = shutdown.changed() => break,
                // The page closed its connection: stop listening for it.
                _ = tx.closed() => break,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// A stream fed by a task: `f` gets the sending half of a channel.
fn async_stream<T, F, Fut>(f: F) -> tokio_stream::wrappers::ReceiverStream<T>
where
    T: Send + 'static,
    F: FnOnce(tokio::sync::mpsc::Sender<T>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel(16);
    tokio::spawn(f(tx));
    tokio_stream::wrappers::ReceiverStream::new(rx)
}

fn router(site: &Path, shared: Arc<Shared>, hosts: Arc<Hosts>) -> Router {
    let files = ServeDir::new(site)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(site.join("404.html")));
    Router::new()
        .route("/__mujaz/live.js", get(live_js))
        .route("/__mujaz/events", get(events))
        .route("/__mujaz/status", get(status))
        .with_state(shared)
        .fallback_service(files)
        .layer(middleware::from_fn(inject))
        .layer(middleware::from_fn_with_state(hosts, check_host))
}

/// The `Host` values the preview answers to.
struct Hosts {
    port: u16,
    /// Bound to every interface: any IP address of the machine is fine, a
    /// DNS name other than localhost is not.
    any_ip: bool,
    ip: std::net::IpAddr,
}

impl Hosts {
    fn allows(&self, host: &str) -> bool {
        // "127.0.0.1:1111", "[::1]:1111", "localhost:1111"
        let (name, port) = match host.rsplit_once(':') {
            Some((n, p)) if !n.ends_with(':') && p.bytes().all(|b| b.is_ascii_digit()) => (n, p),
            _ => (host, ""),
        };
        if port != self.port.to_string() {
            return false;
        }
        let name = name.trim_start_matches('[').trim_end_matches(']');
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        match name.parse::<std::net::IpAddr>() {
            Ok(ip) => self.any_ip || ip == self.ip || ip.is_loopback() && self.ip.is_loopback(),
            Err(_) => false,
        }
    }
}

/// Refuse requests whose `Host` is not this server's address (a web page
/// that rebinds its DNS name to 127.0.0.1 cannot read the preview), and
/// serve pages whole: a byte range of a page that gets the live-reload
/// script would not match its length.
async fn check_host(
    State(hosts): State<Arc<Hosts>>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if !hosts.allows(&host) {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "mujaz serve answers only to its own address",
        )
            .into_response();
    }
    let path = req.uri().path();
    let page = path.ends_with('/')
        || path.ends_with(".html")
        || !path.rsplit('/').next().unwrap_or("").contains('.');
    if page {
        req.headers_mut().remove(header::RANGE);
        req.headers_mut().remove(header::IF_RANGE);
    }
    next.run(req).await
}

fn listen_address(opts: &Options) -> Result<SocketAddr> {
    let host = opts.bind.trim_matches(['[', ']']);
    let ip: std::net::IpAddr = host.parse().map_err(|_| {
        anyhow!(
            "--bind `{}` is not an IP address (e.g. 127.0.0.1)",
            opts.bind
        )
    })?;
    Ok(SocketAddr::new(ip, opts.port))
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
        now: None,
    };
    let cfg = config::load(&opts.root, &overrides)?;
    let root = cfg.root.clone();
    let engine = Arc::new(Mutex::new(Engine::new(cfg, overrides)));

    // The URL is the first line the user sees.
    println!("{url}");
    let (notices, _) = broadcast::channel(64);
    let (stop_tx, stop_rx) = watch::channel(false);
    let shared = Arc::new(Shared {
        notices: notices.clone(),
        last_error: Mutex::new(None),
        shutdown: stop_rx,
        indexing: Mutex::new(IndexState::default()),
        open: std::sync::RwLock::new(true),
    });
    let started = Instant::now();
    match rebuild(&engine, &shared, &[]).await {
        Some(r) => log::info!(
            "built the site in {:.2} s ({r:?})",
            started.elapsed().as_secs_f64()
        ),
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
/// Gives what was done, or `None` after an error.
async fn rebuild(
    engine: &Arc<Mutex<Engine>>,
    shared: &Arc<Shared>,
    paths: &[PathBuf],
) -> Option<Rebuilt> {
    let engine_for_index = engine.clone();
    let engine = engine.clone();
    let incremental = !paths.is_empty();
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
                log::info!("rebuilt in {} ms ({done:?})", started.elapsed().as_millis());
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

type Watcher = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// The folders of a site whose changes matter.
const WATCHED: [&str; 6] = ["seeds", "content", "themes", "templates", "static", "i18n"];

/// Watch the site's sources; each debounced batch of changes is one rebuild.
fn watch_files(
    root: &Path,
    engine: Arc<Mutex<Engine>>,
    shared: Arc<Shared>,
) -> Result<Arc<Mutex<Watcher>>> {
    use notify::RecursiveMode;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Vec<PathBuf>>();
    let mut debouncer = notify_debouncer_full::new_debouncer(
        Duration::from_millis(60),
        None,
        move |result: notify_debouncer_full::DebounceEventResult| {
            if let Ok(events) = result {
                let mut paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !e.kind.is_access())
                    .flat_map(|e| e.event.paths)
                    .filter(|p| !crate::fsx::is_editor_leftover(p))
                    .collect();
                paths.sort();
                paths.dedup();
                if !paths.is_empty() {
                    let _ = tx.send(paths);
                }
            }
        },
    )
    .context("cannot watch files")?;
    for dir in WATCHED {
        let p = root.join(dir);
        if p.is_dir() {
            debouncer
                .watch(&p, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch `{}`", p.display()))?;
        }
    }
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch `{}`", root.display()))?;
    let debouncer = Arc::new(Mutex::new(debouncer));
    let watcher = debouncer.clone();
    let root = root.to_path_buf();
    tokio::spawn(async move {
        while let Some(mut paths) = rx.recv().await {
            // Join batches that arrived while the last rebuild ran.
            while let Ok(more) = rx.try_recv() {
                paths.extend(more);
            }
            paths.retain(|p| p.starts_with(&root) && p != &root);
            // A folder such as static/ created after the start is watched from now on.
            for dir in WATCHED {
                let p = root.join(dir);
                if paths.contains(&p) && p.is_dir() {
                    if let Ok(mut w) = watcher.lock()
                        && let Err(e) = w.watch(&p, RecursiveMode::Recursive)
                    {
                        log::warn!("cannot watch `{}`: {e}", p.display());
                    }
                    for entry in walkdir::WalkDir::new(&p).into_iter().filter_map(|e| e.ok()) {
                        paths.push(entry.path().to_path_buf());
                    }
                }
            }
            if !paths.is_empty() {
                rebuild(&engine, &shared, &paths).await;
            }
        }
    });
    Ok(debouncer)
}
