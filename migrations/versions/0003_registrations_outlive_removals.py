"""registrations outlive removed workshops and conferences; per-recipient calendar sequence

A removed workshop's registrations are kept (workshop_id set to NULL, number and title kept)
as "cancelled by the organisers"; a removed conference's registrants likewise, until retention
ends. calendar_delivery records what each registrant was last sent per calendar UID.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 07:56:23.287118

"""
from alembic import op
import sqlalchemy as sa


STATUSES = "'pending', 'active', 'listener', 'waiting', 'cancelled'"

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_delivery',
    sa.Column('registrant_id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=255), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('stamped_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('sequence >= 0', name=op.f('ck_calendar_delivery_sequence_non_negative')),
    sa.ForeignKeyConstraint(['registrant_id'], ['registrant.id'], name=op.f('fk_calendar_delivery_registrant_id_registrant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('registrant_id', 'uid', name=op.f('pk_calendar_delivery'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_message_conference_id_conference'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_outbox_message_conference_id_conference'), 'conference', ['conference_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('registrant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_conference_title', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('removed_conference_ended_at', sa.DateTime(), nullable=True))
        batch_op.alter_column('conference_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.drop_constraint(batch_op.f('fk_registrant_conference_id_conference'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_registrant_conference_id_conference'), 'conference', ['conference_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_workshop_number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('removed_workshop_title', sa.JSON(), nullable=True))
        batch_op.alter_column('workshop_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.drop_constraint(batch_op.f('fk_registration_workshop_id_workshop'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_registration_workshop_id_workshop'), 'workshop', ['workshop_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint(batch_op.f('ck_registration_registration_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_registration_registration_status'),
                                         f"status IN ({STATUSES}, 'cancelled_by_organiser')")



def downgrade():
    op.execute("DELETE FROM registration WHERE workshop_id IS NULL")
    op.execute("UPDATE registration SET status = 'cancelled' WHERE status = 'cancelled_by_organiser'")
    op.execute("DELETE FROM registrant WHERE conference_id IS NULL")
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_registration_registration_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_registration_registration_status'), f"status IN ({STATUSES})")
        batch_op.drop_constraint(batch_op.f('fk_registration_workshop_id_workshop'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_registration_workshop_id_workshop'), 'workshop', ['workshop_id'], ['id'], ondelete='CASCADE')
        batch_op.alter_column('workshop_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('removed_workshop_title')
        batch_op.drop_column('removed_workshop_number')

    with op.batch_alter_table('registrant', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_registrant_conference_id_conference'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_registrant_conference_id_conference'), 'conference', ['conference_id'], ['id'], ondelete='CASCADE')
        batch_op.alter_column('conference_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('removed_conference_ended_at')
        batch_op.drop_column('removed_conference_title')

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_message_conference_id_conference'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_outbox_message_conference_id_conference'), 'conference', ['conference_id'], ['id'], ondelete='CASCADE')

    op.drop_table('calendar_delivery')
