"""Web Push reminders: `flask send-reminders` against a stub push service on 127.0.0.1 with a
recorded subscription (keys made here, so the test can read the encrypted message), and the
profile's turn on / turn off."""

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid
from sqlalchemy import func, select

from tests.conftest import HTMX, base_config, count_queries, local_at
from webapp import create_app
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.meetings.models import RegistrationStatus
from webapp.reminders import services
from webapp.reminders.models import PushSubscription, ReminderKind, SentReminder


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class PushService:
    """A stand-in for a browser's push service: records each message; a path can be told to
    answer 410 Gone or 500."""

    def __init__(self):
        self.received: list[tuple[str, dict, bytes]] = []
        self.answers: dict[str, int] = {}
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                service.received.append((self.path, headers, body))
                self.send_response(service.answers.get(self.path, 201))
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def to(self, path: str) -> list[bytes]:
        return [body for p, _headers, body in self.received if p == path]


class Browser:
    """A recorded browser subscription: the browser's own key pair and auth secret."""

    def __init__(self, endpoint: str):
        self.endpoint = endpoint
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        self.p256dh = b64(public)

    def read(self, body: bytes) -> dict:
        """Decrypt a message the way the browser would."""
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth,
                                           version="aes128gcm"))


@pytest.fixture
def push_service(app, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    app.config["PUSH_SERVICES"] = ("127.0.0.1",)
    service = PushService()
    yield service
    service.server.shutdown()


@pytest.fixture
def vapid_key():
    key = Vapid()
    key.generate_keys()
    return key.private_pem().decode()


@pytest.fixture
def app(make_app, vapid_key):
    return make_app(VAPID_PRIVATE_KEY=vapid_key, REMINDER_HOUR=10)


@pytest.fixture
def citizen_with(app, factory, push_service):
    """A citizen with reminders on, on one browser (or more): (user, [Browser, ...])."""

    def make(devices: int = 1, **kw):
        user = factory.user(notify_push=True, **kw)
        browsers = []
        with app.app_context():
            for n in range(devices):
                browser = Browser(f"{push_service.url}/push/{user.id}-{n}")
                db.session.add(PushSubscription(user_id=user.id, endpoint=browser.endpoint,
                                                p256dh=browser.p256dh, auth=b64(browser.auth)))
                browsers.append(browser)
            db.session.commit()
        return user, browsers

    return make


def path_of(browser: Browser) -> str:
    return urlsplit(browser.endpoint).path


def send(app, now):
    with app.app_context():
        return services.send_due(now)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_the_day_before_a_meeting_a_reminder_is_sent_once(app, factory, citizen_with,
                                                          push_service):
    citizen, [browser] = citizen_with()
    offer = factory.offer(title="Gåtur ved Strandparken")
    meeting = factory.meeting(offer_id=offer.id, starts_at=local_at(1, 10))
    factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)

    summary = send(app, local_at(0, 12))
    assert (summary.reminders, summary.deliveries) == (1, 1)
    [body] = push_service.to(path_of(browser))
    message = browser.read(body)
    assert message["title"] == "I morgen: Gåtur ved Strandparken"
    assert "kl. 10.00" in message["body"] and "Ishøj Bibliotek" in message["body"]
    assert message["url"] == "/kalender"
    [(_path, headers, _body)] = push_service.received
    assert headers["authorization"].startswith("vapid t=")
    assert int(headers["ttl"]) > 0

    # Every few minutes again, and two runs at once: nothing is sent twice.
    assert send(app, local_at(0, 12, 5)).reminders == 0
    assert send(app, local_at(0, 23, 55)).reminders == 0
    assert len(push_service.received) == 1
    assert count(app, SentReminder) == 1


def test_the_command_sends_what_is_due(app, factory, citizen_with, push_service):
    app.config["REMINDER_HOUR"] = 0
    citizen, [browser] = citizen_with()
    meeting = factory.meeting(starts_at=local_at(1, 23))
    factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)

    runner = app.test_cli_runner()
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "1 reminder" in result.output
    assert len(push_service.to(path_of(browser))) == 1
    result = runner.invoke(args=["send-reminders"])
    assert "0 reminders" in result.output
    assert len(push_service.received) == 1


