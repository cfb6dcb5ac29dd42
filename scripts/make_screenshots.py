"""Screenshots of Sammen for the web app manifest: Hjem and Kalender on a phone, Hjem wide."""

import sys
import tempfile
import threading
from pathlib import Path

from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from webapp import create_app
from webapp.extensions import db

out = Path(sys.argv[1])
folder = Path(tempfile.mkdtemp())
app = create_app(
    {
        "SECRET_KEY": "shots",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 's.db'}",
        "LOGIN_RATE_LIMIT": "1000 per minute",
    }
)
with app.app_context():
    upgrade()
    from webapp import demo

    demo.seed(citizens=5, offers=12, weeks=3)
    db.session.remove()
server = make_server("127.0.0.1", 0, app, threaded=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_port}"
with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/lib/chromium/chromium", args=["--no-sandbox", "--disable-gpu"]
    )
    for name, size, scale, pages in (
        (
            "narrow",
            (360, 780),
            1.5,
            [("/", "screenshot-home.png"), ("/kalender", "screenshot-calendar.png")],
        ),
        ("wide", (1280, 800), 1, [("/", "screenshot-wide.png")]),
    ):
        ctx = browser.new_context(
            viewport={"width": size[0], "height": size[1]},
            device_scale_factor=scale,
            locale="da-DK",
            base_url=base,
            is_mobile=name == "narrow",
            has_touch=name == "narrow",
        )
        page = ctx.new_page()
        page.goto("/log-ind")
        page.get_by_label("E-mail").fill("anna@example.dk")
        page.get_by_label("Adgangskode", exact=True).fill("sammen-demo")
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_url(base + "/")
        for url, file in pages:
            page.goto(url)
            page.screenshot(path=str(out / file))
        ctx.close()
    browser.close()
server.shutdown()
