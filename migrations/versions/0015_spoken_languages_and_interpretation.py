"""spoken languages and interpretation: per day and item, and the interpretation channels of a platform

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 18:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    # Nothing stored says which language was spoken: every day and item starts as "not stated".
    for table in ('workshop_day', 'agenda_item'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('spoken_languages', sa.JSON(), server_default='[]', nullable=False))
            batch_op.add_column(sa.Column('interpreted_into', sa.JSON(), server_default='[]', nullable=False))
    with op.batch_alter_table('platform', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interpretation_channels', sa.JSON(), server_default='{}', nullable=False))


def downgrade():
    with op.batch_alter_table('platform', schema=None) as batch_op:
        batch_op.drop_column('interpretation_channels')
    for table in ('agenda_item', 'workshop_day'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('interpreted_into')
            batch_op.drop_column('spoken_languages')
