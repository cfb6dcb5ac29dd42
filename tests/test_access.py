"""The rule every staff page builds on: counsellors see their own groups, admins see all."""

import pytest

from tests.conftest import facilitate
from webapp.extensions import db
from webapp.models import Admission, EnrolmentSource, ReferralStatus, Role, User
from webapp.staff.access import facilitates, in_groups_of


@pytest.fixture
def groups(factory):
    counsellor = factory.user(role=Role.STAFF)
    other = factory.user(role=Role.STAFF)
    admin = factory.user(role=Role.ADMIN)
    mine = factory.offer(admission=Admission.ASK_TO_JOIN)
    theirs = factory.offer()
    return counsellor, other, admin, mine, theirs


@pytest.mark.parametrize("link", ["registration", "enrolment", "referral", "none"])
def test_a_citizen_is_in_my_groups_by_registration_enrolment_or_referral(
        app, factory, groups, link):
    counsellor, other, admin, mine, theirs = groups
    citizen = factory.user()
    if link == "registration":
        factory.registration(meeting_id=factory.meeting(offer_id=mine.id).id,
                             citizen_id=citizen.id)
    elif link == "enrolment":
        factory.enrolment(citizen_id=citizen.id, offer_id=mine.id,
                          source=EnrolmentSource.SELF_REFERRAL)
    elif link == "referral":
        factory.referral(citizen_id=citizen.id, offer_id=mine.id,
                         status=ReferralStatus.RECEIVED)
    # A link to somebody else's offer never counts.
    factory.registration(meeting_id=factory.meeting(offer_id=theirs.id).id,
                         citizen_id=citizen.id)
    facilitate(app, counsellor, mine)
    facilitate(app, other, theirs)
    with app.app_context():
        me = db.session.get(User, counsellor.id)
        assert in_groups_of(me, citizen.id) is (link != "none")
        assert in_groups_of(db.session.get(User, other.id), citizen.id)
        assert in_groups_of(db.session.get(User, admin.id), citizen.id)
        assert facilitates(me, mine.id)
        assert not facilitates(me, theirs.id)
        assert facilitates(db.session.get(User, admin.id), theirs.id)