def test_no_reminder_before_the_hour_or_for_later_meetings(app, factory, citizen_with,
                                                           push_service):
    citizen, _ = citizen_with()
    for day in (1, 2):
        meeting = factory.meeting(starts_at=local_at(day, 10))
        factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)
    assert send(app, local_at(0, 9, 59)).reminders == 0
    assert send(app, local_at(0, 10)).reminders == 1  # only tomorrow's


def test_cancelled_meetings_are_not_reminded_but_the_cancellation_is_told(
        app, factory, citizen_with, push_service):
    citizen, [browser] = citizen_with()
    offer = factory.offer(title="Madklub")
    meeting = factory.meeting(offer_id=offer.id, starts_at=local_at(1, 17),
                              cancelled_at=local_at(0, 8), cancel_reason="Køkkenet er lukket.")
    factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)

    summary = send(app, local_at(0, 12))
    assert summary.reminders == 1
    [body] = push_service.to(path_of(browser))
    message = browser.read(body)
    assert message["title"] == "Aflyst: Madklub"
    assert "Køkkenet er lukket." in message["body"]
    with app.app_context():
        [sent] = db.session.scalars(select(SentReminder)).all()
        assert sent.kind is ReminderKind.CANCELLED
    assert send(app, local_at(0, 12, 5)).reminders == 0
    assert len(push_service.received) == 1


def test_a_seat_from_the_waiting_list_is_told_in_the_citizens_language(
        app, factory, citizen_with, push_service):
    citizen, [browser] = citizen_with(language="en")
    offer = factory.offer(title="Walk and talk")
    meeting = factory.meeting(offer_id=offer.id, starts_at=local_at(5, 10))
    factory.registration(meeting_id=meeting.id, citizen_id=citizen.id,
                         promoted_at=local_at(0, 11))

    assert send(app, local_at(0, 11, 5)).reminders == 1
    message = browser.read(push_service.to(path_of(browser))[0])
    assert message["title"] == "You got a seat"
    assert "Walk and talk" in message["body"] and "You are signed up now." in message["body"]
    assert send(app, local_at(0, 11, 10)).reminders == 0


def test_only_citizens_who_turned_reminders_on_and_are_still_coming(
        app, factory, citizen_with, push_service):
    meeting = factory.meeting(starts_at=local_at(1, 10))
    off = factory.user()  # reminders never turned on
    factory.registration(meeting_id=meeting.id, citizen_id=off.id)
    absent, _ = citizen_with()
    factory.registration(meeting_id=meeting.id, citizen_id=absent.id,
                         status=RegistrationStatus.ABSENT, absent_at=local_at(0, 8))
    waiting, _ = citizen_with()
    factory.registration(meeting_id=meeting.id, citizen_id=waiting.id,
                         status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    assert send(app, local_at(0, 12)).reminders == 0
    assert push_service.received == []


def test_gone_subscriptions_are_removed(app, factory, citizen_with, push_service):
    citizen, [old_phone, new_phone] = citizen_with(devices=2)
    push_service.answers[path_of(old_phone)] = 410
    meeting = factory.meeting(starts_at=local_at(1, 10))
    factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)

    summary = send(app, local_at(0, 12))
    assert (summary.reminders, summary.deliveries, summary.gone) == (1, 1, 1)
    with app.app_context():
        endpoints = db.session.scalars(select(PushSubscription.endpoint)).all()
        assert endpoints == [new_phone.endpoint]
        assert db.session.get(User, citizen.id).notify_push is True

    # The last browser gone too: reminders are off for the citizen.
    push_service.answers[path_of(new_phone)] = 404
    other = factory.meeting(starts_at=local_at(1, 14))
    factory.registration(meeting_id=other.id, citizen_id=citizen.id)
    assert send(app, local_at(0, 12, 5)).gone == 1
    assert count(app, PushSubscription) == 0
    with app.app_context():
        assert db.session.get(User, citizen.id).notify_push is False


def test_a_failed_push_is_tried_again_on_the_next_run(app, factory, citizen_with,
                                                      push_service):
    citizen, [browser] = citizen_with()
    push_service.answers[path_of(browser)] = 500
    meeting = factory.meeting(starts_at=local_at(1, 10))
    factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)

    summary = send(app, local_at(0, 12))
    assert (summary.reminders, summary.failed) == (0, 1)
    assert count(app, SentReminder) == 0
    del push_service.answers[path_of(browser)]
    assert send(app, local_at(0, 12, 5)).deliveries == 1
    assert send(app, local_at(0, 12, 10)).reminders == 0
    assert len(push_service.to(path_of(browser))) == 2


