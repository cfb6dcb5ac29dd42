"""Every URL rule, every role: walk `app.url_map`, build each address with real ids of things
OUTSIDE the counsellor's groups (another counsellor's offer and meeting, a citizen only in
that group, their goal, referral, enrolment and sign-up), request it as anonymous, citizen,
counsellor and admin, and compare the answer with the table below.

A route missing from the table fails the suite: whoever adds a route decides here who may
use it, so a new route without a guard cannot slip through."""

import pytest
from flask import url_for

from tests import factories
from tests.conftest import login
from webapp.extensions import db
from webapp.models import Admission, Offer, Role, User

ANON, CITIZEN, STAFF, ADMIN = "anonymous", "citizen", "counsellor", "admin"
ROLES = (ANON, CITIZEN, STAFF, ADMIN)

#: a redirect to the login page
LOGIN = "login"
OK = {200}
#: the admin is let in; with an empty form the answer may be 400/422, or 409 for a state
#: change the rules refuse, but never 401/403/404
LET_IN = {200, 303, 400, 409, 422}

# -- The kinds of access ----------------------------------------------------------------------
PUBLIC = {ANON: OK, CITIZEN: OK, STAFF: OK, ADMIN: OK}
#: a citizen's own page (Hjem, Kalender, Mål…); staff have their own side
CITIZEN_PAGE = {ANON: LOGIN, CITIZEN: OK, STAFF: {403}, ADMIN: {403}}
#: a citizen's own action on their account (POST, then a redirect)
CITIZEN_ACTION = {ANON: LOGIN, CITIZEN: {303}, STAFF: {403}, ADMIN: {403}}
#: another citizen's goal, sign-up, referral: not found for a citizen
OTHER_CITIZENS = {ANON: LOGIN, CITIZEN: {404}, STAFF: {403}, ADMIN: {403}}
#: a staff page with no object in the address (lists, forms)
STAFF_PAGE = {ANON: LOGIN, CITIZEN: {403, 404}, STAFF: OK, ADMIN: OK}
#: a staff page or action about a citizen, meeting, offer or referral outside the
#: counsellor's groups: not found for the counsellor, open to the admin
OUTSIDE_GROUPS = {ANON: LOGIN, CITIZEN: {403, 404}, STAFF: {404}, ADMIN: LET_IN}
#: admin only: counsellors are refused
ADMIN_PAGE = {ANON: LOGIN, CITIZEN: {403}, STAFF: {403}, ADMIN: OK}

EXPECTED = {
    "static": PUBLIC,
    "main.index": {ANON: OK, CITIZEN: OK, STAFF: {302}, ADMIN: {302}},  # staff: Today
    "main.health": PUBLIC,
    "main.privacy": PUBLIC,
    "main.rights": PUBLIC,
    "main.accessibility_statement": {role: {302} for role in ROLES},  # to the WAS tool
    "main.set_locale": {role: {303} for role in ROLES},
    "pwa.manifest": PUBLIC,
    "pwa.offline": PUBLIC,
    "pwa.service_worker": PUBLIC,
    "auth.login": {ANON: OK, CITIZEN: {302}, STAFF: {302}, ADMIN: {302}},
    "auth.register": {ANON: OK, CITIZEN: {302}, STAFF: {302}, ADMIN: {302}},
    "profile.index": {ANON: LOGIN, CITIZEN: OK, STAFF: OK, ADMIN: OK},
    "auth.logout": {role: {303} for role in ROLES},
    "offers.catalogue": PUBLIC,
    "offers.offer": PUBLIC,
    "meetings.calendar": CITIZEN_PAGE,
    "meetings.meeting": CITIZEN_PAGE,
    # Not enrolled in the other group (ask to join), so no sign-up.
    "meetings.sign_up": {ANON: LOGIN, CITIZEN: {403}, STAFF: {403}, ADMIN: {403}},
    "meetings.absence": OTHER_CITIZENS,
    "meetings.undo_absence": OTHER_CITIZENS,
    "feeds.feed": {role: {404} for role in ROLES},  # an unknown token
    "feeds.meeting_ics": OTHER_CITIZENS,  # a meeting the citizen is not in
    "feeds.new_address": CITIZEN_ACTION,
    "reminders.subscribe": CITIZEN_ACTION,
    "reminders.turn_off": CITIZEN_ACTION,
    "goals.goals": CITIZEN_PAGE,
    "goals.new_goal": CITIZEN_PAGE,
    "goals.export_csv": CITIZEN_PAGE,
    "goals.printable": CITIZEN_PAGE,
    "goals.goal": OTHER_CITIZENS,
    "goals.edit_goal": OTHER_CITIZENS,
    "goals.check_in": OTHER_CITIZENS,
    "goals.archive": OTHER_CITIZENS,
    "goals.restore": OTHER_CITIZENS,
    "goals.set_sharing": OTHER_CITIZENS,
    "goals.set_status": OTHER_CITIZENS,
    "referrals.ask": {ANON: OK, CITIZEN: OK, STAFF: {403}, ADMIN: {403}},
    "referrals.mine": CITIZEN_PAGE,
    "referrals.referral": OTHER_CITIZENS,
    "referrals.withdraw": OTHER_CITIZENS,
    "referrals.queue": STAFF_PAGE,
    "referrals.review": OUTSIDE_GROUPS,
    "referrals.answer": OUTSIDE_GROUPS,
    # A forged token: a clear refusal for everyone logged in.
    "checkin.scan": {ANON: LOGIN, CITIZEN: {400}, STAFF: {400}, ADMIN: {400}},
    "staff.index": STAFF_PAGE,
    "staff.offers": STAFF_PAGE,
    "staff.new_offer": STAFF_PAGE,
    "staff.offer": OUTSIDE_GROUPS,
    "staff.edit_offer": OUTSIDE_GROUPS,
    "staff.offer_status": OUTSIDE_GROUPS,
    "staff.new_meeting": OUTSIDE_GROUPS,
    "staff.new_series": OUTSIDE_GROUPS,
    "staff.roster": OUTSIDE_GROUPS,
    "staff.edit_meeting": OUTSIDE_GROUPS,
    "staff.cancel_meeting": OUTSIDE_GROUPS,
    "staff.mark": OUTSIDE_GROUPS,
    "staff.walk_in": OUTSIDE_GROUPS,
    "staff.qr": OUTSIDE_GROUPS,
    "citizens.index": STAFF_PAGE,
    "citizens.citizen": OUTSIDE_GROUPS,
    "citizens.enrol_citizen": OUTSIDE_GROUPS,
    "citizens.end": OUTSIDE_GROUPS,
    "stats.index": STAFF_PAGE,
    "stats.export": STAFF_PAGE,
    "admin.staff_accounts": ADMIN_PAGE,
    "admin.reset_password": ADMIN_PAGE,
    "admin.municipalities": ADMIN_PAGE,
    "admin.edit_municipality": ADMIN_PAGE,
    "admin.locations": ADMIN_PAGE,
    "admin.new_location": ADMIN_PAGE,
    "admin.edit_location": ADMIN_PAGE,
}

