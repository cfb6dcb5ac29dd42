"""Staff: creating, changing, publishing and archiving offers; meetings one at a time and as
a weekly series (right across daylight saving); changing and cancelling a meeting, which the
signed-up citizens see on Hjem and in their calendar feed."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from tests.conftest import login
from webapp.auth.models import Role
from webapp.core import COPENHAGEN
from webapp.extensions import db
from webapp.meetings.models import Meeting, Registration, RegistrationStatus
from webapp.offers.models import (
    Admission,
    LegalBasis,
    Offer,
    OfferKind,
    OfferStatus,
    offer_facilitators,
)


def offer_data(factory, counsellor, **overrides) -> dict:
    place = factory.location()
    data = {
        "title": "Gåtur i Ishøj", "summary": "Vi går en tur sammen.",
        "description": "Vi mødes ved biblioteket og går en tur.", "who_for": "",
        "what_you_get": "", "topic": "movement", "legal_basis": "82a",
        "admission": "drop_in", "kind": "open", "starts_on": "", "ends_on": "",
        "capacity": "12", "location": str(place.id),
        "facilitators": [str(counsellor.id)], "languages": ["da", "en"],
    }
    data.update(overrides)
    return data


def own_offer(factory, counsellor, **kw):
    offer = factory.offer(**kw)
    with db.engine.begin() as conn:
        conn.execute(offer_facilitators.insert().values(offer_id=offer.id, user_id=counsellor.id))
    return offer


def test_a_counsellor_creates_a_draft_offer_with_all_fields(client, ctx, factory, counsellor):
    data = offer_data(factory, counsellor, kind="time_limited", starts_on="2027-01-04",
                      ends_on="2027-03-29", who_for="Dig, der vil ud at gå.",
                      what_you_get="Frisk luft.")
    response = client.post("/personale/tilbud/nyt", data=data)
    assert response.status_code == 303
    offer = db.session.scalar(select(Offer).where(Offer.title == "Gåtur i Ishøj"))
    assert response.headers["Location"].endswith(f"/personale/tilbud/{offer.id}")
    assert offer.status is OfferStatus.DRAFT
    assert (offer.legal_basis, offer.admission) == (LegalBasis.S82A, Admission.DROP_IN)
    assert (offer.starts_on, offer.ends_on) == (date(2027, 1, 4), date(2027, 3, 29))
    assert offer.languages == ["da", "en"] and offer.capacity == 12
    assert [u.id for u in offer.facilitators] == [counsellor.id]
    assert offer.who_for == "Dig, der vil ud at gå."

    page = client.get(f"/personale/tilbud/{offer.id}")
    assert page.status_code == 200 and "Gåtur i Ishøj" in page.text


@pytest.mark.parametrize("overrides, field, message", [
    ({"title": ""}, "title", "Write a title."),
    ({"legal_basis": "85", "admission": "drop_in"}, "admission", "§ 85 course is joined"),
    ({"legal_basis": "82a", "admission": "through_counsellor"}, "admission", "§ 82 a offer"),
    ({"kind": "time_limited"}, "starts_on", "first day of a time-limited"),
    ({"kind": "time_limited", "starts_on": "2027-02-01", "ends_on": "2027-01-01"},
     "ends_on", "on or after the first day"),
    ({"capacity": "0"}, "capacity", "from 1 to 200"),
    ({"capacity": "many"}, "capacity", ""),
    ({"languages": []}, "languages", "at least one language"),
    ({"facilitators": []}, "facilitators", "Choose at least one counsellor"),
    ({"facilitators": ["OTHER"]}, "facilitators", "Choose yourself too"),
    ({"location": ""}, "location", "Choose where the group meets"),
])
def test_an_invalid_offer_is_shown_again_with_the_error_next_to_the_field(
        client, ctx, factory, counsellor, overrides, field, message):
    data = offer_data(factory, counsellor, **{"title": "Min gruppe", **overrides})
    if data["facilitators"] == ["OTHER"]:
        data["facilitators"] = [str(factory.user(role=Role.STAFF).id)]
    response = client.post("/personale/tilbud/nyt", data=data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert message in response.text
    assert "Vi mødes ved biblioteket" in response.text  # what was typed is kept
    assert db.session.scalar(select(Offer.id)) is None


def test_what_to_bring_is_saved_changed_and_cleared(client, ctx, factory, counsellor):
    data = offer_data(factory, counsellor, what_to_bring="  Tøj til at gå i, og en madpakke. ")
    assert client.post("/personale/tilbud/nyt", data=data).status_code == 303
    offer = db.session.scalar(select(Offer).where(Offer.title == "Gåtur i Ishøj"))
    assert offer.what_to_bring == "Tøj til at gå i, og en madpakke."
    form = client.get(f"/personale/tilbud/{offer.id}/rediger").text
    assert "\nTøj til at gå i, og en madpakke.</textarea>" in form
    for value in ("Gode sko.", ""):
        data["what_to_bring"] = value
        assert client.post(f"/personale/tilbud/{offer.id}/rediger",
                           data=data).status_code == 303
        db.session.expire_all()
        assert db.session.get(Offer, offer.id).what_to_bring == value


@pytest.mark.parametrize(("lang", "label", "hint"), [
    ("en", "What to bring", "For example: clothes to walk in, and a packed lunch."),
    ("da", "Hvad skal du have med?", "Fx tøj til at gå i, og en madpakke."),
])
def test_the_form_asks_what_to_bring_with_an_example(client, login_as, lang, label, hint):
    client.set_cookie("lang", lang)
    login_as(role=Role.STAFF)
    form = client.get("/personale/tilbud/nyt").text
    assert f'<label class="form-label" for="what_to_bring">{label}<span' in form
    assert f'<span class="form-hint" id="what_to_bring-hint">{hint}</span>' in form


def test_a_too_long_what_to_bring_is_an_error_next_to_it_and_kept(client, ctx, factory,
                                                                   counsellor):
    typed = "Madpakke og " + "gode sko " * 40
    response = client.post("/personale/tilbud/nyt",
                           data=offer_data(factory, counsellor, what_to_bring=typed))
    assert response.status_code == 422
    error = response.text.index('id="what_to_bring-error"')
    assert "Write at most 300 characters." in response.text[error:error + 200]
    assert f"\n{typed.strip()}</textarea>" in response.text
    assert db.session.scalar(select(Offer.id)) is None


def test_the_capacity_cannot_go_below_the_citizens_signed_up(client, ctx, factory, counsellor):
    offer = own_offer(factory, counsellor, capacity=5)
    meeting = factory.meeting(offer_id=offer.id)
    for _ in range(3):
        factory.registration(meeting_id=meeting.id, citizen_id=factory.user().id)
    data = offer_data(factory, counsellor, capacity="2")
    response = client.post(f"/personale/tilbud/{offer.id}/rediger", data=data)
    assert response.status_code == 422
    assert "3 citizens are signed up" in response.text
    data["capacity"] = "3"
    assert client.post(f"/personale/tilbud/{offer.id}/rediger", data=data).status_code == 303
    assert db.session.get(Offer, offer.id).capacity == 3


def test_publish_archive_and_back(client, ctx, factory, counsellor):
    offer = own_offer(factory, counsellor, status=OfferStatus.DRAFT)
    url = f"/personale/tilbud/{offer.id}/status"
    assert client.get(f"/tilbud/{offer.id}").status_code == 200  # staff may look at a draft
    assert client.post(url, data={"status": "published"}).status_code == 303
    assert db.session.get(Offer, offer.id).status is OfferStatus.PUBLISHED
    assert client.post(url, data={"status": "archived"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).status is OfferStatus.ARCHIVED
    assert client.post(url, data={"status": "nonsense"}).status_code == 400


def test_a_counsellor_sees_only_offers_they_run(client, ctx, factory, counsellor):
    mine = own_offer(factory, counsellor, title="Min gruppe")
    other = factory.offer(title="En andens gruppe")
    meeting = factory.meeting(offer_id=other.id)
    listing = client.get("/personale/tilbud")
    assert "Min gruppe" in listing.text and "En andens gruppe" not in listing.text
    for path in (f"/personale/tilbud/{other.id}", f"/personale/tilbud/{other.id}/rediger",
                 f"/personale/tilbud/{other.id}/moeder/nyt",
                 f"/personale/tilbud/{other.id}/moeder/serie",
                 f"/personale/moeder/{meeting.id}", f"/personale/moeder/{meeting.id}/rediger",
                 f"/personale/moeder/{meeting.id}/aflys", f"/personale/moeder/{meeting.id}/qr"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/personale/tilbud/{other.id}/status",
                       data={"status": "archived"}).status_code == 404
    assert client.get(f"/personale/tilbud/{mine.id}").status_code == 200


def test_an_admin_runs_every_offer(client, factory, login_as):
    client.set_cookie("lang", "en")
    login_as(role=Role.ADMIN)
    other = factory.offer(title="En andens gruppe")
    assert "En andens gruppe" in client.get("/personale/tilbud").text
    assert client.get(f"/personale/tilbud/{other.id}/rediger").status_code == 200


# -- Meetings ----------------------------------------------------------------------------------

def next_year_dst_change(month: int) -> date:
    """The last Sunday of March (clocks forward) or October (back) next year."""
    day = date(date.today().year + 1, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


@pytest.mark.parametrize("month", [3, 10])
def test_a_weekly_series_keeps_its_local_time_across_daylight_saving(
        client, ctx, factory, counsellor, month):
    offer = own_offer(factory, counsellor)
    change = next_year_dst_change(month)
    first, last = change - timedelta(days=13), change + timedelta(days=13)
    response = client.post(f"/personale/tilbud/{offer.id}/moeder/serie", data={
        "weekday": "1", "starts": "10:00", "ends": "12:00", "first_day": first.isoformat(),
        "last_day": last.isoformat(), "skip": "", "location": ""})
    assert response.status_code == 303, response.text
    meetings = db.session.scalars(select(Meeting).where(
        Meeting.offer_id == offer.id).order_by(Meeting.starts_at)).all()
    assert len(meetings) == 4  # two Tuesdays before the change, two after
    local = [m.starts_at.astimezone(COPENHAGEN) for m in meetings]
    assert all((t.weekday(), t.time()) == (1, time(10)) for t in local)
    assert all(m.ends_at.astimezone(COPENHAGEN).time() == time(12) for m in meetings)
    # The UTC hour moves by one at the change: 9 and 8 in winter and summer.
    utc_hours = [m.starts_at.astimezone(UTC).hour for m in meetings]
    assert utc_hours == ([9, 9, 8, 8] if month == 3 else [8, 8, 9, 9])


def test_a_series_skips_dates_and_leaves_out_times_already_taken(client, ctx, factory,
                                                                 counsellor):
    offer = own_offer(factory, counsellor)
    monday = date.today() + timedelta(days=7 - date.today().weekday())
    dates = [monday + timedelta(weeks=n) for n in range(4)]
    factory.meeting(offer_id=offer.id,
                    starts_at=datetime.combine(dates[3], time(9), COPENHAGEN).astimezone(UTC))
    response = client.post(f"/personale/tilbud/{offer.id}/moeder/serie", data={
        "weekday": "0", "starts": "09:00", "ends": "10:30", "first_day": dates[0].isoformat(),
        "last_day": dates[3].isoformat(),
        "skip": dates[1].strftime("%d-%m-%Y"), "location": ""}, follow_redirects=True)
    assert "2 meetings are added. 1 was left out" in response.text
    days = sorted(m.starts_at.astimezone(COPENHAGEN).date() for m in db.session.scalars(
        select(Meeting).where(Meeting.offer_id == offer.id)))
    assert days == [dates[0], dates[2], dates[3]]


@pytest.mark.parametrize("overrides, field, message", [
    ({"ends": "09:00"}, "ends", "must end after it starts"),
    ({"weekday": ""}, "weekday", "Choose a weekday"),
    ({"last_day": "FIRST"}, "first_day", "There are no meetings in this series"),
    ({"skip": "ALL"}, "first_day", "There are no meetings in this series"),
    ({"skip": "juleaften"}, "skip", "We cannot read juleaften as a date"),
    ({"first_day": "2020-01-01"}, "first_day", "Choose a date from today on"),
    ({"last_day": "LATER"}, "last_day", "at most one year"),
])
def test_an_invalid_series_says_what_to_fix(client, ctx, factory, counsellor, overrides,
                                            field, message):
    offer = own_offer(factory, counsellor)
    monday = date.today() + timedelta(days=7 - date.today().weekday())
    data = {"weekday": "1", "starts": "10:00", "ends": "11:00",
            "first_day": monday.isoformat(), "last_day": (monday + timedelta(days=20)).isoformat(),
            "skip": "", "location": ""}
    data.update(overrides)
    if data["last_day"] == "FIRST":  # a Monday alone: there is no Tuesday in it
        data["last_day"] = monday.isoformat()
    if data["last_day"] == "LATER":
        data["last_day"] = (monday + timedelta(days=400)).isoformat()
    if data["skip"] == "ALL":
        data["skip"] = ", ".join((monday + timedelta(days=1 + 7 * n)).isoformat()
                                 for n in range(3))
    response = client.post(f"/personale/tilbud/{offer.id}/moeder/serie", data=data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text and message in response.text
    assert db.session.scalar(select(Meeting.id)) is None


def test_one_meeting_and_its_validation(client, ctx, factory, counsellor):
    offer = own_offer(factory, counsellor)
    day = (date.today() + timedelta(days=3)).isoformat()
    url = f"/personale/tilbud/{offer.id}/moeder/nyt"
    bad = client.post(url, data={"day": day, "starts": "14:00", "ends": "13:00"})
    assert bad.status_code == 422 and "must end after it starts" in bad.text
    assert client.post(url, data={"day": day, "starts": "13:00", "ends": "14:30",
                                  "capacity": "4"}).status_code == 303
    meeting = db.session.scalar(select(Meeting))
    assert meeting.starts_at.astimezone(COPENHAGEN).time() == time(13) and meeting.capacity == 4


def test_a_meeting_of_a_time_limited_offer_lies_within_its_dates(client, ctx, factory,
                                                                  counsellor):
    start = date.today() + timedelta(days=10)
    offer = own_offer(factory, counsellor, kind=OfferKind.TIME_LIMITED, starts_on=start,
                      ends_on=start + timedelta(days=30))
    response = client.post(f"/personale/tilbud/{offer.id}/moeder/nyt", data={
        "day": (start - timedelta(days=1)).isoformat(), "starts": "10:00", "ends": "11:00"})
    assert response.status_code == 422 and "The offer runs from" in response.text


def test_changing_a_meeting_keeps_capacity_above_those_signed_up(client, ctx, factory,
                                                                 counsellor):
    offer = own_offer(factory, counsellor, capacity=10)
    meeting = factory.meeting(offer_id=offer.id)
    for _ in range(3):
        factory.registration(meeting_id=meeting.id, citizen_id=factory.user().id)
    waiting = factory.registration(meeting_id=meeting.id, citizen_id=factory.user().id,
                                   status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    url = f"/personale/moeder/{meeting.id}/rediger"
    form = client.get(url)
    local = meeting.starts_at.astimezone(COPENHAGEN)
    assert local.strftime("%H:%M") in form.text
    data = {"day": local.date().isoformat(), "starts": "10:00", "ends": "11:00",
            "capacity": "2"}
    response = client.post(url, data=data)
    assert response.status_code == 422 and "3 citizens are signed up" in response.text
    data["capacity"] = "4"
    assert client.post(url, data=data).status_code == 303
    changed = db.session.get(Meeting, meeting.id)
    assert changed.capacity == 4
    assert changed.starts_at.astimezone(COPENHAGEN).time() == time(10)
    # The fourth seat went to the first on the waiting list.
    assert db.session.get(Registration, waiting.id).status is RegistrationStatus.SIGNED_UP


def test_cancelling_needs_a_reason_and_the_citizen_sees_it_on_hjem_and_in_the_feed(
        app, client, factory, counsellor):
    # No shared app context here: two users log in, and each request must find its own.
    with app.app_context():
        offer = own_offer(factory, counsellor, title="Strikkecafé")
    meeting = factory.meeting(offer_id=offer.id)
    citizen = factory.user(name="Anna Hansen", calendar_token="hemmelig")
    factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)
    url = f"/personale/moeder/{meeting.id}/aflys"
    assert client.get(url).status_code == 200
    empty = client.post(url, data={"reason": "  "})
    assert empty.status_code == 422 and "Write a short reason" in empty.text
    assert client.post(url, data={"reason": "Vejlederen er syg."}).status_code == 303
    with app.app_context():
        cancelled = db.session.get(Meeting, meeting.id)
        assert cancelled.is_cancelled and cancelled.cancel_reason == "Vejlederen er syg."
    # Twice, or a change afterwards, is refused with a clear message.
    again = client.post(url, data={"reason": "Igen"})
    assert again.status_code == 409 and "cancelled" in again.text
    assert client.get(f"/personale/moeder/{meeting.id}/rediger").status_code == 409

    other = app.test_client()
    other.set_cookie("lang", "en")
    assert login(other, citizen.email).status_code == 303
    home = other.get("/")
    assert "Strikkecafé" in home.text and "Vejlederen er syg." in home.text
    with app.test_request_context():
        feed_url = url_for("feeds.feed", token=f"{citizen.id}-hemmelig")
    feed = other.get(feed_url).text.replace("\r\n ", "")  # unfold the long lines
    assert "STATUS:CANCELLED" in feed and "Vejlederen er syg." in feed
