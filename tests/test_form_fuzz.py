"""Every form of the app, fuzzed (hypothesis): whatever is sent, the answer is never a 5xx,
and a field refused with an error shows what was typed, so nothing is lost.

The forms are found, not listed: every page of the URL map is opened as a visitor, a
citizen, a counsellor and an admin, and each <form> on it (its action, method and fields, with
their options) is fuzzed as the first role that saw it, on a fresh copy of the same small
world (again after each POST that went through). Each form gets probes first: filled in well,
then with spaces or a NUL in one field at a time, then dates, numbers and texts out of range;
then generated values, sent as a browser, as htmx, or as a JSON body.

Every URL rule that accepts POST must be the action of a form found that way, or be in
`SENT_BY_SCRIPT` (posted by JavaScript, not by a form): a new route without a form fails
here until it is fuzzed too (if its form shows only in some state, add that state to the
world). GET forms (the catalogue's search, the statistics, the search for a citizen) are
fuzzed the same way, as the query string.

Bounded in time: a few examples per form (`EXAMPLES`), no deadline, no shrinking; on SQLite
and, with TEST_DATABASE_URL, on PostgreSQL (which refuses more: NUL characters, over-long
values)."""

import os
import re
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from itertools import product
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import text
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from tests import factories
from tests.conftest import HTMX, local_at, login
from webapp.auth.models import Role
from webapp.enrolments.models import Package
from webapp.extensions import db
from webapp.goals.models import GoalStatus
from webapp.meetings.models import RegistrationStatus
from webapp.offers.models import Admission, LegalBasis, offer_facilitators
from webapp.referrals.models import ReferralStatus
from webapp.reminders.models import PushSubscription
from webapp.types import utcnow

#: generated examples per form, besides its probes (about 50 forms): the file runs in well
#: under a minute per database; FUZZ_EXAMPLES=200 for a deeper run
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
#: a failing example is reported as found; FUZZ_SHRINK=1 shrinks it first (slow: every
#: step of the shrinking sends requests, often on a fresh world)
PHASES = [Phase.explicit, Phase.generate] + ([Phase.shrink] if os.environ.get("FUZZ_SHRINK")
                                             else [])
ROLES = ("visitor", "citizen", "staff", "admin")
#: POST routes that JavaScript posts to, with the fields it sends (no form on any page)
SENT_BY_SCRIPT = {
    "reminders.subscribe": ("citizen", ("endpoint", "p256dh", "auth")),
}
#: field types a person types into: a refused one must come back with what was typed
TYPED = {"text", "search", "email", "tel", "url", "number", "date", "time", "textarea"}


# -- The world every form is fuzzed in ---------------------------------------------------------

