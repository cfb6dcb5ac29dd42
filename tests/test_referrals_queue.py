"""The counsellors' referral queue: who may see what, the audit trail, the answers (a place,
the waiting list, no place with a reason) and what they do to enrolments, sorting and
filters, a fixed number of queries, and the 14-day promise in numbers."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import HTMX, count_queries, login
from tests.test_signup import text_of
from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth.models import Role, User
from webapp.enrolments.models import Enrolment, EnrolmentSource, EnrolmentStatus
from webapp.extensions import db
from webapp.meetings.models import Registration, RegistrationStatus
from webapp.offers.models import Admission, Offer
from webapp.referrals import services
from webapp.referrals.models import DeclineReason, Referral, ReferralStatus

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def world(app):
    """A counsellor who runs one ask-to-join group, another group they do not run, a citizen
    with a request to each, and an admin."""
    with app.app_context():
        counsellor = factories.user(role=Role.STAFF, name="Jonas Vejleder")
        admin = factories.user(role=Role.ADMIN)
        citizen = factories.user(name="Karin Holm")
        mine = factories.offer(admission=Admission.ASK_TO_JOIN, title="Angsthåndtering")
        mine.facilitators.append(counsellor)
        theirs = factories.offer(admission=Admission.ASK_TO_JOIN, title="Madlavning")
        db.session.commit()
        to_mine = factories.referral(citizen=citizen, offer=mine, hopes="Blive mindre bange.")
        to_theirs = factories.referral(citizen=citizen, offer=theirs)
        ids = {"counsellor": counsellor.email, "admin": admin.email, "citizen": citizen.id,
               "citizen_email": citizen.email, "counsellor_id": counsellor.id,
               "mine": mine.id, "theirs": theirs.id, "to_mine": to_mine.id,
               "to_theirs": to_theirs.id}
        db.session.remove()
    return ids


def get(app, model, id_):
    with app.app_context():
        return db.session.get(model, id_)


def events(app, referral_id):
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "referral", AuditEvent.object_id == referral_id)
            .order_by(AuditEvent.id)))


def enrolment_of(app, citizen_id, offer_id):
    with app.app_context():
        return db.session.scalar(select(Enrolment).where(
            Enrolment.citizen_id == citizen_id, Enrolment.offer_id == offer_id)
            .order_by(Enrolment.id.desc()))


# -- Who may see what --------------------------------------------------------------------------

def test_only_staff_can_open_the_queue(client, login_as):
    assert client.get("/personale/henvendelser").status_code == 302  # to the login page
    login_as()
    assert client.get("/personale/henvendelser").status_code == 403
    assert client.get("/personale/henvendelser/1").status_code == 403
    assert client.post("/personale/henvendelser/1/svar",
                       data={"decision": "offer"}).status_code == 403


def test_a_counsellor_sees_only_requests_to_groups_they_run(client, app, world):
    login(client, world["counsellor"])
    page = text_of(client.get("/personale/henvendelser"))
    assert "Angsthåndtering" in page and "Karin Holm" in page
    assert "Madlavning" not in page
    assert client.get(f"/personale/henvendelser/{world['to_theirs']}").status_code == 404
    assert client.post(f"/personale/henvendelser/{world['to_theirs']}/svar",
                       data={"decision": "offer"}).status_code == 404
    assert events(app, world["to_theirs"]) == []
    assert get(app, Referral, world["to_theirs"]).status is ReferralStatus.RECEIVED


def test_an_admin_sees_every_request(client, world):
    login(client, world["admin"])
    page = text_of(client.get("/personale/henvendelser"))
    assert "Angsthåndtering" in page and "Madlavning" in page
    assert client.get(f"/personale/henvendelser/{world['to_theirs']}").status_code == 200


def test_opening_a_request_is_logged_and_marks_it_in_review(client, app, world):
    login(client, world["counsellor"])
    page = client.get(f"/personale/henvendelser/{world['to_mine']}")
    assert page.status_code == 200
    assert "Blive mindre bange." in text_of(page)
    assert "Karin Holm" in text_of(page)
    (event,) = events(app, world["to_mine"])
    assert event.action is AuditAction.VIEW
    assert event.purpose == "referral"
    assert event.subject_id == world["citizen"]
    assert event.actor_id == world["counsellor_id"]
    assert get(app, Referral, world["to_mine"]).status is ReferralStatus.IN_REVIEW
    # Opening it again soon is the same look-up (tests/test_privacy_log.py).
    client.get(f"/personale/henvendelser/{world['to_mine']}")
    assert len(events(app, world["to_mine"])) == 1
    # And the citizen can see when and why on their profile.
    citizen = client.application.test_client()
    login(citizen, world["citizen_email"])
    assert "For at behandle din henvendelse" in text_of(citizen.get("/profil"))


# -- Answers -----------------------------------------------------------------------------------

def answer(client, referral_id, **data):
    return client.post(f"/personale/henvendelser/{referral_id}/svar", data=data)


def test_offering_a_place_enrols_the_citizen_who_can_sign_up_at_once(client, app, world):
    with app.app_context():
        meeting_id = factories.meeting(offer_id=world["mine"]).id
    login(client, world["counsellor"])
    response = answer(client, world["to_mine"], decision="offer")
    assert response.status_code == 303
    assert response.location == "/personale/henvendelser"
    referral = get(app, Referral, world["to_mine"])
    assert referral.status is ReferralStatus.OFFERED
    assert referral.answered_by_id == world["counsellor_id"]
    assert abs(referral.answered_at - datetime.now(UTC)) < timedelta(minutes=1)
    enrolment = enrolment_of(app, world["citizen"], world["mine"])
    assert enrolment.status is EnrolmentStatus.ACTIVE
    assert enrolment.source is EnrolmentSource.SELF_REFERRAL
    change = events(app, world["to_mine"])[-1]
    assert change.action is AuditAction.CHANGE and change.purpose == "referral_answer"
    assert "Dit svar til Karin Holm er gemt." in text_of(client.get(response.location))

    citizen = app.test_client()
    login(citizen, world["citizen_email"])
    page = text_of(citizen.get(f"/henvendelser/{world['to_mine']}"))
    assert "Du har fået tilbudt en plads." in page
    assert "Se møderne, og tilmeld dig" in page
    assert citizen.post(f"/moeder/{meeting_id}/tilmelding").status_code == 303
    with app.app_context():
        registration = db.session.scalar(select(Registration).where(
            Registration.meeting_id == meeting_id))
        assert registration.status is RegistrationStatus.SIGNED_UP


def test_the_waiting_list_then_a_place(client, app, world):
    login(client, world["counsellor"])
    assert answer(client, world["to_mine"], decision="waitlist").status_code == 303
    waiting = get(app, Referral, world["to_mine"])
    assert waiting.status is ReferralStatus.WAITLISTED
    assert enrolment_of(app, world["citizen"], world["mine"]).status \
        is EnrolmentStatus.WAITLISTED
    citizen = app.test_client()
    login(citizen, world["citizen_email"])
    assert "Du er nummer 1 på ventelisten." in text_of(
        citizen.get(f"/henvendelser/{world['to_mine']}"))
    # The same counsellor cannot put it on the waiting list twice, but can offer a place.
    assert answer(client, world["to_mine"], decision="waitlist").status_code == 409
    assert answer(client, world["to_mine"], decision="offer").status_code == 303
    offered = get(app, Referral, world["to_mine"])
    assert offered.status is ReferralStatus.OFFERED
    # The promise is measured by the first answer.
    assert offered.answered_at == waiting.answered_at
    assert enrolment_of(app, world["citizen"], world["mine"]).status is EnrolmentStatus.ACTIVE
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Enrolment)) == 1


def test_declining_needs_a_reason_the_citizen_reads(client, app, world):
    login(client, world["counsellor"])
    missing = answer(client, world["to_mine"], decision="decline")
    assert missing.status_code == 422
    assert "Vælg en grund, så borgeren ved hvorfor." in text_of(missing)
    other = answer(client, world["to_mine"], decision="decline", reason="other")
    assert other.status_code == 422
    assert "Skriv grunden i en besked til borgeren." in text_of(other)
    too_long = answer(client, world["to_mine"], decision="decline", reason="other",
                      note="x" * 1001)
    assert too_long.status_code == 422
    assert "Skriv højst 1000 tegn. Du skrev 1001." in text_of(too_long)
    assert get(app, Referral, world["to_mine"]).status is ReferralStatus.IN_REVIEW

    sent = answer(client, world["to_mine"], decision="decline", reason="more_support",
                  note="Jeg ringer til dig på torsdag.")
    assert sent.status_code == 303
    referral = get(app, Referral, world["to_mine"])
    assert referral.status is ReferralStatus.DECLINED
    assert referral.decline_reason is DeclineReason.MORE_SUPPORT
    assert referral.decision_note == "Jeg ringer til dig på torsdag."
    assert enrolment_of(app, world["citizen"], world["mine"]) is None

    citizen = app.test_client()
    login(citizen, world["citizen_email"])
    page = text_of(citizen.get(f"/henvendelser/{world['to_mine']}"))
    assert "Du har ikke fået en plads." in page
    assert "Vi tror, at du har brug for mere støtte, end gruppen kan give." in page
    assert "Jeg ringer til dig på torsdag." in page
    citizen.set_cookie("lang", "en")
    with app.app_context():
        user = db.session.get(User, world["citizen"])
        user.language = "en"
        db.session.commit()
    page = text_of(citizen.get(f"/henvendelser/{world['to_mine']}"))
    assert "We think you need more support than the group can give." in page


def test_declining_a_waiting_citizen_ends_their_waiting_enrolment(client, app, world):
    login(client, world["counsellor"])
    answer(client, world["to_mine"], decision="waitlist")
    assert answer(client, world["to_mine"], decision="decline",
                  reason="not_running").status_code == 303
    assert enrolment_of(app, world["citizen"], world["mine"]).status \
        is EnrolmentStatus.WITHDRAWN


@pytest.mark.parametrize(("status", "message"), [
    (ReferralStatus.WITHDRAWN, "Borgeren har trukket henvendelsen tilbage"),
    (ReferralStatus.DECLINED, "Henvendelsen er allerede besvaret."),
    (ReferralStatus.OFFERED, "Henvendelsen er allerede besvaret."),
])
def test_a_withdrawn_or_answered_request_cannot_be_answered(client, app, world, status,
                                                            message):
    login(client, world["counsellor"])
    with app.app_context():
        db.session.get(Referral, world["to_mine"]).status = status
        db.session.commit()
    refused = answer(client, world["to_mine"], decision="offer")
    assert refused.status_code == 409
    assert message in text_of(refused)
    assert enrolment_of(app, world["citizen"], world["mine"]) is None
    assert get(app, Referral, world["to_mine"]).status is status


def test_htmx_gets_the_answer_form_back_in_place(client, world):
    login(client, world["counsellor"])
    invalid = client.post(f"/personale/henvendelser/{world['to_mine']}/svar", data={},
                          headers=HTMX)
    assert invalid.status_code == 422
    assert "<html" not in invalid.text and 'id="decision"' in invalid.text
    sent = client.post(f"/personale/henvendelser/{world['to_mine']}/svar",
                       data={"decision": "offer"}, headers=HTMX)
    assert sent.status_code == 204
    assert sent.headers["HX-Redirect"] == "/personale/henvendelser"


# -- Sorting and filters -----------------------------------------------------------------------

def test_overdue_requests_come_first_and_are_flagged_in_words(client, app, login_as):
    with app.app_context():
        offer = factories.offer(admission=Admission.ASK_TO_JOIN)
        today = services.today()
        for name, days in (("Tim Tidlig", 10), ("Frida Forsinket", -3), ("Dorte Dagen", 0),
                           ("Tove To", 2)):
            citizen = factories.user(name=name)
            factories.referral(citizen=citizen, offer=offer,
                               answer_by=today + timedelta(days=days),
                               received_at=NOW - timedelta(days=14 - days))
    login_as(role=Role.ADMIN)
    page = text_of(client.get("/personale/henvendelser"))
    order = [page.index(name) for name in ("Frida Forsinket", "Dorte Dagen", "Tove To",
                                           "Tim Tidlig")]
    assert order == sorted(order)
    assert "1 henvendelse er over fristen. Den står øverst." in page
    assert "3 dage over fristen" in page
    assert "Svar i dag" in page
    assert "2 dage tilbage" in page and "10 dage tilbage" in page
    raw = client.get("/personale/henvendelser").text
    assert "app-due-overdue" in raw and "app-due-soon" in raw and "app-due-ok" in raw


def test_filter_by_group_and_status(client, app, world):
    with app.app_context():
        offer = db.session.get(Offer, world["mine"])
        other_citizen = factories.user(name="Bo Berg")
        factories.referral(citizen=other_citizen, offer=offer, status=ReferralStatus.OFFERED,
                           answered_at=NOW)
        second = factories.offer(admission=Admission.ASK_TO_JOIN, title="Gåtur med snak")
        second.facilitators.append(db.session.get(User, world["counsellor_id"]))
        db.session.commit()
        factories.referral(citizen=factories.user(name="Eva Ek"), offer=second)
    login(client, world["counsellor"])
    default = text_of(client.get("/personale/henvendelser"))
    assert "Karin Holm" in default and "Eva Ek" in default and "Bo Berg" not in default
    by_group = text_of(client.get(f"/personale/henvendelser?tilbud={world['mine']}"))
    assert "Karin Holm" in by_group and "Eva Ek" not in by_group
    offered = text_of(client.get("/personale/henvendelser?status=offered"))
    assert "Bo Berg" in offered and "Karin Holm" not in offered
    everything = text_of(client.get("/personale/henvendelser?status=all"))
    assert all(name in everything for name in ("Karin Holm", "Eva Ek", "Bo Berg"))
    # A group they do not run, or an unknown status, is ignored rather than an error.
    foreign = client.get(f"/personale/henvendelser?tilbud={world['theirs']}&status=nonsense")
    assert foreign.status_code == 200
    results = foreign.text.split('id="queue-results"')[1]
    assert "Karin Holm" in results and "Eva Ek" in results and "Madlavning" not in results
    fragment = client.get(f"/personale/henvendelser?tilbud={world['mine']}", headers=HTMX)
    assert "<html" not in fragment.text and 'id="queue-results"' in fragment.text
    assert fragment.headers["HX-Push-Url"] == f"/personale/henvendelser?tilbud={world['mine']}"


def test_the_queue_runs_the_same_queries_for_more_requests(client, app, login_as):
    staff = login_as(role=Role.STAFF)

    def add(n):
        with app.app_context():
            offer = factories.offer(admission=Admission.ASK_TO_JOIN)
            offer.facilitators.append(db.session.get(User, staff.id))
            db.session.commit()
            for _ in range(n):
                factories.referral(citizen=factories.user(), offer=offer)

    def queries():
        with count_queries(app) as statements:
            assert client.get("/personale/henvendelser").status_code == 200
        return len(statements)

    add(2)
    few = queries()
    add(20)
    assert queries() == few
    assert few <= 8


def test_reading_one_request_runs_a_fixed_number_of_queries(client, app, world):
    login(client, world["counsellor"])
    with count_queries(app) as statements:
        assert client.get(f"/personale/henvendelser/{world['to_mine']}").status_code == 200
    assert len(statements) <= 10


# -- The promise in numbers --------------------------------------------------------------------

def test_promise_kept_counts_answers_by_their_answer_by_date(ctx):
    offer = factories.offer(admission=Admission.ASK_TO_JOIN)
    other = factories.offer(admission=Admission.ASK_TO_JOIN)
    citizen = factories.user()
    base = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

    def referral(offer, received, answered_after_days, status=ReferralStatus.OFFERED):
        answered = received + timedelta(days=answered_after_days) if answered_after_days \
            is not None else None
        factories.referral(citizen=citizen, offer=offer, status=status, received_at=received,
                           answer_by=services.answer_by_for(received), answered_at=answered)

    referral(offer, base, 2)
    referral(offer, base, 6, ReferralStatus.WAITLISTED)
    referral(offer, base, 14.5, ReferralStatus.DECLINED)  # on the 14th day, late afternoon
    referral(offer, base, 16, ReferralStatus.DECLINED)  # too late
    referral(offer, base, None, ReferralStatus.IN_REVIEW)  # not answered, and late now
    referral(offer, base, None, ReferralStatus.WITHDRAWN)
    referral(other, base, 20)
    referral(offer, base - timedelta(days=100), 1)  # received before the period

    kept = services.promise_kept(base - timedelta(days=1), base + timedelta(days=1), [offer.id])
    assert kept == services.PromiseKept(answered=4, within_promise=3, share=0.6,
                                        median_days=10.25, late_unanswered=1)
    everything = services.promise_kept(base - timedelta(days=1), base + timedelta(days=1))
    assert (everything.answered, everything.within_promise) == (5, 3)
    # [since, until): a referral received at `until` is not in the period.
    assert services.promise_kept(base - timedelta(days=1), base).answered == 0
    empty = services.promise_kept(base, base + timedelta(days=1), [])
    assert empty == services.PromiseKept(0, 0, None, None)


def test_the_answer_on_the_last_day_counts_in_copenhagen_time(ctx):
    offer = factories.offer(admission=Admission.ASK_TO_JOIN)
    received = datetime(2026, 10, 11, 10, 0, tzinfo=UTC)
    answer_by = services.answer_by_for(received)
    assert answer_by == date(2026, 10, 25)
    # 23.30 Copenhagen time on the answer-by day is 22.30 UTC (winter time again).
    factories.referral(citizen=factories.user(), offer=offer, received_at=received,
                       answer_by=answer_by, status=ReferralStatus.OFFERED,
                       answered_at=datetime(2026, 10, 25, 22, 30, tzinfo=UTC))
    # 00.30 the day after is still 23.30 UTC on the answer-by day: too late.
    factories.referral(citizen=factories.user(), offer=offer, received_at=received,
                       answer_by=answer_by, status=ReferralStatus.OFFERED,
                       answered_at=datetime(2026, 10, 25, 23, 30, tzinfo=UTC))
    kept = services.promise_kept(received, received + timedelta(seconds=1))
    assert (kept.answered, kept.within_promise) == (2, 1)


def test_overdue_count_is_for_the_counsellors_groups(ctx):
    counsellor = factories.user(role=Role.STAFF)
    admin = factories.user(role=Role.ADMIN)
    mine = factories.offer(admission=Admission.ASK_TO_JOIN)
    mine.facilitators.append(counsellor)
    theirs = factories.offer(admission=Admission.ASK_TO_JOIN)
    db.session.commit()
    yesterday = services.today() - timedelta(days=1)
    for offer in (mine, theirs):
        factories.referral(citizen=factories.user(), offer=offer, answer_by=yesterday)
    factories.referral(citizen=factories.user(), offer=mine, answer_by=yesterday,
                       status=ReferralStatus.DECLINED, answered_at=NOW)
    factories.referral(citizen=factories.user(), offer=mine, answer_by=services.today())
    assert services.overdue_count(counsellor) == 1
    assert services.overdue_count(admin) == 2


def test_the_staff_overview_shows_the_promise_in_numbers(client, app, world):
    with app.app_context():
        offer = db.session.get(Offer, world["mine"])
        received = NOW - timedelta(days=10)
        factories.referral(citizen=factories.user(), offer=offer, received_at=received,
                           status=ReferralStatus.OFFERED, answered_at=received
                           + timedelta(days=3))
        factories.referral(citizen=factories.user(), offer=offer,
                           answer_by=services.today() - timedelta(days=2))
    login(client, world["counsellor"])
    page = text_of(client.get("/personale/"))
    # The late one not answered yet counts as late (tests/test_referral_truth.py).
    assert ("Besvaret inden for 14 dage, de sidste 30 dage 50 % (1 af 2; 1 for sent og ikke "
            "besvaret endnu)") in page
    assert "Svartid (median), de sidste 30 dage 3 dage" in page
    assert "For sent nu 1" in page
    assert "1 henvendelse er over fristen nu." in page
    assert "Se 2 henvendelser, der venter på svar" in page
