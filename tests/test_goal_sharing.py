""""Din vejleder" means what it says: a shared goal is seen by the counsellors of the group
it belongs to, or, for a goal with no group, by the counsellor the citizen chose; not by
every counsellor of every group the citizen attends, nor by an admin. The goal page tells the
citizen who can see it, by first name, and the staff pages and statistics follow the same
rule."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import HTMX, facilitate, login, text_of
from tests.factories import today
from webapp.auth.models import Role
from webapp.extensions import db
from webapp.goals.models import Goal, GoalType

TODAY = today()


@pytest.fixture
def people(app, factory):
    """Anna goes to two groups: Angst (run by Mette and Sofie) and Gåtur (run by Jonas).
    Bo, a counsellor of neither, runs a group of his own; and there is an admin."""
    mette = factory.user(role=Role.STAFF, name="Mette Holm", email="mette@example.dk")
    sofie = factory.user(role=Role.STAFF, name="Sofie Berg", email="sofie@example.dk")
    jonas = factory.user(role=Role.STAFF, name="Jonas Madsen", email="jonas@example.dk")
    bo = factory.user(role=Role.STAFF, name="Bo Lind", email="bo@example.dk")
    admin = factory.user(role=Role.ADMIN, name="Lene Admin", email="lene@example.dk")
    anxiety = factory.offer(title="Angsthåndtering")
    walk = factory.offer(title="Gåtur")
    own = factory.offer(title="Bos gruppe")
    facilitate(app, mette, anxiety)
    facilitate(app, sofie, anxiety)
    facilitate(app, jonas, walk)
    facilitate(app, bo, own)
    anna = factory.user(name="Anna Jensen", email="anna@example.dk")
    factory.enrolment(citizen_id=anna.id, offer_id=anxiety.id)
    factory.registration(meeting_id=factory.meeting(offer_id=walk.id).id, citizen_id=anna.id)
    return {"mette": mette, "sofie": sofie, "jonas": jonas, "bo": bo, "admin": admin,
            "anna": anna, "anxiety": anxiety, "walk": walk}


def as_user(client, user, lang="en"):
    client.post("/log-ud")
    client.set_cookie("lang", lang)
    assert login(client, user.email).status_code == 303


def citizen_page(client, citizen):
    return text_of(client.get(f"/personale/borgere/{citizen.id}?formaal=maal"))


def goal_form(**overrides) -> dict:
    data = {"title": "Tage bussen alene", "theme": "mobility", "goal_type": "develop",
            "offer_id": "", "target_date": "",
            "next_follow_up": (TODAY + timedelta(days=10)).isoformat()}
    data.update(overrides)
    return data


def test_a_goal_of_a_group_is_seen_by_that_groups_counsellors_only(client, people, factory):
    anna = people["anna"]
    factory.goal(citizen_id=anna.id, title="Tage bussen alene", shared_with_staff=True,
                 offer_id=people["anxiety"].id, next_follow_up=TODAY + timedelta(days=3))
    for who in ("mette", "sofie"):
        as_user(client, people[who])
        assert "Tage bussen alene" in citizen_page(client, anna)
        assert "Tage bussen alene" in text_of(client.get("/personale/"))  # to follow up
    # Jonas runs Anna's other group: he sees Anna, but not the goal of the anxiety group.
    as_user(client, people["jonas"])
    page = citizen_page(client, anna)
    assert "Anna Jensen" in page and "Tage bussen alene" not in page
    assert "The citizen does not share any goals with you." in page
    assert "Tage bussen alene" not in text_of(client.get("/personale/"))
    # An admin is not among those Anna shared with either.
    as_user(client, people["admin"])
    assert "Tage bussen alene" not in citizen_page(client, anna)
    assert "Tage bussen alene" not in text_of(client.get("/personale/"))
    # A counsellor of none of Anna's groups finds no Anna at all.
    as_user(client, people["bo"])
    assert client.get(f"/personale/borgere/{anna.id}?formaal=maal").status_code == 404


def test_the_goal_page_names_who_can_see_it_in_danish_and_english(client, people, factory):
    anna = people["anna"]
    goal = factory.goal(citizen_id=anna.id, shared_with_staff=True,
                        offer_id=people["anxiety"].id)
    as_user(client, anna, "da")
    page = text_of(client.get(f"/maal/{goal.id}"))
    assert "Mette og Sofie kan se målet." in page
    assert "Jonas" not in page and "din vejleder" not in page
    as_user(client, anna, "en")
    assert "Mette and Sofie can see the goal." in text_of(client.get(f"/maal/{goal.id}"))
    # Not shared: only Anna.
    client.post(f"/maal/{goal.id}/deling", data={"shared": "0"})
    page = text_of(client.get(f"/maal/{goal.id}"))
    assert "Not shared: only you can see the goal." in page and "Mette" not in page
    # Shared again in place (htmx): the answer names them.
    response = client.post(f"/maal/{goal.id}/deling", data={"shared": "1"}, headers=HTMX)
    assert "Mette and Sofie can now see the goal and your check-ins." in text_of(response)
    # The page to print says it too.
    assert "Mette and Sofie" in text_of(client.get("/maal/udskriv"))


def test_a_goal_with_no_group_is_shared_with_the_counsellor_the_citizen_chooses(
        app, client, people):
    anna, jonas = people["anna"], people["jonas"]
    as_user(client, anna, "da")
    form = client.get("/maal/nyt").text
    # The choice is Anna's counsellors, by first name; Bo is not one of them.
    assert "Hvilken vejleder må se målet?" in form
    for first in ("Mette", "Sofie", "Jonas"):
        assert f">{first}</label>" in form
    assert ">Bo</label>" not in form
    # Sharing with no group and no counsellor chosen: a clear error, nothing lost.
    response = client.post("/maal/nyt", data=goal_form(shared_with_staff="y"))
    assert response.status_code == 422
    assert "Vælg den vejleder, der må se målet." in text_of(response)
    assert 'value="Tage bussen alene"' in response.text
    response = client.post("/maal/nyt", data=goal_form(shared_with_staff="y",
                                                        shared_with_id=str(jonas.id)))
    assert response.status_code == 303
    with app.app_context():
        goal = db.session.scalars(select(Goal)).one()
        assert goal.shared_with_staff and goal.shared_with_id == jonas.id
    assert "Jonas kan se målet." in text_of(client.get(response.location))
    as_user(client, jonas)
    assert "Tage bussen alene" in citizen_page(client, anna)
    for who in ("mette", "sofie"):
        as_user(client, people[who])
        assert "Tage bussen alene" not in citizen_page(client, anna)


def test_sharing_from_the_goal_page_asks_which_counsellor_for_a_goal_with_no_group(
        client, people, factory):
    anna, sofie = people["anna"], people["sofie"]
    goal = factory.goal(citizen_id=anna.id, title="Ringe til lægen")
    as_user(client, anna)
    # No counsellor chosen: the error is next to the choice, and nothing is shared.
    response = client.post(f"/maal/{goal.id}/deling", data={"shared": "1"}, headers=HTMX)
    assert response.status_code == 422
    assert "Choose the counsellor who may see the goal." in text_of(response)
    assert 'aria-describedby="shared_with_id-error"' in response.text
    as_user(client, sofie)
    assert "Ringe til lægen" not in citizen_page(client, anna)
    as_user(client, anna)
    # Someone who is not Anna's counsellor cannot be chosen.
    response = client.post(f"/maal/{goal.id}/deling",
                           data={"shared": "1", "shared_with_id": str(people["bo"].id)})
    assert response.status_code == 422
    response = client.post(f"/maal/{goal.id}/deling",
                           data={"shared": "1", "shared_with_id": str(sofie.id)})
    assert response.status_code == 303
    assert "Sofie can see the goal." in text_of(client.get(f"/maal/{goal.id}"))
    as_user(client, sofie)
    assert "Ringe til lægen" in citizen_page(client, anna)
    as_user(client, people["mette"])
    assert "Ringe til lægen" not in citizen_page(client, anna)


def test_an_old_shared_goal_with_no_group_is_seen_by_no_one_until_the_citizen_chooses(
        client, people, factory):
    anna = people["anna"]
    goal = factory.goal(citizen_id=anna.id, title="Gammelt mål", shared_with_staff=True)
    for who in ("mette", "sofie", "jonas"):
        as_user(client, people[who])
        assert "Gammelt mål" not in citizen_page(client, anna)
    as_user(client, anna)
    page = text_of(client.get(f"/maal/{goal.id}"))
    assert "No counsellor can see the goal right now." in page
    assert "Which counsellor may see the goal?" in page


def test_statistics_count_only_the_goals_shared_with_the_counsellor(client, people, factory):
    """Five citizens in both groups, each with a rising goal of the walking group: they count
    in Jonas's statistics, and not in Mette's, who runs their other group."""
    for n in range(5):
        citizen = factory.user(name=f"Borger {n}")
        factory.enrolment(citizen_id=citizen.id, offer_id=people["anxiety"].id)
        factory.enrolment(citizen_id=citizen.id, offer_id=people["walk"].id)
        goal = factory.goal(citizen_id=citizen.id, goal_type=GoalType.DEVELOP,
                            shared_with_staff=True, offer_id=people["walk"].id)
        for score, days in ((3, 9), (6, 2)):
            factory.check_in(goal_id=goal.id, score=score, author_id=citizen.id,
                             at=datetime.now(UTC) - timedelta(days=days))

    def judged(who) -> str:
        as_user(client, people[who])
        response = client.get(f"/personale/statistik/sammen-statistik.csv?fra="
                              f"{TODAY - timedelta(days=30)}&til={TODAY}")
        rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
        return next(row for row in rows if row and row[0] == "Develop")[1]

    assert judged("jonas") == "5"
    assert judged("mette") in ("", "0")
