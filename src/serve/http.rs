//! The preview's HTTP side: the router (the site folder through
//! tower-http's `ServeDir`, the live-reload endpoints), the Host check
//! against DNS rebinding, and the listening address.

use super::*;
use live::{events, inject, live_js, status};

pub(super) fn router(site: &Path, shared: Arc<Shared>, hosts: Arc<Hosts>) -> Router {
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
pub(super) struct Hosts {
    pub(super) port: u16,
    /// Bound to every interface: any IP address of the machine is fine, a
    /// DNS name other than localhost is not.
    pub(super) any_ip: bool,
    pub(super) ip: std::net::IpAddr,
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
pub(super) async fn check_host(
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

pub(super) fn listen_address(opts: &Options) -> Result<SocketAddr> {
    let host = opts.bind.trim_matches(['[', ']']);
    let ip: std::net::IpAddr = host.parse().map_err(|_| {
        anyhow!(
            "--bind `{}` is not an IP address (e.g. 127.0.0.1)",
            opts.bind
        )
    })?;
    Ok(SocketAddr::new(ip, opts.port))
}
