"""organisation short names per language

An organisation's short name becomes a text per language like its name (IBB / İBB). A stored
short name was meant for every language, so it becomes the same text in German and Turkish;
a downgrade keeps the German one (else the Turkish one).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 15:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

LANGUAGES = ("de", "tr")
# Lightweight tables: SQLAlchemy writes and reads the JSON the way each database wants it.
organisation = sa.table('organisation', sa.column('id', sa.Integer()), sa.column('short_name', sa.String()),
                        sa.column('short_names', sa.JSON()))
stored = sa.table('organisation', sa.column('id', sa.Integer()), sa.column('short_name', sa.JSON()),
                  sa.column('short_text', sa.String()))


def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_names', sa.JSON(), nullable=True))
    connection = op.get_bind()
    for row_id, short_name in connection.execute(sa.select(organisation.c.id, organisation.c.short_name)).all():
        texts = {language: short_name for language in LANGUAGES} if short_name and short_name.strip() else {}
        connection.execute(organisation.update().where(organisation.c.id == row_id).values(short_names=texts))
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('short_name')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.alter_column('short_names', new_column_name='short_name', existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_text', sa.String(length=40), nullable=True))
    connection = op.get_bind()
    for row_id, texts in connection.execute(sa.select(stored.c.id, stored.c.short_name)).all():
        short_name = next((texts[language] for language in LANGUAGES if (texts or {}).get(language)), None)
        connection.execute(stored.update().where(stored.c.id == row_id).values(
            short_text=short_name[:40] if short_name else None))
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('short_name')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.alter_column('short_text', new_column_name='short_name', existing_type=sa.String(length=40))
