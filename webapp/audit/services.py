"""Writing the audit trail."""

import logging

from sqlalchemy import select

from webapp.audit.models import AuditAction, AuditEvent
from webapp.extensions import db

log = logging.getLogger(__name__)


def record(actor, action: AuditAction, object_type: str, purpose: str,
           subject=None, object_id: int | None = None) -> AuditEvent:
    """Add an audit event to the current transaction (the caller commits)."""
    event = AuditEvent(actor_id=actor.id, subject_id=subject.id if subject else None,
                       action=action, object_type=object_type, object_id=object_id,
                       purpose=purpose)
    db.session.add(event)
    log.info("audit: user %s %s %s %s (%s)", actor.id, action.value, object_type, object_id,
             purpose)
    return event


def lookups_of(citizen, limit: int = 50) -> list[AuditEvent]:
    """When and why staff looked at or changed this citizen's data, newest first. The
    citizen sees dates and purposes, not who (Danish data protection practice)."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.subject_id == citizen.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
