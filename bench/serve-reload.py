#!/usr/bin/env python3
"""Benchmark: time from saving an article to its page reloading in `mujaz serve`.

  bench/serve-reload.py SITE_ROOT [--runs 10] [--mujaz target/release/mujaz]

SITE_ROOT is a mujaz site (for 10,000 articles: ../shared/bench/gen_corpus.py
-n 10000 --layout mujaz DIR). The script starts `mujaz serve --port 0` on it,
waits for the first build, then saves one article RUNS times with a new
sentence at its end and measures, from the moment the file is written:
  - reload: until the server sends the `reload` event to open pages
With --edit summary the change is to the summary instead, which every list
page, feed and related list that shows the article must re-render.
  - served: until the page's URL serves the new sentence
A benchmark, not a test: it prints figures (median, min, max in ms).
It restores the article when done.
"""
import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--settle", type=float, default=0,
                    help="seconds to wait after the start (e.g. for the background search index) before the edits")
    ap.add_argument("--mujaz", default="target/release/mujaz")
    ap.add_argument("--edit", choices=["body", "summary"], default="body",
                    help="body: add a sentence at the end (the article's page changes); summary: "
                         "change the front-matter summary (every list showing the article changes too)")
    a = ap.parse_args()

    articles = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(os.path.join(a.site, "content")) for f in fs if f.endswith(".md")
    )
    target = articles[len(articles) // 2]
    original = open(target, encoding="utf-8").read()
    title = re.search(r'^title: "?(.*?)"?$', original, re.M).group(1).replace('\\"', '"')
    day = re.search(r"^date: (\d{4})-(\d\d)-(\d\d)", original, re.M).groups()

    started = time.time()
    proc = subprocess.Popen([a.mujaz, "serve", "--root", a.site, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    host = urllib.parse.urlsplit(url)
    while True:
        line = proc.stderr.readline()
        if "built the site" in line or not line:
            break
    print(f"{len(articles)} articles; first build and start: {time.time() - started:.2f} s ({line.strip()})")

    day_page = urllib.request.urlopen(f"{url}{day[0]}/{day[1]}/{day[2]}/").read().decode()
    href = next(m.group(1) for m in re.finditer(r'<a href="([^"]+)">([^<]+)</a>', day_page)
                if m.group(2).replace("&quot;", '"') == title)
    page = url.rstrip("/") + urllib.parse.quote(href)

    reloads = []
    event = threading.Event()

    def listen():
        c = http.client.HTTPConnection(host.hostname, host.port)
        c.request("GET", "/__mujaz/events")
        r = c.getresponse()
        while True:
            line = r.fp.readline()
            if not line:
                return
            if line.startswith(b"event: reload"):
                reloads.append(time.time())
                event.set()

    threading.Thread(target=listen, daemon=True).start()
    time.sleep(0.5 + a.settle)

    reload_ms, served_ms = [], []
    try:
        for i in range(a.runs):
            marker = f"جملة القياس رقم {i} {time.time_ns()}"
            event.clear()
            t0 = time.time()
            with open(target, "w", encoding="utf-8") as f:
                if a.edit == "body":
                    f.write(original.rstrip("\n") + f"\n\n{marker}\n")
                else:
                    f.write(re.sub(r"^summary: .*$", f'summary: "{marker}"', original, count=1, flags=re.M))
            if not event.wait(10):
                sys.exit("no reload event within 10 s")
            reload_ms.append((reloads[-1] - t0) * 1000)
            while marker not in urllib.request.urlopen(page).read().decode():
                time.sleep(0.002)
            served_ms.append((time.time() - t0) * 1000)
            time.sleep(0.3)
    finally:
        with open(target, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(0.3)
        proc.send_signal(2)
        proc.wait(60)

    def fig(xs):
        return f"median {statistics.median(xs):.0f} ms (min {min(xs):.0f}, max {max(xs):.0f})"

    print(f"edit: {a.edit}")
    print(f"save → reload event: {fig(reload_ms)}")
    print(f"save → page served with the change: {fig(served_ms)}")
    print("each run, save → page served (ms): " + " ".join(f"{x:.0f}" for x in served_ms))
    print("(includes the 60 ms debounce that joins an editor's writes into one rebuild)")


if __name__ == "__main__":
    main()
