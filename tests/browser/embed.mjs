// Videos and posts: an article with a YouTube address and an X post alone on
// their lines makes no request to a third party on load; Enter on the
// facade (a plain link) puts the privacy-enhanced player in its place, and a
// click does the same for the post.
// Usage: node embed.mjs MUJAZ_BINARY FIXTURE_DIR
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { withServedSite, step, fail } from "./harness.js";

const [bin, fixture] = process.argv.slice(2);
const addVideoArticle = (root) => writeFileSync(join(root, "content/video.md"),
  "---\ntitle: مقطع من المؤتمر\ndate: 2022-01-30\n---\n\nالمقطع:\n\n" +
  "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n" +
  "[بيان على منصة إكس](https://x.com/SDF/status/1790000000000000000)\n");

await withServedSite(bin, fixture, async ({ url, browser }) => {
  const page = await browser.newPage();
  page.on("pageerror", (e) => fail(`page error: ${e.message}`));
  const outside = [];
  await page.route((u) => !["127.0.0.1", "localhost"].includes(u.hostname), (route) => {
    outside.push(route.request().url());
    return route.abort();
  });
  await page.goto(url + "2022/01/30/" + encodeURIComponent("مقطع-من-المؤتمر") + "/");
  await page.waitForLoadState("load");
  await page.waitForTimeout(500); // (serve keeps its live-reload stream open: no "network idle")
  if (outside.length) fail(`requests to third parties on load: ${outside.join(", ")}`);
  else step("no request leaves the site before the reader asks for the video");
  const href = await page.getAttribute("figure.embed-youtube a.embed-open", "href");
  if (href === "https://www.youtube.com/watch?v=dQw4w9WgXcQ") step("without JavaScript the facade is a link to the video");
  else fail(`the facade should link to the video, got ${href}`);
  await page.focus("figure.embed-youtube a.embed-open");
  await page.keyboard.press("Enter");
  const src = await page.getAttribute("figure.embed-youtube iframe", "src");
  if (src === "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1") step(`Enter loads the player from ${new URL(src).host}`);
  else fail(`Enter should load the youtube-nocookie player, got ${src}`);
  await page.click("figure.embed-x a.embed-open");
  const post = await page.getAttribute("figure.embed-x iframe", "src");
  if (post?.startsWith("https://platform.twitter.com/embed/Tweet.html?id=1790000000000000000")) step("a click loads the post");
  else fail(`a click should load the post, got ${post}`);
}, addVideoArticle);
