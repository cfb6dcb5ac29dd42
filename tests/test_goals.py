"""Mål: writing, changing, pausing, archiving and undoing goals; checking in; progress on the
goal page and Hjem; sharing with the counsellor and who may see what; export; bad input."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from tests.conftest import HTMX, count_queries, facilitate, login
from webapp.core import local_day
from webapp.extensions import db
from webapp.goals import services
from webapp.models import (
    CheckIn,
    EnrolmentSource,
    Goal,
    GoalStatus,
    GoalTheme,
    GoalType,
    Offer,
    Role,
    User,
)
from webapp.types import utcnow

#: the app's today: the day in Copenhagen, a day ahead of the machine's (UTC) before midnight
TODAY = local_day(utcnow())


def valid_goal(**overrides) -> dict:
    data = {"title": "Tage bussen til Glostrup", "theme": "mobility", "goal_type": "develop",
            "offer_id": "", "target_date": "",
            "next_follow_up": (TODAY + timedelta(days=200)).isoformat()}
    data.update(overrides)
    return data


def get_goal(app, goal_id: int) -> Goal:
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        db.session.expunge(goal)
        return goal


@pytest.fixture
def citizen(client, login_as):
    """A logged-in citizen who reads English (the tests match the msgids)."""
    client.set_cookie("lang", "en")
    return login_as()


@pytest.fixture
def goal(factory, citizen):
    return factory.goal(citizen_id=citizen.id)


# -- Writing and changing goals ---------------------------------------------------------------

def test_new_goal_form_offers_the_themes_types_and_a_follow_up_a_year_ahead(client, citizen):
    page = client.get("/maal/nyt").text
    for words in ("transport training", "Self-care", "shopping and cooking",
                  "Develop", "Maintain", "Limit loss", "Get better at something."):
        assert words in page
    assert (TODAY + timedelta(days=365)).isoformat() in page
    # No counsellor to share with yet (sharing: tests/test_goal_sharing.py).
    assert 'name="shared_with_staff"' not in page
    assert "You do not have a counsellor to share the goal with yet." in page


def test_write_a_goal_of_each_type(app, client, citizen):
    for goal_type in GoalType:
        response = client.post("/maal/nyt", data=valid_goal(goal_type=goal_type.value,
                                                             title=f"Mål {goal_type.value}"))
        assert response.status_code == 303
        assert response.location.startswith("/maal/")
    with app.app_context():
        goals = db.session.scalars(select(Goal).order_by(Goal.id)).all()
        assert [g.goal_type for g in goals] == list(GoalType)
        assert all(g.citizen_id == citizen.id and g.status is GoalStatus.ACTIVE for g in goals)
        assert not any(g.shared_with_staff for g in goals)  # off by default


def test_a_goal_can_link_a_group_the_citizen_is_in_and_not_another(app, client, citizen,
                                                                   factory):
    mine = factory.offer(title="Angstgruppen")
    facilitate(app, factory.user(role=Role.STAFF), mine)
    factory.enrolment(citizen_id=citizen.id, offer_id=mine.id)
    other = factory.offer(title="Gåtur for andre")
    page = client.get("/maal/nyt").text
    assert "Angstgruppen" in page and "Gåtur for andre" not in page
    assert client.post("/maal/nyt", data=valid_goal(
        offer_id=str(mine.id), target_date=(TODAY + timedelta(days=30)).isoformat(),
        shared_with_staff="y")).status_code == 303
    response = client.post("/maal/nyt", data=valid_goal(offer_id=str(other.id)))
    assert response.status_code == 422
    assert "Choose one of your groups" in response.text
    with app.app_context():
        (goal,) = db.session.scalars(select(Goal)).all()
        assert goal.offer_id == mine.id and goal.shared_with_staff
        assert goal.target_date == TODAY + timedelta(days=30)


def test_edit_a_goal(app, client, goal):
    page = client.get(f"/maal/{goal.id}/ret").text
    assert "Tage bussen alene" in page
    response = client.post(f"/maal/{goal.id}/ret", data=valid_goal(
        title="Tage toget", theme="self_care", goal_type="maintain"))
    assert response.status_code == 303
    changed = get_goal(app, goal.id)
    assert (changed.title, changed.theme, changed.goal_type) == (
        "Tage toget", GoalTheme.SELF_CARE, GoalType.MAINTAIN)


@pytest.mark.parametrize(("field", "value", "error"), [
    ("title", "", "Write your goal in a few words."),
    ("title", "   ", "Write your goal in a few words."),
    ("title", "x" * 201, "Write at most 200 characters. You wrote 201."),
    ("theme", "", "Choose what the goal is about."),
    ("goal_type", "grow", "Choose what you want with the goal."),
    ("target_date", (TODAY - timedelta(days=1)).isoformat(), "The date has passed."),
    ("target_date", "31-02-2027", "Write the date like 24-11-2026"),
    ("next_follow_up", (TODAY - timedelta(days=1)).isoformat(), "The date has passed."),
    ("next_follow_up", (TODAY + timedelta(days=400)).isoformat(), "at most one year"),
    ("next_follow_up", "", "Choose a date for the next follow-up."),
])
def test_bad_goal_input_is_shown_next_to_the_field_and_what_was_typed_is_kept(
        app, client, citizen, field, value, error):
    data = valid_goal(title="Mit eget mål, skrevet med omhu")
    data[field] = value
    response = client.post("/maal/nyt", data=data)
    assert response.status_code == 422
    assert error in response.text
    assert f'id="{field}-error"' in response.text
    if field != "title":
        assert "Mit eget mål, skrevet med omhu" in response.text
    elif value.strip():
        assert value in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count(Goal.id))) == 0


def test_bad_input_errors_are_danish_for_a_danish_citizen(client, login_as):
    login_as()
    response = client.post("/maal/nyt", data=valid_goal(
        title="", target_date=(TODAY - timedelta(days=3)).isoformat()))
    assert response.status_code == 422
    assert "Skriv dit mål med få ord." in response.text
    assert "Datoen er gået." in response.text


def test_invalid_form_with_htmx_swaps_the_form_only(client, citizen):
    response = client.post("/maal/nyt", data=valid_goal(title=""), headers=HTMX)
    assert response.status_code == 422
    assert "<html" not in response.text and "<form" in response.text


# -- Checking in --------------------------------------------------------------------------

def test_check_in_saves_in_place_with_htmx_and_announces_it(app, client, citizen, goal):
    form = client.get(f"/maal/{goal.id}/tjek-ind?fra=hjem", headers=HTMX)
    assert form.status_code == 200 and "<html" not in form.text
    assert form.text.count('name="score"') == 10
    assert "How is it going with “Tage bussen alene”?" in form.text
    closed = client.get(f"/maal/{goal.id}/tjek-ind?fra=hjem&luk=1", headers=HTMX)
    assert 'name="score"' not in closed.text and "How is it going?" in closed.text
    response = client.post(f"/maal/{goal.id}/tjek-ind?fra=hjem",
                           data={"score": "7", "note": "Det gik fint"}, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Saved: 7 of 10. Thank you!" in response.text
    assert 'hx-swap-oob="innerHTML:#messages"' in response.text
    assert 'id="home-goal-overview" hx-swap-oob="true"' in response.text
    assert "data-focus-after-swap" in response.text
    with app.app_context():
        (check_in,) = db.session.scalars(select(CheckIn)).all()
        assert (check_in.score, check_in.note, check_in.author_id) == (7, "Det gik fint",
                                                                      citizen.id)


def test_check_in_on_the_goal_page_updates_the_chart_too(client, citizen, goal, factory):
    factory.check_in(goal_id=goal.id, author_id=citizen.id, score=3)
    response = client.post(f"/maal/{goal.id}/tjek-ind", data={"score": "6"}, headers=HTMX)
    assert 'id="goal-progress" hx-swap-oob="true"' in response.text
    assert "You have gone from 3 to 6" in response.text


def test_a_goal_card_follows_its_check_ins_and_title(app, client, citizen, goal, factory):
    """The cards on Hjem and Mål show the goal as it is now: its newest check-in and title."""
    factory.check_in(goal_id=goal.id, author_id=citizen.id, score=3)
    client.post(f"/maal/{goal.id}/tjek-ind?fra=hjem", data={"score": "6"})
    for path in ("/", "/maal"):
        assert "You have gone from 3 to 6" in client.get(path).text
    client.post(f"/maal/{goal.id}/tjek-ind?fra=hjem", data={"score": "8"})
    with app.app_context():
        stored = db.session.get(Goal, goal.id)
        stored.title = "Tage toget alene"
        db.session.commit()
    for path in ("/", "/maal"):
        page = client.get(path).text
        assert "You have gone from 3 to 8" in page
        assert f'<a href="/maal/{goal.id}">Tage toget alene</a>' in page
        assert ">Tage bussen alene</a>" not in page


def test_check_in_without_javascript_goes_back_with_a_message(client, citizen, goal):
    response = client.post(f"/maal/{goal.id}/tjek-ind?fra=hjem", data={"score": "4"})
    assert response.status_code == 303 and response.location == "/"
    assert "Saved: 4 of 10" in client.get("/").text
    response = client.post(f"/maal/{goal.id}/tjek-ind", data={"score": "5"})
    assert response.location == f"/maal/{goal.id}"


@pytest.mark.parametrize("score", ["0", "11", "", "seven", "-3"])
def test_a_score_outside_1_to_10_is_refused_and_the_note_kept(app, client, citizen, goal,
                                                              score):
    response = client.post(f"/maal/{goal.id}/tjek-ind",
                           data={"score": score, "note": "Min lille note"}, headers=HTMX)
    assert response.status_code == 422
    assert "Choose a number from 1 to 10." in response.text
    assert f'id="goal-{goal.id}-score-error"' in response.text
    assert "Min lille note" in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckIn.id))) == 0


def test_a_too_long_note_is_refused_and_kept(client, citizen, goal):
    note = "a" * 301
    response = client.post(f"/maal/{goal.id}/tjek-ind", data={"score": "5", "note": note})
    assert response.status_code == 422
    assert "Write at most 300 characters. You wrote 301." in response.text
    assert note in response.text
    assert 'value="5" checked' in response.text


def test_no_check_in_on_a_paused_goal(factory, client, citizen):
    paused = factory.goal(citizen_id=citizen.id, status=GoalStatus.PAUSED)
    response = client.post(f"/maal/{paused.id}/tjek-ind", data={"score": "5"}, headers=HTMX)
    assert response.status_code == 409
    assert "The goal is not active" in response.text


# -- Progress --------------------------------------------------------------------------------

def test_goal_page_shows_the_chart_the_table_and_the_summary(client, citizen, factory):
    goal = factory.goal(citizen_id=citizen.id, goal_type=GoalType.MAINTAIN)
    for score, note in ((6, "God uge"), (5, None), (6, None)):
        factory.check_in(goal_id=goal.id, author_id=citizen.id, score=score, note=note)
    page = client.get(f"/maal/{goal.id}").text
    assert "<svg" in page and "<polyline" in page and page.count("<circle") == 3
    assert 'class="app-chart-band"' in page
    assert "<table" in page and page.count("<tr>") == 4 and "God uge" in page
    assert "You have kept your level" in page
    assert "<script" not in page.split("<main")[1]


def test_goal_page_without_check_ins_says_so_kindly(client, goal):
    page = client.get(f"/maal/{goal.id}").text
    assert "No check-ins yet" in page and "<polyline" not in page


# -- Pause, achieved, archive and undo ---------------------------------------------------------

def test_pause_start_again_and_mark_achieved(app, client, goal):
    response = client.post(f"/maal/{goal.id}/status", data={"status": "paused"}, headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert "The goal is paused" in response.text
    assert get_goal(app, goal.id).status is GoalStatus.PAUSED
    assert client.post(f"/maal/{goal.id}/status", data={"status": "active"}).status_code == 303
    client.post(f"/maal/{goal.id}/status", data={"status": "achieved"})
    assert get_goal(app, goal.id).status is GoalStatus.ACHIEVED


@pytest.mark.parametrize("status", ["archived", "paused-ish", ""])
def test_a_refused_state_change_is_409_with_a_message(app, client, goal, status):
    response = client.post(f"/maal/{goal.id}/status", data={"status": status})
    assert response.status_code == 409
    assert "cannot be changed like that" in response.text
    assert get_goal(app, goal.id).status is GoalStatus.ACTIVE


def test_archive_asks_first_keeps_everything_and_can_be_undone(app, client, citizen,
                                                               factory):
    goal = factory.goal(citizen_id=citizen.id, status=GoalStatus.PAUSED)
    factory.check_in(goal_id=goal.id, author_id=citizen.id, score=5)
    confirm = client.get(f"/maal/{goal.id}/arkiver", headers=HTMX)
    assert "Do you want to archive the goal?" in confirm.text
    assert get_goal(app, goal.id).status is GoalStatus.PAUSED
    response = client.post(f"/maal/{goal.id}/arkiver")
    assert response.status_code == 303
    assert response.location == f"/maal?arkiveret={goal.id}&foer=paused"
    assert get_goal(app, goal.id).status is GoalStatus.ARCHIVED
    page = client.get(response.location).text
    assert "is archived. It is not deleted." in page and "Undo" in page
    assert "Archived goals" in page
    archived_page = client.get(f"/maal/{goal.id}").text
    assert "The goal is archived. Nothing is deleted." in archived_page
    assert f"/maal/{goal.id}/gendan" in archived_page
    assert f"/maal/{goal.id}/arkiver" not in archived_page
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckIn.id))) == 1
    # Undo: back to the state it had before.
    assert client.post(f"/maal/{goal.id}/gendan", data={"status": "paused"}).status_code == 303
    assert get_goal(app, goal.id).status is GoalStatus.PAUSED


def test_archive_with_htmx_loads_the_goals_page_whole(client, goal):
    response = client.post(f"/maal/{goal.id}/arkiver", headers=HTMX)
    assert response.headers["HX-Redirect"] == f"/maal?arkiveret={goal.id}&foer=active"


def test_restore_without_a_state_makes_the_goal_active_and_twice_is_refused(app, client,
                                                                           factory, citizen):
    goal = factory.goal(citizen_id=citizen.id, status=GoalStatus.ARCHIVED)
    assert client.post(f"/maal/{goal.id}/gendan").status_code == 303
    assert get_goal(app, goal.id).status is GoalStatus.ACTIVE
    assert client.post(f"/maal/{goal.id}/gendan").status_code == 409


# -- Another citizen's goal ------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path"), [
    ("get", "/maal/{id}"), ("get", "/maal/{id}/ret"), ("post", "/maal/{id}/ret"),
    ("get", "/maal/{id}/tjek-ind"), ("post", "/maal/{id}/tjek-ind"),
    ("post", "/maal/{id}/status"), ("post", "/maal/{id}/deling"),
    ("get", "/maal/{id}/arkiver"), ("post", "/maal/{id}/arkiver"),
    ("post", "/maal/{id}/gendan"),
])
def test_another_citizens_goal_and_its_check_ins_are_404(app, client, factory, login_as,
                                                         method, path):
    owner = factory.user()
    goal = factory.goal(citizen_id=owner.id, shared_with_staff=True)
    factory.check_in(goal_id=goal.id, author_id=owner.id, score=5, note="Hemmeligt")
    login_as()
    response = getattr(client, method)(path.format(id=goal.id),
                                       data={"score": "5", "status": "paused", "shared": "0"})
    assert response.status_code == 404
    assert "Hemmeligt" not in response.text
    fresh = get_goal(app, goal.id)
    assert fresh.status is GoalStatus.ACTIVE and fresh.shared_with_staff
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckIn.id))) == 1
    assert client.get("/maal/999999").status_code == 404


def test_another_citizens_goal_is_not_on_my_pages(client, factory, login_as):
    owner = factory.user()
    factory.goal(citizen_id=owner.id, title="Ikke dit mål")
    login_as()
    for path in ("/", "/maal", "/maal/udskriv", "/maal/eksport.csv"):
        assert "Ikke dit mål" not in client.get(path).text


def test_staff_cannot_use_the_citizen_goal_pages(client, factory, login_as):
    owner = factory.user()
    goal = factory.goal(citizen_id=owner.id, shared_with_staff=True)
    login_as(role=Role.STAFF)
    assert client.get(f"/maal/{goal.id}").status_code == 403


# -- Sharing, and what staff may see ----------------------------------------------------------

@pytest.fixture
def group(app, factory):
    """A counsellor with a citizen in their group, a counsellor without, and an admin."""
    counsellor = factory.user(role=Role.STAFF)
    outsider = factory.user(role=Role.STAFF)
    admin = factory.user(role=Role.ADMIN)
    offer = factory.offer()
    with app.app_context():
        run_by = db.session.get(Offer, offer.id)
        run_by.facilitators.append(db.session.get(User, counsellor.id))
        db.session.commit()
    return counsellor, outsider, admin, offer


def staff_view(app, staff, do):
    with app.app_context():
        return do(db.session.get(User, staff.id))


def test_sharing_switch_takes_effect_at_once(app, client, citizen, factory, group):
    counsellor, outsider, admin, offer = group
    factory.enrolment(citizen_id=citizen.id, offer_id=offer.id,
                      source=EnrolmentSource.COUNSELLOR)
    goal = factory.goal(citizen_id=citizen.id, offer_id=offer.id)
    factory.check_in(goal_id=goal.id, author_id=citizen.id, score=4)

    def seen():
        return [g.id for g in staff_view(app, counsellor,
                                         lambda s: services.shared_goals_of(s, citizen.id))]

    page = client.get(f"/maal/{goal.id}").text
    assert "Not shared: only you can see the goal." in page
    assert seen() == []
    response = client.post(f"/maal/{goal.id}/deling", data={"shared": "1"}, headers=HTMX)
    assert f"{counsellor.first_name} can see the goal." in response.text
    assert f"{counsellor.first_name} can now see the goal" in response.text
    assert seen() == [goal.id]
    client.post(f"/maal/{goal.id}/deling", data={"shared": "0"})
    assert seen() == []
    with pytest.raises(NotFound):
        staff_view(app, counsellor, lambda s: services.goal_for_staff(s, goal.id))


def test_staff_see_only_shared_goals_of_citizens_in_their_groups(app, factory, group):
    counsellor, outsider, admin, offer = group
    citizen = factory.user()
    factory.registration(meeting_id=factory.meeting(offer_id=offer.id).id,
                         citizen_id=citizen.id)
    shared = factory.goal(citizen_id=citizen.id, shared_with_staff=True, offer_id=offer.id)
    factory.check_in(goal_id=shared.id, author_id=citizen.id, score=6)
    private = factory.goal(citizen_id=citizen.id, title="Privat", offer_id=offer.id)
    archived = factory.goal(citizen_id=citizen.id, shared_with_staff=True, offer_id=offer.id,
                            status=GoalStatus.ARCHIVED)

    def check(staff):
        goals = services.shared_goals_of(staff, citizen.id)
        assert [g.id for g in goals] == [shared.id]
        assert [c.score for c in goals[0].check_ins] == [6]
        assert services.goal_for_staff(staff, shared.id).id == shared.id
        for goal_id in (private.id, archived.id, 999999):
            with pytest.raises(NotFound):
                services.goal_for_staff(staff, goal_id)

    staff_view(app, counsellor, check)

    def outside(staff):
        assert services.shared_goals_of(staff, citizen.id) == []
        with pytest.raises(NotFound):
            services.goal_for_staff(staff, shared.id)
        assert services.goals_due_for_follow_up(staff) == []

    staff_view(app, outsider, outside)
    staff_view(app, admin, outside)  # the citizen shared with the group's counsellors only


def test_goals_due_for_follow_up_for_staff(app, factory, group):
    counsellor, outsider, admin, offer = group
    citizen = factory.user()
    factory.enrolment(citizen_id=citizen.id, offer_id=offer.id)
    soon = factory.goal(citizen_id=citizen.id, shared_with_staff=True, offer_id=offer.id,
                        next_follow_up=TODAY + timedelta(days=10))
    overdue = factory.goal(citizen_id=citizen.id, shared_with_staff=True,
                           shared_with_id=counsellor.id,
                           next_follow_up=TODAY - timedelta(days=3))
    factory.goal(citizen_id=citizen.id, shared_with_staff=True, offer_id=offer.id,
                 next_follow_up=TODAY + timedelta(days=60))  # later
    factory.goal(citizen_id=citizen.id, next_follow_up=TODAY)  # not shared
    factory.goal(citizen_id=citizen.id, shared_with_staff=True, next_follow_up=TODAY,
                 offer_id=offer.id, status=GoalStatus.ACHIEVED)
    stranger = factory.user()
    factory.goal(citizen_id=stranger.id, shared_with_staff=True, next_follow_up=TODAY)

    def due(staff):
        return [g.id for g in services.goals_due_for_follow_up(staff)]

    assert staff_view(app, counsellor, due) == [overdue.id, soon.id]
    assert staff_view(app, admin, due) == []  # shared with the counsellor, not the admin


# -- Hjem ------------------------------------------------------------------------------------

def test_home_shows_goals_to_check_in_an_overview_and_follow_ups_due(client, citizen,
                                                                     factory):
    rising = factory.goal(citizen_id=citizen.id, title="Gå en tur",
                          next_follow_up=TODAY + timedelta(days=5))
    for score in (3, 5):
        factory.check_in(goal_id=rising.id, author_id=citizen.id, score=score)
    factory.goal(citizen_id=citizen.id, title="Ny vane")
    factory.goal(citizen_id=citizen.id, title="Gemt væk", status=GoalStatus.ARCHIVED)
    page = client.get("/").text
    assert "Gå en tur" in page and "Ny vane" in page and "Gemt væk" not in page
    assert "1 goal is going as you want" in page
    assert "1 goal is too new to say" in page
    assert "Follow-up soon" in page
    assert f"/maal/{rising.id}/tjek-ind?fra=hjem" in page
    assert "How is it going?" in page


def test_home_without_goals_invites_kindly(client, citizen):
    page = client.get("/").text
    assert "You have no active goals" in page and "/maal/nyt" in page


# -- Export ----------------------------------------------------------------------------------

def test_export_csv_has_every_goal_and_check_in(client, citizen, factory):
    goal = factory.goal(citizen_id=citizen.id, title="=HYPERLINK(\"x\")")
    factory.check_in(goal_id=goal.id, author_id=citizen.id, score=4, note="Første gang")
    factory.check_in(goal_id=goal.id, author_id=citizen.id, score=6)
    factory.goal(citizen_id=citizen.id, title="Uden tjek", status=GoalStatus.ARCHIVED)
    response = client.get("/maal/eksport.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][0] == "Goal" and len(rows) == 4
    assert "'=HYPERLINK(\"x\")" in {r[0] for r in rows}  # not run as a formula
    assert sorted(r[9] for r in rows[1:]) == ["", "4", "6"]
    assert "Første gang" in text and "Uden tjek" in text


def test_printable_page(client, citizen, factory):
    goal = factory.goal(citizen_id=citizen.id)
    factory.check_in(goal_id=goal.id, author_id=citizen.id, score=4)
    page = client.get("/maal/udskriv").text
    assert "Tage bussen alene" in page and "<svg" in page and "<table" in page
    assert "js/goals.js" in page


# -- No query per row -------------------------------------------------------------------------

def test_goals_page_and_home_run_the_same_queries_for_1_and_10_goals(app, client, factory):
    citizen = factory.user()
    offer = factory.offer()

    def add_goal():
        goal = factory.goal(citizen_id=citizen.id, offer_id=offer.id,
                            next_follow_up=TODAY + timedelta(days=3))
        for score in (3, 4, 5):
            factory.check_in(goal_id=goal.id, author_id=citizen.id, score=score)
        return goal

    first = add_goal()
    login(client, citizen.email)
    paths = ["/", "/maal", f"/maal/{first.id}", "/maal/udskriv", "/maal/eksport.csv"]

    def counts():
        result = {}
        for path in paths:
            with count_queries(app) as statements:
                assert client.get(path).status_code == 200
            result[path] = len(statements)
        return result

    one = counts()
    for _ in range(9):
        add_goal()
    assert counts() == one
    # The user, the goals (with their group), their check-ins; Hjem a little more.
    assert max(one.values()) <= 5, one


def test_every_goal_gets_its_own_check_ins_oldest_first(app, factory):
    """goals_of() loads the check-ins with the goals: each goal gets its own, oldest first
    (not in the order they were written)."""
    citizen = factory.user()
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    for n in range(5):
        goal = factory.goal(citizen_id=citizen.id, title=f"Mål {n}")
        for day in (3, 1, 2):
            factory.check_in(goal_id=goal.id, author_id=citizen.id, score=n + day,
                             at=start + timedelta(days=day))
    with app.test_request_context():
        goals = services.goals_of(citizen)
        assert len(goals) == 5
        for goal in goals:
            n = int(goal.title.split()[-1])
            assert [c.score for c in goal.check_ins] == [n + 1, n + 2, n + 3]
