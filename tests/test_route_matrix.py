"""Every route × every role: walk `app.url_map`, fill each address with the ids of one
citizen's things (Anna: her meeting and sign-up, goal, inquiry, enrolment, her group's offer,
place and municipality), send every method the route accepts as each of six roles, and compare
the answer with the table below. The roles are Anna herself, another citizen (Bo, in another
group), the counsellor of Anna's group, the counsellor of Bo's group, the admin, and a visitor.

Besides the status, for the roles that may not see Anna's things: no answer shows anything of
hers (name, e-mail, phone, goals, notes, inquiry), and nothing of hers in the database has
changed after all their requests. Her private goal shows to nobody but her.

A route missing from the table fails the suite: whoever adds a route decides here who may use
it, so a new route without a guard cannot slip through."""

import pytest
from flask import url_for
from sqlalchemy import select

from tests import factories
from tests.conftest import login
from webapp.extensions import db
from webapp.models import Admission, Offer, Role, User

VISITOR, CITIZEN, OTHER_CITIZEN = "visitor", "citizen", "other citizen"
COUNSELLOR, OTHER_COUNSELLOR, ADMIN = "counsellor of the group", "other counsellor", "admin"
ROLES = (VISITOR, CITIZEN, OTHER_CITIZEN, COUNSELLOR, OTHER_COUNSELLOR, ADMIN)
#: the roles that may see nothing of Anna's (and change nothing of hers)
OUTSIDERS = (VISITOR, OTHER_CITIZEN, OTHER_COUNSELLOR)

# -- What a role may get ----------------------------------------------------------------------
#: let in: a GET shows the page (200); a POST (sent with no form) does it or answers with the
#: form's errors, or a refusal of the rules (409), but never 401/403/404 or a 5xx
YES = "let in"
LET_IN_GET = {200}
LET_IN_POST = {200, 303, 400, 409, 422}
#: a redirect to the login page
LOGIN = "login"
#: refused: forbidden (the page is for other roles), or not found (it is someone else's)
NO = frozenset({403})
GONE = frozenset({404})


def kind(visitor, citizen, other_citizen, counsellor, other_counsellor, admin) -> dict:
    return dict(zip(ROLES, (visitor, citizen, other_citizen, counsellor, other_counsellor, admin),
                    strict=True))


#           visitor citizen other   counsellor other    admin
PUBLIC = kind(YES, YES, YES, YES, YES, YES)
SIGNED_IN = kind(LOGIN, YES, YES, YES, YES, YES)
#: a citizen's own page or action, no id in the address (Hjem, Kalender, Mål…)
CITIZENS = kind(LOGIN, YES, YES, NO, NO, NO)
#: Anna's goal, sign-up, inquiry, calendar file: hers alone; not found for another citizen
ANNAS = kind(LOGIN, YES, GONE, NO, NO, NO)
#: a staff page with no object in the address (lists, forms)
STAFF = kind(LOGIN, NO, NO, YES, YES, YES)
#: a staff page or action about Anna's group, its meetings, or Anna: her group's counsellor
#: and the admin; not found for the counsellor of another group
GROUP = kind(LOGIN, NO, NO, YES, GONE, YES)
ADMIN_ONLY = kind(LOGIN, NO, NO, NO, NO, YES)
#: pages for visitors: the signed-in are sent on (home, or Today)
VISITORS = kind(YES, {302}, {302}, {302}, {302}, {302})