def build_world() -> SimpleNamespace:
    """One of everything a form can act on; built the same way each time, so on an emptied
    database the ids are the same (the forms found on the first copy act on every copy)."""
    f = factories
    mette = f.user(role=Role.STAFF, name="Mette Holm", email="mette@example.dk", language="en")
    jonas = f.user(role=Role.STAFF, name="Jonas Berg", email="jonas@example.dk")
    ada = f.user(role=Role.ADMIN, name="Ada Admin", email="ada@example.dk", language="en")
    anna = f.user(name="Anna Jensen", email="anna@example.dk", language="en")
    bo = f.user(name="Bo Nielsen", email="bo@example.dk")
    place = f.location(municipality=f.municipality(name="Ishøj", code="183"))
    walk = f.offer(title="Gåtur", location=place)
    course = f.offer(title="Pakke-gruppen", legal_basis=LegalBasis.S85, location=place)
    asked = f.offer(title="Angst-gruppen", admission=Admission.ASK_TO_JOIN, location=place)
    open_group = f.offer(title="Kaffe-gruppen", admission=Admission.ASK_TO_JOIN,
                         location=place)
    for offer in (walk, course, asked, open_group):
        db.session.execute(offer_facilitators.insert().values(offer_id=offer.id,
                                                              user_id=mette.id))
    db.session.commit()
    ahead = f.meeting(offer_id=walk.id)
    later = f.meeting(offer_id=walk.id, starts_at=local_at(5, 10))
    free = f.meeting(offer_id=walk.id, starts_at=local_at(6, 10))
    full = f.meeting(offer_id=walk.id, starts_at=local_at(7, 10), capacity=1)
    now = f.meeting(offer_id=walk.id, starts_at=local_at(0, 0) - timedelta(hours=1),
                    ends_at=local_at(1, 0) + timedelta(hours=23))
    signed_up = f.registration(meeting_id=ahead.id, citizen_id=anna.id)
    f.registration(meeting_id=full.id, citizen_id=bo.id)
    waiting = f.registration(meeting_id=full.id, citizen_id=anna.id,
                             status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    absent = f.registration(meeting_id=later.id, citizen_id=anna.id,
                            status=RegistrationStatus.ABSENT)
    present = f.registration(meeting_id=now.id, citizen_id=bo.id)
    f.registration(meeting_id=now.id, citizen_id=anna.id)
    enrolment = f.enrolment(citizen_id=anna.id, offer_id=course.id,
                            starts_on=f.today() - timedelta(days=30),
                            package=Package.CLARIFICATION)
    goal = f.goal(citizen_id=anna.id, shared_with_staff=True)
    f.check_in(goal_id=goal.id, author_id=anna.id)
    archived = f.goal(citizen_id=anna.id, title="Sove bedre", status=GoalStatus.ARCHIVED)
    referral = f.referral(citizen_id=anna.id, offer_id=asked.id,
                          status=ReferralStatus.RECEIVED)
    taken = f.referral(citizen_id=bo.id, offer_id=asked.id, status=ReferralStatus.RECEIVED,
                       taken_by_id=mette.id, taken_at=utcnow())
    db.session.add(PushSubscription(user_id=anna.id, endpoint="https://fcm.googleapis.com/x",
                                    p256dh="key", auth="secret"))
    db.session.commit()
    users = {"citizen": anna, "staff": mette, "admin": ada}
    ids = {
        "meeting_id": [ahead.id, later.id, free.id, full.id, now.id],
        "offer_id": [walk.id, course.id, asked.id, open_group.id],
        "registration_id": [signed_up.id, absent.id, waiting.id, present.id],
        "goal_id": [goal.id, archived.id], "referral_id": [referral.id, taken.id],
        "citizen_id": [anna.id], "enrolment_id": [enrolment.id],
        "municipality_id": [place.municipality_id], "location_id": [place.id],
        "user_id": [jonas.id],
    }
    return SimpleNamespace(emails={role: user.email for role, user in users.items()},
                           ids=ids)


def empty_database() -> None:
    """Every table emptied, its ids starting from 1 again (DELETE: on a few rows much
    faster than TRUNCATE, which makes new files on PostgreSQL)."""
    db.session.remove()
    tables = db.metadata.sorted_tables
    for table in reversed(tables):
        db.session.execute(table.delete())
    if db.engine.dialect.name == "postgresql":  # SQLite starts again from the largest id
        for table in tables:
            if "id" in table.c:
                db.session.execute(text(
                    "SELECT setval(pg_get_serial_sequence(:table, 'id'), 1, false) "
                    "WHERE pg_get_serial_sequence(:table, 'id') IS NOT NULL"),
                    {"table": table.name})
    db.session.commit()


# -- Forms, as a browser sees them -------------------------------------------------------------

CHOICES = {"radio", "checkbox", "select", "button"}


@dataclass
class Field:
    name: str
    kind: str  # an input's type, "textarea", "select", or "button"
    id: str | None = None
    value: str = ""
    options: list[str] = field(default_factory=list)
    #: the options chosen when the page opens (checked, selected)
    chosen: list[str] = field(default_factory=list)
    maxlength: int | None = None

    def add_option(self, value: str, chosen: bool) -> None:
        self.options.append(value)
        if chosen:
            self.chosen.append(value)

    @property
    def default(self):
        """What a browser sends for the field when nobody touches it."""
        if self.kind == "checkbox":
            return list(self.chosen)
        if self.kind == "radio":
            return self.chosen[0] if self.chosen else None
        if self.kind in ("select", "button"):
            return (self.chosen or self.options or [""])[0]
        return self.value


@dataclass
class Form:
    method: str
    action: str
    page: str
    fields: dict[str, Field] = field(default_factory=dict)
    #: a submit button without a name: pressing it sends none of the named buttons
    plain_submit: bool = False

    def add(self, name, kind, attrs):
        value = attrs.get("value") or ""
        chosen = "checked" in attrs or "selected" in attrs
        if name not in self.fields:
            length = attrs.get("maxlength")
            self.fields[name] = Field(name, kind, attrs.get("id"),
                                      "" if kind in CHOICES else value,
                                      maxlength=int(length) if length and length.isdigit()
                                      else None)
        if kind in CHOICES - {"select"}:  # radios, checkboxes: one field, several options
            self.fields[name].add_option(value, chosen)

    def filled(self) -> dict:
        """The form as someone fills it in well: what it opens with, and a good value in
        each empty field (`filled_in`), so that a fuzzed field meets valid neighbours."""
        return {name: None if f.kind == "button" and self.plain_submit else filled_in(f)
                for name, f in self.fields.items()}

    def probes(self) -> list[dict]:
        """The form filled in, then with the values that broke forms before: spaces or a NUL
        in one field at a time, and dates, numbers and texts out of range in every typed
        field at once."""
        good = self.filled()
        one_at_a_time = [{**good, name: value} for name in self.fields
                         for value in (" ", "a\x00b")]
        typed = [{**good, **{name: value for name, f in self.fields.items()
                             if f.kind in TYPED}}
                 for value in ("9999-12-31", "0001-01-01", "9" * 25, "x" * 5000)]
        probes = [good, *one_at_a_time, *typed]
        return [p for n, p in enumerate(probes) if p not in probes[:n]]


#: good values for empty fields, by name, then by type (dates are days from today)
FILLED_BY_NAME = {
    "email": "karin@example.dk", "password": factories.PASSWORD, "name": "Karin Holm",
    "phone": "12 34 56 78", "code": "153", "postcode": "2635", "city": "Ishøj",
    "address": "Vejen 1", "capacity": "5", "starts": "10:00", "ends": "11:00",
    "first_day": 1, "last_day": 20, "day": 3, "ends_on": 0, "starts_on": 0,
    "next_follow_up": 200, "target_date": 100, "skip": "", "interpreter_language": "",
    "q": "gå", "consent": ["y"],
}
FILLED_BY_TYPE = {"date": 3, "time": "10:00", "number": "5", "email": "karin@example.dk"}


def filled_in(f: Field):
    """The field's own value, or a good one when it opens empty."""
    if f.default not in ("", None, []):
        return f.default
    value = FILLED_BY_NAME.get(f.name, FILLED_BY_TYPE.get(f.kind))
    if isinstance(value, int):
        return (factories.today() + timedelta(days=value)).isoformat()
    if value is not None:
        return value
    if f.kind == "checkbox":
        return f.options[:1] if f.name in ("facilitators", "languages") else []
    if f.kind in CHOICES:
        return next((option for option in f.options if option), "")
    return "" if f.kind == "hidden" else "Hej"


class FormParser(HTMLParser):
    """The forms of a page (action, method and the named fields), and its links."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.form, self.select, self.textarea = page, [], None, None, None
        self.links: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.add(attrs["href"])
        if tag == "form":
            action = attrs.get("action") or self.page
            self.form = Form((attrs.get("method") or "get").upper(), action, self.page)
            self.forms.append(self.form)
            return
        if self.form is None or tag not in ("input", "select", "option", "textarea", "button"):
            return
        name = attrs.get("name")
        if tag == "option" and self.select is not None:
            self.select.add_option(attrs.get("value") or "", "selected" in attrs)
        elif tag == "select" and name:
            self.form.add(name, "select", attrs)
            self.select = self.form.fields[name]
        elif tag == "textarea" and name:
            self.form.add(name, "textarea", attrs)
            self.textarea = self.form.fields[name]
        elif tag == "button" and name:
            self.form.add(name, "button", attrs)
        elif tag == "button" or (tag == "input" and attrs.get("type") == "submit"):
            self.form.plain_submit = True  # sends no value of its own
        elif tag == "input" and name:
            self.form.add(name, (attrs.get("type") or "text").lower(), attrs)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            # As in a browser: a line break right after <textarea> is not part of the text.
            self.textarea.value = re.sub(r"^\r?\n", "", self.textarea.value)
            self.textarea = None


def rule_of(app, url: str, method: str = "GET"):
    """The URL rule and arguments a local address goes to, or None."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        return None
    try:
        return app.url_map.bind("localhost").match(parts.path, method=method,
                                                   return_rule=True)
    except (NotFound, MethodNotAllowed, RequestRedirect):
        return None


def endpoint_of(app, form: Form) -> str | None:
    found = rule_of(app, form.action, form.method)
    return found[0].endpoint if found else None


def pages(app, world) -> list[str]:
    """Every GET page of the URL map, with each of the world's ids for its arguments."""
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        choices = [world.ids.get(arg, ["x"]) for arg in sorted(rule.arguments)]
        for values in product(*choices):
            args = dict(zip(sorted(rule.arguments), values, strict=True))
            found.append(rule.build(args, append_unknown=False)[1])
    return found


def client_as(app, world, role: str):
    """A client logged in as the role's user (the visitor is not logged in)."""
    client = app.test_client()
    if role != "visitor":
        assert login(client, world.emails[role]).status_code == 303
    return client


def clients(app, world) -> dict:
    return {role: client_as(app, world, role) for role in ROLES}


def fresh_world(app, role: str, world):
    """A function that empties the database, builds the world again (with the same ids),
    and gives a client logged in as the role, as it was logged in on the first copy: its
    session cookie names the same user, so no password needs checking again."""
    cookie = client_as(app, world, role).get_cookie("session")

    def fresh():
        with app.app_context():
            empty_database()
            again = build_world()
        assert again.ids == world.ids, "the world must have the same ids on each copy"
        client = app.test_client()
        if cookie is not None:
            client.set_cookie("session", cookie.value)
        return client

    return fresh


def discover(app, world) -> dict[tuple, tuple[str, Form]]:
    """Each distinct form (endpoint, method and field names) and the first role that saw it.
    The pages are those of the URL map, then the links on them to addresses with more than
    ids in them (a check-in code, a calendar token), which only a page can give."""
    found: dict[tuple, tuple[str, Form]] = {}
    by_role = clients(app, world)
    visited = set(pages(app, world))
    linked: set[str] = set()
    for batch in (sorted(visited), linked):
        for role in ROLES:
            for page in list(batch):
                response = by_role[role].get(page)
                if response.status_code != 200 or "html" not in response.mimetype:
                    continue
                parser = FormParser(page)
                parser.feed(response.text)
                for form in parser.forms:
                    endpoint = endpoint_of(app, form)
                    if endpoint is not None:
                        key = (endpoint, form.method, frozenset(form.fields))
                        found.setdefault(key, (role, form))
                for link in parser.links:
                    target = rule_of(app, link)
                    if target and set(target[1]) - set(world.ids) and link not in visited:
                        linked.add(urlsplit(link).path)
        visited |= linked
    return found


# -- What a fuzzer sends -----------------------------------------------------------------------

CHARACTERS = st.characters(blacklist_categories=("Cs",))  # a browser cannot send surrogates
NASTY = st.sampled_from(list(" \t\n\r\x00<>&'\"%_\\æø🙂\u202e\u3000"))
SPECIAL = ["", " ", "\x00", "a\x00b", "=HYPERLINK(\"http://x\")", "<script>alert(1)</script>",
           "' OR 1=1 --", "ÆØÅ æøå", "مرحبا", "-1", "1e309", "NaN", "99999999999999999999999",
           "0001-01-01", "9999-12-31", "31-12-9999", "2026-02-30", "24:00", "25:61", "+" + "1" * 20,
           "a" * 250 + "@example.dk"]


def typed_values(original: str, maxlength: int | None):
    values = st.one_of(
        st.just(original), st.sampled_from(SPECIAL),
        st.text(st.one_of(NASTY, CHARACTERS), max_size=30),
        st.builds(lambda c, n: c * n, st.sampled_from(["a", "æ", " ", "\x00", "1"]),
                  st.integers(100, 5000)),
        st.one_of(st.dates().map(lambda d: d.isoformat()),
                  st.integers(-10**22, 10**22).map(str)),
    )
    return values.map(lambda v: v[:maxlength]) if maxlength else values


def field_values(f: Field):
    """Some values for a field: its own, one of its options, anything (no longer than a
    browser lets one type), or none at all."""
    limit = f.maxlength if f.kind in TYPED else None
    if f.kind == "checkbox":
        chosen = st.lists(st.sampled_from(f.options), unique=True) if f.options else st.just([])
    elif f.kind in CHOICES:
        chosen = st.sampled_from(f.options or [""])
    else:
        chosen = typed_values(f.value, limit)
    return st.one_of(st.just(filled_in(f)), chosen, typed_values("", limit), st.none())


def form_values(form: Form):
    return st.fixed_dictionaries({name: field_values(f) for name, f in form.fields.items()})


def as_multidict(values: dict) -> MultiDict:
    data = MultiDict()
    for name, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                data.add(name, item)
    return data


def folded(value: str) -> str:
    return " ".join(value.split())


def check(form: Form, values: dict, response) -> None:
    assert response.status_code < 500, response.text
    if response.status_code < 400 or "html" not in response.mimetype:
        return
    page = folded(response.text)
    for name, f in form.fields.items():
        sent = values.get(name)
        if f.kind not in TYPED or not isinstance(sent, str) or not f.id:
            continue
        if f'id="{f.id}-error"' in response.text:
            assert folded(str(escape(sent.strip()))) in page, (
                f"{name} was refused, and what was typed is not on the page: {sent!r}")


def fuzz(form: Form, fresh) -> None:
    """Send the form's probes and EXAMPLES generated values; check each answer. After a
    POST that went through (it may have cancelled the meeting, withdrawn the request, logged
    out), the next one starts from a fresh world."""
    client = [fresh()]

    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=PHASES,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(values=form_values(form), how=st.sampled_from(["form", "htmx", "json"]))
    def sent(values, how):
        response = send(client[0], form, values, how)
        if form.method == "POST" and response.status_code < 400:
            client[0] = fresh()
        # A JSON body is no form (webapp.forms): nothing in it was typed into the form.
        check(form, values if how != "json" else {}, response)

    for probe in form.probes():
        sent = example(values=probe, how="form")(sent)
    sent()


def send(client, form: Form, values: dict, how: str = "form"):
    """Send the values as a browser does (`form`), as htmx does, or as a JSON body."""
    data, headers = as_multidict(values), HTMX if how == "htmx" else {}
    if form.method == "GET":
        return client.get(urlsplit(form.action).path, query_string=data, headers=headers)
    if how == "json":
        return client.post(form.action, json=values)
    return client.post(form.action, data=data, headers=headers)


# -- The test ----------------------------------------------------------------------------------

@pytest.fixture
def app(make_app, database_url):
    # Limits have their own tests; the fuzzer sends many requests from one address. The
    # world is built again and again: PostgreSQL need not wait for the disk at each commit.
    quick = {"SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {
        "options": "-c synchronous_commit=off"}}} if database_url.startswith("postgresql") \
        else {}
    return make_app(RATELIMIT_ENABLED=False, **quick)


