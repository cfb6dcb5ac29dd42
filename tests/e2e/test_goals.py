"""Browser journeys on a phone: write a goal of each type, check in several times and see the
chart and the summary change, share and unshare, archive and undo; check in from Hjem in
three taps."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import choose_language, log_in

WORDS = {
    "da": {
        "language": "Dansk", "goals": "Mål", "home": "Hjem", "new": "Skriv et nyt mål",
        "title": "Dit mål", "save_goal": "Gem målet", "save": "Gem",
        "develop": "Udvikle", "maintain": "Fastholde", "limit_loss": "Begrænse tab",
        "mobility": "Mobilitet", "health": "Sundhed", "self_care": "Egenomsorg",
        "of_10": "ud af 10", "saved": "Gemt: {score} ud af 10",
        "once": "Du har svaret én gang: 3 ud af 10.", "rising": "Du er gået fra 3 til 6",
        "not_shared": "Ikke delt: kun du kan se målet.",
        "no_counsellor": "Du har endnu ingen vejleder at dele målet med.",
        "archive": "Arkivér målet", "confirm": "Ja, arkivér målet",
        "archived": "er arkiveret. Det er ikke slettet.", "undo": "Fortryd",
        "back": "Målet er tilbage.", "how": "Hvordan går det?",
        "kept": "Du har holdt dit niveau", "too_early": "Svar et par gange mere",
        "note": "Et par ord om det", "again": "Svar igen",
    },
    "en": {
        "language": "English", "goals": "Goals", "home": "Home", "new": "Write a new goal",
        "title": "Your goal", "save_goal": "Save the goal", "save": "Save",
        "develop": "Develop", "maintain": "Maintain", "limit_loss": "Limit loss",
        "mobility": "Getting around", "health": "Health", "self_care": "Self-care",
        "of_10": "of 10", "saved": "Saved: {score} of 10",
        "once": "You have checked in once, with 3 of 10.", "rising": "You have gone from 3 to 6",
        "not_shared": "Not shared: only you can see the goal.",
        "no_counsellor": "You do not have a counsellor to share the goal with yet.",
        "archive": "Archive the goal", "confirm": "Yes, archive the goal",
        "archived": "is archived. It is not deleted.", "undo": "Undo",
        "back": "The goal is back.", "how": "How is it going?",
        "kept": "You have kept your level", "too_early": "Check in a few more times",
        "note": "A few words about it", "again": "Check in again",
    },
}


def write_goal(page, a11y, words, title, theme, goal_type, shot=None):
    """From Mål: write a goal and land on its page."""
    page.get_by_role("link", name=words["new"]).click()
    a11y.check(shot)
    page.get_by_label(words["title"], exact=True).fill(title)
    page.get_by_label(words[theme], exact=True).check()
    page.get_by_label(words[goal_type], exact=True).check()
    page.get_by_role("button", name=words["save_goal"]).click()
    page.wait_for_url(re.compile(r"/maal/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    a11y.check()


def check_in(page, region, words, score: int):
    """Choose a score (one tap) and save (one tap); the answer is swapped in place."""
    region.get_by_label(f"{score} {words['of_10']}", exact=True).check()
    region.get_by_role("button", name=words["save"], exact=True).click()
    expect(page.locator("#messages")).to_contain_text(words["saved"].format(score=score))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_write_check_in_see_progress_share_archive_and_undo(page, a11y, citizen, lang):
    words = WORDS[lang]
    log_in(page, a11y, citizen)
    choose_language(page, a11y, words["language"])
    page.get_by_role("navigation").get_by_role("link", name=words["goals"]).click()
    a11y.check("goals-empty")
    write_goal(page, a11y, words, "Tage bussen alene til Glostrup", "mobility", "develop",
               shot="goal-form")

    # Check in on the goal page: the chart and the summary change in place.
    region = page.locator(".app-check-in")
    progress = page.locator("#goal-progress")
    expect(progress.locator("polyline")).to_have_count(0)
    check_in(page, region, words, 3)
    expect(progress).to_contain_text(words["once"])
    expect(progress.locator("circle")).to_have_count(1)
    expect(region.locator("[data-focus-after-swap]")).to_be_focused()
    a11y.check("goal-one-check-in")
    region.get_by_role("link").click()  # "Check in again"
    check_in(page, region, words, 4)
    region.get_by_role("link").click()
    region.get_by_label(words["note"]).fill("Hele vejen alene!")
    check_in(page, region, words, 6)
    expect(progress).to_contain_text(words["rising"])
    expect(progress.locator("polyline")).to_have_count(1)
    expect(progress.locator("circle")).to_have_count(3)
    expect(progress.locator("tbody tr")).to_have_count(3)
    expect(progress.locator("tbody tr").first).to_contain_text("Hele vejen alene!")
    a11y.check("goal-rising")

    # Sharing: off by default; with no group and no counsellor yet, there is no one to share
    # it with, and the page says so (sharing on and off: tests/e2e/test_truth_goals.py).
    sharing = page.locator("#goal-sharing")
    expect(sharing).to_contain_text(words["not_shared"])
    expect(sharing).to_contain_text(words["no_counsellor"])
    expect(sharing.get_by_role("button")).to_have_count(0)

    # Archive: a confirm step, then the goal is put away with an undo.
    page.get_by_role("link", name=words["archive"]).click()
    expect(page.get_by_role("heading", level=3)).to_be_focused()
    a11y.check("goal-archive-confirm")
    page.get_by_role("button", name=words["confirm"]).click()
    page.wait_for_url(re.compile(r"/maal\?arkiveret="))
    expect(page.locator(".alert-success")).to_contain_text(words["archived"])
    a11y.check("goals-archived")
    page.get_by_role("button", name=re.compile("^" + words["undo"])).click()
    page.wait_for_url(re.compile(r"/maal/\d+$"))
    expect(page.locator("#messages")).to_contain_text(words["back"])
    expect(page.locator("#goal-progress circle")).to_have_count(3)
    a11y.check()


def test_check_in_from_home_in_three_taps_for_each_goal_type(page, a11y, citizen):
    words = WORDS["da"]
    log_in(page, a11y, citizen)
    page.get_by_role("navigation").get_by_role("link", name=words["goals"]).click()
    a11y.check()
    write_goal(page, a11y, words, "Gå en tur hver dag", "health", "maintain")
    page.get_by_role("link", name="Tilbage til dine mål").click()
    a11y.check()
    write_goal(page, a11y, words, "Huske mine aftaler", "self_care", "limit_loss")
    page.get_by_role("navigation").get_by_role("link", name=words["home"]).click()
    a11y.check("home-goals")

    # Tap 1: "How is it going?", tap 2: a number, tap 3: Save, all in place on Hjem.
    for title, scores, summary in (("Gå en tur hver dag", (6, 5), words["kept"]),
                                   ("Huske mine aftaler", (7, 6), words["too_early"])):
        card = page.locator("li.app-card", has_text=title)
        for score in scores:
            card.get_by_role("link", name=re.compile(
                f"^({re.escape(words['how'])}|{words['again']})")).click()
            expect(card.locator("legend")).to_be_focused()
            if score == 6:
                a11y.check("home-check-in-form")
            check_in(page, card, words, score)
        expect(card).to_contain_text(summary)
    # The overview across goals follows along.
    overview = page.locator(".app-goal-overview")
    expect(overview).to_contain_text("Det går, som du gerne vil, med 1 mål")
    expect(overview).to_contain_text("Det er for tidligt at sige noget om 1 mål")
    a11y.check("home-checked-in")
