// Reading aids in a real browser: the text size buttons (remembered across
// pages in localStorage), a recent date shown as "قبل ساعتين" with the
// absolute date kept as its title, the copy-link button, and no sideways
// scrolling on a 360 px phone.
// Usage: node reader.mjs MUJAZ_BINARY FIXTURE_DIR
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { withServedSite, step, fail } from "./harness.js";

const [bin, fixture] = process.argv.slice(2);
const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, "Z");
const addFreshArticle = (root) => writeFileSync(join(root, "content/fresh.md"),
  `---\ntitle: خبر طازج من الميدان\ndate: ${twoHoursAgo}\ntags: [ميدان]\nsummary: خبر جديد\n---\n\nنص الخبر.\n`);

await withServedSite(bin, fixture, async ({ url, browser }) => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  page.on("pageerror", (e) => fail(`page error: ${e.message}`));
  await page.goto(url);
  const fresh = await page.$eval(".lead time", (t) => ({ text: t.textContent, title: t.title }));
  if (/قبل|منذ/.test(fresh.text) && fresh.title) step(`a recent date reads "${fresh.text}" (title: ${fresh.title})`);
  else fail(`the lead story's time should be relative, got ${JSON.stringify(fresh)}`);

  await page.goto(url + "2022/01/31/" + encodeURIComponent("دعوة-لتحرك-دولي-في-الحسكة-بعد-إحباط-مخطط") + "/");
  const size = () => page.$eval(".body p", (p) => parseFloat(getComputedStyle(p).fontSize));
  const before = await size();
  const larger = page.locator('button[data-font="1"]');
  if (!(await larger.isVisible())) fail("the text size buttons should be visible with JavaScript");
  await larger.click();
  await larger.click();
  const after = await size();
  if (after > before) step(`text size grows from ${before}px to ${after}px`);
  else fail(`text size should grow (${before} → ${after})`);
  await page.goto(url);
  await page.goBack();
  await page.reload();
  const kept = await size();
  if (Math.abs(kept - after) < 0.5) step(`the size is remembered after a reload (${kept}px)`);
  else fail(`the size should be remembered (${after} → ${kept})`);

  // Narrow phones: no page scrolls sideways at 360 px.
  const narrow = await context.newPage();
  await narrow.setViewportSize({ width: 360, height: 740 });
  const wide = [];
  for (const path of ["", "tags/", "archive/", "2022/", "2022/02/", "search/", "404.html",
    "2022/01/31/" + encodeURIComponent("دعوة-لتحرك-دولي-في-الحسكة-بعد-إحباط-مخطط") + "/",
    "2022/02/01/" + encodeURIComponent("إلغاء-الحظر-الكلي-عن-الحسكة-وريفها") + "/"]) {
    await narrow.goto(url + path);
    const [scroll, width] = await narrow.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
    if (scroll > width) wide.push(`/${decodeURIComponent(path)} (${scroll}px)`);
  }
  if (wide.length) fail(`horizontal scroll at 360 px: ${wide.join(", ")}`);
  else step("no page scrolls sideways at 360 px");
  await narrow.close();

  await page.click("button.copy-link");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  if (copied.startsWith(url)) step(`copy link puts ${copied.slice(0, 40)}… on the clipboard`);
  else fail(`copy link should copy the page's address, got ${copied}`);
}, addFreshArticle);
