//! Live reload: the script injected into HTML responses, the status
//! endpoint, and the server-sent events that tell open pages to reload or
//! restyle.

use super::*;

pub(super) const LIVE_JS: &str = include_str!("live.js");
pub(super) const SCRIPT_TAG: &str = "<script src=\"/__mujaz/live.js\" defer></script>";

/// Insert the live-reload script into every HTML response (bytes as they
/// are: a page that is not UTF-8 is not rewritten). The answer to a HEAD
/// request has no body but says the length a GET would send.
pub(super) async fn inject(req: Request<Body>, next: Next) -> Response {
    let head = req.method() == axum::http::Method::HEAD;
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
    if head {
        let length = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if let Some(n) = length {
            parts.headers.insert(
                header::CONTENT_LENGTH,
                HeaderValue::from(n + SCRIPT_TAG.len()),
            );
        }
        return Response::from_parts(parts, Body::empty());
    }
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read page").into_response();
    };
    let at = bytes
        .windows(b"</body>".len())
        .rposition(|w| w == b"</body>")
        .unwrap_or(bytes.len());
    let mut html = Vec::with_capacity(bytes.len() + SCRIPT_TAG.len());
    html.extend_from_slice(&bytes[..at]);
    html.extend_from_slice(SCRIPT_TAG.as_bytes());
    html.extend_from_slice(&bytes[at..]);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}

pub(super) async fn live_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
}

pub(super) async fn status(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
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

pub(super) async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
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
                            Notice::SearchIndex => {
                                Event::default().event("search-index").data("search-index")
                            }
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
pub(super) fn async_stream<T, F, Fut>(f: F) -> tokio_stream::wrappers::ReceiverStream<T>
where
    T: Send + 'static,
    F: FnOnce(tokio::sync::mpsc::Sender<T>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel(16);
    tokio::spawn(f(tx));
    tokio_stream::wrappers::ReceiverStream::new(rx)
}
