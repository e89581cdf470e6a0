//! `mujaz serve` as a user meets it: a real server on a free port, real HTTP
//! requests (a minimal HTTP/1.1 client over TcpStream, so that hostile paths
//! reach the server exactly as written), file edits and Ctrl-C.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    url: String,
    tmp: tempfile::TempDir,
}

impl Server {
    fn start(site: &TestSite) -> Server {
        Server::spawn(site, &["--root", site.root.to_str().unwrap()])
    }

    /// `mujaz serve` started inside the site folder, as users start it:
    /// no `--root`, so the root is the relative `.`.
    fn start_inside(site: &TestSite) -> Server {
        Server::spawn(site, &[])
    }

    fn spawn(site: &TestSite, args: &[&str]) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_mujaz"))
            .arg("serve")
            .args(args)
            .args(["--port", "0"])
            .current_dir(&site.root)
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_string();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "first line is the URL: {url:?}"
        );
        let addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let server = Server {
            child,
            addr,
            url,
            tmp,
        };
        server.wait_for(|| server.get("/").0 == 200, "the server to answer");
        server
    }

    /// GET `path` exactly as written. Gives status, headers (lowercased names), body.
    fn get(&self, path: &str) -> (u16, Vec<(String, String)>, String) {
        self.request(path, &format!("Host: {}\r\n", self.addr))
    }

    /// GET `path` with the given header lines (each ending in CRLF).
    fn request(&self, path: &str, headers: &str) -> (u16, Vec<(String, String)>, String) {
        self.send("GET", path, headers)
    }

    /// `method` `path` with the given header lines (each ending in CRLF).
    fn send(
        &self,
        method: &str,
        path: &str,
        headers: &str,
    ) -> (u16, Vec<(String, String)>, String) {
        let Ok(mut s) = TcpStream::connect(&self.addr) else {
            return (0, Vec::new(), String::new());
        };
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let Some((head, body)) = text.split_once("\r\n\r\n") else {
            return (0, Vec::new(), text);
        };
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let chunked = headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
        let body = if chunked {
            unchunk(body)
        } else {
            body.to_string()
        };
        (status, headers, body)
    }

    fn content_type(&self, path: &str) -> String {
        let (_, headers, _) = self.get(path);
        headers
            .into_iter()
            .find(|(k, _)| k == "content-type")
            .map(|(_, v)| v)
            .unwrap_or_default()
    }

    fn wait_for(&self, mut ok: impl FnMut() -> bool, what: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("timed out waiting for {what}");
    }

    fn interrupt(mut self) -> (i32, String) {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        let status = self.child.wait().unwrap();
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let leftovers = std::fs::read_dir(self.tmp.path()).unwrap().count();
        assert_eq!(leftovers, 0, "temporary folders left behind");
        (status.code().unwrap_or(-1), err)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn unchunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

fn enc(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            percent_encoding::utf8_percent_encode(seg, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("/")
}

const HASAKAH: &str = "/2022/01/31/دعوة-لتحرك-دولي-في-الحسكة-بعد-إحباط-مخطط/";

#[test]
fn serves_pages_static_files_and_404_with_live_reload() {
    let site = TestSite::fixture("basic");
    // Files of the kinds a site ships, to check their content types.
    site.write("static/images/photo.jpg", "\u{ff}\u{d8}");
    site.write("static/images/photo.webp", "RIFF");
    site.write("static/tool.wasm", "\0asm");
    site.write("static/data.json", "{}");
    let s = Server::start(&site);
    let (status, _, home) = s.get("/");
    assert_eq!(status, 200);
    assert!(
        home.contains("<script src=\"/__mujaz/live.js\" defer></script></body>"),
        "live reload injected"
    );
    assert!(
        home.contains(&format!("href=\"{}\"", s.url)) || home.contains(&s.url),
        "base_url is the local address"
    );
    let (status, _, page) = s.get(&enc(HASAKAH));
    assert_eq!(status, 200, "percent-encoded Arabic path");
    assert!(page.contains("أكبر عملية للتنظيم"));
    assert!(s.content_type("/").starts_with("text/html"));
    assert!(s.content_type("/style.css").starts_with("text/css"));
    assert!(s.content_type("/atom.xml").contains("xml"));
    assert!(s.content_type("/sitemap.xml").contains("xml"));
    assert!(s.content_type("/favicon.svg").starts_with("image/svg+xml"));
    assert_eq!(s.content_type("/images/map.png"), "image/png");
    assert_eq!(s.content_type("/images/photo.jpg"), "image/jpeg");
    assert_eq!(s.content_type("/images/photo.webp"), "image/webp");
    assert_eq!(s.content_type("/tool.wasm"), "application/wasm");
    assert!(s.content_type("/data.json").starts_with("application/json"));
    assert!(s.content_type("/site.js").contains("javascript"));
    assert!(
        s.content_type("/__mujaz/live.js")
            .starts_with("text/javascript")
    );
    let (status, _, tags) = s.get(&enc("/tags/الحسكة/"));
    assert_eq!(status, 200, "directory index");
    assert!(tags.contains("الحسكة"));
    let (status, _, body) = s.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("الصفحة غير موجودة"), "the site's 404.html");
    let (code, err) = s.interrupt();
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("stopped"), "{err}");
}

