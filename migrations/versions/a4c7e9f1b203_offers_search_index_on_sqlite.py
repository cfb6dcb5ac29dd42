"""offers: on SQLite, an index with the search text, so a search reads it off the index

Revision ID: a4c7e9f1b203
Revises: f3a9b2c1d8e0
Create Date: 2026-11-22 23:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a4c7e9f1b203'
down_revision = 'f3a9b2c1d8e0'
branch_labels = None
depends_on = None


def upgrade():
    # Only SQLite: PostgreSQL limits an index entry to a third of a page, and a description
    # may be longer (webapp.offers.models.SEARCH_INDEX).
    if op.get_bind().dialect.name == 'sqlite':
        op.create_index('ix_offers_status_title_search', 'offers',
                        ['status', 'title', 'id', 'search_text'], unique=False)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.drop_index('ix_offers_status_title_search', table_name='offers')
