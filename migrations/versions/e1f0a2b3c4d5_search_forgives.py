"""offers.search_text forgives: folded (æ/ø/å as ae/oe/aa and as a/o/a, no accents) and
with the place's words (name, address, postcode, town, municipality)

Revision ID: e1f0a2b3c4d5
Revises: a7d3e5f9c218
Create Date: 2026-11-25 10:00:00

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1f0a2b3c4d5'
down_revision = 'a7d3e5f9c218'
branch_labels = None
depends_on = None

PAIRS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
SINGLE = str.maketrans({"æ": "a", "ø": "o", "å": "a"})


def fold(text, letters):
    # As webapp.offers.models.fold, copied so this revision keeps meaning what it meant.
    text = unicodedata.normalize("NFC", text).lower().translate(letters)
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def folded(*texts):
    text = "\n".join(t or "" for t in texts)
    pairs, single = fold(text, PAIRS), fold(text, SINGLE)
    return pairs if pairs == single else f"{pairs}\n{single}"


offers = sa.table('offers', sa.column('id', sa.Integer), sa.column('title', sa.String),
                  sa.column('summary', sa.String), sa.column('description', sa.Text),
                  sa.column('location_id', sa.Integer), sa.column('search_text', sa.Text))
locations = sa.table('locations', sa.column('id', sa.Integer), sa.column('name', sa.String),
                     sa.column('address', sa.String), sa.column('postcode', sa.String),
                     sa.column('city', sa.String), sa.column('municipality_id', sa.Integer))
municipalities = sa.table('municipalities', sa.column('id', sa.Integer),
                          sa.column('name', sa.String))


def _rewrite(text_of):
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(offers.c.id, offers.c.title, offers.c.summary, offers.c.description,
                  locations.c.name, locations.c.address, locations.c.postcode,
                  locations.c.city, municipalities.c.name)
        .select_from(offers)
        .outerjoin(locations, locations.c.id == offers.c.location_id)
        .outerjoin(municipalities, municipalities.c.id == locations.c.municipality_id)).all()
    if rows:
        bind.execute(offers.update().where(offers.c.id == sa.bindparam('offer_id'))
                     .values(search_text=sa.bindparam('text')),
                     [{'offer_id': id_, 'text': text_of(texts)} for id_, *texts in rows])


def upgrade():
    _rewrite(lambda texts: folded(*texts))


def downgrade():
    # The lower-cased title, summary and description, as before.
    _rewrite(lambda texts: "\n".join(t or "" for t in texts[:3]).lower())
