// Search in a real browser: build the search fixture, serve it, and type the
// queries an Arabic reader types. Each must find its article, with the match
// highlighted in the excerpt. Also: the header search box, used with the
// keyboard only, leads to the results. Screenshots at 375 and 1280 px.
// Usage: node search.mjs MUJAZ_BINARY FIXTURE_DIR (the fixture is tests/fixtures/search)
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { withServedSite, step, fail } from "./harness.js";

const [bin, basic] = process.argv.slice(2);
await withServedSite(bin, join(dirname(basic), "search"), async ({ url, browser }) => {
  const outside = [];
  // mujaz serve builds the search index in the background, after the pages.
  for (let i = 0; i < 200; i++) {
    const r = await fetch(url + "pagefind/0/pagefind.js").catch(() => null);
    if (r && r.ok) break;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  const page = await browser.newPage();
  page.on("request", (r) => { if (!r.url().startsWith(url)) outside.push(r.url()); });
  page.on("pageerror", (e) => fail(`page error: ${e.message}`));
  await page.goto(url + "search/");
  const expect = [
    ["الحسكة", "إلغاء الحظر الكلي عن الحسكة وريفها"],
    ["الحسكه", "إلغاء الحظر الكلي عن الحسكة وريفها"],
    ["حسكة", "إلغاء الحظر الكلي عن الحسكة وريفها"],
    ["معتقل", "الإفراج عن دفعة من السجناء في دير الزور"],
  ];
  for (const [query, title] of expect) {
    await page.fill("#search-q", query);
    try {
      await page.waitForFunction(
        (t) => [...document.querySelectorAll("#search-results .result-title")].some((h) => h.textContent === t),
        title, { timeout: 10000 });
    } catch {
      const got = await page.$$eval("#search-results .result-title", (hs) => hs.map((h) => h.textContent));
      fail(`"${query}" should find «${title}»; got ${JSON.stringify(got)}`);
      continue;
    }
    const first = await page.$eval("#search-results li", (li) => ({
      title: li.querySelector(".result-title").textContent,
      date: li.querySelector(".meta").textContent,
      marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
    }));
    if (first.title !== title) fail(`"${query}": «${title}» should come first, got «${first.title}»`);
    else if (!first.date) fail(`"${query}": the result has no date`);
    else if (!first.marks.length) fail(`"${query}": no highlighted match in the excerpt`);
    else step(`"${query}" finds «${title}» (${first.date}), highlighted: ${first.marks.join("، ")}`);
  }
  // The index of this fixture is in three parts (one article each); the two
  // without the word must not offer near words ("مع" for "معتقل").
  const status = await page.textContent("#search-status");
  const n = await page.$$eval("#search-results li", (lis) => lis.length);
  if (n !== 1) fail(`"معتقل" should find exactly one article across the parts, got ${n} (${status})`);
  else if (!status) fail("no result count");
  else step(`one result across three index parts, counted: ${status}`);

  // The year filter narrows the results.
  await page.fill("#search-q", "");
  await page.selectOption("#search-year", "2023");
  await page.waitForFunction(() => document.querySelectorAll("#search-results li").length === 1, null, { timeout: 10000 })
    .then(() => step("the year filter lists the one article of 2023"))
    .catch(() => fail("the year filter should list exactly one article for 2023"));

  // Newest first: the two articles of 2022, sorted by date.
  await page.selectOption("#search-year", "2022");
  await page.selectOption("#search-sort", "date");
  const newest = ["الإفراج عن دفعة من السجناء في دير الزور", "إلغاء الحظر الكلي عن الحسكة وريفها"];
  await page.waitForFunction(
    (want) => JSON.stringify([...document.querySelectorAll("#search-results .result-title")].map((h) => h.textContent)) === JSON.stringify(want),
    newest, { timeout: 10000 })
    .then(() => step("sorted by date, newest first: " + newest.map((t) => `«${t}»`).join(" then ")))
    .catch(async () => fail("sort by date should list " + JSON.stringify(newest) + ", got " +
      JSON.stringify(await page.$$eval("#search-results .result-title", (hs) => hs.map((h) => h.textContent)))));
  await page.selectOption("#search-sort", "");
  await page.selectOption("#search-year", "");

  // Keyboard only, from the header box of another page.
  await page.goto(url);
  await page.focus("#site-search");
  await page.keyboard.type("الحسكة");
  await page.keyboard.press("Enter");
  await page.waitForURL(/search\//);
  await page.waitForSelector("#search-results li", { timeout: 10000 })
    .then(() => step("the header search box (keyboard only) leads to results"))
    .catch(() => fail("the header search box should lead to results"));

  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    await page.fill("#search-q", "الحسكة");
    await page.waitForSelector("#search-results li mark");
    await page.screenshot({ path: join(process.env.SHOTS || tmpdir(), `search-${width}.png`) });
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    if (scroll) fail(`horizontal scroll at ${width} px`);
  }
  if (outside.length) fail(`requests left the site: ${outside.join(", ")}`);
  else step("no request left the site");
});
