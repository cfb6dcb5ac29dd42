"""referrals: schema changes for issue 5 (self-referral)

Revision ID: b5e1d2f3a402
Revises: a4d0c1e2f301
Create Date: 2026-11-22 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5e1d2f3a402'
down_revision = 'a4d0c1e2f301'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
