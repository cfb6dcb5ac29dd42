"""The installable app on the server side: hashed static files with long cache lifetimes,
compressed responses, the manifest, the service worker and the offline page."""

import gzip
import json
import os
import re
import shutil
import struct
from datetime import UTC, datetime

import brotli
import pytest

from webapp.auth.models import Role
from webapp.pwa.assets import Assets, assets
from webapp.pwa.services import worker_script, worker_settings

ONE_YEAR = 31536000


def static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"#]+)', html)


def without_tokens(html: str) -> str:
    """The page without its CSRF tokens, which carry the time they were made."""
    return re.sub(r'("X-CSRFToken": |name="csrf_token" value=)"[^"]*"', "", html)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_pages_link_static_files_by_the_hash_of_their_content(client):
    page = client.get("/")
    urls = static_urls(page.text)
    for name in ("dkfds-borgerdk.min.css", "css/app.css", "htmx.min.js", "js/app.js",
                 "js/pwa.js", "icons/sprite.svg"):
        assert any(name in url and re.search(r"\?v=[0-9a-f]{12}$", url) for url in urls), name
    for url in set(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.cache_control.max_age == ONE_YEAR and response.cache_control.immutable
        assert response.cache_control.public


def test_a_stale_or_missing_hash_gets_the_file_but_must_revalidate(client):
    [css] = [u for u in static_urls(client.get("/").text) if "app.css" in u]
    current = client.get(css)
    for url in ("/static/css/app.css?v=000000000000", "/static/css/app.css"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.cache_control.no_cache and not response.cache_control.immutable
        assert response.data == current.data
    again = client.get(css, headers={"If-None-Match": current.headers["ETag"]})
    assert again.status_code == 304


def test_fonts_and_images_in_the_stylesheet_are_hashed_too(client):
    [css] = [u for u in static_urls(client.get("/").text) if "dkfds" in u]
    text = client.get(css).text
    font = re.search(r"url\((\.\./fonts/[^)]+Regular\.woff2\?v=[0-9a-f]{12})\)", text).group(1)
    response = client.get("/static/vendor/dkfds/" + font[3:])
    assert response.status_code == 200 and response.mimetype == "font/woff2"
    assert response.cache_control.immutable
    assert "Content-Encoding" not in response.headers  # woff2 is compressed already


def test_the_file_changes_its_address_when_its_content_changes(app, tmp_path):
    (tmp_path / "a.css").write_text("body { color: red; }")
    assets = Assets(str(tmp_path), check_changes=True)
    before = assets.digest("a.css")
    (tmp_path / "a.css").write_text("body { color: blue; }")
    os.utime(tmp_path / "a.css", (1, 1))
    assert assets.digest("a.css") != before
    assert assets.digest("../etc/passwd") is None
    (tmp_path / "a.css").unlink()
    assert assets.digest("a.css") is None and len(assets) == 0


@pytest.mark.parametrize("url", ["/static/../webapp/config.py", "/static/nothing.css"])
def test_only_files_under_static_are_served(client, url):
    assert client.get(url).status_code == 404


def test_static_files_are_the_same_for_everyone(client, login_as):
    """No session cookie and no `Vary: Cookie`: after logging in the files stay cached."""
    login_as()
    for url in static_urls(client.get("/").text):
        response = client.get(url)
        assert "Set-Cookie" not in response.headers, url
        assert "Cookie" not in response.headers.get("Vary", ""), url


def test_asking_for_missing_files_keeps_nothing_more(app, client):
    """Only files that exist are kept, once each: asking for random names grows nothing."""
    page = client.get("/")
    with app.app_context():
        kept = assets()
    before = len(kept)
    assert before > 0  # the page's own files are kept
    for n in range(300):
        assert client.get(f"/static/missing-{n}.css").status_code == 404
        assert client.get(f"/static/css/nothing-{n}/app.css?v={n:012x}").status_code == 404
    [css] = [u for u in static_urls(page.text) if "app.css" in u]
    for n in range(1, 30):  # other spellings of a kept file's name are the same file
        spelled = css.replace("css/app.css", "css/" + "./" * n + "app.css")
        assert client.get(spelled).status_code == 200
    assert len(kept) == before


@pytest.mark.parametrize("accept, encoding, decompress", [
    ("gzip, deflate, br, zstd", "br", brotli.decompress),
    ("gzip", "gzip", gzip.decompress),
])
def test_responses_are_compressed(client, login_as, accept, encoding, decompress):
    login_as()
    plain = client.get("/", headers={"Accept-Encoding": "identity"})
    page = client.get("/", headers={"Accept-Encoding": accept})
    assert "Content-Encoding" not in plain.headers
    assert page.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in page.headers["Vary"]
    assert without_tokens(decompress(page.data).decode()) == without_tokens(plain.text)
    assert len(page.data) < len(plain.data) / 2

    [css] = [u for u in static_urls(plain.text) if "dkfds" in u]
    full = client.get(css, headers={"Accept-Encoding": "identity"})
    small = client.get(css, headers={"Accept-Encoding": accept})
    assert small.headers["Content-Encoding"] == encoding
    assert decompress(small.data) == full.data
    # DKFDS's stylesheet is 215 KB; what travels is a sixth of it or less.
    assert len(small.data) < 36_000 < 200_000 < len(full.data)


def test_the_manifest_makes_sammen_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["name"].startswith("Sammen") and manifest["short_name"] == "Sammen"
    assert manifest["lang"] == "da"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["theme_color"] == "#004a87"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for image in manifest["icons"] + manifest["screenshots"]:
        data = client.get(image["src"]).data
        width, height = png_size(data)
        assert image["sizes"] == f"{width}x{height}", image["src"]
    assert {shot["form_factor"] for shot in manifest["screenshots"]} == {"narrow", "wide"}
    assert '<link rel="manifest" href="/manifest.webmanifest">' in client.get("/").text


def test_the_service_worker_is_served_from_the_root(client):
    response = client.get("/sw.js")
    assert response.mimetype == "text/javascript"
    assert response.cache_control.no_cache
    assert response.headers["Service-Worker-Allowed"] == "/"
    settings = json.loads(re.match(r"self\.SAMMEN = (\{.*\});\n", response.text).group(1))
    assert settings["pages"] == ["/", "/kalender"]
    assert settings["forget_on"] == ["/log-ud", "/log-ind"]
    assert set(settings["offline"]) == {"da", "en"}
    for url in settings["precache"] + list(settings["offline"].values()):
        assert client.get(url).status_code == 200, url
    assert re.fullmatch(r"[0-9a-f]{12}", settings["version"])
    unchanged = client.get("/sw.js", headers={"If-None-Match": response.headers["ETag"]})
    assert unchanged.status_code == 304
    assert "addEventListener(\"fetch\"" in response.text


@pytest.mark.parametrize("lang, heading, home", [("da", "Du er offline", "Hjem"),
                                                 ("en", "You are offline", "Home")])
def test_the_offline_page_speaks_the_asked_language(client, lang, heading, home):
    page = client.get(f"/offline?lang={lang}")
    assert page.status_code == 200
    assert f'<html lang="{lang}"' in page.text
    assert f"<h1>{heading}</h1>" in page.text
    assert f'<a href="/">{home}</a>' in page.text
    assert "app-nav" not in page.text and "Log ud" not in page.text


def test_the_offline_page_has_no_personal_data(client, login_as):
    login_as(name="Tove Personlig")
    page = client.get("/offline?lang=da")
    assert "Tove" not in page.text and "app-nav" not in page.text


def test_hjem_and_kalender_carry_their_time_for_the_offline_note(client, login_as):
    login_as()
    for url in ("/", "/kalender"):
        page = client.get(url)
        assert 'id="offline-note" data-served="network" hidden' in page.text
        assert "Vist, som det så ud" in page.text
        assert page.headers["Content-Language"] == "da"
    assert 'id="offline-note"' not in client.get("/profil").text


def test_the_offline_note_tells_the_time_of_each_request(client, login_as, monkeypatch):
    """The note is rendered once (a fragment); its time is filled in on every request."""
    from webapp.pwa import views

    login_as()
    for hour, shown in ((9, "kl. 10.15"), (13, "kl. 14.15")):
        moment = datetime(2026, 11, 22, hour, 15, tzinfo=UTC)
        monkeypatch.setattr(views, "utcnow", lambda moment=moment: moment)
        page = client.get("/kalender").text
        assert f"Vist, som det så ud søndag 22. november {shown}." in page


def test_the_profile_explains_installing_and_reminders(client, login_as):
    login_as()
    page = client.get("/profil")
    assert "Læg Sammen på din hjemmeskærm" in page.text
    assert "Vælg “Føj til hjemmeskærm”." in page.text  # the iPhone steps
    assert "data-install-button" in page.text
    assert 'id="paamindelser"' in page.text and "js/reminders.js" in page.text


def test_staff_see_the_install_hint_but_no_reminders(client, login_as):
    login_as(role=Role.STAFF)
    page = client.get("/profil")
    assert "Læg Sammen på din hjemmeskærm" in page.text
    assert 'id="paamindelser"' not in page.text


def test_a_deploy_gives_the_service_worker_a_new_version(app, tmp_path):
    """A changed file changes the service worker's bytes, so browsers install the new one,
    which drops the old caches: no stale files after a deploy."""
    static = tmp_path / "static"
    shutil.copytree(app.static_folder, static)

    def settings():
        app.extensions.pop("sammen_sw", None)
        app.extensions["sammen_assets"] = Assets(str(static))
        with app.test_request_context():
            script = worker_script().decode()
        return json.loads(re.match(r"self\.SAMMEN = (\{.*\});\n", script).group(1))

    before = settings()
    assert settings()["version"] == before["version"]  # the same files: the same version
    with open(static / "css" / "app.css", "a") as css:
        css.write("\n.new-look { color: #1a1a1a; }\n")
    after = settings()
    assert after["version"] != before["version"]
    [old_css] = [u for u in before["precache"] if "app.css" in u]
    assert old_css not in after["precache"]


def test_a_changed_template_gives_the_service_worker_a_new_version(app, tmp_path, monkeypatch):
    """The kept pages are made of the layout, macros and partials: a change to any template
    must reach the phones, so it changes the version (and with it the kept copies)."""
    templates = tmp_path / "templates"
    shutil.copytree(app.template_folder, templates)
    monkeypatch.setattr(app, "template_folder", str(templates))

    def version():
        with app.test_request_context():
            return worker_settings()["version"]

    versions = [version()]
    assert version() == versions[0]  # the same templates: the same version
    for folder in ("_layout", "_macros"):
        template = sorted((templates / folder).rglob("*.html"))[0]
        with open(template, "a") as html:
            html.write("\n<!-- changed -->\n")
        versions.append(version())
    assert len(set(versions)) == len(versions), versions
