"""Queries about enrolments, and changing an ongoing one's § 85 package or support level."""

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.audit.models import AuditAction, AuditPurpose
from webapp.audit.services import record
from webapp.core import Refusal
from webapp.enrolments.models import (
    CURRENT_ENROLMENT,
    Enrolment,
    EnrolmentChange,
    Package,
    SupportLevel,
)
from webapp.extensions import db
from webapp.offers.models import LegalBasis

log = logging.getLogger(__name__)


def current_enrolment(citizen_id: int, offer_id: int) -> Enrolment | None:
    """The citizen's place, or place on the waiting list, in the offer's group."""
    return db.session.scalar(select(Enrolment).where(
        Enrolment.citizen_id == citizen_id, Enrolment.offer_id == offer_id,
        Enrolment.status.in_(CURRENT_ENROLMENT)))


def can_change_support(enrolment: Enrolment) -> bool:
    """An ongoing enrolment in a § 85 course: its package and level can change."""
    return enrolment.status in CURRENT_ENROLMENT \
        and enrolment.offer.legal_basis is LegalBasis.S85


def cannot_change(enrolment: Enrolment):
    """Why the enrolment's package and level cannot change (can_change_support is False)."""
    if enrolment.offer.legal_basis is not LegalBasis.S85:
        return _l("Only a § 85 course has a package and a support level.")
    return _l("This course has ended. Its package and support level can no longer change.")


def change_support(staff, enrolment: Enrolment, package: Package,
                   level: SupportLevel) -> EnrolmentChange:
    """Give an ongoing § 85 enrolment a new package and support level, keep the change in
    its history (when, who, from, to), write it to the audit trail, and commit. The row is
    locked first, so two counsellors changing it at once each record what they changed
    from."""
    db.session.execute(select(Enrolment.id).where(Enrolment.id == enrolment.id)
                       .with_for_update())
    db.session.refresh(enrolment, ["status", "package", "support_level"])
    if not can_change_support(enrolment):
        message = cannot_change(enrolment)
        db.session.rollback()
        raise Refusal(message)
    change = EnrolmentChange(enrolment_id=enrolment.id, changed_by_id=staff.id,
                             package_from=enrolment.package, package_to=package,
                             level_from=enrolment.support_level, level_to=level)
    enrolment.package, enrolment.support_level = package, level
    db.session.add(change)
    record(staff, AuditAction.CHANGE, "enrolment", AuditPurpose.COURSE,
           subject=enrolment.citizen, object_id=enrolment.id)
    db.session.commit()
    log.info("staff %s changed enrolment %s to %s, %s", staff.id, enrolment.id,
             package.value, level.value)
    return change
