"""Check-in leaves a trace: a meeting the citizen checked in to stays on Hjem and Kalender,
marked "Du er tjekket ind", until it ends; then it is in the citizen's own history (Mine
tidligere møder), newest first, a page at a time, in plain and neutral words."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from tests.conftest import count_queries, login, text_of
from webapp.auth.models import Role
from webapp.extensions import db
from webapp.meetings.models import Meeting, RegistrationStatus
from webapp.staff import attendance

NOW = datetime.now(UTC).replace(microsecond=0)
HISTORY = "/kalender/mine-moeder"


@pytest.fixture
def karin(client, factory):
    """Citizen Karin, logged in (Danish)."""
    user = factory.user(name="Karin Holm")
    assert login(client, user.email).status_code == 303
    return user


def check_in(app, client, meeting) -> None:
    """Check in as the citizen does: open the meeting's QR code and tap the button."""
    with app.test_request_context():
        token = attendance.check_in_token(meeting)
    response = client.post(f"/tjek-ind/{meeting.id}/{token}")
    assert response.status_code == 200
    assert "Du er tjekket ind" in text_of(response)


def move(app, meeting, starts_at) -> None:
    """Move a meeting in time (as time passing would), keeping its length of two hours."""
    with app.app_context():
        db.session.execute(update(Meeting).where(Meeting.id == meeting.id).values(
            starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)))
        db.session.commit()


# -- A checked-in meeting stays until it ends ----------------------------------------------------

@pytest.mark.parametrize("starts_in", [timedelta(minutes=20), timedelta(minutes=-30)],
                         ids=["before-it-starts", "while-it-runs"])
def test_a_checked_in_meeting_stays_on_hjem_and_kalender_until_it_ends(
        app, client, factory, karin, starts_in):
    offer = factory.offer(title="Kaffeklub")
    meeting = factory.meeting(offer_id=offer.id, starts_at=NOW + starts_in)
    factory.registration(meeting_id=meeting.id, citizen_id=karin.id)
    check_in(app, client, meeting)
    for page in ("/", "/kalender"):
        text = text_of(client.get(page))
        assert "Kaffeklub" in text, page
        assert "Du er tjekket ind." in text, page
        assert "Meld afbud" not in text, page
    # Once it is over, it leaves Hjem and Kalender and is in the history.
    move(app, meeting, NOW - timedelta(hours=3))
    assert "Kaffeklub" not in text_of(client.get("/"))
    assert "Kaffeklub" not in text_of(client.get("/kalender"))
    history = text_of(client.get(HISTORY))
    assert "Kaffeklub" in history and "Du var med." in history


def test_kalender_leads_to_the_history(client, karin):
    page = client.get("/kalender").text
    assert f'<a href="{HISTORY}">Mine tidligere møder</a>' in page


# -- The history -------------------------------------------------------------------------------

def past(factory, citizen, title, days_ago, status, **kw):
    offer = factory.offer(title=title)
    starts = NOW - timedelta(days=days_ago)
    meeting = factory.meeting(offer_id=offer.id, starts_at=starts,
                              ends_at=starts + timedelta(hours=2),
                              **{k: kw.pop(k) for k in ("cancelled_at", "cancel_reason")
                                 if k in kw})
    return factory.registration(meeting_id=meeting.id, citizen_id=citizen.id, status=status,
                                **kw)


def cards(page: str) -> list[str]:
    """The text of each meeting on a history page, in order."""
    return [" ".join(re.sub(r"<[^>]+>", " ", card).split())
            for card in re.findall(r'<li class="app-card[^"]*">(.*?)</li>', page, re.S)]


