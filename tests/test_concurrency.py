"""Capacity holds when many citizens take the last seats at the same moment, on SQLite (a
file database, as in production) and on PostgreSQL."""

import threading

from sqlalchemy import select

from webapp.core import Refusal
from webapp.extensions import db
from webapp.meetings import services
from webapp.meetings.models import Registration, RegistrationStatus

THREADS = 20
SEATS = 3


def run_at_once(app, jobs):
    """Run each job in its own thread with its own app context (its own database
    connection), all released at the same moment. Returns the errors raised."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        with app.app_context():
            try:
                barrier.wait()
                job()
            except Exception as error:  # collected and asserted below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a sign-up hung"
    return errors


def registrations(app, meeting_id):
    with app.app_context():
        return list(db.session.scalars(select(Registration)
                                       .where(Registration.meeting_id == meeting_id)))


def test_concurrent_sign_ups_never_overbook(app, factory):
    meeting = factory.meeting(offer=factory.offer(capacity=SEATS))
    citizens = [factory.user() for _ in range(THREADS)]

    def sign_up(citizen):
        return lambda: services.sign_up(citizen, meeting.id)

    errors = run_at_once(app, [sign_up(c) for c in citizens])
    assert errors == []
    rows = registrations(app, meeting.id)
    assert len(rows) == THREADS
    signed_up = [r for r in rows if r.status is RegistrationStatus.SIGNED_UP]
    waiting = [r for r in rows if r.status is RegistrationStatus.WAITLISTED]
    assert len(signed_up) == SEATS
    assert sorted(r.waitlist_position for r in waiting) == list(range(1, THREADS - SEATS + 1))


def test_the_same_citizen_tapping_twice_at_once_gets_one_place(app, factory):
    meeting = factory.meeting(offer=factory.offer(capacity=SEATS))
    anna = factory.user()
    errors = run_at_once(app, [lambda: services.sign_up(anna, meeting.id)] * 4)
    assert len(errors) == 3 and all(isinstance(e, Refusal) for e in errors)
    rows = registrations(app, meeting.id)
    assert [r.status for r in rows] == [RegistrationStatus.SIGNED_UP]


def test_concurrent_afbud_and_sign_ups_keep_the_waiting_list_in_order(app, factory):
    meeting = factory.meeting(offer=factory.offer(capacity=SEATS))
    seated = [factory.registration(meeting_id=meeting.id, citizen_id=factory.user().id)
              for _ in range(SEATS)]
    newcomers = [factory.user() for _ in range(8)]
    with app.app_context():
        owners = {r.id: db.session.get(Registration, r.id).citizen for r in seated}
        for owner in owners.values():
            db.session.expunge(owner)

    def afbud(registration_id):
        return lambda: services.call_in_absence(owners[registration_id], registration_id)

    def sign_up(citizen):
        return lambda: services.sign_up(citizen, meeting.id)

    jobs = [afbud(r.id) for r in seated[:2]] + [sign_up(c) for c in newcomers]
    assert run_at_once(app, jobs) == []
    rows = registrations(app, meeting.id)
    signed_up = [r for r in rows if r.status is RegistrationStatus.SIGNED_UP]
    waiting = [r for r in rows if r.status is RegistrationStatus.WAITLISTED]
    assert len(signed_up) == SEATS
    assert sorted(r.waitlist_position for r in waiting) == list(range(1, len(newcomers) - 1))
