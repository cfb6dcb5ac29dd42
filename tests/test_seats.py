"""Seats left per meeting and a citizen's own registration, read with the meetings."""

from datetime import UTC, datetime, timedelta

from flask_login import AnonymousUserMixin

from webapp.auth.models import Role
from webapp.meetings.models import RegistrationStatus
from webapp.meetings.services import meeting_row, meetings_of_offer


def test_seats_left_counts_signed_up_and_attended_only(ctx):
    from tests import factories

    offer = factories.offer(capacity=3)
    soon = datetime.now(UTC) + timedelta(days=1)
    meeting = factories.meeting(offer=offer, starts_at=soon)
    other = factories.meeting(offer=offer, capacity=5, starts_at=soon + timedelta(days=1))
    statuses = [RegistrationStatus.SIGNED_UP, RegistrationStatus.ATTENDED,
                RegistrationStatus.ABSENT, RegistrationStatus.NO_SHOW]
    for status in statuses:
        factories.registration(meeting=meeting, citizen=factories.user(), status=status)
    factories.registration(meeting=meeting, citizen=factories.user(),
                           status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    rows = meetings_of_offer(factories.user(), offer.id, 10)
    assert [(row.meeting_id, row.seats) for row in rows] == [(meeting.id, 1), (other.id, 5)]


def test_a_meeting_row_has_only_the_citizens_own_registration(ctx):
    from tests import factories

    anna, bo, staff = factories.user(), factories.user(), factories.user(role=Role.STAFF)
    meeting = factories.meeting()
    own = factories.registration(meeting=meeting, citizen=anna)
    factories.registration(meeting=meeting, citizen=bo, status=RegistrationStatus.ABSENT)
    row = meeting_row(anna, meeting.id)
    assert (row.registration_id, row.status) == (own.id, RegistrationStatus.SIGNED_UP)
    for nobody in (factories.user(), staff, AnonymousUserMixin()):
        row = meeting_row(nobody, meeting.id)
        assert (row.registration_id, row.status, row.seats) == (None, None, 9)


def test_an_overbooked_meeting_has_no_seats_left_not_fewer(ctx):
    """Staff may add citizens beyond the capacity: the seats left stay at 0."""
    from tests import factories

    offer = factories.offer(capacity=1)
    meeting = factories.meeting(offer=offer)
    for _ in range(3):
        factories.registration(meeting=meeting, citizen=factories.user())
    [row] = meetings_of_offer(factories.user(), offer.id, 10)
    assert row.seats == 0
