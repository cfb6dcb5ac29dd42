"""Commands: flask --app webapp seed-demo | create-user | send-reminders."""

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import func, select

from webapp.auth import services as accounts
from webapp.auth.models import Role, User
from webapp.extensions import db


@click.command("seed-demo")
@click.option("--citizens", default=40, show_default=True, help="Citizens besides the demo ones.")
@click.option("--offers", default=12, show_default=True, help="Offers (at least the 12 named).")
@click.option("--weeks", default=8, show_default=True, help="Weeks of meetings ahead.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has users.")
@with_appcontext
def seed_demo(citizens: int, offers: int, weeks: int, if_empty: bool) -> None:
    """Load realistic Danish demo data for Ishøj and Vallensbæk."""
    from webapp import demo

    if if_empty and db.session.scalar(select(func.count()).select_from(User)):
        click.echo("The database has data already; no demo data loaded.")
        return
    counts = demo.seed(citizens=citizens, offers=offers, weeks=weeks)
    click.echo("Loaded demo data: " + ", ".join(f"{n} {name}" for name, n in counts.items()))


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.STAFF.value,
              show_default=True)
@click.password_option()
@with_appcontext
def create_user(email: str, name: str, role: str, password: str) -> None:
    """Create a staff, admin or citizen account."""
    if accounts.email_taken(email):
        raise click.ClickException(f"An account with {email} exists already.")
    accounts.create_user(name=name, email=email, password=password, role=Role(role))
    db.session.commit()
    click.echo(f"Created {role} account {email}.")


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """Send the reminders that are due (Web Push); safe to run every few minutes."""
    from webapp.reminders.services import send_due

    summary = send_due()
    click.echo(f"Sent {summary.reminders} reminder{'s' if summary.reminders != 1 else ''} "
               f"to {summary.deliveries} device(s); {summary.gone} gone device(s) removed, "
               f"{summary.failed} failed (tried again next time).")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(send_reminders)