def test_two_runs_at_once_send_a_reminder_once(app, factory, citizen_with, push_service,
                                               monkeypatch):
    citizen, [browser] = citizen_with()
    meeting = factory.meeting(starts_at=local_at(1, 10))
    factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)
    with app.app_context():
        # A second run, at the same time, read what is due before the first one sent it.
        read_by_the_second = services.due_reminders(local_at(0, 12))
    assert send(app, local_at(0, 12)).reminders == 1
    monkeypatch.setattr(services, "due_reminders", lambda now=None: read_by_the_second)
    assert send(app, local_at(0, 12)).reminders == 0
    assert len(push_service.to(path_of(browser))) == 1


def test_the_vapid_key_is_made_once_into_the_instance_folder(tmp_path):
    """Without VAPID_PRIVATE_KEY the key is made into instance/ and kept there: every worker
    and every restart gives browsers the same key."""
    instance = tmp_path / "instance"

    def public_key_of_a_new_app() -> str:
        app = create_app(base_config(SQLALCHEMY_DATABASE_URI="sqlite://",
                                     VAPID_PRIVATE_KEY=None))
        app.instance_path = str(instance)
        with app.app_context():
            return services.public_key()

    first = public_key_of_a_new_app()
    assert (instance / "vapid_private.pem").stat().st_mode & 0o777 == 0o600
    assert public_key_of_a_new_app() == first


def test_the_public_key_is_what_browsers_take(app):
    with app.app_context():
        key = services.public_key()
    raw = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
    assert len(raw) == 65 and raw[0] == 4  # an uncompressed P-256 point


# --- turning reminders on and off on the profile -------------------------------------------


def subscription(endpoint="https://fcm.googleapis.com/fcm/send/abc123"):
    browser = Browser(endpoint)
    return {"endpoint": endpoint, "p256dh": browser.p256dh, "auth": b64(browser.auth)}


def test_turning_reminders_on_remembers_the_browser(app, client, login_as):
    user = login_as()

    page = client.get("/profil")
    assert 'id="paamindelser"' in page.text
    assert "Påmindelser er slået fra." in page.text
    assert "De virker ikke her." in page.text

    response = client.post("/profil/paamindelser", data=subscription(), headers=HTMX)
    assert response.status_code == 200
    assert "Påmindelser er slået til på 1 enhed." in response.text
    assert 'hx-swap-oob="innerHTML"' in response.text
    with app.app_context():
        assert db.session.get(User, user.id).notify_push is True
        assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 1

    # The same browser again (it renewed its keys): still one device.
    client.post("/profil/paamindelser", data=subscription())
    page = client.get("/profil")
    assert "Påmindelser er slået til på 1 enhed." in page.text

    response = client.post("/profil/paamindelser/slaa-fra")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/profil#paamindelser")
    with app.app_context():
        assert db.session.get(User, user.id).notify_push is False
        assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 0


@pytest.mark.parametrize("endpoint", [
    "https://evil.example.com/fcm/send/abc",  # not a push service
    "http://fcm.googleapis.com/fcm/send/abc",  # not encrypted
    "http://127.0.0.1:8080/push",  # an address inside the municipality's network
    "",
])
def test_only_a_real_push_service_is_accepted(app, client, login_as, endpoint):
    login_as()
    response = client.post("/profil/paamindelser", data=subscription(endpoint) | {
        "endpoint": endpoint}, headers=HTMX)
    assert response.status_code == 422
    assert "Påmindelser kunne ikke slås til i denne browser." in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 0


def test_only_citizens_turn_reminders_on(client, login_as):
    response = client.post("/profil/paamindelser", data=subscription())
    assert response.status_code == 302 and "/log-ind" in response.headers["Location"]
    login_as(role=Role.STAFF)
    assert client.post("/profil/paamindelser", data=subscription()).status_code == 403
    assert "paamindelser" not in client.get("/profil").text


def test_finding_what_is_due_takes_the_same_queries_for_many(app, factory, citizen_with):
    def queries(citizens: int) -> int:
        meeting = factory.meeting(starts_at=local_at(1, 10))
        for _ in range(citizens):
            citizen, _ = citizen_with()
            factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)
        with app.app_context(), count_queries(app) as statements:
            assert len(services.due_reminders(local_at(0, 12))) >= citizens
        return len(statements)

    assert queries(1) == queries(6)