#: endpoint → kind, or {method: kind} where the methods differ
EXPECTED = {
    "static": PUBLIC,
    "main.index": kind(YES, YES, YES, {302}, {302}, {302}),  # staff: to Today
    "main.health": PUBLIC,
    "main.privacy": PUBLIC,
    "main.rights": PUBLIC,
    "main.accessibility_statement": kind(*[{302}] * 6),  # to the WAS-tool
    "main.set_locale": kind(*[{303}] * 6),
    "pwa.manifest": PUBLIC,
    "pwa.offline": PUBLIC,
    "pwa.service_worker": PUBLIC,
    "auth.login": VISITORS,
    "auth.register": VISITORS,
    "auth.logout": kind(*[{303}] * 6),
    "profile.index": SIGNED_IN,
    "offers.catalogue": PUBLIC,
    "offers.offer": PUBLIC,
    # A visitor asks and makes an account in one form; Anna is in the group already, and is
    # told so (409); staff do not ask.
    "referrals.ask": kind(YES, {409}, YES, NO, NO, NO),
    "meetings.calendar": CITIZENS,
    "meetings.meeting": CITIZENS,  # a meeting of a published offer; Bo sees his own status
    # Bo is not in Anna's group, so he cannot sign up for its meeting.
    "meetings.sign_up": kind(LOGIN, YES, NO, NO, NO, NO),
    "meetings.absence": ANNAS,
    "meetings.undo_absence": ANNAS,
    "meetings.history": CITIZENS,
    # Anna has a seat, not a place on the waiting list: a clear refusal.
    "meetings.leave_waiting_list": kind(LOGIN, {409}, GONE, NO, NO, NO),
    "feeds.feed": kind(*[GONE] * 6),  # a made-up token
    "feeds.meeting_ics": ANNAS,
    "feeds.new_address": CITIZENS,
    "profile.discreet": CITIZENS,
    "reminders.subscribe": CITIZENS,
    "reminders.turn_off": CITIZENS,
    "goals.goals": CITIZENS,
    "goals.new_goal": CITIZENS,
    "goals.export_csv": CITIZENS,
    "goals.printable": CITIZENS,
    "goals.goal": ANNAS,
    "goals.edit_goal": ANNAS,
    "goals.check_in": ANNAS,
    "goals.archive": ANNAS,
    "goals.restore": ANNAS,
    "goals.set_sharing": ANNAS,
    "goals.set_status": ANNAS,
    "referrals.mine": CITIZENS,
    "referrals.referral": ANNAS,
    "referrals.withdraw": ANNAS,
    "referrals.queue": STAFF,
    "referrals.review": GROUP,
    "referrals.answer": GROUP,
    "referrals.take": GROUP,
    "referrals.release": GROUP,
    # A made-up check-in code: a clear refusal for everyone signed in.
    "checkin.scan": kind(LOGIN, {400}, {400}, {400}, {400}, {400}),
    "staff.index": STAFF,
    "staff.offers": STAFF,
    "staff.new_offer": STAFF,
    "staff.offer": GROUP,
    "staff.edit_offer": GROUP,
    "staff.offer_status": GROUP,
    "staff.new_meeting": GROUP,
    "staff.new_series": GROUP,
    "staff.roster": GROUP,
    "staff.edit_meeting": GROUP,
    "staff.cancel_meeting": GROUP,
    "staff.mark": GROUP,
    "staff.walk_in": GROUP,
    "staff.qr": GROUP,
    "citizens.index": STAFF,
    "citizens.citizen": GROUP,
    "citizens.enrol_citizen": GROUP,
    "citizens.end": GROUP,
    "enrolments.change": GROUP,
    "stats.index": STAFF,
    "stats.export": STAFF,
    "admin.staff_accounts": ADMIN_ONLY,
    "admin.reset_password": ADMIN_ONLY,
    "admin.municipalities": ADMIN_ONLY,
    "admin.edit_municipality": ADMIN_ONLY,
    "admin.locations": ADMIN_ONLY,
    "admin.new_location": ADMIN_ONLY,
    "admin.edit_location": ADMIN_ONLY,
}

#: the methods a route is asked with (HEAD and OPTIONS are Flask's own)
METHODS = ("GET", "POST")
#: requested last: it ends the session
LAST = "auth.logout"

