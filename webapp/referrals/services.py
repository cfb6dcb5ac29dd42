"""Self-referrals (§ 82 a): asking to join a group, withdrawing, the team's queue (taking an
inquiry, answering it), and the 14-day promise in numbers.

The answer-by date is the day the inquiry arrived, on the calendar in Copenhagen, plus 14
days: an inquiry sent at 00.30 on 29 March (23.30 UTC the day before) counts from 29 March.
An inquiry is late when the answer-by day has ended without an answer: answered after it, or
still unanswered after it (`is_overdue`). The citizen is then told so, with an apology and
whom to call (`referral_phone`), and the numbers count it as late (`promise_kept`).

The queue is the team's (`webapp.staff.access.team_offer_ids`): every counsellor of the
municipality's team sees the inquiries to its groups. One of them takes an inquiry ("I'll
take it") so two do not answer the same; answering one a colleague has taken needs a tick
("I answer it instead").
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from flask import abort, current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import Row, and_, case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from webapp.audit.models import AuditAction, AuditPurpose
from webapp.audit.services import record
from webapp.core import Refusal, local_day
from webapp.enrolments.models import CURRENT_ENROLMENT, Enrolment, EnrolmentSource, EnrolmentStatus
from webapp.enrolments.services import current_enrolment
from webapp.extensions import db
from webapp.i18n import long_date
from webapp.offers.models import Admission, Offer, OfferStatus
from webapp.paging import Page, page_bounds
from webapp.referrals.models import (
    ANSWER_WITHIN_DAYS,
    ANSWERED_STATUSES,
    OPEN_REFERRAL_STATUSES,
    DeclineReason,
    Referral,
    ReferralStatus,
)
from webapp.staff.access import on_team_of, team_offer_ids
from webapp.types import utcnow

log = logging.getLogger(__name__)

#: why a counsellor opens an inquiry, and answers it: the citizen reads these, in their
#: language (webapp.audit.services.PURPOSE_TEXTS)
PURPOSE_REVIEW = AuditPurpose.REFERRAL
PURPOSE_ANSWER = AuditPurpose.REFERRAL_ANSWER
#: a counsellor takes an inquiry, or puts it back in the queue (logged without the citizen:
#: it is no look at their data)
PURPOSE_TAKE = AuditPurpose.REFERRAL_TAKEN
PURPOSE_RELEASE = AuditPurpose.REFERRAL_RELEASED
#: Hjem shows answers this many days old, and every undecided inquiry
HOME_DAYS = 30
HOME_LIMIT = 5
QUEUE_PER_PAGE = 50
#: days left at or below which the queue shows an inquiry as due soon, and I dag lists it
DUE_SOON_DAYS = 3


class Why(enum.Enum):
    """Why a citizen may not ask to join: the page shows the way on for each."""

    ARCHIVED = "archived"
    THROUGH_COUNSELLOR = "through_counsellor"
    DROP_IN = "drop_in"
    ALREADY_ASKED = "already_asked"
    ENROLLED = "enrolled"


class AskRefusal(Refusal):
    """A refused inquiry: the message, the status, why, and the open inquiry if there is one."""

    def __init__(self, message, why: Why, status: int = 409, referral: Referral | None = None):
        super().__init__(message, status)
        self.why = why
        self.referral = referral
        #: the open inquiry is late: the page says whom to call
        self.late = referral is not None and is_overdue(referral)


# -- Dates -------------------------------------------------------------------------------------

def today() -> date:
    """Today on the calendar in Copenhagen."""
    return local_day(utcnow())


def answer_by_for(received_at: datetime) -> date:
    """The § 82 a promise: the received day in Copenhagen plus 14 days."""
    return local_day(received_at) + timedelta(days=ANSWER_WITHIN_DAYS)


def is_overdue(referral, on: date | None = None) -> bool:
    """Undecided and past its answer-by date: the answer is late (a Referral or a row with
    status and answer_by)."""
    return referral.status in OPEN_REFERRAL_STATUSES and referral.answer_by < (on or today())


def referral_phone() -> str:
    """The number a citizen calls about an inquiry, e.g. a late one: REFERRAL_PHONE, else
    the social service centre's."""
    config = current_app.config
    return config.get("REFERRAL_PHONE") or config["SOCIALSERVICE_PHONE"]


