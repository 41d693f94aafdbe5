"""doors open and informal end

A workshop day may say when its doors open before the start and how long an informal
part runs past the official end, as minutes relative to its window (never as a second
typed time). Existing days have neither, so they read exactly as before.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop_day', schema=None) as batch_op:
        batch_op.add_column(sa.Column('doors_open_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('informal_end_minutes', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f('ck_workshop_day_doors_open_range'),
            'doors_open_minutes IS NULL OR (doors_open_minutes >= 1 AND doors_open_minutes <= 720)')
        batch_op.create_check_constraint(
            batch_op.f('ck_workshop_day_informal_end_range'),
            'informal_end_minutes IS NULL OR (informal_end_minutes >= 1 AND informal_end_minutes <= 720)')


def downgrade():
    with op.batch_alter_table('workshop_day', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_workshop_day_informal_end_range'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_workshop_day_doors_open_range'), type_='check')
        batch_op.drop_column('informal_end_minutes')
        batch_op.drop_column('doors_open_minutes')
