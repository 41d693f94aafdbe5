"""deleted parts: what a delete removed, kept for 30 days so it can be restored

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 18:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'deleted_part',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conference_id', sa.Integer(), nullable=True),
        sa.Column('conference_slug', sa.String(length=80), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('summary', sa.JSON(), nullable=False),
        sa.Column('fragment', sa.JSON(), nullable=False),
        sa.Column('deleted_at', sa.DateTime(), nullable=False),
        sa.Column('deleted_by', sa.String(length=254), nullable=False),
        sa.Column('restored_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['conference_id'], ['conference.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('deleted_part', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deleted_part_conference_id'), ['conference_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deleted_part_deleted_at'), ['deleted_at'], unique=False)


def downgrade():
    with op.batch_alter_table('deleted_part', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deleted_part_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_deleted_part_conference_id'))
    op.drop_table('deleted_part')
