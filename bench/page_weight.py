"""Benchmark: the bytes a phone downloads for Hjem, on a first visit and on a repeat visit.

Serves the app with the demo data, logs in as the demo citizen in Chromium (a persistent
context, so the service worker runs as on a phone), then empties the browser's HTTP cache,
service workers and Cache Storage (the login stays) and opens Hjem: the first visit. Then it
opens Hjem again in a new tab: the repeat visit. It counts what the browser received over the
network, compressed, headers included (CDP Network.loadingFinished encodedDataLength), by
kind: HTML, CSS, JS, fonts, images, and what the service worker fetched when it installed.
The server counts the bytes it sent as well, which includes the service worker's own fetches.
Budget (issue 7): first visit under 200 KB, repeat visit under 15 KB.

Usage: .venv/bin/python bench/page_weight.py [--keep-going] [--email anna@example.dk]
"""

import argparse
import logging
import os
import sys
import tempfile
import threading
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from webapp import create_app, demo  # noqa: E402
from webapp.extensions import db  # noqa: E402

FIRST_BUDGET = 200 * 1024
REPEAT_BUDGET = 15 * 1024
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
PASSWORD = "sammen-demo"


class ByteCounter:
    """WSGI middleware: the bytes of every response the server sends, headers included."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.sent: list[tuple[str, int]] = []

    def __call__(self, environ, start_response):
        size = {"n": 0}
        path = environ.get("PATH_INFO", "") + ("?" + environ["QUERY_STRING"]
                                               if environ.get("QUERY_STRING") else "")

        def counting_start(status, headers, exc_info=None):
            size["n"] += len(status) + 11 + sum(len(k) + len(v) + 4 for k, v in headers)
            return start_response(status, headers, exc_info)

        body = self.app(environ, counting_start)
        try:
            for chunk in body:
                size["n"] += len(chunk)
                yield chunk
        finally:
            if hasattr(body, "close"):
                body.close()
            with self.lock:
                self.sent.append((path, size["n"]))

    def take(self) -> list[tuple[str, int]]:
        with self.lock:
            sent, self.sent = self.sent, []
        return sent


def serve(folder: Path):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app({"SECRET_KEY": "bench", "LOGIN_RATE_LIMIT": "1000 per minute",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'weight.db'}"})
    with app.app_context():
        upgrade()
        demo.seed(citizens=10, offers=12, weeks=3)
        db.session.remove()
    counter = ByteCounter(app.wsgi_app)
    app.wsgi_app = counter
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, counter


KINDS = {"Document": "HTML", "Stylesheet": "CSS", "Script": "JS", "Font": "fonts",
         "Image": "images", "Manifest": "manifest"}


class Recorder:
    """What one page received over the network, from the DevTools protocol."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.requests: dict[str, dict] = {}
        self.cdp.on("Network.requestWillBeSent", self._request)
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _request(self, event):
        self.requests.setdefault(event["requestId"], {})["url"] = event["request"]["url"]

    def _response(self, event):
        entry = self.requests.setdefault(event["requestId"], {})
        entry["kind"] = KINDS.get(event.get("type"), "other")
        response = event["response"]
        entry["from_cache"] = bool(response.get("fromDiskCache") or
                                   response.get("fromServiceWorker") or
                                   response.get("fromPrefetchCache"))
        entry["encoding"] = {k.lower(): v for k, v in response.get("headers", {}).items()
                             }.get("content-encoding", "")

    def _finished(self, event):
        self.requests.setdefault(event["requestId"], {})["bytes"] = event["encodedDataLength"]

    def by_kind(self) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for entry in self.requests.values():
            if "bytes" in entry:
                totals[entry.get("kind", "other")] += entry["bytes"]
        return dict(totals)

    def lines(self) -> list[str]:
        rows = []
        for entry in self.requests.values():
            if "bytes" not in entry:
                continue
            where = " (cache)" if entry.get("from_cache") else ""
            name = entry.get("url", "?").split("/", 3)[-1][:70]
            rows.append(f"    {entry['bytes']:8,d} B  {entry.get('kind', 'other'):9s} "
                        f"{entry.get('encoding') or '-':5s} /{name}{where}")
        return rows


def visit(context, url: str) -> tuple[Recorder, object]:
    page = context.new_page()
    recorder = Recorder(context, page)
    page.goto(url, wait_until="networkidle")
    # The service worker installs (and fetches what it keeps) after the page has loaded.
    page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) "
                  ": true")
    page.wait_for_timeout(1500)
    return recorder, page


def report(name: str, recorder: Recorder, server_sent: list[tuple[str, int]], budget: int,
           verbose: bool) -> bool:
    kinds = recorder.by_kind()
    browser_total = sum(kinds.values())
    server_total = sum(n for _path, n in server_sent)
    total = max(browser_total, server_total)
    ok = total < budget
    print(f"{name}: {total / 1024:.1f} KB ({'within' if ok else 'OVER'} the budget of "
          f"{budget // 1024} KB)")
    print("  in the page, by kind: " + ", ".join(
        f"{kind} {n / 1024:.1f} KB" for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1])))
    print(f"  sent by the server, the service worker's fetches included: "
          f"{server_total / 1024:.1f} KB in {len(server_sent)} responses")
    if verbose:
        print("\n".join(recorder.lines()))
        for path, n in server_sent:
            print(f"    {n:8,d} B  server    {path[:80]}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--email", default="anna@example.dk")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every response")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")

    with tempfile.TemporaryDirectory() as tmp:
        server, counter = serve(Path(tmp))
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            device = {k: v for k, v in playwright.devices["Pixel 5"].items()
                      if k != "default_browser_type"}
            context = playwright.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                locale="da-DK", base_url=base, **device)
            page = context.pages[0] if context.pages else context.new_page()
            page.goto("/log-ind")
            page.get_by_label("E-mail").fill(args.email)
            page.get_by_label("Adgangskode", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="Log ind").click()
            page.wait_for_url(base + "/")
            # Forget everything but the login: the next visit to Hjem is a first visit.
            cdp = context.new_cdp_session(page)
            page.goto("about:blank")
            cdp.send("Network.clearBrowserCache")
            cdp.send("Storage.clearDataForOrigin", {
                "origin": base, "storageTypes": "service_workers,cache_storage"})
            page.close()
            counter.take()

            first, first_page = visit(context, "/")
            first_ok = report("First visit to Hjem", first, counter.take(), FIRST_BUDGET,
                              args.verbose)
            first_page.close()
            repeat, _page = visit(context, "/")
            repeat_ok = report("Repeat visit to Hjem", repeat, counter.take(), REPEAT_BUDGET,
                               args.verbose)
            context.close()
        server.shutdown()
    return 0 if first_ok and repeat_ok else 1


if __name__ == "__main__":
    sys.exit(main())
