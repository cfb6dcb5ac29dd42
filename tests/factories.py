"""Factories for every model: each takes overrides and returns the saved object."""

from datetime import date, timedelta
from itertools import count

from webapp.core import local_day
from webapp.extensions import db
from webapp.models import (
    Admission,
    AuditAction,
    AuditEvent,
    CheckIn,
    Enrolment,
    EnrolmentSource,
    Goal,
    GoalTheme,
    GoalType,
    LegalBasis,
    Location,
    Meeting,
    Municipality,
    Offer,
    OfferKind,
    OfferStatus,
    Referral,
    Registration,
    Role,
    Topic,
    User,
)
from webapp.types import utcnow

PASSWORD = "kodeord-123"
_seq = count(1)

# One password hash for every test user: hashing is slow on purpose.
_HASH: dict[str, str] = {}


def today() -> date:
    """Today as the app counts days: in Copenhagen, which between midnight there and midnight
    UTC is not the machine's nor UTC's day."""
    return local_day(utcnow())


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def user(**kw) -> User:
    n = next(_seq)
    password = kw.pop("password", PASSWORD)
    obj = User(
        name=kw.pop("name", f"Borger Nummer{n}"),
        email=kw.pop("email", f"borger{n}@example.dk"),
        role=kw.pop("role", Role.CITIZEN),
        **kw,
    )
    if password not in _HASH:
        obj.set_password(password)
        _HASH[password] = obj.password_hash
    obj.password_hash = _HASH[password]
    return _save(obj)


def municipality(**kw) -> Municipality:
    n = next(_seq)
    return _save(Municipality(name=kw.pop("name", f"Kommune {n}"),
                              code=kw.pop("code", f"{n % 10000:04d}"), **kw))


def location(**kw) -> Location:
    if "municipality" not in kw and "municipality_id" not in kw:
        kw["municipality"] = municipality()
    return _save(Location(name=kw.pop("name", "Ishøj Bibliotek"),
                          address=kw.pop("address", "Ishøj Store Torv 1"),
                          postcode=kw.pop("postcode", "2635"), city=kw.pop("city", "Ishøj"),
                          **kw))


def offer(**kw) -> Offer:
    n = next(_seq)
    if "location" not in kw and "location_id" not in kw:
        kw["location"] = location()
    legal_basis = kw.pop("legal_basis", LegalBasis.S82A)
    default_admission = (Admission.THROUGH_COUNSELLOR if legal_basis is LegalBasis.S85
                         else Admission.DROP_IN)
    return _save(Offer(
        title=kw.pop("title", f"Gåtur {n}"),
        summary=kw.pop("summary", "Vi går en tur sammen."),
        description=kw.pop("description", "Vi mødes og går en tur i roligt tempo."),
        topic=kw.pop("topic", Topic.MOVEMENT),
        legal_basis=legal_basis,
        admission=kw.pop("admission", default_admission),
        kind=kw.pop("kind", OfferKind.OPEN),
        status=kw.pop("status", OfferStatus.PUBLISHED),
        capacity=kw.pop("capacity", 10),
        **kw,
    ))


def meeting(**kw) -> Meeting:
    if "offer" not in kw and "offer_id" not in kw:
        kw["offer"] = offer()
    starts_at = kw.pop("starts_at", utcnow().replace(microsecond=0) + timedelta(days=2))
    return _save(Meeting(starts_at=starts_at,
                               ends_at=kw.pop("ends_at", starts_at + timedelta(hours=2)), **kw))


def enrolment(**kw) -> Enrolment:
    return _save(Enrolment(source=kw.pop("source", EnrolmentSource.COUNSELLOR),
                           starts_on=kw.pop("starts_on", today()), **kw))


def registration(**kw) -> Registration:
    return _save(Registration(**kw))


def goal(**kw) -> Goal:
    return _save(Goal(
        title=kw.pop("title", "Tage bussen alene"),
        theme=kw.pop("theme", GoalTheme.MOBILITY),
        goal_type=kw.pop("goal_type", GoalType.DEVELOP),
        next_follow_up=kw.pop("next_follow_up", today() + timedelta(days=365)),
        **kw,
    ))


def check_in(**kw) -> CheckIn:
    return _save(CheckIn(score=kw.pop("score", 5), **kw))


def referral(**kw) -> Referral:
    received = kw.pop("received_at", utcnow())
    return _save(Referral(received_at=received, consent_at=kw.pop("consent_at", received),
                          answer_by=kw.pop("answer_by", local_day(received) + timedelta(days=14)),
                          **kw))


def audit_event(**kw) -> AuditEvent:
    return _save(AuditEvent(action=kw.pop("action", AuditAction.VIEW),
                            actor_role=kw.pop("actor_role", Role.STAFF),
                            object_type=kw.pop("object_type", "user"),
                            purpose=kw.pop("purpose", "opfølgning på mål"), **kw))
