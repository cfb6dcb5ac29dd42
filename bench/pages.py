"""Benchmark: latency and throughput of the citizen pages for many signed-in citizens.

Loads the large demo data set (10,000 citizens, 300 offers, 52 weeks) into a fresh database,
serves the app with gunicorn (4 workers), signs in 200 distinct demo citizens
(borger1@example.dk, ...) and drives each citizen page with wrk, 8 connections, each request
with the next citizen's session (round-robin, a Lua script), next to the trivial /healthz in
the same run. Budget (issue 16), for every page: p95 at most 100 ms, at least 150 requests per
second, HTML under 40 KB, and every answer a 200 (wrk counts a redirect to the login page as a
success, so the Lua script counts what was not a 200). /healthz has no budget: it shows what
the machine gives at all (other work on the host slows everything down alike).

Before the load, each page is fetched once for a sample of the sessions and must be the page:
a 200, the citizen still signed in, Hjem greeting them by name, the offer page its title.
The host's speed drifts, so the pages are measured in several rounds; the table shows each
page's medians over the rounds (p50, p95, requests per second) and its non-200 answers summed.

--app-dir runs another checkout (e.g. a git worktree of an older commit) with its own code:
its seeding and its gunicorn run from that folder (so its gunicorn.conf.py is read) with that
folder first on PYTHONPATH, in this interpreter's virtualenv.

Usage: .venv/bin/python bench/pages.py [--app-dir DIR] [--citizens-signed-in 200]
       [--citizens N --offers N --weeks N] [--workers 4] [--connections 8] [--seconds 10]
       [--rounds 5] [--database-url URL]
Needs wrk (apt-get install wrk; installed automatically when run as root).
"""

import argparse
import html
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent

P95_BUDGET_MS = 100
RPS_BUDGET = 150
HTML_BUDGET = 40 * 1024
#: the same User-Agent for the logins and the load: Flask-Login's strong session protection
#: drops a session that comes back from another browser
USER_AGENT = "sammen-bench"
PASSWORD = "sammen-demo"
#: a word of the catalogue's search that matches more than a page of the demo offers
SEARCH_WORD = "gruppe"
#: sessions checked page by page before the load
SAMPLE = 20

#: Run in the checkout's folder with its code (python -c): migrate, seed, and report what the
#: benchmark needs as one JSON line.
SEED = """
import json, sys, time
from datetime import UTC, datetime
from flask_migrate import upgrade
from sqlalchemy import func, select
import webapp
from webapp import create_app, demo
from webapp.auth.models import User
from webapp.extensions import db
from webapp.offers.models import Offer, OfferStatus

citizens, offers, weeks, signed_in, word = json.loads(sys.argv[1])
app = create_app()
with app.app_context():
    upgrade()
    started = time.perf_counter()
    demo.seed(citizens=citizens, offers=offers, weeks=weeks)
    seconds = time.perf_counter() - started
    emails = [f"borger{n}@example.dk" for n in range(1, signed_in + 1)]
    names = dict(db.session.execute(
        select(User.email, User.name).where(User.email.in_(emails))).all())
    # the meetings' table, whatever its class is called in this checkout
    meetings = next(table for table in db.metadata.sorted_tables
                    if {"offer_id", "starts_at", "cancelled_at"} <= set(table.c.keys()))
    offer = db.session.execute(
        select(Offer.id, Offer.title).join(meetings, meetings.c.offer_id == Offer.id)
        .where(Offer.status == OfferStatus.PUBLISHED, meetings.c.cancelled_at.is_(None),
               meetings.c.starts_at > datetime.now(UTC))
        .group_by(Offer.id, Offer.title).order_by(Offer.id).limit(1)).one()
    matches = db.session.scalar(select(func.count()).select_from(Offer).where(
        Offer.status == OfferStatus.PUBLISHED, Offer.search_text.contains(word)))
    db.engine.dispose()
print("BENCH " + json.dumps({
    "webapp": webapp.__file__, "seconds": seconds, "offer_id": offer.id,
    "offer_title": offer.title, "matches": matches,
    "citizens": [[email, names.get(email)] for email in emails]}))
"""

