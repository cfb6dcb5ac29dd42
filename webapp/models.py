"""Every table of every domain, imported in one place for Alembic and the test harness."""

from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth.models import Role, User
from webapp.enrolments.models import (
    Enrolment,
    EnrolmentChange,
    EnrolmentSource,
    EnrolmentStatus,
    Package,
    SupportLevel,
)
from webapp.goals.models import CheckIn, Goal, GoalStatus, GoalTheme, GoalType
from webapp.meetings.models import (
    AbsenceReason,
    CheckInMethod,
    Meeting,
    Registration,
    RegistrationStatus,
    WalkIn,
)
from webapp.offers.models import (
    SEARCH_INDEX,
    Admission,
    LegalBasis,
    Location,
    Municipality,
    Offer,
    OfferKind,
    OfferStatus,
    Topic,
    offer_facilitators,
)
from webapp.referrals.models import Referral, ReferralStatus
from webapp.reminders.models import PushSubscription, ReminderKind, SentReminder

__all__ = [
    "AbsenceReason", "Admission", "AuditAction", "AuditEvent", "CheckIn", "CheckInMethod",
    "Meeting", "Enrolment", "EnrolmentChange", "EnrolmentSource", "EnrolmentStatus", "Goal",
    "GoalStatus",
    "GoalTheme", "GoalType", "LegalBasis", "Location", "Municipality", "Offer", "OfferKind",
    "OfferStatus", "Package", "PushSubscription", "Referral", "ReferralStatus", "Registration",
    "RegistrationStatus", "ReminderKind", "Role", "SentReminder", "SupportLevel", "Topic", "User",
    "WalkIn",
    "offer_facilitators",
]

#: indexes the models make on one kind of database only (Index.ddl_if): {name: dialect}
ONE_DATABASE_INDEXES = dict([SEARCH_INDEX])


def include_object_on(dialect: str):
    """Alembic's include_object for a database of this dialect (`connection.dialect.name`):
    leaves out the indexes the models make on another kind of database only."""

    def include(_object, name, type_, _reflected, _compare_to) -> bool:
        return type_ != "index" or ONE_DATABASE_INDEXES.get(name, dialect) == dialect

    return include