#[test]
fn nothing_outside_the_site_folder() {
    let site = TestSite::fixture("basic");
    site.write("secret.txt", "TOP-SECRET");
    let s = Server::start(&site);
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%2E%2E%2F%2E%2E%2Fetc/passwd",
        "/..\\..\\..\\etc\\passwd",
        "/..%5c..%5cetc%5cpasswd",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/../secret.txt",
        "/../../site/secret.txt",
        "/..;/secret.txt",
    ] {
        let (status, _, body) = s.get(path);
        assert_ne!(status, 200, "{path} gave 200");
        assert!(
            !body.contains("root:") && !body.contains("TOP-SECRET"),
            "{path} leaked"
        );
    }
}

/// The basic site served, with the URL path and the text of the article that
/// the editing tests change.
fn serve_for_editing() -> (TestSite, Server, String, String) {
    let site = TestSite::fixture("basic");
    let s = Server::start(&site);
    let original = std::fs::read_to_string(site.root.join("content/2022/hasakah.md")).unwrap();
    (site, s, enc(HASAKAH), original)
}

#[test]
fn started_inside_the_site_folder_it_rebuilds_on_save() {
    let site = TestSite::fixture("basic");
    let s = Server::start_inside(&site);
    let path = enc(HASAKAH);
    assert!(s.get(&path).2.contains("أكبر عملية للتنظيم"));
    let original = std::fs::read_to_string(site.root.join("content/2022/hasakah.md")).unwrap();
    site.write(
        "content/2022/hasakah.md",
        &original.replace("وأضافت أحمد", "وأكدت أحمد من داخل المجلد"),
    );
    s.wait_for(
        || s.get(&path).2.contains("وأكدت أحمد من داخل المجلد"),
        "the edit saved in a site served with the relative root `.`",
    );
    // A new article (a full rebuild) appears too.
    site.article(
        "2022/new.md",
        "title: \"خبر جديد من داخل المجلد\"\ndate: 2022-02-01",
        "نص الخبر الجديد.",
    );
    s.wait_for(
        || s.get("/").2.contains("خبر جديد من داخل المجلد"),
        "the new article on the home page",
    );
}

