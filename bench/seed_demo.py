"""Benchmark: load the large demo data set (budget: under 120 s for 10,000 citizens, 300
offers and 52 weeks of meetings).

Usage: .venv/bin/python bench/seed_demo.py [--citizens N --offers N --weeks N]
       [--database-url URL]   (default: a new SQLite file in a temporary folder)
Prints the rows loaded, the seconds taken and the peak memory of the process.
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from webapp import create_app, demo  # noqa: E402

BUDGET_SECONDS = 120


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--offers", type=int, default=300)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            counts = demo.seed(citizens=args.citizens, offers=args.offers, weeks=args.weeks)
            seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"seed-demo --citizens {args.citizens} --offers {args.offers} --weeks {args.weeks}")
    print("  rows: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    print(f"  time: {seconds:.1f} s (budget {BUDGET_SECONDS} s)")
    print(f"  peak memory: {peak_mb:.0f} MB")
    ok = seconds < BUDGET_SECONDS
    print("  within budget" if ok else "  OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