#: requested last: it ends the session
LAST = "auth.logout"


def rules(app):
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == LAST, r.endpoint))


def test_every_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - EXPECTED.keys())
    assert not missing, (
        f"These routes are not in EXPECTED in tests/test_permissions.py: {missing}. Add each "
        "with what anonymous visitors, citizens, counsellors and admins may get (the kinds "
        "at the top of the file), and make the route's guard match it.")
    stale = sorted(EXPECTED.keys() - endpoints)
    assert not stale, f"These routes are gone; remove them from EXPECTED: {stale}"


@pytest.fixture
def world(app):
    """Everything the addresses point at lies outside the counsellor's groups."""
    with app.app_context():
        counsellor = factories.user(role=Role.STAFF)
        other = factories.user(role=Role.STAFF)
        admin = factories.user(role=Role.ADMIN)
        me = factories.user()
        outsider = factories.user()
        mine = factories.offer()
        theirs = factories.offer(admission=Admission.ASK_TO_JOIN)
        db.session.get(Offer, mine.id).facilitators.append(db.session.get(User, counsellor.id))
        db.session.get(Offer, theirs.id).facilitators.append(db.session.get(User, other.id))
        db.session.commit()
        factories.registration(meeting_id=factories.meeting(offer_id=mine.id).id,
                               citizen_id=me.id)
        meeting = factories.meeting(offer_id=theirs.id)
        ids = {
            "citizen_id": outsider.id,
            "meeting_id": meeting.id,
            "offer_id": theirs.id,
            "registration_id": factories.registration(meeting_id=meeting.id,
                                                      citizen_id=outsider.id).id,
            "goal_id": factories.goal(citizen_id=outsider.id, shared_with_staff=True).id,
            "referral_id": factories.referral(citizen_id=outsider.id, offer_id=theirs.id).id,
            "enrolment_id": factories.enrolment(citizen_id=outsider.id, offer_id=theirs.id).id,
            "user_id": other.id,
            "location_id": theirs.location_id,
            "municipality_id": db.session.get(Offer, theirs.id).location.municipality_id,
            "token": "not-a-real-token",
            "filename": "css/app.css",
        }
        emails = {CITIZEN: me.email, STAFF: counsellor.email, ADMIN: admin.email}
    return ids, emails


def address(app, rule, ids) -> str:
    unknown = sorted(set(rule.arguments) - ids.keys())
    assert not unknown, (
        f"{rule.endpoint}: add a value for {unknown} to the `world` fixture in "
        "tests/test_permissions.py (an object outside the counsellor's groups).")
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments})


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(app, client, world, role):
    ids, emails = world
    if role != ANON:
        assert login(client, emails[role]).status_code == 303
    wrong = []
    for rule in rules(app):
        if rule.endpoint not in EXPECTED:
            continue  # test_every_route_is_in_the_table says so
        url = address(app, rule, ids)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        expected = EXPECTED[rule.endpoint][role]
        if expected == LOGIN:
            ok = response.status_code in (302, 303) and \
                "/log-ind" in response.headers.get("Location", "")
        else:
            ok = response.status_code in expected
        if not ok:
            wrong.append(f"{method} {url} ({rule.endpoint}): got {response.status_code}, "
                         f"expected {expected}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


def test_an_expired_login_inside_htmx_is_a_401_with_a_redirect_header(client, world):
    response = client.get("/personale/borgere", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert "/log-ind" in response.headers["HX-Redirect"]
