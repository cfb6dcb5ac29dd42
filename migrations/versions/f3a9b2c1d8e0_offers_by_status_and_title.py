"""offers: one index on (status, title, id) for the catalogue, instead of one on status

Revision ID: f3a9b2c1d8e0
Revises: e8b4c6d7a915
Create Date: 2026-11-22 18:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f3a9b2c1d8e0'
down_revision = 'e8b4c6d7a915'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index('ix_offers_status')
        batch_op.create_index('ix_offers_status_title', ['status', 'title', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index('ix_offers_status_title')
        batch_op.create_index('ix_offers_status', ['status'], unique=False)