def test_no_form_answers_with_a_server_error_or_loses_what_was_typed(app):
    # Requests are sent outside an app context: inside one, they would share its `g`.
    with app.app_context():
        world = build_world()
    found = discover(app, world)
    covered = {endpoint for endpoint, _method, _fields in found}
    posts = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert {"offers.catalogue", "stats.index", "citizens.index"} <= covered  # GET forms
    forms = list(found.values())
    for endpoint, (role, names) in SENT_BY_SCRIPT.items():
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        url = rule.build({arg: world.ids[arg][0] for arg in rule.arguments})[1]
        form = Form("POST", url, url)
        for name in names:
            form.add(name, "text", {"id": name})
        forms.append((role, form))

    failures, accepted = [], 0
    fresh_as = {role: fresh_world(app, role, world) for role in ROLES}
    for role, form in forms:
        fresh = fresh_as[role]
        accepted += send(fresh(), form, form.filled()).status_code < 400
        try:
            fuzz(form, fresh)
        except Exception as error:  # every failing form is reported, not only the first
            error.add_note(f"the form: {form.method} {form.action} as {role} "
                           f"(found on {form.page})")
            failures.append(error)
    if failures:
        raise ExceptionGroup(f"{len(failures)} of {len(forms)} forms failed", failures)
    assert posts - covered - set(SENT_BY_SCRIPT) == set(), \
        "POST routes with no form on any page: add them to SENT_BY_SCRIPT with their fields"
    # The fuzzed fields meet valid neighbours: most forms filled in well are accepted.
    assert accepted >= len(forms) * 0.7, f"only {accepted} of {len(forms)} forms accepted"


def test_the_fuzzer_reads_forms_as_a_browser_does():
    parser = FormParser("/here")
    parser.feed('<form method="post" action="/there"><input name="a" id="a" value="1">'
                '<input type="radio" name="r" value="x"><input type="radio" name="r" value="y" '
                'checked><select name="s"><option value="">-</option>'
                '<option value="2" selected>2</option>'
                '</select><textarea name="t" id="t">hej</textarea>'
                '<button name="b" value="go">Go</button></form><form><input name="q"></form>')
    post, get = parser.forms
    assert (post.method, post.action, get.method, get.action) == ("POST", "/there", "GET",
                                                                  "/here")
    assert post.fields["r"].options == ["x", "y"] and post.fields["s"].options == ["", "2"]
    assert post.fields["t"].value == "hej" and post.fields["b"].options == ["go"]
    assert post.filled() == {"a": "1", "r": "y", "s": "2", "t": "hej", "b": "go"}
    assert list(get.fields) == ["q"]