#: wrk: each thread sends the citizens' sessions in turn (from the file given after --), and
#: counts the answers that were not a 200, which done() adds up over the threads.
LUA = """
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      requests[#requests + 1] = wrk.format("GET", nil, {Cookie = line, ["User-Agent"] = args[2]})
    end
  end
  i = (tid * 97) % #requests
  non200 = 0
end

function request()
  i = i % #requests + 1
  return requests[i]
end

function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local non200 = 0
  for _, thread in ipairs(threads) do non200 = non200 + thread:get("non200") end
  io.write(string.format(
    "RESULT p50=%d p95=%d requests=%d duration=%d errors=%d non200=%d\\n",
    latency:percentile(50), latency:percentile(95), summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, non200))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True,
                       stdout=subprocess.DEVNULL)
        return shutil.which("wrk")
    sys.exit("wrk is missing: apt-get install wrk")


def app_env(app_dir: Path, url: str) -> dict:
    """The environment of the checkout's processes: its code first, the bench's database."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
                filter(None, [str(app_dir), os.environ.get("PYTHONPATH")])),
            "DATABASE_URL": url, "SECRET_KEY": "bench", "SAMMEN_ENV": "",
            "RATELIMIT_STORAGE_URI": "memory://"}


def load_data(app_dir: Path, url: str, args) -> dict:
    """Migrate and seed with the checkout's own code; what the pages need to be checked."""
    out = subprocess.run(
        [sys.executable, "-c", SEED, json.dumps(
            [args.citizens, args.offers, args.weeks, args.citizens_signed_in, SEARCH_WORD])],
        cwd=app_dir, env=app_env(app_dir, url), capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"seeding failed:\n{out.stderr[-3000:]}")
    data = json.loads(re.search(r"^BENCH (.*)$", out.stdout, re.M).group(1))
    if not Path(data["webapp"]).resolve().is_relative_to(app_dir):
        sys.exit(f"seeding ran {data['webapp']}, not the code in {app_dir}")
    missing = [email for email, name in data["citizens"] if name is None]
    if missing:
        sys.exit(f"{len(missing)} citizens to sign in are not in the data, e.g. {missing[0]}: "
                 f"use more --citizens")
    if data["matches"] <= 10:
        sys.exit(f"the search word {SEARCH_WORD!r} matches {data['matches']} offers: "
                 "no second page to search")
    print(f"loaded demo data in {data['seconds']:.1f} s ({data['webapp']})")
    return data


