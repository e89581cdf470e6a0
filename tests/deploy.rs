//! The deploy recipes of docs/deploy.md tried for real where this machine
//! has the tool: nginx serving a built site at the root of a host and under
//! a sub-path, with the configuration files of `deploy/` as shipped (only
//! the port and the folder changed). CI installs nginx first.

#![cfg(unix)]

mod common;

use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

fn nginx_binary() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// nginx's worker may run as another user: let it read the test's folders.
fn open_up(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for d in dir
        .ancestors()
        .take_while(|d| d.starts_with(std::env::temp_dir()))
    {
        let _ = std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755));
    }
}

struct Nginx {
    child: Child,
    port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Nginx {
    /// nginx with `http_body` in its http block, in its own folder `dir`.
    fn start(bin: &Path, dir: &Path, port: u16, http_body: &str) -> Nginx {
        let d = dir.display();
        let conf = format!(
            "worker_processes 1;\ndaemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n  client_body_temp_path {d}/t1;\n  proxy_temp_path {d}/t2;\n  fastcgi_temp_path {d}/t3;\n  uwsgi_temp_path {d}/t4;\n  scgi_temp_path {d}/t5;\n{http_body}\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), conf).unwrap();
        let child = Command::new(bin)
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-e")
            .arg(dir.join("error.log"))
            .spawn()
            .expect("start nginx");
        let n = Nginx { child, port };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "nginx did not start: {}",
                std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        n
    }

    /// GET `path` (HTTP/1.0): status, content type, body.
    fn get(&self, path: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let ctype = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-type:")
                    .map(|v| v.trim().to_string())
            })
            .unwrap_or_default();
        (status, ctype, body.to_string())
    }
}

fn recipe(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("deploy")
            .join(name),
    )
    .unwrap()
}

const ARTICLE: &str = "2022/01/31/%D8%AF%D8%B9%D9%88%D8%A9-%D9%84%D8%AA%D8%AD%D8%B1%D9%83-%D8%AF%D9%88%D9%84%D9%8A-%D9%81%D9%8A-%D8%A7%D9%84%D8%AD%D8%B3%D9%83%D8%A9-%D8%A8%D8%B9%D8%AF-%D8%A5%D8%AD%D8%A8%D8%A7%D8%B7-%D9%85%D8%AE%D8%B7%D8%B7/";

#[test]
fn the_nginx_recipes_serve_a_built_site_at_the_root_and_under_a_sub_path() {
    let Some(bin) = nginx_binary() else {
        eprintln!("nginx is not installed here: the nginx recipes were not tried");
        return;
    };
    // At the root of a host: deploy/nginx.conf.
    let site = TestSite::fixture("basic");
    let port = free_port();
    site.build(&["--base-url", &format!("http://127.0.0.1:{port}/")])
        .ok();
    let work = tempfile::tempdir().unwrap();
    open_up(&site.out());
    open_up(work.path());
    let conf = recipe("nginx.conf")
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace(
            "root /var/www/news;",
            &format!("root {};", site.out().display()),
        );
    let n = Nginx::start(&bin, work.path(), port, &conf);
    let (status, ctype, body) = n.get("/");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/html"), "{ctype}");
    assert!(body.contains("موجز الأخبار"));
    assert_eq!(n.get("/tags/").0, 200);
    assert_eq!(n.get(&format!("/{ARTICLE}")).0, 200, "an Arabic address");
    let (status, _, body) = n.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("الصفحة غير موجودة"),
        "the site's 404 page: {body}"
    );
    assert!(n.get("/atom.xml").1.contains("xml"));
    assert!(n.get("/style.css").1.starts_with("text/css"));
    drop(n);

    // Under a sub-path of another host: deploy/nginx-subpath.conf.
    let port = free_port();
    let site = TestSite::fixture("basic");
    site.build(&["--base-url", &format!("http://127.0.0.1:{port}/news/")])
        .ok();
    open_up(&site.out());
    let work = tempfile::tempdir().unwrap();
    open_up(work.path());
    let empty = work.path().join("elsewhere");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("index.html"), "another site\n").unwrap();
    let location = recipe("nginx-subpath.conf").replace(
        "alias /var/www/news/;",
        &format!("alias {}/;", site.out().display()),
    );
    let conf = format!(
        "server {{\n  listen 127.0.0.1:{port};\n  root {};\n{location}\n}}",
        empty.display()
    );
    let n = Nginx::start(&bin, work.path(), port, &conf);
    let (status, _, body) = n.get("/news/");
    assert_eq!(status, 200);
    assert!(body.contains("href=\"/news/style.css\""));
    assert_eq!(n.get(&format!("/news/{ARTICLE}")).0, 200);
    assert_eq!(n.get("/news/tags/").0, 200);
    let (status, _, body) = n.get("/news/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("الصفحة غير موجودة") && body.contains("href=\"/news/\""),
        "the 404 page, its links under the sub-path: {body}"
    );
    let (status, _, body) = n.get("/");
    assert_eq!(
        (status, body.as_str()),
        (200, "another site\n"),
        "the host's own root is untouched"
    );
}
