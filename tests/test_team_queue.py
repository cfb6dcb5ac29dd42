"""The team's queue: an inquiry to a group reaches every counsellor of the municipality's
team (all who run a group in the same municipality), and no one outside it; one with three
days left that no one has taken is flagged on every team member's I dag; one counsellor
takes it ("I'll take it"), the others see who, it can be put back, and answering one a
colleague has taken needs a tick."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import login, text_of
from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth.models import Role
from webapp.extensions import db
from webapp.offers.models import Admission
from webapp.referrals.models import Referral, ReferralStatus


@pytest.fixture
def team(app):
    """Ishøj: Mette runs the ask-to-join group Angsthåndtering, Jonas runs another group
    (a walk) in Ishøj. Vallensbæk: Amira runs a group there. Karin asked to join
    Angsthåndtering; the answer is due in three days."""
    with app.app_context():
        ishoj = factories.municipality(name="Ishøj")
        vallensbaek = factories.municipality(name="Vallensbæk")
        library = factories.location(municipality=ishoj, name="Ishøj Bibliotek")
        school = factories.location(municipality=ishoj, name="Vejlebroskolen")
        hall = factories.location(municipality=vallensbaek, name="Vallensbæk Rådhus")
        mette = factories.user(role=Role.STAFF, name="Mette Holm")
        jonas = factories.user(role=Role.STAFF, name="Jonas Madsen")
        amira = factories.user(role=Role.STAFF, name="Amira Haddad")
        loner = factories.user(role=Role.STAFF, name="Lone Uden Gruppe")
        admin = factories.user(role=Role.ADMIN, name="Ada Admin")
        group = factories.offer(admission=Admission.ASK_TO_JOIN, title="Angsthåndtering",
                                location=library)
        walk = factories.offer(title="Gåtur i Ishøj", location=school)
        elsewhere = factories.offer(title="Café i Vallensbæk", location=hall)
        group.facilitators.append(mette)
        walk.facilitators.append(jonas)
        elsewhere.facilitators.append(amira)
        db.session.commit()
        karin = factories.user(name="Karin Holm")
        referral = factories.referral(citizen=karin, offer=group, hopes="Blive mindre bange.",
                                      answer_by=factories.today() + timedelta(days=3))
        ids = {"mette": mette.email, "jonas": jonas.email, "amira": amira.email,
               "loner": loner.email, "admin": admin.email, "referral": referral.id,
               "group": group.id, "mette_id": mette.id, "jonas_id": jonas.id,
               "karin": karin.id}
        db.session.remove()
    return ids


def as_(app, email):
    """A client of its own, logged in, reading English."""
    client = app.test_client()
    client.set_cookie("lang", "en")
    assert login(client, email).status_code == 303
    return client


def referral_of(app, referral_id) -> Referral:
    with app.app_context():
        return db.session.get(Referral, referral_id)


def url(team, action=""):
    return f"/personale/henvendelser/{team['referral']}" + (f"/{action}" if action else "")


# -- Who the team is -------------------------------------------------------------------------

def test_every_counsellor_of_the_team_sees_and_may_answer(app, team):
    jonas = as_(app, team["jonas"])
    queue = text_of(jonas.get("/personale/henvendelser"))
    assert "Karin Holm" in queue and "Angsthåndtering" in queue
    assert "every counsellor who runs a group in the same municipality" in queue
    assert jonas.get(url(team)).status_code == 200
    response = jonas.post(url(team, "svar"), data={"decision": "offer"})
    assert response.status_code == 303
    assert referral_of(app, team["referral"]).status is ReferralStatus.OFFERED


@pytest.mark.parametrize("outsider", ["amira", "loner"])
def test_a_counsellor_outside_the_team_sees_nothing(app, team, outsider):
    client = as_(app, team[outsider])
    queue = text_of(client.get("/personale/henvendelser"))
    assert "Karin Holm" not in queue and "Angsthåndtering" not in queue
    assert "Karin" not in text_of(client.get("/personale/"))
    assert client.get(url(team)).status_code == 404
    for action, data in (("svar", {"decision": "offer"}), ("tag", {}), ("slip", {})):
        assert client.post(url(team, action), data=data).status_code == 404, action
    with app.app_context():
        assert db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_id == team["referral"])).all() == []
    referral = referral_of(app, team["referral"])
    assert referral.status is ReferralStatus.RECEIVED and referral.taken_by_id is None


def test_the_team_widens_the_queue_only(app, team):
    """Jonas may answer the inquiry, but Mette's group and the citizen's page stay hers."""
    mette, jonas = as_(app, team["mette"]), as_(app, team["jonas"])
    for path in (f"/personale/tilbud/{team['group']}", f"/personale/borgere/{team['karin']}"):
        assert mette.get(path).status_code == 200, path
        assert jonas.get(path).status_code == 404, path


# -- I dag flags what no one has taken ---------------------------------------------------------

def test_three_days_left_and_untaken_is_flagged_on_every_team_members_today(app, team):
    for who in ("mette", "jonas"):
        today = text_of(as_(app, team[who]).get("/personale/"))
        assert "Karin H" in today and "Angsthåndtering" in today, who
        assert "No one has taken it yet" in today, who
    assert "Angsthåndtering" not in text_of(as_(app, team["amira"]).get("/personale/"))


def test_four_days_left_is_not_on_today_yet(app, team):
    with app.app_context():
        db.session.get(Referral, team["referral"]).answer_by = factories.today() + \
            timedelta(days=4)
        db.session.commit()
    assert "Angsthåndtering" not in text_of(as_(app, team["jonas"]).get("/personale/"))


# -- Taking an inquiry -------------------------------------------------------------------------

def test_taking_shows_who_has_it_to_the_others_and_is_logged(app, team):
    mette = as_(app, team["mette"])
    assert "No one has taken it yet" in text_of(mette.get(url(team)))
    response = mette.post(url(team, "tag"))
    assert response.status_code == 303 and response.location == url(team)
    page = text_of(mette.get(url(team)))
    assert "You have taken the request." in page and "You have taken it" in page
    referral = referral_of(app, team["referral"])
    assert referral.taken_by_id == team["mette_id"] and referral.taken_at is not None
    with app.app_context():
        (event,) = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_id == team["referral"],
            AuditEvent.action == AuditAction.CHANGE)).all()
        assert event.actor_id == team["mette_id"] and event.subject_id is None

    jonas = as_(app, team["jonas"])
    for path in (url(team), "/personale/henvendelser", "/personale/"):
        page = text_of(jonas.get(path))
        assert "Mette Holm has taken it" in page, path
        assert "No one has taken it yet" not in page, path
    # Jonas cannot take it from her, nor put it back.
    response = jonas.post(url(team, "tag"))
    assert response.status_code == 409
    assert "Mette Holm has already taken this request." in text_of(response)
    response = jonas.post(url(team, "slip"))
    assert response.status_code == 409
    assert "Only Mette Holm can put this request back in the queue." in text_of(response)
    assert referral_of(app, team["referral"]).taken_by_id == team["mette_id"]


def test_the_taker_puts_it_back_and_then_anyone_can_take_it(app, team):
    mette = as_(app, team["mette"])
    mette.post(url(team, "tag"))
    response = mette.post(url(team, "slip"))
    assert response.status_code == 303
    assert "The request is back in the queue." in text_of(mette.get(url(team)))
    assert referral_of(app, team["referral"]).taken_by_id is None
    assert as_(app, team["jonas"]).post(url(team, "tag")).status_code == 303
    assert referral_of(app, team["referral"]).taken_by_id == team["jonas_id"]


def test_an_admin_may_put_back_what_a_colleague_took(app, team):
    as_(app, team["mette"]).post(url(team, "tag"))
    assert as_(app, team["admin"]).post(url(team, "slip")).status_code == 303
    assert referral_of(app, team["referral"]).taken_by_id is None


def test_answering_what_a_colleague_has_taken_needs_a_tick(app, team):
    as_(app, team["mette"]).post(url(team, "tag"))
    jonas = as_(app, team["jonas"])
    form = text_of(jonas.get(url(team)))
    assert "Mette has taken this request. Answer it only if you have agreed on it" in form
    assert "Yes, I answer it instead" in form
    typed = {"decision": "decline", "reason": "other_group", "note": "Prøv Gåtur i Ishøj."}
    response = jonas.post(url(team, "svar"), data=typed)
    assert response.status_code == 409
    assert "Mette Holm has taken this request. Tick the box if you answer it instead." \
        in text_of(response)
    assert "Prøv Gåtur i Ishøj." in response.text  # nothing typed is lost
    assert referral_of(app, team["referral"]).status is not ReferralStatus.DECLINED
    response = jonas.post(url(team, "svar"), data={**typed, "instead": "y"})
    assert response.status_code == 303
    referral = referral_of(app, team["referral"])
    assert referral.status is ReferralStatus.DECLINED
    assert referral.answered_by_id == team["jonas_id"]


def test_the_taker_answers_without_a_tick(app, team):
    mette = as_(app, team["mette"])
    mette.post(url(team, "tag"))
    assert "Yes, I answer it instead" not in text_of(mette.get(url(team)))
    assert mette.post(url(team, "svar"), data={"decision": "offer"}).status_code == 303


def test_an_answered_or_withdrawn_inquiry_cannot_be_taken(app, team):
    with app.app_context():
        db.session.get(Referral, team["referral"]).status = ReferralStatus.WITHDRAWN
        db.session.commit()
    mette = as_(app, team["mette"])
    response = mette.post(url(team, "tag"))
    assert response.status_code == 409
    assert "The citizen has withdrawn the request" in text_of(response)
    assert referral_of(app, team["referral"]).taken_by_id is None
    assert "I'll take it" not in text_of(mette.get(url(team)))