#: what only Anna (and those who may see her) would see; her private goal only she sees
ANNA = {"name": "Anna Hemmeligsen", "email": "anna.hemmeligsen@example.dk", "phone": "29871234"}
SHARED_GOAL = "Sove hele natten igennem"
NOTE = "Drømte om havet"
HOPES = "Møde andre der kender det"
PRIVATE_GOAL = "Fortælle min søster om det"
#: her surname (in her full name), and her name as a roster shortens it
SECRETS = ["Hemmeligsen", "Anna H.", ANNA["email"], ANNA["phone"], SHARED_GOAL, NOTE, HOPES,
           PRIVATE_GOAL]


def methods_of(rule) -> list[str]:
    return [m for m in METHODS if m in rule.methods]


def by_method(endpoint: str) -> dict:
    """The table's entry as {method: kind}."""
    entry = EXPECTED[endpoint]
    return entry if set(entry) <= set(METHODS) else dict.fromkeys(METHODS, entry)


def cells(app) -> list[tuple]:
    """(rule, method) for every route and method: GETs first, POSTs after (they may change
    what a GET would show), logging out last."""
    pairs = [(rule, method) for rule in app.url_map.iter_rules() for method in methods_of(rule)]
    return sorted(pairs, key=lambda p: (p[0].endpoint == LAST, p[1] != "GET", p[0].endpoint))


def test_every_route_and_method_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - EXPECTED.keys())
    assert not missing, (
        f"These routes are not in EXPECTED in tests/test_route_matrix.py: {missing}. Add each "
        "with what each role may get (the kinds at the top of the file), and make the route's "
        "guard match it.")
    stale = sorted(EXPECTED.keys() - endpoints)
    assert not stale, f"These routes are gone; remove them from EXPECTED: {stale}"
    for rule in app.url_map.iter_rules():
        assert methods_of(rule), f"{rule.endpoint} answers neither GET nor POST: add its method"
        assert set(methods_of(rule)) <= by_method(rule.endpoint).keys(), \
            f"{rule.endpoint}: say what each method it answers may get"


@pytest.fixture
def world(app):
    """Anna, enrolled in her group, signed up for its next meeting, with a shared goal and
    its check-in, a private goal, and an inquiry about the group; Bo with the same in another
    group; a counsellor for each group, and the admin. The addresses point at Anna's things."""
    with app.app_context():
        anna = factories.user(**ANNA)
        bo = factories.user(name="Bo Borgersen")
        counsellor = factories.user(role=Role.STAFF)
        other_counsellor = factories.user(role=Role.STAFF)
        admin = factories.user(role=Role.ADMIN)
        group = factories.offer(admission=Admission.ASK_TO_JOIN)
        other_group = factories.offer(admission=Admission.ASK_TO_JOIN)
        db.session.get(Offer, group.id).facilitators.append(db.session.get(User, counsellor.id))
        db.session.get(Offer, other_group.id).facilitators.append(
            db.session.get(User, other_counsellor.id))
        db.session.commit()
        meeting = factories.meeting(offer_id=group.id)
        goal = factories.goal(citizen_id=anna.id, offer_id=group.id, title=SHARED_GOAL,
                              shared_with_staff=True)
        factories.check_in(goal_id=goal.id, author_id=anna.id, note=NOTE)
        factories.goal(citizen_id=anna.id, title=PRIVATE_GOAL)
        ids = {
            "citizen_id": anna.id,
            "meeting_id": meeting.id,
            "offer_id": group.id,
            "registration_id": factories.registration(meeting_id=meeting.id,
                                                      citizen_id=anna.id).id,
            "goal_id": goal.id,
            "referral_id": factories.referral(citizen_id=anna.id, offer_id=group.id,
                                              hopes=HOPES).id,
            "enrolment_id": factories.enrolment(citizen_id=anna.id, offer_id=group.id).id,
            "user_id": counsellor.id,
            "location_id": group.location_id,
            "municipality_id": db.session.get(Offer, group.id).location.municipality_id,
            "token": "not-a-real-token",
            "filename": "css/app.css",
        }
        # Bo's own life in the other group, so his pages and his counsellor's are not empty.
        bo_meeting = factories.meeting(offer_id=other_group.id)
        factories.registration(meeting_id=bo_meeting.id, citizen_id=bo.id)
        factories.enrolment(citizen_id=bo.id, offer_id=other_group.id)
        factories.goal(citizen_id=bo.id, offer_id=other_group.id, shared_with_staff=True)
        factories.referral(citizen_id=bo.id, offer_id=other_group.id)
        emails = {CITIZEN: anna.email, OTHER_CITIZEN: bo.email, COUNSELLOR: counsellor.email,
                  OTHER_COUNSELLOR: other_counsellor.email, ADMIN: admin.email}
        users = {CITIZEN: anna.id, OTHER_CITIZEN: bo.id, COUNSELLOR: counsellor.id,
                 OTHER_COUNSELLOR: other_counsellor.id, ADMIN: admin.id}
    return ids, emails, users


