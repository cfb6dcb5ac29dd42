"""Browser journey on a phone, in Danish and English: a citizen in two groups writes a goal
for one of them and shares it; the goal page names who can see it; the counsellor of that
group sees it on the citizen's page, the counsellor of the other group does not; and the
citizen finds the look-up, with its role and purpose, on their profile."""

import re
from itertools import count

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import DEMO_PASSWORD, choose_language, log_in
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.offers.models import Offer

_n = count(1)

WORDS = {
    "da": {
        "language": "Dansk", "goals": "Mål", "new": "Skriv et nyt mål", "title": "Dit mål",
        "mobility": "Mobilitet", "develop": "Udvikle", "share": "Del målet med en vejleder",
        "save": "Gem målet", "sees": "{name} kan se målet.", "purpose": "Følge op på mål",
        "unshare": "Stop med at dele", "not_shared": "Ikke delt: kun du kan se målet.",
        "reshare": "Del med gruppens vejledere",
        "none": "Borgeren deler ingen mål med dig.", "profile": "Profil",
        "who": "En vejleder", "why": "For at følge op på dine mål",
    },
    "en": {
        "language": "English", "goals": "Goals", "new": "Write a new goal", "title": "Your goal",
        "mobility": "Getting around", "develop": "Develop",
        "share": "Share the goal with a counsellor", "save": "Save the goal",
        "sees": "{name} can see the goal.", "purpose": "Following up on goals",
        "unshare": "Stop sharing", "not_shared": "Not shared: only you can see the goal.",
        "reshare": "Share with the group's counsellors",
        "none": "The citizen does not share any goals with you.", "profile": "Profile",
        "who": "A counsellor", "why": "To follow up on your goals",
    },
}


@pytest.fixture
def phone():
    """A phone: citizens use Sammen on theirs."""
    return "Pixel 5"


@pytest.fixture
def two_groups(live_app):
    """A citizen enrolled in two groups, each run by its own counsellor."""
    n = next(_n)
    with live_app.app_context():
        people = {}
        for key, name in (("own", f"Sofie{n} Berg"), ("other", f"Jonas{n} Lund")):
            staff = factories.user(role=Role.STAFF, name=name, email=f"{key}{n}@example.dk",
                                   password=DEMO_PASSWORD)
            offer = factories.offer(title=f"{'Angst' if key == 'own' else 'Gåtur'} E2E {n}")
            db.session.get(Offer, offer.id).facilitators.append(
                db.session.get(User, staff.id))
            db.session.commit()
            people[key] = {"email": staff.email, "first": name.split()[0], "group": offer.title,
                           "offer_id": offer.id}
        citizen = factories.user(name=f"Karin{n} Holm", email=f"karin.goal{n}@example.dk",
                                 password=DEMO_PASSWORD)
        for key in ("own", "other"):
            factories.enrolment(citizen_id=citizen.id, offer_id=people[key]["offer_id"])
        people["citizen"] = {"email": citizen.email, "id": citizen.id}
        db.session.remove()
    return people


def staff_opens(browser, browser_context_args, a11y, who, citizen_id, words, shot):
    """A counsellor on their own phone opens the citizen's page to follow up on goals."""
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    checker = type(a11y)(page, a11y.phone)
    log_in(page, checker, who["email"])
    choose_language(page, checker, words["language"])
    page.goto(f"/personale/borgere/{citizen_id}")
    checker.check()
    page.get_by_role("link", name=words["purpose"]).click()
    expect(page.locator("#goals-heading")).to_be_visible()
    checker.check(shot)
    return context, page, checker


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_shared_goal_is_seen_by_its_groups_counsellor_and_not_another(
        page, a11y, browser, browser_context_args, two_groups, lang):
    words, own, other = WORDS[lang], two_groups["own"], two_groups["other"]
    title = f"Tage bussen alene ({lang})"
    log_in(page, a11y, two_groups["citizen"]["email"])
    choose_language(page, a11y, words["language"])
    page.get_by_role("navigation").get_by_role("link", name=words["goals"]).click()
    a11y.check()
    page.get_by_role("link", name=words["new"]).click()
    a11y.check("truth-goal-form")
    page.get_by_label(words["title"], exact=True).fill(title)
    page.get_by_label(words["mobility"], exact=True).check()
    page.get_by_label(words["develop"], exact=True).check()
    page.locator("#offer_id").select_option(label=own["group"])
    page.get_by_label(words["share"]).check()
    page.get_by_role("button", name=words["save"]).click()
    page.wait_for_url(re.compile(r"/maal/\d+$"))
    # The goal says who can see it, by first name: the group's counsellor, no one else.
    sharing = page.locator("#goal-sharing")
    expect(sharing).to_contain_text(words["sees"].format(name=own["first"]))
    expect(sharing).not_to_contain_text(other["first"])
    a11y.check("truth-goal-shared")
    # Off and on again in place: the page says at once who can see it.
    sharing.get_by_role("button", name=words["unshare"]).click()
    expect(page.locator("#goal-sharing")).to_contain_text(words["not_shared"])
    a11y.check()
    page.locator("#goal-sharing").get_by_role("button", name=words["reshare"]).click()
    expect(page.locator("#goal-sharing")).to_contain_text(words["sees"].format(name=own["first"]))
    expect(page.locator("#goal-sharing [data-focus-after-swap]")).to_be_focused()
    a11y.check()

    context, seen, checker = staff_opens(browser, browser_context_args, a11y, own,
                                         two_groups["citizen"]["id"], words, "truth-own-staff")
    expect(seen.locator("main")).to_contain_text(title)
    assert not checker.unchecked()
    context.close()

    context, unseen, checker = staff_opens(browser, browser_context_args, a11y, other,
                                           two_groups["citizen"]["id"], words,
                                           "truth-other-staff")
    expect(unseen.locator("main")).not_to_contain_text(title)
    expect(unseen.locator("main")).to_contain_text(words["none"])
    assert not checker.unchecked()
    context.close()

    # The citizen sees both look-ups: when, the role, and why, in their language.
    page.get_by_role("navigation").get_by_role("link", name=words["profile"]).click()
    lookups = page.locator("#lookups + p + table")
    expect(lookups.locator("tbody tr")).to_have_count(2)
    expect(lookups.locator("tbody tr").first).to_contain_text(words["who"])
    expect(lookups.locator("tbody tr").first).to_contain_text(words["why"])
    expect(lookups).not_to_contain_text(own["first"])
    a11y.check("truth-profile-lookups")
