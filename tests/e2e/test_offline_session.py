"""A shared phone: the kept Hjem and Kalender belong to the login session that made them.
The browser closed without logging out (its cookies die, the service worker and its caches
stay), the next person who opens Sammen offline, or on a network slower than the worker
waits for, sees the offline page or the page the network sends, never the previous citizen's
name and meetings. In the same session the kept copies are still shown."""

import time

import pytest
from playwright.sync_api import expect

from tests.e2e import test_pwa
from tests.e2e.test_pwa import LANGUAGE_ON, WORDS, logged_in, signed_up_for_a_meeting

#: the persistent browser profile of test_pwa (a service worker does not run in incognito)
context = test_pwa.context

#: longer than the worker waits for the network before it shows a kept copy (4 s)
SLOW = 7.0


def kept_home_and_calendar(context, phone, live_app, citizen):
    """Log in, visit Hjem and Kalender online (the worker keeps them); return the page, its
    axe checker, the words of its language and the title of the citizen's meeting."""
    words = WORDS[LANGUAGE_ON[phone]]
    title = signed_up_for_a_meeting(live_app, citizen)
    page, a11y = logged_in(context, phone, citizen, LANGUAGE_ON[phone])
    page.goto("/kalender")
    expect(page.locator("li.app-card", has_text=title)).to_be_visible()
    a11y.check()
    page.goto("/")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    a11y.check()
    return page, a11y, words, title


def shows_the_kept_copy(page, words, title) -> None:
    note = page.locator("#offline-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text(words["as_of"])
    expect(page.locator("li.app-card", has_text=title)).to_be_visible()


def shows_nothing_of(page, title) -> None:
    body = page.locator("body")
    expect(body).not_to_contain_text(title)
    expect(body).not_to_contain_text("Karin")
    expect(page.locator('#offline-note[data-served="cache"]')).to_have_count(0)


def kept_pages(page) -> int:
    """How many pages the worker keeps (in every version's page cache)."""
    return page.evaluate("""async () => {
        let n = 0;
        for (const name of await caches.keys()) {
            if (name.startsWith("sammen-pages-")) {
                n += (await (await caches.open(name)).keys()).length;
            }
        }
        return n;
    }""")


def test_a_browser_closed_without_logging_out_shows_the_next_person_nothing_offline(
        context, phone, live_app, citizen):
    page, a11y, words, title = kept_home_and_calendar(context, phone, live_app, citizen)

    # The same session, offline: the kept copies, marked as such.
    context.set_offline(True)
    response = page.goto("/kalender")
    assert response.from_service_worker
    shows_the_kept_copy(page, words, title)
    a11y.check()
    page.goto("/")
    shows_the_kept_copy(page, words, title)
    a11y.check()
    assert kept_pages(page) == 2

    # The browser is closed without logging out: the session's cookies die with it; the
    # service worker and its caches stay. Whoever opens Sammen next, offline, gets the
    # offline page, and the previous citizen's copies are gone.
    context.clear_cookies()
    for url in ("/", "/kalender"):
        response = page.goto(url)
        assert response.from_service_worker
        expect(page.get_by_role("heading", level=1)).to_have_text(words["offline"])
        shows_nothing_of(page, title)
        a11y.check()
    assert kept_pages(page) == 0
    assert not a11y.unchecked(), a11y.unchecked()


@pytest.mark.parametrize("phone", ["Pixel 5"])
def test_on_a_slow_network_the_kept_copy_is_shown_only_in_its_own_session(
        context, phone, live_app, citizen, monkeypatch):
    page, a11y, words, title = kept_home_and_calendar(context, phone, live_app, citizen)

    # A bus with weak signal: Hjem takes longer than the worker waits.
    serve = live_app.wsgi_app

    def slow(environ, start_response):
        if environ["PATH_INFO"] == "/" and environ["REQUEST_METHOD"] == "GET":
            time.sleep(SLOW)
        return serve(environ, start_response)

    monkeypatch.setattr(live_app, "wsgi_app", slow)

    # The same session: the kept copy, before the network has answered.
    started = time.monotonic()
    page.goto("/")
    shows_the_kept_copy(page, words, title)
    assert time.monotonic() - started < SLOW
    a11y.check()

    # The browser closed without logging out, then opened by someone else on the same slow
    # network: the worker waits for the network (the welcome page), and shows no copy.
    time.sleep(SLOW)  # the network's late answer to the last visit has been kept
    context.clear_cookies()
    started = time.monotonic()
    page.goto("/")
    assert time.monotonic() - started >= SLOW
    shows_nothing_of(page, title)
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen til Sammen")
    a11y.check()
    assert not a11y.unchecked(), a11y.unchecked()
