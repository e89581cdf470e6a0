// mujaz serve: live reload. Injected into pages by `mujaz serve` only.
(() => {
  const host = document.createElement("mujaz-live");
  const root = host.attachShadow({ mode: "open" });
  const box = document.createElement("div");
  box.setAttribute("role", "alert");
  box.style.cssText =
    "position:fixed;inset:0;z-index:2147483647;background:rgba(20,0,0,.88);color:#fff;" +
    "padding:2rem;overflow:auto;font:14px/1.5 ui-monospace,monospace;display:none;direction:ltr;text-align:left";
  const title = document.createElement("strong");
  title.textContent = "mujaz: the last change could not be built (the page shows the last good build)";
  const pre = document.createElement("pre");
  pre.style.cssText = "white-space:pre-wrap;margin-top:1rem";
  box.append(title, pre);
  root.append(box);
  const show = (message) => {
    pre.textContent = message;
    box.style.display = "block";
    if (!host.isConnected) document.documentElement.append(host);
  };
  const hide = () => { box.style.display = "none"; };
  const check = () =>
    fetch("/__mujaz/status", { cache: "no-store" })
      .then((r) => r.json())
      .then((s) => (s.ok ? hide() : show(s.error)))
      .catch(() => {});
  const events = new EventSource("/__mujaz/events");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("css", () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("mujaz", Date.now());
      link.href = url.href;
    }
    hide();
  });
  events.addEventListener("build-error", (e) => show(e.data));
  // A search page opened before the index was written finds nothing: it
  // reloads once the index is there. Other pages do not care.
  events.addEventListener("search-index", () => {
    if (document.body && document.body.classList.contains("kind-search")) location.reload();
  });
  events.addEventListener("open", check);
  document.documentElement.append(host);
})();