@dataclass(frozen=True)
class Due:
    """How much time is left to answer, in words, and a tone for the colour."""

    text: str
    #: "overdue", "soon" or "ok"
    tone: str


def due(answer_by: date, on: date) -> Due:
    """'3 days overdue', 'Answer today', '1 day left', '9 days left'."""
    days = (answer_by - on).days
    if days < 0:
        return Due(ngettext("%(num)d day overdue", "%(num)d days overdue", -days), "overdue")
    if days == 0:
        return Due(_("Answer today"), "soon")
    return Due(ngettext("%(num)d day left", "%(num)d days left", days),
               "soon" if days <= DUE_SOON_DAYS else "ok")


# -- Asking to join ----------------------------------------------------------------------------

def offer_to_ask_or_404(offer_id: int) -> Offer:
    """An offer a citizen can see or once saw (published or archived), with its place."""
    offer = db.session.scalar(
        select(Offer).where(Offer.id == offer_id, Offer.status != OfferStatus.DRAFT)
        .options(joinedload(Offer.location))
    )
    if offer is None:
        abort(404)
    return offer


def open_referral(citizen, offer_id: int) -> Referral | None:
    """The citizen's undecided inquiry to this offer."""
    return db.session.scalar(select(Referral).where(
        Referral.citizen_id == citizen.id, Referral.offer_id == offer_id,
        Referral.status.in_(OPEN_REFERRAL_STATUSES)))


def check_can_ask(citizen, offer: Offer) -> None:
    """Raise AskRefusal unless this citizen (None: a visitor) may ask to join the offer."""
    ended = offer.ends_on is not None and offer.ends_on < today()
    if offer.status is OfferStatus.ARCHIVED or ended:
        raise AskRefusal(_l("This group has ended, so it does not take new participants."),
                         Why.ARCHIVED)
    if offer.admission is Admission.THROUGH_COUNSELLOR:
        raise AskRefusal(_l("You cannot ask for a place in this course here. You join it "
                            "through the municipality."), Why.THROUGH_COUNSELLOR)
    if offer.admission is Admission.DROP_IN:
        raise AskRefusal(_l("You do not need to ask for a place in this group. Just sign up "
                            "for a meeting."), Why.DROP_IN)
    if citizen is None:
        return
    if citizen.is_staff:
        raise AskRefusal(_l("Only citizens can ask for a place in a group."), Why.ENROLLED, 403)
    if (asked := open_referral(citizen, offer.id)) is not None:
        if is_overdue(asked):
            message = _("You have already asked for a place in this group. We are late "
                        "with the answer. We are sorry.")
        else:
            message = _("You have already asked for a place in this group. We answer you "
                        "no later than %(date)s.", date=long_date(asked.answer_by))
        raise AskRefusal(message, Why.ALREADY_ASKED, referral=asked)
    if current_enrolment(citizen.id, offer.id) is not None:
        raise AskRefusal(_l("You already have a place in this group, or you are on its "
                            "waiting list."), Why.ENROLLED)


def ask_to_join(citizen, offer: Offer, **fields) -> Referral:
    """Save the citizen's inquiry (received now, answer-by in 14 days) and commit; the
    citizen may be new in this transaction. Raises AskRefusal."""
    try:
        check_can_ask(citizen, offer)
        now = utcnow()
        referral = Referral(citizen_id=citizen.id, offer_id=offer.id, consent_at=now,
                            received_at=now, answer_by=answer_by_for(now),
                            status=ReferralStatus.RECEIVED, **fields)
        db.session.add(referral)
        db.session.flush()
    except IntegrityError:
        # The same citizen sent the form twice at once: the database keeps one open inquiry.
        db.session.rollback()
        check_can_ask(citizen, offer)
        raise
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    log.info("citizen %s asked to join offer %s (referral %s)", citizen.id, offer.id,
             referral.id)
    return referral


