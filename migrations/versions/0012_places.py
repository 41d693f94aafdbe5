"""places: venues with addresses in parts, and hybrid events

A platform becomes a place of one of three kinds: an online platform, a venue, or a
hybrid event (a venue plus an online platform). A venue's address was one line; it is
now kept in parts (street address, postcode, city, country) with an optional room and
accessibility notes. A stored address that reads "<street>, <postcode> <city>" is split
into those parts; any other is kept whole as the street address, and named in the log
so an organiser can complete it. Either way the address reads as before in pages and
calendars. Online platforms keep everything they had.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 15:10:00

"""
import logging
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

logger = logging.getLogger("alembic.runtime.migration")
# "Rathausplatz 2, 50667 Köln": a street part, then a postcode of digits and the city.
ONE_LINE_ADDRESS = re.compile(r"(?P<street>.+?),\s*(?P<postcode>[0-9]{4,6})\s+(?P<city>[^,]+?)\s*")
KIND_CHECK = 'ck_platform_platform_kind'


def upgrade():
    with op.batch_alter_table('platform', schema=None) as batch_op:
        batch_op.alter_column('address', new_column_name='street_address', existing_type=sa.String(length=500))
        batch_op.add_column(sa.Column('postcode', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('city', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('room', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('accessibility', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('online_name', sa.String(length=120), nullable=True))
        batch_op.drop_constraint(batch_op.f(KIND_CHECK), type_='check')
        batch_op.create_check_constraint(batch_op.f(KIND_CHECK), "kind IN ('online', 'venue', 'hybrid')")
    connection = op.get_bind()
    connection.execute(sa.text("UPDATE platform SET accessibility = '{}'"))
    with op.batch_alter_table('platform', schema=None) as batch_op:
        batch_op.alter_column('accessibility', existing_type=sa.JSON(), nullable=False)

    rows = connection.execute(sa.text(
        "SELECT platform.id, platform.key, conference.slug, platform.street_address FROM platform "
        "JOIN conference ON conference.id = platform.conference_id "
        "WHERE platform.kind = 'venue' AND platform.street_address IS NOT NULL ORDER BY conference.slug, platform.key"
    )).all()
    for platform_id, key, slug, address in rows:
        parts = ONE_LINE_ADDRESS.fullmatch(address)
        if parts is None:
            logger.warning("kept the address of venue %r of conference %r whole as its street address; "
                           "add its postcode, city and country in the editor", key, slug)
            continue
        connection.execute(
            sa.text("UPDATE platform SET street_address = :street, postcode = :postcode, city = :city WHERE id = :id"),
            {"street": parts["street"].strip(), "postcode": parts["postcode"], "city": parts["city"], "id": platform_id})
        logger.warning("split the address of venue %r of conference %r into street, postcode and city; "
                       "add its country in the editor", key, slug)


def downgrade():
    connection = op.get_bind()
    connection.execute(sa.text(
        "UPDATE platform SET street_address = street_address || ', ' || postcode || ' ' || city "
        "WHERE postcode IS NOT NULL AND city IS NOT NULL AND street_address IS NOT NULL"))
    connection.execute(sa.text("UPDATE platform SET kind = 'venue' WHERE kind = 'hybrid'"))
    with op.batch_alter_table('platform', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(KIND_CHECK), type_='check')
        batch_op.create_check_constraint(batch_op.f(KIND_CHECK), "kind IN ('online', 'venue')")
        batch_op.drop_column('online_name')
        batch_op.drop_column('accessibility')
        batch_op.drop_column('room')
        batch_op.drop_column('country')
        batch_op.drop_column('city')
        batch_op.drop_column('postcode')
        batch_op.alter_column('street_address', new_column_name='address', existing_type=sa.String(length=500))
