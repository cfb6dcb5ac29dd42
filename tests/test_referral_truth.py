"""What the app says about an inquiry (§ 82 a) is true: a late answer is owned (late, we are
sorry, whom to call) on every page the citizen sees it, and flagged for staff; the waiting
list answer says where the citizen stands, never "the group is full"; and the 14-day figure
counts a late inquiry still unanswered as late, on I dag and in the statistics alike."""

from datetime import timedelta

import pytest

from tests import factories
from tests.conftest import facilitate, login, text_of
from webapp.auth.models import Role
from webapp.enrolments.models import EnrolmentSource, EnrolmentStatus
from webapp.offers.models import Admission
from webapp.referrals.models import ReferralStatus
from webapp.types import utcnow

PHONE = "43 57 75 75"  # SOCIALSERVICE_PHONE's default
LATE = "Vi er forsinkede med svaret. Det beklager vi."
CALL = f"Ring til os, hvis du vil vide mere: {PHONE}"


def days_ago(days: int):
    return utcnow() - timedelta(days=days)


@pytest.fixture
def late(app, factory, client):
    """Karin, logged in, asked to join a group 20 days ago: the answer was due 6 days ago,
    and she has had none."""
    karin = factory.user(name="Karin Holm")
    group = factory.offer(admission=Admission.ASK_TO_JOIN, title="Angsthåndtering")
    received = days_ago(20)
    referral = factory.referral(citizen_id=karin.id, offer_id=group.id, received_at=received,
                                answer_by=factories.today() - timedelta(days=6))
    assert login(client, karin.email).status_code == 303
    return {"karin": karin, "group": group, "referral": referral}


# -- A late answer is owned, not hidden --------------------------------------------------------

def test_the_late_inquiry_says_it_is_late_says_sorry_and_whom_to_call(client, late):
    referral = late["referral"]
    page = text_of(client.get(f"/henvendelser/{referral.id}"))
    assert "Vi er forsinkede med svaret" in page
    assert "Det har vi ikke gjort endnu. Det beklager vi." in page
    assert CALL in page
    assert f'href="tel:{PHONE.replace(" ", "")}"' in client.get(
        f"/henvendelser/{referral.id}").text
    # No promise of a date that has passed.
    assert "Du får svar senest" not in page
    assert "Du får svaret her i Sammen, senest" not in page
    assert "Du får svaret her i Sammen, så snart vi kan." in page
    assert "Modtaget. En vejleder har ikke læst den endnu." in page
    assert "En vejleder læser den snart." not in page


@pytest.mark.parametrize("where", ["/henvendelser", "/", "OFFER", "ASK"])
def test_every_page_with_the_late_inquiry_owns_it(client, late, where):
    """Mine henvendelser, Hjem's card, the group's page, and asking again."""
    group = late["group"].id
    path = {"OFFER": f"/tilbud/{group}", "ASK": f"/tilbud/{group}/spoerg-om-plads"}.get(
        where, where)
    page = text_of(client.get(path))
    assert "Vi er forsinkede med svaret" in page, path
    assert "Det beklager vi." in page, path
    assert CALL in page, path
    assert "Du får svar senest den" not in page, path
    assert "Vi svarer dig senest den" not in page, path
    assert "læser den snart" not in page, path


def test_an_inquiry_in_time_still_promises_its_date(client, factory, login_as):
    karin = login_as()
    group = factory.offer(admission=Admission.ASK_TO_JOIN)
    referral = factory.referral(citizen_id=karin.id, offer_id=group.id)
    page = text_of(client.get(f"/henvendelser/{referral.id}"))
    assert "Du får svar senest den" in page
    assert "forsinke" not in page
    # The last day itself is not late yet.
    factory.referral(citizen_id=karin.id, offer_id=factory.offer(
        admission=Admission.ASK_TO_JOIN).id, received_at=days_ago(14),
        answer_by=factories.today())
    assert "forsinke" not in text_of(client.get("/henvendelser"))


def test_the_number_to_call_comes_from_the_settings(make_app):
    app = make_app(REFERRAL_PHONE="70 10 20 30")
    client = app.test_client()
    with app.app_context():
        karin = factories.user()
        group = factories.offer(admission=Admission.ASK_TO_JOIN)
        referral = factories.referral(citizen=karin, offer=group, received_at=days_ago(20),
                                      answer_by=factories.today() - timedelta(days=6))
        ids = (karin.email, referral.id)
    login(client, ids[0])
    page = text_of(client.get(f"/henvendelser/{ids[1]}"))
    assert "Ring til os, hvis du vil vide mere: 70 10 20 30" in page
    assert PHONE not in page


