// mujaz default theme: small reading aids. Without JavaScript the page is
// complete; these only add to it.
const root = document.documentElement;
const lang = root.lang || "ar";

// Text size, remembered in localStorage (the head applies it before paint).
const steps = [0.9, 1, 1.15, 1.3, 1.5];
let step = Math.max(0, steps.indexOf(Number(localStorage.getItem("mujaz-font-scale")) || 1));
for (const button of document.querySelectorAll("button[data-font]")) {
  button.hidden = false;
  button.addEventListener("click", () => {
    step = Math.min(steps.length - 1, Math.max(0, step + Number(button.dataset.font)));
    root.style.setProperty("--font-scale", steps[step]);
    try { localStorage.setItem("mujaz-font-scale", String(steps[step])); } catch { /* private mode */ }
  });
}

// Copy the article's link.
for (const button of document.querySelectorAll("button.copy-link")) {
  if (!navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(button.dataset.url);
    button.textContent = button.dataset.done;
  });
}

// Recent dates read as "قبل 3 ساعات"; the absolute date stays as the title.
const rtf = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
const now = Date.now();
for (const t of document.querySelectorAll("time[data-rel]")) {
  const seconds = (new Date(t.dateTime).getTime() - now) / 1000;
  if (!(seconds <= 60 && seconds > -7 * 86400)) continue;
  const [value, unit] =
    -seconds < 3600 ? [Math.round(seconds / 60), "minute"]
    : -seconds < 86400 ? [Math.round(seconds / 3600), "hour"]
    : [Math.round(seconds / 86400), "day"];
  t.title = t.textContent;
  t.textContent = rtf.format(value, unit);
}

// Breaking news the site was built with may have expired since.
for (const item of document.querySelectorAll("[data-until]")) {
  if (new Date(item.dataset.until).getTime() <= now) item.remove();
}
for (const strip of document.querySelectorAll(".breaking")) {
  if (!strip.querySelector("li")) strip.remove();
}

// Videos and posts: the page shows a link (a facade) and loads nothing from
// YouTube, Vimeo or X until the reader clicks it (or presses Enter on it).
// The player's address is built from the provider and an id read back from
// the link and checked, never taken from the page as it is.
const players = {
  youtube: (u) => {
    const m = u.match(/[?&]v=([\w-]{11})(?:&|$)/);
    return m && `https://www.youtube-nocookie.com/embed/${m[1]}?autoplay=1`;
  },
  vimeo: (u) => {
    const m = u.match(/^https:\/\/vimeo\.com\/(\d+)$/);
    return m && `https://player.vimeo.com/video/${m[1]}?autoplay=1&dnt=1`;
  },
  x: (u) => {
    const m = u.match(/^https:\/\/x\.com\/i\/status\/(\d+)$/);
    return m && `https://platform.twitter.com/embed/Tweet.html?id=${m[1]}&lang=${encodeURIComponent(lang)}&dnt=true`;
  },
};
for (const figure of document.querySelectorAll("figure.embed")) {
  const link = figure.querySelector("a.embed-open");
  const kind = [...figure.classList].find((c) => c.startsWith("embed-"))?.slice(6);
  const src = link && Object.hasOwn(players, kind) && players[kind](link.href);
  if (!src) continue;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const frame = document.createElement("iframe");
    frame.src = src;
    frame.title = link.querySelector(".embed-title")?.textContent || link.textContent;
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    figure.classList.add("embed-playing");
    figure.replaceChildren(frame);
    frame.focus();
  });
}
