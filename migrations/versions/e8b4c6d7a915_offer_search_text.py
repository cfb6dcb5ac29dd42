"""offers.search_text: the catalogue's search looks in one stored, lower-cased column

Revision ID: e8b4c6d7a915
Revises: d7a3f4b5c604
Create Date: 2026-11-22 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8b4c6d7a915'
down_revision = 'd7a3f4b5c604'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    # Python's lower case (it knows Æ, Ø and Å), as webapp.offers.models.search_text_of.
    offers = sa.table('offers', sa.column('id', sa.Integer), sa.column('title', sa.String),
                      sa.column('summary', sa.String), sa.column('description', sa.Text),
                      sa.column('search_text', sa.Text))
    bind = op.get_bind()
    rows = bind.execute(sa.select(offers.c.id, offers.c.title, offers.c.summary,
                                  offers.c.description)).all()
    for id_, *texts in rows:
        bind.execute(offers.update().where(offers.c.id == id_).values(
            search_text="\n".join(text or "" for text in texts).lower()))


def downgrade():
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_column('search_text')
