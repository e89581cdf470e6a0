// Shared pieces of the browser tests: a copy of a fixture site, `mujaz
// serve` on a free port, Debian's Chromium, and pass/fail reporting.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** A fresh copy of `fixture` in a temp folder: { root, remove() }. */
export function copySite(fixture) {
  const work = mkdtempSync(join(tmpdir(), "mujaz-browser-"));
  const root = join(work, "site");
  cpSync(fixture, root, { recursive: true });
  return { root, remove: () => rmSync(work, { recursive: true, force: true }) };
}

/** Start `mujaz serve` on a free port: { url, stop() } (stop sends Ctrl-C). */
export async function serve(bin, root) {
  const server = spawn(bin, ["serve", "--root", root, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: server.stdout }).once("line", resolve);
    server.once("exit", (code) => reject(new Error(`mujaz serve exited with ${code}`)));
  });
  const stop = async () => {
    server.kill("SIGINT");
    await new Promise((r) => server.once("exit", r));
  };
  return { url, stop };
}

/** Headless Chromium as this machine runs it (no network beyond localhost). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/**
 * Serve a copy of `fixture` with `mujaz serve` (`prepare(root)` may change the
 * copy first), open Chromium, run `test({ url, root, browser })`, and clean up
 * whatever happens; an exception is a failure.
 */
export async function withServedSite(bin, fixture, test, prepare = () => {}) {
  const site = copySite(fixture);
  try {
    prepare(site.root);
    const { url, stop } = await serve(bin, site.root);
    const browser = await launch();
    try {
      await test({ url, root: site.root, browser });
    } catch (e) {
      fail(e.message);
    } finally {
      await browser.close();
      await stop();
    }
  } finally {
    site.remove();
  }
}

export const step = (msg) => console.log(`ok: ${msg}`);
export const fail = (msg) => { console.error(`FAIL: ${msg}`); process.exitCode = 1; };