def start_gunicorn(app_dir: Path, url: str, port: int, workers: int) -> subprocess.Popen:
    """gunicorn in the checkout's folder, so it reads the gunicorn.conf.py there."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "webapp:create_app()"],
        cwd=app_dir, env=app_env(app_dir, url))
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit("gunicorn stopped")
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (e.g. to the login page) is reported, not followed


def sign_in(base: str, email: str) -> str:
    """Sign in as one citizen; return their Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(f"{base}/log-ind").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"email": email, "password": PASSWORD,
                                   "csrf_token": token}).encode()
    try:
        opener.open(f"{base}/log-ind", data=data)
        status, location = 200, ""
    except urllib.error.HTTPError as answer:
        status, location = answer.code, answer.headers.get("Location", "")
    if status not in (302, 303) or "log-ind" in location:
        raise RuntimeError(f"signing in {email} answered {status} {location}")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def fetch(url: str, cookie: str) -> tuple[int, str]:
    """Status and HTML of one page, as the signed-in citizen."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie, "User-Agent": USER_AGENT})
    try:
        with opener.open(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def check(base: str, pages: list, sessions: list) -> dict[str, int]:
    """Fetch each page for a sample of the sessions; each must be the page, for a signed-in
    citizen. Return each page's largest HTML."""
    step = max(1, len(sessions) // SAMPLE)
    sizes = {}
    for name, path, marker in pages:
        size = 0
        for cookie, citizen in sessions[::step]:
            status, page = fetch(base + path, cookie)
            expected = [marker(citizen)] if marker else []
            if path != "/healthz":
                expected += ['action="/log-ud"', "<h1"]
            absent = [text for text in expected if text not in page]
            if status != 200 or absent:
                sys.exit(f"{name} ({path}) for {citizen}: status {status}, missing {absent}")
            size = max(size, len(page.encode()))
        sizes[name] = size
    return sizes


def measure(wrk: str, lua: Path, cookies: Path, url: str, args) -> dict:
    out = subprocess.run(
        [wrk, "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "-s", str(lua), url,
         "--", str(cookies), USER_AGENT],
        capture_output=True, text=True, check=True).stdout
    values = dict(kv.split("=") for kv in re.search(r"RESULT (.*)", out).group(1).split())
    values = {k: int(v) for k, v in values.items()}
    values["rps"] = values["requests"] / (values["duration"] / 1e6)
    return values


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-dir", type=Path, default=ROOT,
                        help="the checkout to benchmark, with its own code (default: this one)")
    parser.add_argument("--citizens-signed-in", type=int, default=200)
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--offers", type=int, default=300)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", help="an empty database (default: a temporary "
                        "SQLite file)")
    args = parser.parse_args()
    app_dir = args.app_dir.resolve()
    wrk = ensure_wrk()

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        data = load_data(app_dir, url, args)
        lua = Path(folder) / "sessions.lua"
        lua.write_text(LUA)
        port = free_port()
        server = start_gunicorn(app_dir, url, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            started = time.perf_counter()
            citizens = data["citizens"]
            with ThreadPoolExecutor(args.workers * 2) as pool:
                cookies = list(pool.map(lambda c: sign_in(base, c[0]), citizens))
            if len(set(cookies)) != len(citizens):
                sys.exit("two citizens were given the same session")
            sessions = [(cookie, name)
                        for cookie, (_email, name) in zip(cookies, citizens, strict=True)]
            print(f"signed in {len(sessions)} citizens "
                  f"in {time.perf_counter() - started:.1f} s")
            cookie_file = Path(folder) / "cookies.txt"
            cookie_file.write_text("".join(f"{cookie}\n" for cookie in cookies))
            title = html.escape(data["offer_title"])
            pages = [  # name, path, what must be on it for the citizen
                ("trivial /healthz", "/healthz", None),
                ("Hjem /", "/", lambda name: html.escape(name.split()[0])),
                ("Tilbud /tilbud", "/tilbud", None),
                ("Tilbud searched", f"/tilbud?q={SEARCH_WORD}&kommune=&page=2", None),
                ("Offer page", f"/tilbud/{data['offer_id']}", lambda _name: title),
                ("Kalender /kalender", "/kalender", None),
                ("Mål /maal", "/maal", None),
            ]
            sizes = check(base, pages, sessions)
            runs: dict[str, list[dict]] = {name: [] for name, _path, _marker in pages}
            for _round in range(args.rounds):
                for name, path, _marker in pages:
                    runs[name].append(measure(wrk, lua, cookie_file, base + path, args))
        finally:
            server.terminate()
            server.wait()

    print(f"\n{args.workers} gunicorn workers, wrk -t2 -c{args.connections} -d{args.seconds}s, "
          f"{len(sessions)} citizens signed in (round-robin), median of {args.rounds} rounds, "
          f"{args.citizens} citizens, {args.offers} offers, {args.weeks} weeks, {app_dir}")
    print(f"budget: p95 <= {P95_BUDGET_MS} ms, >= {RPS_BUDGET} req/s, HTML < "
          f"{HTML_BUDGET // 1024} KB, no answer but 200")
    print(f"{'page':20} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7} {'HTML KB':>8} "
          f"{'non-200':>8} {'errors':>6}  within budget")
    ok = True
    for name, _path, _marker in pages:
        results = runs[name]
        r = {key: median(result[key] for result in results) for key in ("p50", "p95", "rps")}
        non200 = sum(result["non200"] for result in results)
        errors = sum(result["errors"] for result in results)
        within = (r["p95"] <= P95_BUDGET_MS * 1000 and r["rps"] >= RPS_BUDGET
                  and sizes[name] < HTML_BUDGET and non200 == 0 and errors == 0)
        trivial = name.startswith("trivial")
        if not trivial:
            ok &= within
        verdict = "(no budget)" if trivial else "yes" if within else "NO"
        print(f"{name:20} {r['p50'] / 1000:>7.1f} {r['p95'] / 1000:>7.1f} {r['rps']:>7.0f} "
              f"{sizes[name] / 1024:>8.1f} {non200:>8} {errors:>6}  {verdict}")
    print("all pages within budget" if ok else "some pages are OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