def own_referral(citizen, referral_id: int) -> Referral:
    """The citizen's own inquiry with its offer, or a 404 (also for another's)."""
    referral = db.session.scalar(
        select(Referral).where(Referral.id == referral_id, Referral.citizen_id == citizen.id)
        .options(joinedload(Referral.offer).joinedload(Offer.location))
    )
    if referral is None:
        abort(404)
    return referral


def withdraw(citizen, referral_id: int) -> Referral:
    """Withdraw an undecided inquiry and commit; refused (409) once it is answered."""
    referral = own_referral(citizen, referral_id)
    changed = db.session.execute(
        update(Referral)
        .where(Referral.id == referral.id, Referral.status.in_(OPEN_REFERRAL_STATUSES))
        .values(status=ReferralStatus.WITHDRAWN)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        db.session.rollback()
        if referral.status is ReferralStatus.WITHDRAWN:
            raise Refusal(_l("You have already withdrawn this request."))
        raise Refusal(_l("You have already had an answer, so you cannot withdraw the request. "
                         "If you no longer want the place, tell your counsellor."))
    db.session.commit()
    log.info("citizen %s withdrew referral %s", citizen.id, referral.id)
    return own_referral(citizen, referral_id)


def _card_rows(citizen):
    """The citizen's requests, newest first, as the cards' rows: id, offer_id, the offer's
    title, status, answer_by, received_at, is_open (not answered or withdrawn yet) and late
    (not answered, and the answer-by day is over: `is_overdue`)."""
    undecided = Referral.status.in_(OPEN_REFERRAL_STATUSES)
    return (
        select(Referral.id, Referral.offer_id, Offer.title, Referral.status, Referral.answer_by,
               Referral.received_at, undecided.label("is_open"),
               (undecided & (Referral.answer_by < today())).label("late"))
        .join(Offer, Offer.id == Referral.offer_id)
        .where(Referral.citizen_id == citizen.id)
        .order_by(Referral.received_at.desc(), Referral.id.desc())
    )


def referrals_of(citizen) -> list[Row]:
    """All the citizen's requests, newest first, as card rows, in one query."""
    return db.session.execute(_card_rows(citizen)).all()


def home_referrals(citizen, limit: int = HOME_LIMIT) -> list[Row]:
    """For Hjem: undecided requests, and answers from the last 30 days, newest first, as
    card rows, in one query."""
    since = utcnow() - timedelta(days=HOME_DAYS)
    query = _card_rows(citizen).where(
        Referral.status.in_(OPEN_REFERRAL_STATUSES)
        | (Referral.status.in_(ANSWERED_STATUSES) & (Referral.answered_at >= since))
    ).limit(limit)
    return db.session.execute(query).all()


@dataclass(frozen=True)
class AskState:
    """What an ask-to-join offer's page says: the citizen's newest request (a row with id,
    status, received_at and answer_by), and their current enrolment (a place, or a place on
    the waiting list)."""

    referral: Row | None
    enrolment: EnrolmentStatus | None

    @property
    def asking(self) -> bool:
        """The newest request is not answered yet."""
        return self.referral is not None and self.referral.status in OPEN_REFERRAL_STATUSES

    @property
    def late(self) -> bool:
        """The newest request is not answered, and its answer-by day is over."""
        return self.referral is not None and is_overdue(self.referral)

    @property
    def enrolled(self) -> bool:
        return self.enrolment is not None

    @property
    def may_sign_up(self) -> bool:
        """Only a place (not the waiting list) lets the citizen sign up for meetings, as
        meetings.services.may_sign_up says."""
        return self.enrolment is EnrolmentStatus.ACTIVE


def ask_state(citizen, offer) -> AskState | None:
    """For the offer page of an ask-to-join offer, in two queries (none for visitors and
    staff); None for other offers."""
    if offer.admission is not Admission.ASK_TO_JOIN:
        return None
    if citizen is None or not citizen.is_authenticated or citizen.is_staff:
        return AskState(None, None)
    latest = db.session.execute(
        select(Referral.id, Referral.status, Referral.received_at, Referral.answer_by)
        .where(Referral.citizen_id == citizen.id, Referral.offer_id == offer.id)
        .order_by(Referral.received_at.desc(), Referral.id.desc()).limit(1)
    ).one_or_none()
    enrolment = db.session.scalar(
        select(Enrolment.status).where(Enrolment.citizen_id == citizen.id,
                                       Enrolment.offer_id == offer.id,
                                       Enrolment.status.in_(CURRENT_ENROLMENT)))
    return AskState(latest, enrolment)


def waiting_position(referral: Referral) -> int | None:
    """Where the citizen stands on the group's waiting list (1: next in line), counted by
    when each citizen was put on it; None when they are not on it (any more). Two queries."""
    mine = db.session.execute(
        select(Enrolment.created_at, Enrolment.id).where(
            Enrolment.citizen_id == referral.citizen_id,
            Enrolment.offer_id == referral.offer_id,
            Enrolment.status == EnrolmentStatus.WAITLISTED)
    ).one_or_none()
    if mine is None:
        return None
    return db.session.scalar(
        select(func.count()).select_from(Enrolment).where(
            Enrolment.offer_id == referral.offer_id,
            Enrolment.status == EnrolmentStatus.WAITLISTED,
            or_(Enrolment.created_at < mine.created_at,
                and_(Enrolment.created_at == mine.created_at, Enrolment.id <= mine.id)))
    )


# -- The counsellors' queue --------------------------------------------------------------------

#: the queue's status filter: "open" (undecided), "all", or one status
QUEUE_FILTERS = ("open", "all", *(s.value for s in ReferralStatus))


@dataclass(frozen=True)
class QueueItem:
    referral: Referral
    due: Due | None
    overdue: bool


@dataclass(frozen=True)
class QueuePage(Page):
    #: how many of all the listed inquiries are overdue
    overdue: int


def _visible_to(staff):
    """The WHERE clause for inquiries to the offers this staff member's team runs (admins:
    all)."""
    if staff.is_admin:
        return ()
    return (Referral.offer_id.in_(team_offer_ids(staff)),)


def queue(staff, offer_id: int | None = None, status: str = "open", page: int = 1
          ) -> QueuePage:
    """A page of the inquiries this counsellor's team may answer, with who has taken each:
    undecided first, soonest answer-by first (so overdue ones are at the top), in three
    queries."""
    where = [*_visible_to(staff)]
    if offer_id:
        where.append(Referral.offer_id == offer_id)
    if status == "open":
        where.append(Referral.status.in_(OPEN_REFERRAL_STATUSES))
    elif status != "all":
        where.append(Referral.status == ReferralStatus(status))
    on = today()
    undecided = Referral.status.in_(OPEN_REFERRAL_STATUSES)
    total, overdue = db.session.execute(
        select(func.count(), func.count().filter(undecided & (Referral.answer_by < on)))
        .select_from(Referral).where(*where)
    ).one()
    page, pages, offset = page_bounds(total, page, QUEUE_PER_PAGE)
    referrals = db.session.scalars(
        select(Referral).where(*where)
        .options(joinedload(Referral.citizen), joinedload(Referral.offer),
                 joinedload(Referral.taken_by))
        .order_by(case((undecided, 0), else_=1), Referral.answer_by, Referral.received_at,
                  Referral.id)
        .limit(QUEUE_PER_PAGE).offset(offset)
    )
    items = [QueueItem(r, due(r.answer_by, on) if r.status in OPEN_REFERRAL_STATUSES else None,
                       is_overdue(r, on))
             for r in referrals]
    return QueuePage(items=items, page=page, pages=pages, total=total, overdue=overdue)


def queue_offers(staff) -> list[Offer]:
    """The ask-to-join offers in the counsellor's filter: their team's (admins: all), by
    title."""
    query = select(Offer).where(Offer.admission == Admission.ASK_TO_JOIN).order_by(Offer.title)
    if not staff.is_admin:
        query = query.where(Offer.id.in_(team_offer_ids(staff)))
    return list(db.session.scalars(query))


def _for_staff(staff, referral_id: int) -> Referral:
    referral = db.session.scalar(
        select(Referral).where(Referral.id == referral_id)
        .options(joinedload(Referral.citizen), joinedload(Referral.answered_by),
                 joinedload(Referral.taken_by),
                 joinedload(Referral.offer).joinedload(Offer.location))
        .execution_options(populate_existing=True)
    )
    if referral is None or not on_team_of(staff, referral.offer_id):
        abort(404)
    return referral


def open_for_review(staff, referral_id: int) -> Referral:
    """A counsellor opens an inquiry: log the look (audit), mark a new one as in review,
    commit. A 404 for an inquiry to an offer outside their team's."""
    referral = _for_staff(staff, referral_id)
    record(staff, AuditAction.VIEW, "referral", PURPOSE_REVIEW, subject=referral.citizen,
           object_id=referral.id)
    if referral.status is ReferralStatus.RECEIVED:
        referral.status = ReferralStatus.IN_REVIEW
    db.session.commit()
    return referral


class TakenRefusal(Refusal):
    """A colleague has taken the inquiry: answering it needs "I answer it instead"."""


def taken_by_other(referral: Referral, staff) -> bool:
    """Undecided, and taken by someone else than this staff member."""
    return referral.is_open and referral.taken_by_id not in (None, staff.id)


def take(staff, referral_id: int) -> Referral:
    """"I'll take it": the undecided inquiry is this counsellor's to answer; logged, and
    committed. Refused (409) when a colleague has taken it, or it is answered or withdrawn;
    taking one's own again changes nothing."""
    referral = _for_staff(staff, referral_id)
    if referral.is_open and referral.taken_by_id == staff.id:
        return referral
    # Compare and set: of two counsellors pressing at once, only one takes it.
    changed = db.session.execute(
        update(Referral)
        .where(Referral.id == referral.id, Referral.status.in_(OPEN_REFERRAL_STATUSES),
               Referral.taken_by_id.is_(None))
        .values(taken_by_id=staff.id, taken_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        db.session.rollback()
        referral = _for_staff(staff, referral_id)
        _check_open(referral)
        raise Refusal(_("%(name)s has already taken this request.",
                        name=referral.taken_by.name))
    record(staff, AuditAction.CHANGE, "referral", PURPOSE_TAKE, object_id=referral.id)
    db.session.commit()
    log.info("staff %s took referral %s", staff.id, referral.id)
    return _for_staff(staff, referral_id)


def release(staff, referral_id: int) -> Referral:
    """Put a taken inquiry back in the queue, so anyone on the team can take it; logged, and
    committed. Only whoever took it may (and an admin); refused (409) for others."""
    referral = _for_staff(staff, referral_id)
    if referral.taken_by_id is None:
        return referral
    if referral.taken_by_id != staff.id and not staff.is_admin:
        raise Refusal(_("Only %(name)s can put this request back in the queue.",
                        name=referral.taken_by.name))
    referral.taken_by_id = None
    referral.taken_at = None
    record(staff, AuditAction.CHANGE, "referral", PURPOSE_RELEASE, object_id=referral.id)
    db.session.commit()
    log.info("staff %s put referral %s back in the queue", staff.id, referral.id)
    return _for_staff(staff, referral_id)


def _check_open(referral: Referral) -> None:
    if referral.status is ReferralStatus.WITHDRAWN:
        raise Refusal(_l("The citizen has withdrawn the request, so it cannot be answered."))
    if not referral.is_open:
        raise Refusal(_l("The request has already been answered. Reload the page to see "
                         "the answer."))


class Decision(enum.Enum):
    OFFER = "offer"
    WAITLIST = "waitlist"
    DECLINE = "decline"


#: what each decision can change from, and what it leads to
_FROM = {
    Decision.OFFER: (*OPEN_REFERRAL_STATUSES, ReferralStatus.WAITLISTED),
    Decision.WAITLIST: OPEN_REFERRAL_STATUSES,
    Decision.DECLINE: (*OPEN_REFERRAL_STATUSES, ReferralStatus.WAITLISTED),
}
_TO = {
    Decision.OFFER: ReferralStatus.OFFERED,
    Decision.WAITLIST: ReferralStatus.WAITLISTED,
    Decision.DECLINE: ReferralStatus.DECLINED,
}


def decide(staff, referral_id: int, decision: Decision, reason: DeclineReason | None = None,
           note: str | None = None, instead: bool = False) -> Referral:
    """Answer an inquiry and commit: offer a place (an active enrolment), the waiting list (a
    waiting enrolment) or no place with a reason. Logged with who and when. Raises Refusal
    (409) when the inquiry is withdrawn or already answered, TakenRefusal (409) when a
    colleague has taken it and `instead` (answer it instead of them) is not set; a 404
    outside the counsellor's team."""
    referral = _for_staff(staff, referral_id)
    try:
        _check_decision(referral, decision)
        if taken_by_other(referral, staff) and not instead:
            raise TakenRefusal(_("%(name)s has taken this request. Tick the box if you "
                                 "answer it instead.", name=referral.taken_by.name))
        # Compare and set: of two counsellors answering at once, only one gets through.
        changed = db.session.execute(
            update(Referral)
            .where(Referral.id == referral.id, Referral.status.in_(_FROM[decision]))
            .values(status=_TO[decision])
            .execution_options(synchronize_session=False)
        ).rowcount
        if not changed:
            _check_decision(_for_staff(staff, referral_id), decision)
        now = utcnow()
        referral = _for_staff(staff, referral_id)
        if referral.answered_at is None:
            # The first answer is the one the 14-day promise is measured by.
            referral.answered_at = now
            referral.answered_by_id = staff.id
        referral.decline_reason = reason if decision is Decision.DECLINE else None
        referral.decision_note = note or None
        _enrol(referral, decision)
        record(staff, AuditAction.CHANGE, "referral", PURPOSE_ANSWER, subject=referral.citizen,
               object_id=referral.id)
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    log.info("staff %s answered referral %s: %s", staff.id, referral.id, decision.value)
    return referral


def _check_decision(referral: Referral, decision: Decision) -> None:
    if referral.status is ReferralStatus.WITHDRAWN:
        raise Refusal(_l("The citizen has withdrawn the request, so it cannot be answered."))
    if referral.status not in _FROM[decision]:
        raise Refusal(_l("The request has already been answered. Reload the page to see "
                         "the answer."))
    offer = referral.offer
    if decision is Decision.OFFER and offer.ends_on is not None and offer.ends_on < today():
        raise Refusal(_l("The course has ended, so you cannot offer a place in it."))


def _enrol(referral: Referral, decision: Decision) -> None:
    """Keep the enrolment in step with the answer: active for a place, waiting for the
    waiting list, ended when a waiting citizen gets no place."""
    enrolment = current_enrolment(referral.citizen_id, referral.offer_id)
    on = today()
    if decision is Decision.DECLINE:
        if enrolment is not None and enrolment.status is EnrolmentStatus.WAITLISTED:
            enrolment.status = EnrolmentStatus.WITHDRAWN
            enrolment.ends_on = max(on, enrolment.starts_on)
        return
    status = (EnrolmentStatus.ACTIVE if decision is Decision.OFFER
              else EnrolmentStatus.WAITLISTED)
    if enrolment is not None:
        if enrolment.status is EnrolmentStatus.WAITLISTED:
            enrolment.status = status
        return
    offer = referral.offer
    starts_on = max(on, offer.starts_on or on)
    db.session.add(Enrolment(citizen_id=referral.citizen_id, offer_id=referral.offer_id,
                             status=status, source=EnrolmentSource.SELF_REFERRAL,
                             starts_on=starts_on, ends_on=offer.ends_on))


# -- The promise in numbers --------------------------------------------------------------------

@dataclass(frozen=True)
class PromiseKept:
    """How well the 14-day promise was kept for the inquiries received in a period whose
    answer is due: those answered, and those still unanswered after their answer-by day
    (late, so they count as not kept)."""

    answered: int
    within_promise: int
    #: within_promise / due; None when no answer is due yet
    share: float | None
    #: days from received to answered, the median of the answered; None when none is
    median_days: float | None
    #: not answered, and the answer-by day is over
    late_unanswered: int = 0

    @property
    def due(self) -> int:
        """The inquiries the promise is judged on: answered, or late and not answered."""
        return self.answered + self.late_unanswered


def promise_kept(since: datetime, until: datetime, offer_ids: Collection[int] | None = None
                 ) -> PromiseKept:
    """Of the inquiries received in [since, until) whose answer is due, how many were
    answered (a place, the waiting list or no place) by the end of their answer-by day in
    Copenhagen, in one query. One still unanswered after that day is late (`is_overdue`);
    one not due yet, or withdrawn, is not counted."""
    undecided = Referral.status.in_(OPEN_REFERRAL_STATUSES)
    query = select(Referral.received_at, Referral.answered_at, Referral.answer_by,
                   undecided.label("undecided")).where(
        Referral.received_at >= since, Referral.received_at < until,
        (Referral.status.in_(ANSWERED_STATUSES) & Referral.answered_at.is_not(None))
        | (undecided & (Referral.answer_by < today())))
    if offer_ids is not None:
        query = query.where(Referral.offer_id.in_(list(offer_ids)))
    rows = db.session.execute(query).all()
    if not rows:
        return PromiseKept(answered=0, within_promise=0, share=None, median_days=None)
    answered = [row for row in rows if not row.undecided]
    late = len(rows) - len(answered)
    within = sum(1 for row in answered if local_day(row.answered_at) <= row.answer_by)
    days = median((row.answered_at - row.received_at).total_seconds() / 86400
                  for row in answered) if answered else None
    return PromiseKept(answered=len(answered), within_promise=within,
                       share=within / len(rows), median_days=days, late_unanswered=late)


def overdue_count(staff) -> int:
    """Undecided inquiries past their answer-by date, to the offers of this staff member's
    team (admins: all)."""
    return db.session.scalar(
        select(func.count()).select_from(Referral).where(
            *_visible_to(staff), Referral.status.in_(OPEN_REFERRAL_STATUSES),
            Referral.answer_by < today())
    )


@dataclass(frozen=True)
class PromiseSummary:
    last_30: PromiseKept
    last_365: PromiseKept
    overdue: int
    open: int


def promise_summary(staff) -> PromiseSummary:
    """The staff overview's numbers for the groups of this counsellor's team, the queue's
    (admins: all), in four queries (the overdue count is `overdue_count`'s, with the
    undecided ones counted in the same query)."""
    now = utcnow()
    offer_ids = None if staff.is_admin else list(db.session.scalars(team_offer_ids(staff)))
    undecided, overdue = db.session.execute(
        select(func.count(), func.count().filter(Referral.answer_by < today()))
        .select_from(Referral)
        .where(*_visible_to(staff), Referral.status.in_(OPEN_REFERRAL_STATUSES))
    ).one()
    return PromiseSummary(
        last_30=promise_kept(now - timedelta(days=30), now, offer_ids),
        last_365=promise_kept(now - timedelta(days=365), now, offer_ids),
        overdue=overdue,
        open=undecided,
    )
