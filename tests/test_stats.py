"""Statistics: a hand-made data set whose numbers are worked out by hand below, the privacy
rule (fewer than 5 citizens), what a counsellor may see, the form, the CSV export."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest

from tests.conftest import count_queries, facilitate
from tests.factories import today
from webapp.auth.models import Role, User
from webapp.enrolments.models import EnrolmentStatus
from webapp.extensions import db
from webapp.goals.models import GoalType
from webapp.meetings.models import RegistrationStatus as S
from webapp.referrals.models import ReferralStatus
from webapp.stats import services
from webapp.stats.services import Period

NOW = datetime.now(UTC).replace(microsecond=0)
TODAY = today()
PERIOD = Period(TODAY - timedelta(days=30), TODAY)


def days_ago(days: float, hour: int = 10) -> datetime:
    return (NOW - timedelta(days=days)).replace(hour=hour, minute=0, second=0)


@pytest.fixture
def data(app, factory):
    """Counsellor Mette runs A (with Jonas) and B; Jonas alone runs C. Six citizens."""
    mette = factory.user(role=Role.STAFF, name="Mette Holm")
    jonas = factory.user(role=Role.STAFF, name="Jonas Madsen")
    admin = factory.user(role=Role.ADMIN)
    a = factory.offer(title="Gruppe A")
    b = factory.offer(title="Gruppe B")
    c = factory.offer(title="Gruppe C")
    facilitate(app, mette, a, b)
    facilitate(app, jonas, a, c)
    cs = [factory.user(name=f"Borger {n}") for n in range(1, 8)]

    def meeting(offer, days, hours=2.0, **kw):
        starts = days_ago(days)
        return factory.meeting(offer_id=offer.id, starts_at=starts,
                               ends_at=starts + timedelta(hours=hours), **kw)

    def marks(session, *statuses):
        for citizen, status in statuses:
            extra = {"waitlist_position": 1} if status is S.WAITLISTED else {}
            factory.registration(meeting_id=session.id, citizen_id=citizen.id, status=status,
                                 **extra)

    # A: two held meetings of 2 hours, two counsellors: 8 counsellor-hours.
    a1, a2 = meeting(a, 20), meeting(a, 10)
    marks(a1, *[(x, S.ATTENDED) for x in cs[:5]], (cs[5], S.ABSENT))
    marks(a2, *[(x, S.ATTENDED) for x in cs[:3]], (cs[3], S.NO_SHOW), (cs[4], S.ABSENT),
          (cs[5], S.SIGNED_UP), (cs[6], S.WAITLISTED))
    # Not counted: cancelled, before the period, still to come.
    marks(meeting(a, 5, cancelled_at=NOW, cancel_reason="Syg"), (cs[0], S.NO_SHOW))
    marks(meeting(a, 40), (cs[0], S.NO_SHOW))
    future = factory.meeting(offer_id=a.id, starts_at=NOW + timedelta(days=2))
    marks(future, (cs[0], S.SIGNED_UP))
    # B: one held meeting of 1.5 hours, one counsellor; three citizens.
    marks(meeting(b, 15, hours=1.5), (cs[0], S.ATTENDED), (cs[1], S.ATTENDED),
          (cs[2], S.NO_SHOW))
    # C is Jonas's alone: Mette never sees it.
    marks(meeting(c, 12), *[(x, S.NO_SHOW) for x in cs[:6]])

    # Course length: five ended in A within the period, one in B.
    for citizen, length in zip(cs[:5], (30, 60, 90, 120, 200), strict=True):
        ends = TODAY - timedelta(days=3)
        factory.enrolment(citizen_id=citizen.id, offer_id=a.id,
                          status=EnrolmentStatus.COMPLETED, starts_on=ends - timedelta(days=length),
                          ends_on=ends)
    factory.enrolment(citizen_id=cs[5].id, offer_id=b.id, status=EnrolmentStatus.WITHDRAWN,
                      starts_on=TODAY - timedelta(days=45), ends_on=TODAY - timedelta(days=5))
    # Not counted: ended before the period; still active.
    factory.enrolment(citizen_id=cs[5].id, offer_id=a.id, status=EnrolmentStatus.COMPLETED,
                      starts_on=TODAY - timedelta(days=200), ends_on=TODAY - timedelta(days=100))
    factory.enrolment(citizen_id=cs[6].id, offer_id=a.id, status=EnrolmentStatus.ACTIVE,
                      starts_on=TODAY - timedelta(days=50))

    # Goals (shared): Udvikle for five citizens: 3 up, 1 down, 1 with a single check-in.
    def goal(citizen, goal_type, scores, shared=True, when=(20, 5)):
        g = factory.goal(citizen_id=citizen.id, goal_type=goal_type, shared_with_staff=shared,
                         offer_id=a.id)
        for score, ago in zip(scores, when, strict=False):
            factory.check_in(goal_id=g.id, score=score, at=days_ago(ago), author_id=citizen.id)

    for citizen in cs[:3]:
        goal(citizen, GoalType.DEVELOP, (3, 6))
    goal(cs[3], GoalType.DEVELOP, (6, 4))
    goal(cs[4], GoalType.DEVELOP, (5,))
    # Fastholde for two citizens only: too few to show.
    goal(cs[0], GoalType.MAINTAIN, (7, 7))
    goal(cs[1], GoalType.MAINTAIN, (7, 3))
    # Not counted: not shared; no check-in in the period.
    goal(cs[5], GoalType.DEVELOP, (2, 9), shared=False)
    goal(cs[5], GoalType.DEVELOP, (2, 9), when=(80, 60))

    # Referrals to A received in the period, answered after 2, 3, 5, 10 and 20 days.
    for citizen, wait in zip(cs[:5], (2, 3, 5, 10, 20), strict=True):
        received = days_ago(25)
        factory.referral(citizen_id=citizen.id, offer_id=a.id, received_at=received,
                         status=ReferralStatus.OFFERED,
                         answered_at=received + timedelta(days=wait), answered_by_id=mette.id)
    return {"mette": mette, "jonas": jonas, "admin": admin, "a": a, "b": b, "c": c}


def run_report(app, user, offer_ids=None):
    with app.app_context():
        staff = db.session.get(User, user.id)
        offers = services.offers_in_scope(staff)
        if offer_ids is not None:
            offers = [o for o in offers if o.id in offer_ids]
        return services.report(staff, PERIOD, offers)


def test_hand_computed_numbers_for_the_counsellor(app, data):
    result = run_report(app, data["mette"])
    rows = {row.title: row for row in result.offers}
    assert set(rows) == {"Gruppe A", "Gruppe B"}  # never Jonas's own group C

    a = rows["Gruppe A"].attendance
    # A: attended 5 + 3 = 8, afbud 1 + 1 = 2, no-show 1; the sign-up nobody marked and the
    # waiting list do not count; six citizens.
    assert (a.attended, a.absent, a.no_show, a.citizens) == (8, 2, 1, 6)
    assert Fraction(a.attendance_rate).limit_denominator() == Fraction(8, 11)
    assert Fraction(a.absence_rate).limit_denominator() == Fraction(2, 11)
    assert Fraction(a.no_show_rate).limit_denominator() == Fraction(1, 11)
    # 2 meetings × 2 hours × 2 counsellors = 8 counsellor-hours; 8 attendances.
    assert a.counsellor_hours == 8.0
    assert a.per_counsellor_hour == 1.0
    assert not a.suppressed

    b = rows["Gruppe B"].attendance
    assert (b.attended, b.no_show, b.citizens, b.counsellor_hours) == (2, 1, 3, 1.5)
    assert b.suppressed  # three citizens

    overall = result.overall.attendance
    assert (overall.attended, overall.absent, overall.no_show) == (10, 2, 2)
    assert overall.citizens == 6
    assert overall.counsellor_hours == 9.5
    assert overall.per_counsellor_hour == pytest.approx(10 / 9.5)

    length_a = rows["Gruppe A"].length
    assert (length_a.count, length_a.average, length_a.median) == (5, 100, 90)
    assert rows["Gruppe B"].length.suppressed
    # Overall: 30, 40, 60, 90, 120, 200 days.
    overall_length = result.overall.length
    assert (overall_length.average, overall_length.median) == (90, 75)

    goals = {g.goal_type: g for g in result.goals}
    develop = goals[GoalType.DEVELOP]
    assert (develop.on_track, develop.not_yet, develop.too_early, develop.citizens) == (3, 1, 1, 5)
    assert develop.on_track_rate == 0.75
    assert goals[GoalType.MAINTAIN].suppressed
    assert goals[GoalType.LIMIT_LOSS].citizens == 0

    # Four of five answered by the answer-by date; median 5 days.
    assert result.referrals.answered == 5
    assert result.referrals.within_promise == 4
    assert result.referrals.share == 0.8
    assert result.referrals.median_days == 5
    assert not result.referrals_suppressed


def test_one_offer_and_the_admin_sees_every_offer(app, data):
    only_b = run_report(app, data["mette"], {data["b"].id})
    assert [row.title for row in only_b.offers] == ["Gruppe B"]
    assert only_b.overall.attendance.suppressed
    assert only_b.referrals.answered == 0

    everything = run_report(app, data["admin"])
    assert {row.title for row in everything.offers} == {"Gruppe A", "Gruppe B", "Gruppe C"}
    assert everything.overall.attendance.no_show == 2 + 6


def test_pure_computations():
    result = services.attendance([(1, S.ATTENDED), (1, S.NO_SHOW), (2, S.ABSENT)],
                                 [(2.0, 1), (1.5, 2)])
    assert (result.citizens, result.recorded, result.counsellor_hours) == (2, 3, 5.0)
    assert result.per_counsellor_hour == 0.2
    assert services.attendance([], []).attendance_rate is None
    length = services.course_length([(1, date(2026, 1, 1), date(2026, 1, 11)),
                                     (2, date(2026, 1, 1), date(2026, 1, 31))])
    assert (length.average, length.median, length.citizens) == (20, 20, 2)
    assert [services.suppressed(n) for n in (0, 1, 4, 5)] == [False, True, True, False]


def test_the_page_shows_numbers_suppresses_small_groups_and_hides_other_offers(
        client, app, data, factory):
    from tests.conftest import login

    login(client, data["mette"].email)
    response = client.get(f"/personale/statistik?fra={PERIOD.since}&til={PERIOD.until}")
    assert response.status_code == 200
    page = response.text
    assert "Gruppe A" in page and "Gruppe B" in page and "Gruppe C" not in page
    assert "73" in page  # 8 of 11 came
    assert "færre end 5" in page or "fewer than 5" in page
    assert "<svg" in page and "<table" in page


def test_csv_export(client, data):
    from tests.conftest import login

    login(client, data["mette"].email)
    response = client.get(f"/personale/statistik/sammen-statistik.csv?fra={PERIOD.since}"
                          f"&til={PERIOD.until}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    by_title = {row[0]: row for row in rows if row}
    assert by_title["Gruppe A"][1] == "6"
    assert by_title["Gruppe A"][2] in ("72,7", "72.7")
    assert by_title["Gruppe B"][2] in ("færre end 5", "fewer than 5")
    assert "Gruppe C" not in by_title


@pytest.mark.parametrize("query, field", [
    ("fra=2026-05-01&til=2026-04-01", "til"),
    ("fra=igår", "fra"),
    ("fra=2020-01-01&til=2026-01-01", "til"),
    ("tilbud=999999", "tilbud"),
])
def test_a_bad_period_or_offer_is_a_clear_error(client, login_as, query, field):
    login_as(role=Role.STAFF)
    response = client.get(f"/personale/statistik?{query}")
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.text
    assert f'id="{field}-error"' in response.text


def test_defaults_to_the_last_90_days(client, login_as):
    login_as(role=Role.STAFF, language="en")
    response = client.get("/personale/statistik")
    assert response.status_code == 200
    assert f'value="{TODAY - timedelta(days=89)}"' in response.text
    assert f'value="{TODAY}"' in response.text


def test_citizens_are_refused(client, login_as):
    login_as()
    assert client.get("/personale/statistik").status_code == 403
    assert client.get("/personale/statistik/sammen-statistik.csv").status_code == 403


def test_same_number_of_queries_for_more_data(app, client, data, factory):
    from tests.conftest import login

    login(client, data["admin"].email)
    url = f"/personale/statistik?fra={PERIOD.since}&til={PERIOD.until}"
    with count_queries(app) as before:
        client.get(url)
    for n in range(3):
        offer = factory.offer(title=f"Ekstra {n}")
        session = factory.meeting(offer_id=offer.id, starts_at=days_ago(3))
        factory.registration(meeting_id=session.id, citizen_id=factory.user().id,
                             status=S.ATTENDED)
    with count_queries(app) as after:
        client.get(url)
    assert len(before) == len(after)