def address(app, rule, ids) -> str:
    unknown = sorted(set(rule.arguments) - ids.keys())
    assert not unknown, (
        f"{rule.endpoint}: add a value for {unknown} to the `world` fixture in "
        "tests/test_route_matrix.py (one of Anna's things).")
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments})


def snapshot(app, skip_user: int | None) -> dict:
    """Every row in the database, but the acting user's own account row (a language chosen,
    a new calendar address are theirs to change)."""
    rows = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(select(table)).mappings():
                key = tuple(row[c.name] for c in table.primary_key.columns)
                if table.name == User.__tablename__ and key == (skip_user,):
                    continue
                rows[(table.name, key)] = dict(row)
    return rows


def answer_is(allowed, method: str, response) -> bool:
    if allowed == LOGIN:
        return response.status_code in (302, 303) and \
            "/log-ind" in response.headers.get("Location", "")
    if allowed == YES:
        return response.status_code in (LET_IN_GET if method == "GET" else LET_IN_POST)
    return response.status_code in allowed


def described(allowed) -> str:
    return allowed if isinstance(allowed, str) else " or ".join(map(str, sorted(allowed)))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(app, client, world, role):
    ids, emails, users = world
    if role != VISITOR:
        assert login(client, emails[role]).status_code == 303
    hidden = set(SECRETS if role in OUTSIDERS else [] if role == CITIZEN else [PRIVATE_GOAL])
    before = snapshot(app, users.get(role))
    wrong, requests, seen = [], 0, set()
    for rule, method in cells(app):
        if rule.endpoint not in EXPECTED:
            continue  # test_every_route_and_method_is_in_the_table says so
        url = address(app, rule, ids)
        response = client.open(url, method=method)
        requests += 1
        allowed = by_method(rule.endpoint)[method][role]
        where = f"{method} {url} ({rule.endpoint}): got {response.status_code}"
        if not answer_is(allowed, method, response):
            wrong.append(f"{where}, expected {described(allowed)}")
        shown = {secret for secret in SECRETS if secret.encode() in response.get_data()}
        seen |= shown
        if shown & hidden:
            wrong.append(f"{where}, which shows Anna's {sorted(shown & hidden)}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)
    assert requests == sum(len(methods_of(rule)) for rule in app.url_map.iter_rules())
    after = snapshot(app, users.get(role))
    changed = sorted(key for key, row in before.items() if after.get(key) != row)
    if role in OUTSIDERS:
        assert not changed, f"as {role}, these rows changed: {changed}"
    else:  # the checks can see: those who may, see Anna's things
        assert "Hemmeligsen" in seen
    if role == CITIZEN:  # … and she changes them (archives her goal, calls in absent…)
        assert changed


def test_an_expired_login_inside_htmx_is_a_401_with_a_redirect_header(client, world):
    response = client.get("/personale/borgere", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert "/log-ind" in response.headers["HX-Redirect"]