def test_the_history_says_plainly_what_happened_newest_first(client, factory, karin):
    S = RegistrationStatus
    past(factory, karin, "Gåtur", 1, S.ATTENDED)
    past(factory, karin, "Strikkeklub", 3, S.ABSENT)
    past(factory, karin, "Madlavning", 5, S.NO_SHOW)
    past(factory, karin, "Kortspil", 7, S.SIGNED_UP)  # nobody marked it
    past(factory, karin, "Svømning", 9, S.SIGNED_UP, cancelled_at=NOW - timedelta(days=10),
         cancel_reason="Svømmehallen er lukket")
    # Never a place at the meeting: not in the history.
    past(factory, karin, "Yoga", 2, S.WAITLISTED, waitlist_position=1)
    past(factory, karin, "Maling", 4, S.LEFT_WAITLIST)
    # Not over yet: on Hjem and Kalender, not here.
    coming = factory.meeting(offer_id=factory.offer(title="Fremtiden").id)
    factory.registration(meeting_id=coming.id, citizen_id=karin.id)

    response = client.get(HISTORY)
    assert response.status_code == 200
    shown = cards(response.text)
    assert [card.split(" ")[0] for card in shown] == [
        "Gåtur", "Strikkeklub", "Madlavning", "Kortspil", "Svømning"]
    assert shown[0].endswith("Du var med.")
    assert shown[1].endswith("Du meldte afbud.")
    assert shown[2].endswith("Du var ikke med.")
    assert shown[3].endswith("Du var tilmeldt.")
    assert shown[4].endswith("Mødet blev aflyst.")
    text = text_of(response).lower()
    for word in ("yoga", "maling", "fremtiden", "desværre", "husk", "glemt", "skulle"):
        assert word not in text


def test_the_history_in_english(client, factory, karin):
    past(factory, karin, "Gåtur", 1, RegistrationStatus.ATTENDED)
    past(factory, karin, "Strikkeklub", 3, RegistrationStatus.NO_SHOW)
    client.set_cookie("lang", "en")
    text = text_of(client.get(HISTORY))
    assert "My past meetings" in text
    assert "You were there." in text and "You were not there." in text


def test_the_history_is_paged_with_the_page_parameter(client, factory, karin):
    for n in range(1, 24):
        past(factory, karin, f"Møde{n:02d}", n, RegistrationStatus.ATTENDED)
    first = client.get(HISTORY)
    titles = [card.split(" ")[0] for card in cards(first.text)]
    assert titles == [f"Møde{n:02d}" for n in range(1, 21)]
    assert "Side 1 af 2" in text_of(first)
    assert f'href="{HISTORY}?page=2">Ældre møder</a>' in first.text
    second = client.get(f"{HISTORY}?page=2")
    assert [card.split(" ")[0] for card in cards(second.text)] == ["Møde21", "Møde22", "Møde23"]
    assert f'href="{HISTORY}?page=1">Nyere møder</a>' in second.text
    # A page out of range shows the nearest page; a page that is no number, the first.
    assert cards(client.get(f"{HISTORY}?page=99").text) == cards(second.text)
    assert cards(client.get(f"{HISTORY}?page=-3").text) == cards(first.text)
    assert client.get(f"{HISTORY}?page=abc").status_code == 200


def test_an_empty_history_says_so_kindly(client, karin):
    text = text_of(client.get(HISTORY))
    assert ("Du har ingen tidligere møder endnu. Når et møde, du er tilmeldt, er forbi, kan "
            "du se det her.") in text


def test_a_citizen_sees_only_their_own_history(client, factory, karin):
    bo = factory.user(name="Bo Berg")
    past(factory, bo, "Bos gruppe", 2, RegistrationStatus.ATTENDED)
    past(factory, karin, "Karins gruppe", 2, RegistrationStatus.ABSENT)
    text = text_of(client.get(HISTORY))
    assert "Karins gruppe" in text and "Bos gruppe" not in text


def test_the_history_is_for_logged_in_citizens_only(app, factory):
    visitor = app.test_client()
    response = visitor.get(HISTORY)
    assert response.status_code == 302 and "/log-ind" in response.headers["Location"]
    staff = factory.user(role=Role.STAFF)
    counsellor = app.test_client()
    login(counsellor, staff.email)
    assert counsellor.get(HISTORY).status_code == 403


def test_one_query_for_a_page_however_long_the_history(app, client, factory, karin):
    def statements() -> int:
        with count_queries(app) as run:
            assert client.get(HISTORY).status_code == 200
        # The page's own query, besides loading the user and the session's bookkeeping.
        return len([s for s in run if "registrations" in s])

    past(factory, karin, "Gåtur", 1, RegistrationStatus.ATTENDED)
    assert statements() == 1
    for n in range(30):
        past(factory, karin, f"Møde {n}", n + 2, RegistrationStatus.ABSENT)
    assert statements() == 1
