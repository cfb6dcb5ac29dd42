"""Kalender: the citizen's own meetings and open meetings by day in Copenhagen, what is
listed and what is not, and a fixed number of queries whatever the data size."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.conftest import count_queries, local_at, text_of
from tests.factories import today
from webapp.core import local_day
from webapp.enrolments.models import EnrolmentStatus
from webapp.meetings import services
from webapp.meetings.models import RegistrationStatus
from webapp.offers.models import Admission, LegalBasis, OfferStatus

NOW = datetime.now(UTC).replace(microsecond=0)


def titles(markup: str) -> list[str]:
    return re.findall(r'class="h4 app-card-title">(.*?)</h4>', markup)


# -- Days across daylight saving ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("moment", "day"),
    [
        # Summer time ends on 25 October 2026: 02:00 UTC+2 becomes 02:00 UTC+1.
        (datetime(2026, 10, 24, 21, 59, tzinfo=UTC), date(2026, 10, 24)),  # 23.59 CEST
        (datetime(2026, 10, 24, 22, 0, tzinfo=UTC), date(2026, 10, 25)),  # 00.00 CEST
        (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), date(2026, 10, 25)),  # 23.59 CET
        (datetime(2026, 10, 25, 23, 0, tzinfo=UTC), date(2026, 10, 26)),  # 00.00 CET
        # Summer time starts on 29 March 2026: 02:00 UTC+1 becomes 03:00 UTC+2.
        (datetime(2026, 3, 28, 22, 59, tzinfo=UTC), date(2026, 3, 28)),  # 23.59 CET
        (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), date(2026, 3, 29)),  # 00.00 CET
        (datetime(2026, 3, 29, 21, 59, tzinfo=UTC), date(2026, 3, 29)),  # 23.59 CEST
        (datetime(2026, 3, 29, 22, 0, tzinfo=UTC), date(2026, 3, 30)),  # 00.00 CEST
    ],
)
def test_local_day_is_the_day_in_copenhagen(moment, day):
    assert local_day(moment) == day


def test_meetings_are_grouped_by_their_day_in_copenhagen_across_the_clock_change():
    # Weekly 10.00 meetings in Copenhagen are 08:00 UTC before the change and 09:00 after;
    # a late one at 23.30 local on Saturday is 21:30 UTC and still Saturday.
    moments = [
        datetime(2026, 10, 24, 8, 0, tzinfo=UTC),
        datetime(2026, 10, 24, 21, 30, tzinfo=UTC),
        datetime(2026, 10, 24, 22, 30, tzinfo=UTC),  # 00.30 on Sunday
        datetime(2026, 10, 25, 23, 30, tzinfo=UTC),  # 00.30 on Monday, after the change
        datetime(2026, 10, 31, 9, 0, tzinfo=UTC),
    ]
    grouped = services.by_day(moments, lambda m: m)
    assert [(day, len(items)) for day, items in grouped] == [
        (date(2026, 10, 24), 2), (date(2026, 10, 25), 1), (date(2026, 10, 26), 1),
        (date(2026, 10, 31), 1),
    ]


def test_relative_day_names_today_and_tomorrow_only(app):
    today = date(2026, 11, 24)
    with app.test_request_context():
        assert services.relative_day(today, today) == "I dag"
        assert services.relative_day(date(2026, 11, 25), today) == "I morgen"
        assert services.relative_day(date(2026, 11, 26), today) is None
        assert services.relative_day(date(2026, 11, 23), today) is None


def test_day_headings_in_danish_and_english(app):
    from webapp.meetings.views import day_heading

    in_three_days = today() + timedelta(days=3)
    with app.test_request_context():
        assert day_heading(today()) == "I dag"
        assert day_heading(today() + timedelta(days=1)) == "I morgen"
        heading = day_heading(in_three_days)
        assert heading[0].isupper() and f"{in_three_days.day}. " in heading
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert day_heading(today() + timedelta(days=1)) == "Tomorrow"


# -- The page ---------------------------------------------------------------------------------

@pytest.fixture
def offer(factory):
    def make(**kw):
        if kw.get("admission") is Admission.THROUGH_COUNSELLOR:
            kw.setdefault("legal_basis", LegalBasis.S85)
        return factory.offer(**kw)

    return make


def test_calendar_lists_own_meetings_then_open_ones_by_day(client, factory, login_as, offer):
    anna = login_as()
    walk = offer(title="Gåtur", capacity=5)
    course = offer(title="Transporttræning", admission=Admission.THROUGH_COUNSELLOR)
    closed = offer(title="Angstcafé", admission=Admission.ASK_TO_JOIN)
    draft = offer(title="Kladde", status=OfferStatus.DRAFT)
    factory.enrolment(citizen_id=anna.id, offer_id=course.id)
    mine = factory.meeting(offer_id=walk.id, starts_at=local_at(1, 10))
    factory.registration(meeting_id=mine.id, citizen_id=anna.id)
    factory.meeting(offer_id=walk.id, starts_at=local_at(3, 10))
    factory.meeting(offer_id=course.id, starts_at=local_at(2, 13))
    factory.meeting(offer_id=closed.id, starts_at=local_at(2, 10))
    factory.meeting(offer_id=draft.id, starts_at=local_at(2, 10))
    factory.meeting(offer_id=walk.id, starts_at=local_at(20, 10))  # beyond two weeks
    factory.meeting(offer_id=walk.id, starts_at=NOW - timedelta(days=1))  # past
    factory.meeting(offer_id=walk.id, starts_at=local_at(4, 10), cancelled_at=NOW,
                    cancel_reason="Lederen er på kursus")
    response = client.get("/kalender")
    assert response.status_code == 200
    page = text_of(response)
    own, open_part = page.split("Åbne møder, du kan komme til")
    own_html, open_html = response.text.split('id="open-heading"')
    assert titles(own_html) == ["Gåtur"]
    assert "I morgen" in own and "Du er tilmeldt." in own
    # Open: the drop-in walk (not the one Anna is signed up for), the course she is
    # enrolled in; not the ask-to-join café, the draft, the far or the past meeting.
    assert titles(open_html) == ["Transporttræning", "Gåtur", "Gåtur"]
    assert "Angstcafé" not in page and "Kladde" not in page
    assert "Aflyst: Lederen er på kursus" in open_part
    # The cancelled meeting has no button.
    assert len(re.findall(r'<button type="submit" class="button button-primary">Tilmeld',
                          open_html)) == 2
    assert "5 ledige pladser" in open_part
    # Days in order with Danish headings; times in Copenhagen.
    headings = re.findall(r'<h3 class="app-day">(.*?)</h3>', response.text)
    assert headings[0] == "I morgen"
    assert re.search(r"10\.00 ?– ?12\.00", own)


def test_calendar_lists_an_afbud_so_it_can_be_undone(client, factory, login_as):
    anna = login_as()
    meeting = factory.meeting(starts_at=local_at(2, 10))
    factory.registration(meeting_id=meeting.id, citizen_id=anna.id,
                         status=RegistrationStatus.ABSENT, absent_at=NOW)
    page = text_of(client.get("/kalender"))
    own = page.split("Åbne møder")[0]
    assert "Du har meldt afbud." in own and "Fortryd afbud" in own


def test_ended_enrolment_gives_no_open_meetings(client, factory, login_as, offer):
    anna = login_as()
    course = offer(title="Transporttræning", admission=Admission.THROUGH_COUNSELLOR)
    factory.enrolment(citizen_id=anna.id, offer_id=course.id, status=EnrolmentStatus.COMPLETED)
    factory.meeting(offer_id=course.id, starts_at=local_at(2, 10))
    assert "Transporttræning" not in client.get("/kalender").text


def test_staff_have_no_calendar(client, login_as):
    from webapp.auth.models import Role

    login_as(role=Role.STAFF)
    assert client.get("/kalender").status_code == 403


# -- Queries ----------------------------------------------------------------------------------

def populate(factory, citizen, n: int) -> None:
    """n drop-in offers with two coming meetings each; the citizen in one of each, some of
    them on waiting lists, some with an afbud."""
    statuses = [RegistrationStatus.SIGNED_UP, RegistrationStatus.ABSENT,
                RegistrationStatus.WAITLISTED]
    for i in range(n):
        offer = factory.offer(capacity=3)
        first = factory.meeting(offer_id=offer.id, starts_at=local_at(1 + i % 5, 10))
        factory.meeting(offer_id=offer.id, starts_at=local_at(2 + i % 5, 14))
        status = statuses[i % 3]
        factory.registration(meeting_id=first.id, citizen_id=citizen.id, status=status,
                             waitlist_position=1 if status is RegistrationStatus.WAITLISTED
                             else None)


def queries(app, client, path: str) -> int:
    with count_queries(app) as statements:
        assert client.get(path).status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", ["/kalender", "/"])
def test_the_number_of_queries_does_not_grow_with_the_data(app, client, factory, login_as,
                                                           path):
    anna = login_as()
    populate(factory, anna, 2)
    small = queries(app, client, path)
    populate(factory, anna, 18)
    large = queries(app, client, path)
    assert small == large
    assert large <= 6, large


def test_calendar_keeps_the_page_light_with_many_meetings(client, factory, login_as):
    anna = login_as()
    walk = factory.offer(title="Gåtur")
    for day in range(1, services.OWN_LIMIT + 3):
        meeting = factory.meeting(offer_id=walk.id, starts_at=local_at(day, 10))
        factory.registration(meeting_id=meeting.id, citizen_id=anna.id)
    response = client.get("/kalender")
    own_html = response.text.split('id="open-heading"')[0]
    assert len(titles(own_html)) == services.OWN_LIMIT
    assert f"Her er dine næste {services.OWN_LIMIT} møder." in text_of(response)
    assert len(response.data) < 40_000
