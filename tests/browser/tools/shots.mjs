// Screenshots of built pages at 375 and 1280 px wide (headless Chromium),
// for looking at a change the way a reader would; not a test (run.sh runs
// the tests beside tools/, not this).
//   node tests/browser/tools/shots.mjs OUTPUT_DIR /path/ /other/path/ ...   (FULL=1: whole pages)
// Files go to /tmp/shots/.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
const root = process.argv[2], pages = process.argv.slice(3);
const types = {'.html':'text/html; charset=utf-8','.css':'text/css','.js':'text/javascript','.jpg':'image/jpeg','.webp':'image/webp','.png':'image/png','.svg':'image/svg+xml','.json':'application/json'};
const srv = http.createServer((q, r) => {
  let p = decodeURIComponent(q.url.split('?')[0]); if (p.endsWith('/')) p += 'index.html';
  const f = path.join(root, p);
  if (!fs.existsSync(f)) { r.writeHead(404); return r.end(); }
  r.writeHead(200, {'content-type': types[path.extname(f)] || 'application/octet-stream'}); fs.createReadStream(f).pipe(r);
}).listen(8765);
const b = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--no-sandbox']});
for (const [w, h] of [[375, 812], [1280, 900]]) {
  const ctx = await b.newContext({viewport: {width: w, height: h}, deviceScaleFactor: 1});
  const pg = await ctx.newPage();
  for (const p of pages) {
    await pg.goto('http://localhost:8765' + p, {waitUntil: 'networkidle'});
    const name = (p.replace(/\//g, '_') || 'home').replace(/[^\w.-]/g, 'x').slice(0, 40) + `-${w}.png`;
    await pg.screenshot({path: `/tmp/shots/${name}`, fullPage: process.env.FULL === '1'});
    console.log(name);
  }
}
await b.close(); srv.close();
