"""Writing the audit trail, and reading it back to the citizen whose data it is."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.audit.models import AuditAction, AuditEvent, AuditPurpose
from webapp.auth.models import Role
from webapp.extensions import db
from webapp.types import utcnow

log = logging.getLogger(__name__)

#: a look at the same data for the same purpose within this time is the same look-up: a
#: counsellor paging, reloading or swapping parts of a citizen's page has looked once
SAME_LOOK = timedelta(minutes=30)

#: each purpose as the citizen reads it, in their language
PURPOSE_TEXTS: dict[AuditPurpose, LazyString] = {
    AuditPurpose.MEETING: _l("To prepare a meeting with you"),
    AuditPurpose.GOALS: _l("To follow up on your goals"),
    AuditPurpose.REFERRAL: _l("To handle your request to join a group"),
    AuditPurpose.REFERRAL_ANSWER: _l("To answer your request to join a group"),
    AuditPurpose.ATTENDANCE: _l("To record your attendance"),
    AuditPurpose.COURSE: _l("To plan your course"),
    AuditPurpose.ENROLMENT: _l("To enrol you in a course"),
    AuditPurpose.ENROLMENT_END: _l("To end your course"),
}
#: who looked, by role: the citizen sees the role, not the name
ROLE_TEXTS: dict[Role, LazyString] = {
    Role.STAFF: _l("A counsellor"),
    Role.ADMIN: _l("An administrator"),
}


def record(actor, action: AuditAction, object_type: str, purpose: AuditPurpose,
           subject=None, object_id: int | None = None) -> AuditEvent:
    """Add an audit event to the current transaction (the caller commits). A look (VIEW)
    at the same thing for the same purpose by the same person within SAME_LOOK of the last
    one is that look-up still: nothing is added, and the earlier event is returned."""
    where = dict(actor_id=actor.id, subject_id=subject.id if subject else None,
                 action=action, object_type=object_type, object_id=object_id,
                 purpose=purpose.value)
    if action is AuditAction.VIEW:
        earlier = db.session.scalar(
            select(AuditEvent).filter_by(**where).where(AuditEvent.at > utcnow() - SAME_LOOK)
            .order_by(AuditEvent.at.desc()).limit(1))
        if earlier is not None:
            return earlier
    event = AuditEvent(actor_role=actor.role, **where)
    db.session.add(event)
    log.info("audit: user %s %s %s %s (%s)", actor.id, action.value, object_type, object_id,
             purpose.value)
    return event


@dataclass(frozen=True)
class Lookup:
    """One entry of the citizen's privacy log, in the reader's language."""

    at: datetime
    #: "A counsellor", "An administrator"
    who: str
    #: "To follow up on your goals"
    why: str


def purpose_text(stored: str) -> str:
    """A stored purpose in the reader's language; words from before the codes as they are."""
    try:
        return str(PURPOSE_TEXTS[AuditPurpose(stored)])
    except ValueError:
        return stored


def lookups_of(citizen, limit: int = 50) -> list[Lookup]:
    """When, by whom (the role) and why staff looked at or changed this citizen's data,
    newest first (one query). The citizen sees dates, times and purposes, and the role, not
    the name (Datatilsynet's practice after C-579/21)."""
    query = (
        select(AuditEvent.at, AuditEvent.actor_role, AuditEvent.purpose)
        .where(AuditEvent.subject_id == citizen.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return [Lookup(at, str(ROLE_TEXTS.get(role, "")), purpose_text(purpose))
            for at, role, purpose in db.session.execute(query)]
