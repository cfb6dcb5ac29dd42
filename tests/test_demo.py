"""The demo data: realistic, consistent with the rules of the municipal papers, and fast.
Each test seeds a small demo database of its own, on SQLite and (with TEST_DATABASE_URL) on
PostgreSQL, through the fixtures in conftest.py."""

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from webapp import demo
from webapp.core import COPENHAGEN, local_day
from webapp.extensions import db
from webapp.meetings.services import ACTIVE_STATUSES, coming_for
from webapp.models import (
    Admission,
    AuditEvent,
    CheckIn,
    Enrolment,
    EnrolmentSource,
    Goal,
    LegalBasis,
    Location,
    Meeting,
    Municipality,
    Offer,
    OfferKind,
    OfferStatus,
    Referral,
    ReferralStatus,
    Registration,
    RegistrationStatus,
    Role,
    User,
)
from webapp.referrals.models import ANSWER_WITHIN_DAYS

SEATED = (RegistrationStatus.SIGNED_UP, RegistrationStatus.ATTENDED)


@pytest.fixture
def counts(ctx):
    """A small demo database (in the app context the test runs in): what seed() returned."""
    return demo.seed(citizens=30, offers=14, weeks=4)


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def all_of(model) -> list:
    return list(db.session.scalars(select(model)))


def test_counts_match_the_database(counts):
    models = {"municipalities": Municipality, "locations": Location, "users": User,
              "offers": Offer, "meetings": Meeting, "enrolments": Enrolment,
              "registrations": Registration, "goals": Goal, "check-ins": CheckIn,
              "referrals": Referral, "audit-events": AuditEvent}
    assert counts.keys() == models.keys()
    for kind, model in models.items():
        assert counts[kind] == db.session.scalar(select(func.count()).select_from(model)), kind
    assert counts["users"] == 4 + 2 + 30
    assert counts["offers"] == 14


def test_demo_accounts_log_in_with_the_demo_password(counts):
    for email, role in [("vejleder@example.dk", Role.STAFF), ("jonas@example.dk", Role.STAFF),
                        ("admin@example.dk", Role.ADMIN), ("anna@example.dk", Role.CITIZEN),
                        ("bo@example.dk", Role.CITIZEN), ("borger30@example.dk", Role.CITIZEN)]:
        account = user(email)
        assert account.role is role, email
        assert account.check_password("sammen-demo"), email
    assert not user("anna@example.dk").check_password("forkert")


def test_places_are_in_ishoj_and_vallensbaek_with_access_notes(counts):
    assert {(m.name, m.code) for m in all_of(Municipality)} == {("Ishøj", "183"),
                                                               ("Vallensbæk", "187")}
    locations = all_of(Location)
    assert {loc.municipality.code for loc in locations} == {"183", "187"}
    assert all(loc.access_note and loc.postcode in ("2635", "2625", "2665") for loc in locations)
    assert {loc.step_free for loc in locations} == {True, False}


def test_offers_have_every_admission_and_follow_the_law(counts):
    offers = all_of(Offer)
    assert {o.admission for o in offers} == set(Admission)
    assert {o.status for o in offers} == set(OfferStatus)
    for offer in offers:
        assert (offer.legal_basis is LegalBasis.S85) == (
            offer.admission is Admission.THROUGH_COUNSELLOR)
        assert (offer.kind is OfferKind.TIME_LIMITED) == (offer.starts_on is not None)
        assert 6 <= offer.capacity <= 14
        assert offer.summary and offer.description and offer.who_for and offer.what_you_get
        assert offer.facilitators
    titles = {o.title for o in offers}
    assert {"Transporttræning", "NADA (øreakupunktur)", "Gåtur i Ishøj", "Afklaringsforløb",
            "Udslusning"} <= titles
    assert any("ar" in o.languages for o in offers)


def test_every_published_offer_meets_in_the_coming_weeks(counts):
    now = datetime.now(UTC)
    for offer in all_of(Offer):
        coming = [s for s in offer.meetings if s.starts_at > now]
        assert bool(coming) == (offer.status is OfferStatus.PUBLISHED), offer.title
    cancelled = [s for s in all_of(Meeting) if s.is_cancelled]
    assert cancelled and all(s.cancel_reason and s.starts_at > now for s in cancelled)


def test_anna_has_coming_meetings_history_and_an_afbud(counts):
    anna = user("anna@example.dk")
    coming = coming_for(anna, 100, statuses=ACTIVE_STATUSES)
    assert len(coming) >= 3
    assert coming[0].starts_at < datetime.now(UTC) + timedelta(days=7)
    admissions = {meeting.admission for meeting in coming}
    assert {Admission.DROP_IN, Admission.ASK_TO_JOIN} <= admissions
    past = db.session.scalars(select(Registration).where(Registration.citizen_id == anna.id,
                                                         Registration.attended_at.is_not(None)))
    assert len(list(past)) >= 2
    afbud = db.session.scalars(select(Registration).where(
        Registration.citizen_id == anna.id, Registration.status == RegistrationStatus.ABSENT))
    assert [r.absence_reason is not None and r.absent_at is not None for r in afbud] == [True]


def test_no_meeting_is_overbooked_and_a_full_one_has_a_waiting_list(counts):
    by_session = defaultdict(list)
    for registration in all_of(Registration):
        by_session[registration.meeting].append(registration)
    full_with_waiting_list = 0
    for session, registrations in by_session.items():
        seated = sum(r.status in SEATED for r in registrations)
        assert seated <= session.effective_capacity
        positions = sorted(r.waitlist_position for r in registrations
                           if r.status is RegistrationStatus.WAITLISTED)
        assert positions == list(range(1, len(positions) + 1))
        if positions:
            assert seated == session.effective_capacity
            full_with_waiting_list += 1
    assert full_with_waiting_list >= 1
    nearly_full = [s for s, rs in by_session.items()
                   if sum(r.status in SEATED for r in rs) == s.effective_capacity - 1]
    assert nearly_full


