"""The constraints live in the database, on SQLite and PostgreSQL alike."""

from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import IntegrityError

from tests import factories
from webapp import create_app
from webapp.extensions import db
from webapp.models import (
    Admission,
    LegalBasis,
    ReferralStatus,
    RegistrationStatus,
    User,
    include_object_on,
)


def test_one_registration_per_citizen_and_meeting(ctx):
    citizen = factories.user()
    meeting = factories.meeting()
    factories.registration(meeting=meeting, citizen=citizen)
    with pytest.raises(IntegrityError):
        factories.registration(meeting=meeting, citizen=citizen)
    db.session.rollback()


def test_email_is_unique(ctx):
    factories.user(email="a@example.dk")
    with pytest.raises(IntegrityError):
        factories.user(email="a@example.dk")
    db.session.rollback()


def test_enum_values_are_checked_by_the_database(ctx):
    user = factories.user()
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE users SET role = 'king' WHERE id = :id"), {"id": user.id})
        db.session.flush()
    db.session.rollback()


def test_section_85_offers_are_only_joined_through_a_counsellor(ctx):
    with pytest.raises(IntegrityError):
        factories.offer(legal_basis=LegalBasis.S85, admission=Admission.DROP_IN)
    db.session.rollback()
    with pytest.raises(IntegrityError):
        factories.offer(legal_basis=LegalBasis.S82A, admission=Admission.THROUGH_COUNSELLOR)
    db.session.rollback()
    assert factories.offer(legal_basis=LegalBasis.S85).admission is Admission.THROUGH_COUNSELLOR


def test_meeting_must_end_after_it_starts(ctx):
    start = datetime.now(UTC)
    with pytest.raises(IntegrityError):
        factories.meeting(starts_at=start, ends_at=start - timedelta(minutes=1))
    db.session.rollback()


def test_check_in_score_is_1_to_10(ctx):
    citizen = factories.user()
    goal = factories.goal(citizen=citizen)
    for bad in (0, 11):
        with pytest.raises(IntegrityError):
            factories.check_in(goal=goal, author=citizen, score=bad)
        db.session.rollback()
    assert factories.check_in(goal=goal, author=citizen, score=10).score == 10


def test_waitlist_position_only_when_waitlisted(ctx):
    meeting = factories.meeting()
    with pytest.raises(IntegrityError):
        factories.registration(meeting=meeting, citizen=factories.user(),
                               status=RegistrationStatus.WAITLISTED)
    db.session.rollback()
    with pytest.raises(IntegrityError):
        factories.registration(meeting=meeting, citizen=factories.user(), waitlist_position=1)
    db.session.rollback()


def test_foreign_keys_are_enforced(ctx):
    with pytest.raises(IntegrityError):
        factories.registration(meeting_id=999_999, citizen_id=999_999)
    db.session.rollback()


def test_one_open_referral_per_citizen_and_offer(ctx):
    citizen = factories.user()
    offer = factories.offer(admission=Admission.ASK_TO_JOIN)
    factories.referral(citizen=citizen, offer=offer)
    with pytest.raises(IntegrityError):
        factories.referral(citizen=citizen, offer=offer, status=ReferralStatus.IN_REVIEW)
    db.session.rollback()
    # A decided inquiry does not block a new one.
    factories.referral(citizen=citizen, offer=offer, status=ReferralStatus.DECLINED)


def test_datetimes_come_back_aware_in_utc(ctx):
    start = datetime(2026, 3, 29, 0, 30, 15, 250, tzinfo=UTC)
    meeting = factories.meeting(starts_at=start)
    db.session.expire_all()
    assert db.session.get(type(meeting), meeting.id).starts_at == start
    assert db.session.get(type(meeting), meeting.id).starts_at.tzinfo is UTC
    # Read as columns and through an aggregate too.
    column = type(meeting).__table__.c.starts_at
    for value in (db.session.scalar(select(column)), db.session.scalar(select(func.max(column)))):
        assert value == start and value.tzinfo is UTC
    assert db.session.execute(select(type(meeting).__table__.c.cancelled_at)).scalar() is None


def test_naive_datetimes_are_refused(ctx):
    with pytest.raises(Exception, match="aware"):
        factories.meeting(starts_at=datetime(2026, 1, 1, 10, 0))
    db.session.rollback()


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database with nothing in it, for the migrations."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS migration_check CASCADE"))
        conn.execute(text("CREATE SCHEMA migration_check"))
    yield database_url + ("&" if "?" in database_url else "?") + (
        "options=-csearch_path%3Dmigration_check")
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA migration_check CASCADE"))
    engine.dispose()


def test_migrations_build_exactly_the_models_schema(empty_database_url):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={
                    "compare_type": True, "include_object": include_object_on(conn.dialect.name)}),
                db.metadata
            )
        # The migration must create every table, column, index and constraint of the models.
        assert diff == []
        factories.user()
        assert db.session.query(User).count() == 1
        db.session.remove()
        db.engine.dispose()
