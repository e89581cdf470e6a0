// Live reload in a real browser: open a page served by `mujaz serve`, edit
// the article, and see the page change without touching the browser; break
// the file and see the error overlay name the file and line; fix it and see
// the overlay go; change a stylesheet and see the page restyle without a
// reload. Usage: node live-reload.mjs MUJAZ_BINARY FIXTURE_DIR
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withServedSite, step, fail } from "./harness.js";

const [bin, fixture] = process.argv.slice(2);
await withServedSite(bin, fixture, async ({ url, root, browser }) => {
  const articlePath = join(root, "content/2022/hasakah.md");
  const original = readFileSync(articlePath, "utf8");
  const page = await browser.newPage();
  const article = url + "2022/01/31/" + encodeURIComponent("دعوة-لتحرك-دولي-في-الحسكة-بعد-إحباط-مخطط") + "/";
  await page.goto(article);
  await page.waitForFunction(() => document.querySelector("mujaz-live") !== null);
  // Give the EventSource time to connect before the first edit.
  await page.waitForTimeout(300);

  const t0 = Date.now();
  writeFileSync(articlePath, original.replace("وأضافت أحمد", "وأضافت أحمد في النص المعدل"));
  await page.waitForFunction(() => document.body.innerText.includes("في النص المعدل"), null, { timeout: 10000 });
  step(`the edited text appeared without a manual refresh (${Date.now() - t0} ms from the save)`);

  writeFileSync(articlePath, original.replace("date: 2022-01-31T14:30:00+03:00", "date: not-a-date"));
  await page.waitForFunction(() => {
    const host = document.querySelector("mujaz-live");
    const box = host && host.shadowRoot && host.shadowRoot.querySelector("[role=alert]");
    return box && box.style.display === "block" && box.textContent.includes("content/2022/hasakah.md:3");
  }, null, { timeout: 10000 });
  step("a broken file shows the error overlay naming content/2022/hasakah.md:3");
  await page.screenshot({ path: join(process.env.SHOTS || tmpdir(), "live-reload-error.png") });
  if (!(await page.evaluate(() => document.body.innerText.includes("في النص المعدل")))) fail("the last good page should stay under the overlay");

  writeFileSync(articlePath, original.replace("وأضافت أحمد", "وأضافت أحمد بعد الإصلاح"));
  await page.waitForFunction(() => document.body.innerText.includes("بعد الإصلاح"), null, { timeout: 10000 });
  const overlay = await page.evaluate(() => {
    const host = document.querySelector("mujaz-live");
    const box = host && host.shadowRoot.querySelector("[role=alert]");
    return box ? box.style.display : "none";
  });
  if (overlay !== "none") fail(`the overlay should be gone after the fix (display: ${overlay})`);
  else step("fixing the file reloaded the page and cleared the overlay");

  await page.evaluate(() => { window.__kept = "same page"; });
  mkdirSync(join(root, "static"), { recursive: true });
  const css = readFileSync(join(fixture, "../../../themes/default/static/style.css"), "utf8");
  writeFileSync(join(root, "static/style.css"), css + "\nbody { background: rgb(1, 2, 3) !important; }\n");
  await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)", null, { timeout: 10000 });
  const kept = await page.evaluate(() => window.__kept);
  if (kept !== "same page") fail("a CSS-only change should restyle without a reload");
  else step("a CSS-only change restyled the page without reloading it");
  await page.screenshot({ path: join(process.env.SHOTS || tmpdir(), "live-reload.png") });
});