def test_registrations_fit_the_meeting_and_the_citizen(counts):
    """Past meetings have outcomes, coming ones sign-ups; a citizen signs up for a drop-in
    meeting or for a meeting of an offer they are enrolled in."""
    now = datetime.now(UTC)
    enrolled = {(e.citizen_id, e.offer_id) for e in all_of(Enrolment)}
    for r in all_of(Registration):
        offer = r.meeting.offer
        assert offer.admission is Admission.DROP_IN or (r.citizen_id, offer.id) in enrolled
        assert r.signed_up_at <= now
        if r.meeting.ends_at <= now:
            assert r.status not in (RegistrationStatus.SIGNED_UP, RegistrationStatus.WAITLISTED)
        else:
            assert r.status not in (RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW)
        if r.status is RegistrationStatus.ATTENDED:
            assert r.attended_at and r.check_in_method


def test_enrolments_carry_package_and_support_level_under_section_85(counts):
    enrolments = all_of(Enrolment)
    for e in enrolments:
        s85 = e.offer.legal_basis is LegalBasis.S85
        assert (e.package is not None) == s85 == (e.support_level is not None)
        assert (e.source is EnrolmentSource.COUNSELLOR) == s85
    anna = user("anna@example.dk")
    assert [(e.offer.title, e.source) for e in enrolments if e.citizen_id == anna.id] == [
        ("Angsthåndtering", EnrolmentSource.SELF_REFERRAL)]


def test_referrals_are_answered_within_14_days(counts):
    referrals = all_of(Referral)
    assert {r.status for r in referrals} == set(ReferralStatus)
    today = factories.today()
    for r in referrals:
        assert r.offer.admission is Admission.ASK_TO_JOIN
        assert r.answer_by == local_day(r.received_at) + timedelta(
            days=ANSWER_WITHIN_DAYS)
        assert r.received_at > datetime.now(UTC) - timedelta(days=21)
        assert r.consent_at
        if r.answered_at:
            assert local_day(r.answered_at) <= r.answer_by
            assert r.answered_by is not None
        assert (r.decision_note is not None) == (r.status is ReferralStatus.DECLINED)
    overdue = [r for r in referrals if r.status in (ReferralStatus.RECEIVED,
                                                    ReferralStatus.IN_REVIEW)
               and r.answer_by < today]
    assert [r.citizen.email for r in overdue] == ["bo@example.dk"]


def test_goals_and_check_ins(counts):
    today = factories.today()
    goals = all_of(Goal)
    assert all(today < g.next_follow_up <= today + timedelta(days=366) for g in goals)
    assert all(1 <= c.score <= 10 for c in all_of(CheckIn))
    anna = user("anna@example.dk")
    annas = [g for g in goals if g.citizen_id == anna.id]
    assert "Tage bussen alene til Glostrup" in {g.title for g in annas}
    assert {g.shared_with_staff for g in annas} == {True, False}
    assert all(len(g.check_ins) >= 3 for g in annas)
    others = Counter(g.citizen_id for g in goals if g.citizen_id != anna.id)
    assert len(others) >= 10


def test_the_query_planner_gets_statistics_of_the_demo_data(counts):
    """Without them SQLite plans the calendar's open meetings from every offer."""
    from sqlalchemy import text

    if db.engine.dialect.name == "sqlite":
        analysed = db.session.scalar(text(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'course_sessions'"))
    else:
        analysed = db.session.scalar(text(
            "SELECT reltuples FROM pg_class WHERE relname = 'course_sessions'"
            " AND relnamespace = to_regnamespace(current_schema())"))
    assert analysed > 0


def test_many_offers_get_distinct_titles(ctx):
    counts = demo.seed(citizens=5, offers=300, weeks=1)
    titles = list(db.session.scalars(select(Offer.title)))
    assert counts["offers"] == len(titles) == len(set(titles)) == 300
    assert max(len(t) for t in titles) <= 120


def test_meetings_keep_their_local_time_across_summer_time_and_skip_holidays(
        ctx, monkeypatch):
    # Summer time starts 29 March 2026; Good Friday is 3 April 2026.
    monkeypatch.setattr(demo, "utcnow", lambda: datetime(2026, 3, 20, 9, tzinfo=UTC))
    demo.seed(citizens=5, offers=12, weeks=4)
    walk = db.session.scalar(select(Offer).where(Offer.title == "Gåtur i Ishøj"))
    starts = [s.starts_at.astimezone(COPENHAGEN) for s in walk.meetings]
    assert {s.time() for s in starts} == {time(10)}
    assert {s.utcoffset() for s in starts} == {timedelta(hours=1), timedelta(hours=2)}
    assert date(2026, 4, 3) not in {s.date() for s in starts}
    assert date(2026, 4, 10) in {s.date() for s in starts}


def test_the_cli_command_loads_the_demo_data_once(app, runner):
    args = ["seed-demo", "--citizens", "3", "--offers", "12", "--weeks", "1", "--if-empty"]
    assert "Loaded demo data" in runner.invoke(args=args).output
    assert "no demo data loaded" in runner.invoke(args=args).output
    with app.app_context():
        assert user("anna@example.dk").role is Role.CITIZEN
