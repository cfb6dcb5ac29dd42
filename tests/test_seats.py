"""Seats left per meeting and a citizen's registrations, each in one query."""

from webapp.meetings.models import RegistrationStatus
from webapp.meetings.services import registrations_of, seats_left
from webapp.models import CourseSession


def test_seats_left_counts_signed_up_and_attended_only(ctx, app):
    from tests import factories
    from webapp.extensions import db

    offer = factories.offer(capacity=3)
    meeting = factories.meeting(offer=offer)
    other = factories.meeting(offer=offer, capacity=5)
    statuses = [RegistrationStatus.SIGNED_UP, RegistrationStatus.ATTENDED,
                RegistrationStatus.ABSENT, RegistrationStatus.NO_SHOW]
    for status in statuses:
        factories.registration(session=meeting, citizen=factories.user(), status=status)
    factories.registration(session=meeting, citizen=factories.user(),
                           status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    meetings = db.session.scalars(db.select(CourseSession).order_by(CourseSession.id)).all()
    assert seats_left(meetings) == {meeting.id: 1, other.id: 5}


def test_registrations_of_only_returns_the_citizens_own(ctx):
    from tests import factories

    anna, bo = factories.user(), factories.user()
    meeting = factories.meeting()
    own = factories.registration(session=meeting, citizen=anna)
    factories.registration(session=meeting, citizen=bo)
    assert registrations_of(anna, [meeting.id]) == {meeting.id: own}
    assert registrations_of(anna, []) == {}