def test_staff_see_the_late_inquiry_flagged(app, factory, late):
    counsellor = factory.user(role=Role.STAFF)
    facilitate(app, counsellor, late["group"])
    client = app.test_client()
    client.set_cookie("lang", "en")
    login(client, counsellor.email)
    referral = late["referral"]
    review = text_of(client.get(f"/personale/henvendelser/{referral.id}"))
    assert "The answer is late" in review
    assert f"Karin sees that the answer is late, that we are sorry, and which number to call: "\
           f"{PHONE}." in review
    assert "6 days overdue" in review
    queue = text_of(client.get("/personale/henvendelser"))
    assert "1 request is overdue. It is at the top." in queue
    today = text_of(client.get("/personale/"))
    assert "Late: answer by" in today


# -- The waiting-list answer says where the citizen stands -------------------------------------

def test_the_waiting_list_answer_gives_the_place_in_line_and_never_says_full(
        client, factory, login_as):
    group = factory.offer(admission=Admission.ASK_TO_JOIN, capacity=10)
    for n in range(2):  # two waiting before her
        factory.enrolment(citizen_id=factory.user().id, offer_id=group.id,
                          status=EnrolmentStatus.WAITLISTED, created_at=days_ago(10 - n))
    karin = login_as()
    factory.enrolment(citizen_id=karin.id, offer_id=group.id, status=EnrolmentStatus.WAITLISTED,
                      source=EnrolmentSource.SELF_REFERRAL)
    factory.enrolment(citizen_id=factory.user().id, offer_id=group.id,  # came after her
                      status=EnrolmentStatus.WAITLISTED, created_at=utcnow() + timedelta(hours=1))
    referral = factory.referral(citizen_id=karin.id, offer_id=group.id,
                                status=ReferralStatus.WAITLISTED, answered_at=utcnow())
    page = text_of(client.get(f"/henvendelser/{referral.id}"))
    assert "Du er nummer 3 på ventelisten." in page
    assert "Vi kontakter dig, når der er plads." in page
    assert "fuld" not in page


def test_off_the_waiting_list_it_only_says_we_will_contact_you(client, factory, login_as):
    karin = login_as()
    group = factory.offer(admission=Admission.ASK_TO_JOIN)
    referral = factory.referral(citizen_id=karin.id, offer_id=group.id,
                                status=ReferralStatus.WAITLISTED, answered_at=utcnow())
    page = text_of(client.get(f"/henvendelser/{referral.id}"))
    assert "Vi kontakter dig, når der er plads." in page
    assert "nummer" not in page and "fuld" not in page


# -- The 14-day figure tells the truth ---------------------------------------------------------

@pytest.fixture
def answered_and_late(app, factory, counsellor):
    """Five inquiries to the counsellor's group received 20 days ago: four answered in time,
    one never answered (its answer-by day was 6 days ago)."""
    group = factory.offer(admission=Admission.ASK_TO_JOIN)
    facilitate(app, counsellor, group)
    received = days_ago(20)
    by = factories.today() - timedelta(days=6)
    for _n in range(4):
        factory.referral(citizen_id=factory.user().id, offer_id=group.id, received_at=received,
                         answer_by=by, status=ReferralStatus.OFFERED,
                         answered_at=received + timedelta(days=2))
    factory.referral(citizen_id=factory.user().id, offer_id=group.id, received_at=received,
                     answer_by=by)
    return group


def test_today_counts_the_late_open_inquiry_as_late(client, answered_and_late):
    page = text_of(client.get("/personale/"))
    assert "Answered within 14 days, last 30 days 80% (4 of 5; 1 late and not answered yet)" \
        in page
    assert "100%" not in page


def test_the_statistics_count_it_as_late_too(client, answered_and_late):
    page = text_of(client.get("/personale/statistik"))
    assert "80% answered within 14 days" in page
    assert "100%" not in page
    csv = client.get("/personale/statistik/sammen-statistik.csv").text
    lines = csv.splitlines()
    header = lines.index("Referrals answered;Late and not answered yet;"
                         "Answered within 14 days (%);Median days to answer")
    assert lines[header + 1] == "4;1;80.0;2.0"


def test_one_late_and_nothing_answered_is_no_answer_in_time(client, app, factory, counsellor):
    group = factory.offer(admission=Admission.ASK_TO_JOIN)
    facilitate(app, counsellor, group)
    factory.referral(citizen_id=factory.user().id, offer_id=group.id, received_at=days_ago(20),
                     answer_by=factories.today() - timedelta(days=6))
    page = text_of(client.get("/personale/"))
    assert "Answered within 14 days, last 30 days 0% (0 of 1; 1 late and not answered yet)" \
        in page

