"""The privacy log ("Who has looked at your data"): one entry per look-up, not one per page
load; purposes kept as codes and shown in the citizen's language; the citizen sees when (date
and time in Copenhagen) and which role looked, not who (Datatilsynet's practice after
C-579/21). And the migration turns the Danish words stored before into codes."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import select, update

from tests.conftest import HTMX, facilitate, login, text_of
from webapp import create_app
from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth.models import Role
from webapp.extensions import db
from webapp.types import utcnow

#: the migration that brought the purpose codes
REVISION = "a7d3e5f9c218"


def events(app) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        db.session.expunge_all()
        return list(rows)


def setup(app, factory):
    counsellor = factory.user(role=Role.STAFF, name="Mette Holm", email="mette@example.dk",
                              language="en")
    admin = factory.user(role=Role.ADMIN, name="Lene Kristensen", email="lene@example.dk",
                         language="en")
    anna = factory.user(name="Anna Jensen", email="anna@example.dk")
    group = factory.offer(title="Gåtur")
    facilitate(app, counsellor, group)
    factory.enrolment(citizen_id=anna.id, offer_id=group.id)
    return counsellor, admin, anna


def test_staying_on_a_citizens_page_is_one_look_up(app, client, factory):
    counsellor, _admin, anna = setup(app, factory)
    login(client, counsellor.email)
    url = f"/personale/borgere/{anna.id}"
    # Opening, reloading, paging and htmx swaps within half an hour, for one reason: one look.
    for extra, headers in (("", {}), ("", {}), ("&page=2", {}), ("", HTMX)):
        assert client.get(f"{url}?formaal=maal{extra}", headers=headers).status_code == 200
    (look,) = events(app)
    assert (look.actor_id, look.subject_id, look.action) == (counsellor.id, anna.id,
                                                            AuditAction.VIEW)
    assert look.purpose == "goals" and look.actor_role is Role.STAFF
    # Another reason is another look-up.
    client.get(f"{url}?formaal=moede")
    assert [e.purpose for e in events(app)] == ["goals", "meeting"]
    # Back after more than half an hour: a new look-up.
    with app.app_context():
        db.session.execute(update(AuditEvent).values(at=utcnow() - timedelta(minutes=31)))
        db.session.commit()
    client.get(f"{url}?formaal=maal")
    assert [e.purpose for e in events(app)] == ["goals", "meeting", "goals"]


def test_the_citizen_sees_when_which_role_and_why_in_their_own_language(app, client, factory):
    counsellor, admin, anna = setup(app, factory)
    # A summer and a winter moment: 08.05 UTC is 10.05 and 09.05 in Copenhagen.
    factory.audit_event(actor_id=counsellor.id, subject_id=anna.id, object_type="citizen",
                        purpose="goals", at=datetime(2026, 7, 1, 8, 5, tzinfo=UTC))
    factory.audit_event(actor_id=admin.id, actor_role=Role.ADMIN, subject_id=anna.id,
                        object_type="citizen", purpose="course",
                        at=datetime(2026, 1, 15, 8, 5, tzinfo=UTC))
    # Written before the codes, in words no code matched: shown as they were.
    factory.audit_event(actor_id=counsellor.id, subject_id=anna.id, purpose="Gammel grund",
                        at=datetime(2025, 12, 1, 9, 0, tzinfo=UTC))
    login(client, anna.email)
    client.set_cookie("lang", "da")
    page = text_of(client.get("/profil"))
    assert "1. juli 2026 kl. 10.05 En vejleder For at følge op på dine mål" in page
    assert "15. januar 2026 kl. 09.05 En administrator For at planlægge dit forløb" in page
    assert "Gammel grund" in page
    assert "Mette" not in page and "Lene" not in page and "Holm" not in page
    client.set_cookie("lang", "en")
    page = text_of(client.get("/profil"))
    assert "1 July 2026 at 10:05 A counsellor To follow up on your goals" in page
    assert "15 January 2026 at 09:05 An administrator To plan your course" in page


def test_looks_by_http_reach_the_profile_with_role_and_purpose(app, client, factory):
    counsellor, admin, anna = setup(app, factory)
    login(client, counsellor.email)
    client.get(f"/personale/borgere/{anna.id}?formaal=maal")
    client.post("/log-ud")
    login(client, admin.email)
    client.get(f"/personale/borgere/{anna.id}?formaal=forloeb")
    client.post("/log-ud")
    login(client, anna.email)
    client.set_cookie("lang", "da")
    page = text_of(client.get("/profil"))
    assert "En vejleder For at følge op på dine mål" in page
    assert "En administrator For at planlægge dit forløb" in page


def _filled(table) -> dict:
    """A value for every required column of a reflected table (a row to insert)."""
    values = {}
    for column in table.columns:
        if column.nullable or column.primary_key:
            continue
        kind = column.type.python_type if hasattr(column.type, "python_type") else str
        values[column.name] = {bool: False, int: 0, datetime: datetime(2026, 1, 1)}.get(
            kind, "x")
    return values


def test_the_migration_turns_the_danish_purposes_into_codes_and_fills_in_the_role(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})
    with app.app_context():
        script = ScriptDirectory.from_config(
            app.extensions["migrate"].migrate.get_config())
        before = script.get_revision(REVISION).down_revision
        for revision in (before if isinstance(before, tuple) else (before,)):
            upgrade(revision=revision)
        tables = sa.MetaData()
        tables.reflect(db.engine)
        users, audit = tables.tables["users"], tables.tables["audit_events"]
        with db.engine.begin() as conn:
            conn.execute(users.insert().values({**_filled(users), "id": 1,
                                                "email": "a@example.dk", "role": "citizen"}))
            conn.execute(users.insert().values({**_filled(users), "id": 2,
                                                "email": "m@example.dk", "role": "staff"}))
            for n, purpose in enumerate(("Opfølgning på dine mål", "behandling af henvendelse",
                                         "Svar på din henvendelse",
                                         "Registrering af dit fremmøde", "Noget andet"), 1):
                conn.execute(audit.insert().values({
                    **_filled(audit), "id": n, "actor_id": 2, "subject_id": 1,
                    "action": "view", "object_type": "citizen", "purpose": purpose}))
        upgrade(revision=REVISION)
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT purpose, actor_role FROM audit_events ORDER BY id")).all()
        assert rows == [("goals", "staff"), ("referral", "staff"), ("referral_answer", "staff"),
                        ("attendance", "staff"), ("Noget andet", "staff")]
        db.engine.dispose()