#[test]
fn edits_rebuild_and_errors_show_until_fixed() {
    let (site, s, path, original) = serve_for_editing();

    // Save a change to the text: the page changes.
    site.write(
        "content/2022/hasakah.md",
        &original.replace("وأضافت أحمد", "وأكدت أحمد بعد التعديل"),
    );
    s.wait_for(
        || s.get(&path).2.contains("وأكدت أحمد بعد التعديل"),
        "the edited text",
    );

    // Break the file: the error is reported, the last good page is still served.
    site.write(
        "content/2022/hasakah.md",
        &original.replace("date: 2022-01-31T14:30:00+03:00", "date: 31-31-2022"),
    );
    s.wait_for(
        || s.get("/__mujaz/status").2.contains("\"ok\":false"),
        "the error",
    );
    let (_, _, status) = s.get("/__mujaz/status");
    assert!(
        status.contains("content/2022/hasakah.md:3: bad `date`"),
        "{status}"
    );
    let (code, _, page) = s.get(&path);
    assert_eq!(code, 200);
    assert!(
        page.contains("وأكدت أحمد بعد التعديل"),
        "the last good build stays"
    );

    // Fix it: the error clears and the new text is served.
    site.write(
        "content/2022/hasakah.md",
        &original.replace("وأضافت أحمد", "وقالت أحمد أخيراً"),
    );
    s.wait_for(
        || s.get(&path).2.contains("وقالت أحمد أخيراً"),
        "the fixed text",
    );
    s.wait_for(
        || s.get("/__mujaz/status").2.contains("\"ok\":true"),
        "the error to clear",
    );

    // A new article and a changed title (structural changes) rebuild the lists.
    site.article(
        "2022/new.md",
        "title: خبر جديد في الحسكة\ndate: 2022-02-05\ntags: [الحسكة]",
        "نص الخبر الجديد.",
    );
    s.wait_for(
        || {
            s.get(&enc("/tags/الحسكة/"))
                .2
                .contains("خبر جديد في الحسكة")
        },
        "the new article in its tag page",
    );
    s.wait_for(
        || s.get(&enc("/2022/02/05/خبر-جديد-في-الحسكة/")).0 == 200,
        "the new article's page",
    );

    // The search index follows, in the background.
    let key = || {
        let (status, _, body) = s.get("/pagefind/0/mujaz-index.txt");
        if status != 200 {
            return String::new();
        }
        body.lines().next().unwrap_or("").to_string()
    };
    if cfg!(feature = "search") {
        s.wait_for(|| !key().is_empty(), "the search index");
        let before = key();
        // Open pages hear when the index is written (the search page
        // reloads then: it may have been opened before the index existed).
        let mut events = TcpStream::connect(&s.addr).unwrap();
        write!(
            events,
            "GET /__mujaz/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            s.addr
        )
        .unwrap();
        events
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        site.write(
            "content/2022/hasakah.md",
            &original.replace("وأضافت أحمد", "وأضافت أحمد كلمةجديدةللبحث"),
        );
        s.wait_for(|| key() != before, "the search index to be rebuilt");
        let mut heard = String::new();
        let mut buf = [0u8; 4096];
        let since = Instant::now();
        while !heard.contains("event: search-index") {
            // Keep-alive comments arrive meanwhile: bound the wait itself.
            assert!(
                since.elapsed() < Duration::from_secs(30),
                "no search-index event: {heard}"
            );
            let n = events.read(&mut buf).unwrap_or(0);
            assert!(n > 0, "no search-index event: {heard}");
            heard.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    } else {
        assert_eq!(
            s.get("/pagefind/0/mujaz-index.txt").0,
            404,
            "no index without the search feature"
        );
    }

    // A stylesheet in a static/ folder made after the start.
    site.write("static/extra.css", "body { color: red }");
    s.wait_for(
        || s.get("/extra.css").2.contains("color: red"),
        "the new stylesheet",
    );

    // A text and a stylesheet saved together (one batch): both arrive.
    site.write(
        "content/2022/hasakah.md",
        &original.replace("وأضافت أحمد", "وأضافت أحمد معاً"),
    );
    site.write("static/extra.css", "body { color: blue }");
    s.wait_for(
        || s.get(&path).2.contains("وأضافت أحمد معاً"),
        "the text saved with a stylesheet",
    );
    s.wait_for(
        || s.get("/extra.css").2.contains("color: blue"),
        "the stylesheet saved with a text",
    );

    // A deleted static file is no longer served.
    site.remove("static/extra.css");
    s.wait_for(
        || s.get("/extra.css").0 == 404,
        "the deleted stylesheet to go",
    );
    assert_eq!(
        s.get("/images/map.png").0,
        200,
        "the other static files stay"
    );
}

#[test]
fn one_save_one_rebuild_and_editor_files_are_ignored() {
    let (site, s, path, original) = serve_for_editing();
    let file = site.root.join("content/2022/hasakah.md");

    // An editor's atomic save: a temp file beside it, renamed over it.
    let temp = site.root.join("content/2022/.hasakah.md.tmp");
    std::fs::write(&temp, original.replace("وأضافت أحمد", "وأوضحت أحمد")).unwrap();
    std::fs::rename(&temp, &file).unwrap();
    s.wait_for(|| s.get(&path).2.contains("وأوضحت أحمد"), "the saved text");

    // Swap, backup and probe files of editors change nothing.
    // (Names that would otherwise be an article or a static file.)
    for noise in [
        "content/2022/.#hasakah.md",
        "content/2022/.hasakah.md.swp",
        "content/2022/4913",
        "static/images/map.png~",
        "static/#notes.css#",
        "static/draft.css.bak",
    ] {
        site.write(noise, "---\ntitle: [broken\n");
    }
    std::thread::sleep(Duration::from_millis(600));
    assert!(s.get("/__mujaz/status").2.contains("\"ok\":true"));
    assert_eq!(s.get("/images/map.png~").0, 404);
    assert_eq!(s.get("/draft.css.bak").0, 404);

    // site.yaml is watched too: a new title reaches every page.
    let yaml = std::fs::read_to_string(site.root.join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &yaml.replace("title: موجز الأخبار", "title: نشرة الأخبار"),
    );
    s.wait_for(
        || s.get(&path).2.contains("نشرة الأخبار"),
        "the new site title",
    );

    let (code, err) = s.interrupt();
    assert_eq!(code, 0, "{err}");
    // One human line per save: what changed, what was done, how long.
    let rebuilds: Vec<&str> = err.lines().filter(|l| l.contains(" changed: ")).collect();
    assert_eq!(rebuilds.len(), 2, "one rebuild per save:\n{err}");
    assert!(
        rebuilds[1].contains("site.yaml changed: rebuilt the whole site in "),
        "site.yaml rebuilds everything: {err}"
    );
    assert!(
        !err.contains("Partial {") && !err.contains("Full)"),
        "{err}"
    );
}

#[test]
fn port_in_use_is_a_clear_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let site = TestSite::fixture("basic");
    let run = site.run(&[
        "serve",
        "--root",
        site.root.to_str().unwrap(),
        "--port",
        &port,
    ]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--port"), "{}", run.stderr);
}

#[test]
fn only_its_own_address_whole_pages_and_no_stale_listeners() {
    let site = TestSite::fixture("basic");
    let s = Server::start(&site);
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    // DNS rebinding: a page of evil.example whose name now points here.
    let (status, _, body) = s.request("/", &format!("Host: evil.example:{port}\r\n"));
    assert_eq!(status, 421, "{body}");
    assert!(!body.contains("<html"));
    assert_eq!(s.request("/", "").0, 421, "no Host at all");
    assert_eq!(
        s.request("/", &format!("Host: localhost:{port}\r\n")).0,
        200
    );
    assert_eq!(
        s.request("/", &format!("Host: 127.0.0.1:{port}\r\n")).0,
        200
    );
    // A range of a page: the whole page (with the live-reload script), whose
    // length is the length sent.
    let (status, headers, body) =
        s.request("/", &format!("Host: {}\r\nRange: bytes=0-99\r\n", s.addr));
    assert_eq!(status, 200);
    assert!(body.contains("/__mujaz/live.js"));
    if let Some((_, len)) = headers.iter().find(|(k, _)| k == "content-length") {
        assert_eq!(len.parse::<usize>().unwrap(), body.len());
    }
    // HEAD says the length GET sends, script included.
    let host = format!("Host: {}\r\n", s.addr);
    for path in ["/", "/style.css", &enc(HASAKAH)] {
        let (_, _, body) = s.request(path, &host);
        let (status, headers, empty) = s.send("HEAD", path, &host);
        assert_eq!(status, 200, "{path}");
        assert!(empty.is_empty(), "{path}");
        let len = headers.iter().find(|(k, _)| k == "content-length");
        assert_eq!(
            len.map(|(_, v)| v.parse::<usize>().unwrap()),
            Some(body.len()),
            "{path}"
        );
    }
    // A static file still answers ranges.
    let (status, _, body) = s.request(
        "/style.css",
        &format!("Host: {}\r\nRange: bytes=0-9\r\n", s.addr),
    );
    assert_eq!(status, 206);
    assert_eq!(body.len(), 10);
    // Live-reload listeners come and go with their pages.
    let listeners = |s: &Server| -> usize {
        let (_, _, b) = s.get("/__mujaz/status");
        let v: serde_json::Value = serde_json::from_str(&b).unwrap();
        v["listeners"].as_u64().unwrap() as usize
    };
    let base = listeners(&s);
    let mut open: Vec<TcpStream> = (0..5)
        .map(|_| {
            let mut c = TcpStream::connect(&s.addr).unwrap();
            write!(
                c,
                "GET /__mujaz/events HTTP/1.1\r\nHost: {}\r\n\r\n",
                s.addr
            )
            .unwrap();
            c
        })
        .collect();
    s.wait_for(|| listeners(&s) == base + 5, "five listeners");
    open.clear(); // the pages close
    s.wait_for(|| listeners(&s) == base, "closed listeners dropped");
}
