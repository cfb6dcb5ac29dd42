"""Words for the right person: staff pages speak about the citizen (not to them), the admin's
new-staff form about the new colleague, the goal chart's band is named in the colour it is
drawn in, and the count sentences read as natural Danish."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import facilitate, login, text_of
from webapp.auth.models import Role
from webapp.enrolments.models import Package
from webapp.goals.models import GoalType
from webapp.meetings.models import RegistrationStatus

CSS = Path(__file__).resolve().parent.parent / "static" / "css"


@pytest.fixture
def anna(app, factory):
    """Anna in Mette's clarification course, with a goal to maintain that she shares, two
    check-ins on it, and a meeting she did not come to."""
    mette = factory.user(role=Role.STAFF, name="Mette Holm", email="mette@example.dk",
                         language="da")
    course = factory.offer(title="Afklaring")
    facilitate(app, mette, course)
    anna = factory.user(name="Anna Jensen", email="anna@example.dk", language="da")
    factory.enrolment(citizen_id=anna.id, offer_id=course.id, package=Package.CLARIFICATION)
    goal = factory.goal(citizen_id=anna.id, title="Holde styr på posten", offer_id=course.id,
                        goal_type=GoalType.MAINTAIN, shared_with_staff=True)
    for score, days in ((6, 9), (6, 2)):
        factory.check_in(goal_id=goal.id, score=score, author_id=anna.id,
                         at=datetime.now(UTC) - timedelta(days=days))
    past = factory.meeting(offer_id=course.id, starts_at=datetime.now(UTC) - timedelta(days=3))
    factory.registration(meeting_id=past.id, citizen_id=anna.id,
                         status=RegistrationStatus.NO_SHOW)
    return {"mette": mette, "anna": anna, "goal": goal}


def test_the_citizen_page_speaks_about_the_citizen(client, anna):
    login(client, anna["mette"].email)
    page = text_of(client.get(f"/personale/borgere/{anna['anna'].id}?formaal=maal"))
    assert "Borgerens svar, de nyeste først" in page
    assert "Det lyseblå felt er borgerens niveau ved start, plus eller minus 1." in page
    assert "Graf over borgerens svar fra 1 til 10 over tid." in page
    assert ("4 måneder, hvor borgeren og vejlederen finder ud af, hvilken støtte borgeren "
            "har brug for.") in page
    # What the citizen reads is quoted as theirs; nothing else speaks to them.
    assert "Borgeren ser: “Du har holdt dit niveau" in page
    for to_the_citizen in ("Dine svar", "dit niveau, da du startede", "Graf over dine svar",
                           "hvor du og din vejleder"):
        assert to_the_citizen not in page
    assert "Udeblev uden afbud 1 gang." in page


def test_the_citizen_reads_the_same_chart_in_words_to_them(client, anna):
    login(client, anna["anna"].email)
    page = text_of(client.get(f"/maal/{anna['goal'].id}"))
    assert "Dine svar, de nyeste først" in page
    assert "Det lyseblå felt er dit niveau, da du startede, plus eller minus 1." in page


def test_the_band_is_named_in_the_colour_it_is_drawn_in():
    css = "\n".join(path.read_text() for path in CSS.glob("*.css"))
    fill = re.search(r"\.app-chart-band\s*\{[^}]*fill:\s*#([0-9a-fA-F]{6})", css).group(1)
    red, green, blue = (int(fill[i:i + 2], 16) for i in (0, 2, 4))
    # Light (near white) with blue the strongest of the three: "light blue", not grey.
    assert min(red, green, blue) > 200 and blue > green > red
    macros = (CSS.parent.parent / "templates" / "goals" / "_macros.html").read_text()
    assert "light blue band" in macros and "grey band" not in macros


def test_the_new_staff_form_speaks_about_the_new_colleague(client, factory):
    admin = factory.user(role=Role.ADMIN, name="Lene Kristensen", email="lene@example.dk",
                         language="da")
    factory.user(role=Role.STAFF, name="Jonas Madsen", email="jonas@example.dk")
    login(client, admin.email)
    form = client.get("/admin/personale")
    page = text_of(form)
    for words in ("Kollegaens fulde navn", "Kollegaens arbejdsmail", "Kollegaens telefonnummer",
                  "En første adgangskode til kollegaen"):
        assert words in page
    for to_you in ("Dit navn", "Vi ringer kun til dig", "Vælg en adgangskode"):
        assert to_you not in page
    # The browser does not fill in the admin's own name and e-mail.
    for name in ("name", "email"):
        (tag,) = re.findall(rf'<input[^>]*name="{name}"[^>]*>', form.text)
        assert 'autocomplete="off"' in tag
    blank = text_of(client.post("/admin/personale", data={"role": "staff"}))
    for error in ("Skriv kollegaens navn.", "Skriv kollegaens e-mailadresse.",
                  "Skriv en første adgangskode til kollegaen."):
        assert error in blank
    taken = text_of(client.post("/admin/personale", data={
        "name": "Jonas Madsen", "email": "jonas@example.dk", "password": "hemmelig-1",
        "role": "staff"}))
    assert "Der findes allerede en konto med denne e-mail." in taken
    assert "Log ind i stedet" not in taken


def test_the_count_sentences_read_as_natural_danish(client, login_as, factory):
    citizen = login_as(language="da")
    for n in range(3):
        goal = factory.goal(citizen_id=citizen.id, title=f"Mål {n}")
        for score, days in ((3, 9), (6, 2)):
            factory.check_in(goal_id=goal.id, score=score, author_id=citizen.id,
                             at=datetime.now(UTC) - timedelta(days=days))
    factory.goal(citizen_id=citizen.id, title="Nyt mål")
    page = text_of(client.get("/"))
    assert "Det går, som du gerne vil, med 3 mål" in page
    assert "Det er for tidligt at sige noget om 1 mål" in page
    assert "mål går, som du gerne vil" not in page
