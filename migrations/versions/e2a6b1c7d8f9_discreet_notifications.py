"""users.discreet_notifications: calendar entries and reminders say only "Sammen: møde kl.
10.00", never the group's name

Revision ID: e2a6b1c7d8f9
Revises: e1f0a2b3c4d5
Create Date: 2026-11-25 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2a6b1c7d8f9'
down_revision = 'e1f0a2b3c4d5'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('discreet_notifications', sa.Boolean(),
                                     server_default=sa.false(), nullable=False))


def downgrade():
    # Not a batch: SQLite would make the users table anew, which the tables that refer to
    # it stop; SQLite drops a column in place.
    op.drop_column('users', 'discreet_notifications')
