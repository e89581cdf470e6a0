// Search page of the mujaz default theme: Pagefind's JavaScript API, our own
// right-to-left results (title, date, excerpt with the match highlighted).
// Everything is loaded from this site; no request leaves it.
const app = document.getElementById("search-app");
const $ = (id) => document.getElementById(id);
const input = $("search-q");
const year = $("search-year");
const tag = $("search-tag");
const sort = $("search-sort");
const status = $("search-status");
const list = $("search-results");
const forms = JSON.parse(app.dataset.forms || "{}");
const plurals = new Intl.PluralRules(app.dataset.lang || "ar");
const count = (n) =>
  (forms[plurals.select(n)] || forms.other || "{n}").replace("{n}", n.toLocaleString(app.dataset.lang));

// An excerpt holds the article's own text with <mark> around the matches:
// keep exactly that (text and <mark>), never any other markup.
function excerpt(html) {
  const tpl = document.createElement("template");
  tpl.innerHTML = html;
  const p = document.createElement("p");
  for (const node of tpl.content.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
      const m = document.createElement("mark");
      m.textContent = node.textContent;
      p.append(m);
    } else {
      p.append(document.createTextNode(node.textContent));
    }
  }
  return p;
}

// The index comes in parts (pagefind/0/ holds the oldest articles): the
// newest part is loaded, the others are merged into it.
const parts = Number(app.dataset.parts || 0);
const bundle = (k) => `${app.dataset.bundle}${k}/`;

// Listen from the start; searches wait for Pagefind to load.
const ready = (async () => {
  if (!parts) return null;
  const pagefind = await import(bundle(parts - 1) + "pagefind.js");
  await pagefind.options({ excerptLength: 28 });
  await pagefind.init();
  const older = [];
  for (let k = parts - 2; k >= 0; k--) older.push(pagefind.mergeIndex(bundle(k), { excerptLength: 28 }));
  await Promise.all(older);
  const filters = await pagefind.filters();
  for (const [name, n] of Object.entries(filters.tag || {}).sort((a, b) => b[1] - a[1])) {
    const o = document.createElement("option");
    o.value = name;
    o.textContent = `${name} (${n.toLocaleString(app.dataset.lang)})`;
    tag.append(o);
  }
  const wanted = new URLSearchParams(location.search).get("tag");
  if (wanted) tag.value = wanted;
  return pagefind;
})();

// The parts that hold every word of `q` as it is (after Pagefind's stemming),
// or null when none does or there is one part. Each part answers on its own,
// and a part without a word offers its nearest words instead (as a whole
// index does for a word it lacks): when some part has the words, only those
// parts are asked, so that weaker matches from the others stay out.
async function partsWith(pagefind, q, filters) {
  if (parts < 2 || !q) return null;
  let have = null;
  for (const word of q.replaceAll('"', " ").split(/\s+/).filter(Boolean)) {
    const exact = await pagefind.search(`"${word}"`, { filters });
    const here = Object.entries(exact.filters.part || {}).filter(([, n]) => n > 0).map(([k]) => k);
    have = have ? have.filter((k) => here.includes(k)) : here;
  }
  return have && have.length ? have : null;
}

// The first `limit` results, and how many there are. Ordered by relevance,
// Pagefind merges the parts itself; newest first, the parts are asked one at
// a time from the newest (each covers a run of dates, newer than the next).
async function find(pagefind, q, filters, byDate, limit) {
  const have = await partsWith(pagefind, q, filters);
  const all = await pagefind.search(q, { filters: have ? { ...filters, part: { any: have } } : filters });
  if (!byDate) return { total: all.results.length, results: all.results.slice(0, limit) };
  const results = [];
  for (let k = parts - 1; k >= 0 && results.length < limit; k--) {
    if (have && !have.includes(String(k))) continue;
    const one = await pagefind.search(q, { filters: { ...filters, part: String(k) }, sort: { date: "desc" } });
    results.push(...one.results);
  }
  return { total: all.results.length, results: results.slice(0, limit) };
}

// A search given in the address (?q=…) fills the form, unless the reader
// already started typing.
const params = new URLSearchParams(location.search);
if (!input.value) input.value = params.get("q") || "";
year.value = params.get("year") || year.value;
sort.value = params.get("sort") || sort.value;

let latest = 0;
async function run() {
  const q = input.value.trim();
  const url = new URL(location.href);
  for (const [k, v] of [["q", q], ["year", year.value], ["tag", tag.value], ["sort", sort.value]]) {
    if (v) url.searchParams.set(k, v);
    else url.searchParams.delete(k);
  }
  history.replaceState(null, "", url);
  const mine = ++latest;
  if (!q && !year.value && !tag.value) {
    await ready;
    if (mine !== latest) return;
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = app.dataset.loading;
  const pagefind = await ready;
  const f = {};
  if (year.value) f.year = year.value;
  if (tag.value) f.tag = tag.value;
  const found = pagefind
    ? await find(pagefind, q || null, f, sort.value === "date", 30)
    : { total: 0, results: [] };
  const data = await Promise.all(found.results.map((r) => r.data()));
  if (mine !== latest) return;
  status.textContent = found.total ? count(found.total) : app.dataset.none;
  list.replaceChildren(
    ...data.map((d) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = d.url;
      a.textContent = d.meta.title || d.url;
      const h = document.createElement("h2");
      h.className = "result-title";
      h.append(a);
      const time = document.createElement("p");
      time.className = "meta";
      time.textContent = d.meta.date || "";
      li.append(h, time, excerpt(d.excerpt));
      return li;
    }),
  );
}

let timer;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(run, 150);
});
for (const el of [year, tag, sort]) el.addEventListener("change", run);
app.querySelector("form").addEventListener("submit", (e) => {
  e.preventDefault();
  run();
});
run();
