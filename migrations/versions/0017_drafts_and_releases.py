"""drafts and releases: a working draft per conference, and numbered releases of the published programme

Every existing conference was public, so it becomes release 1 as it stands (its document was not kept
then: release 1 of such a conference can be read in the changelog but not gone back to). Its draft is made
by the application the first time an organiser opens it.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 08:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

conference = sa.table("conference", sa.column("id", sa.Integer), sa.column("release_number", sa.Integer),
                      sa.column("updated_at", sa.DateTime))
release = sa.table("release", sa.column("conference_id", sa.Integer), sa.column("number", sa.Integer),
                   sa.column("published_at", sa.DateTime), sa.column("published_by", sa.String),
                   sa.column("comment", sa.JSON), sa.column("changes", sa.JSON), sa.column("document", sa.JSON))


def upgrade():
    with op.batch_alter_table('conference', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('release_number', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_constraint('uq_conference_slug', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_conference_draft_of_id'), ['draft_of_id'])
        batch_op.create_foreign_key(batch_op.f('fk_conference_draft_of_id_conference'), 'conference',
                                    ['draft_of_id'], ['id'], ondelete='CASCADE')
    op.create_index('uq_conference_published_slug', 'conference', ['slug'], unique=True,
                    sqlite_where=sa.text('draft_of_id IS NULL'), postgresql_where=sa.text('draft_of_id IS NULL'))
    op.create_index('ix_conference_draft_slug', 'conference', ['slug'], unique=False,
                    sqlite_where=sa.text('draft_of_id IS NOT NULL'), postgresql_where=sa.text('draft_of_id IS NOT NULL'))
    with op.batch_alter_table('workshop_day', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_constraint('uq_workshop_day_identity', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_workshop_day_identity_draft'), ['identity', 'draft'])
    op.create_table(
        'release',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conference_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=False),
        sa.Column('published_by', sa.String(length=254), nullable=False),
        sa.Column('comment', sa.JSON(), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('document', sa.JSON(), nullable=False),
        sa.CheckConstraint('number >= 1', name=op.f('ck_release_number_positive')),
        sa.ForeignKeyConstraint(['conference_id'], ['conference.id'], name=op.f('fk_release_conference_id_conference'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_release')),
        sa.UniqueConstraint('conference_id', 'number', name=op.f('uq_release_conference_id_number')),
    )
    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_release_conference_id'), ['conference_id'], unique=False)
    connection = op.get_bind()
    rows = connection.execute(sa.select(conference.c.id, conference.c.updated_at)).all()
    connection.execute(conference.update().values(release_number=1))
    if rows:
        connection.execute(release.insert(), [
            {"conference_id": conference_id, "number": 1, "published_at": updated_at,
             "published_by": "migration 0017", "comment": {}, "changes": [], "document": {}}
            for conference_id, updated_at in rows])


def downgrade():
    connection = op.get_bind()
    connection.execute(sa.text("DELETE FROM conference WHERE draft_of_id IS NOT NULL"))
    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_release_conference_id'))
    op.drop_table('release')
    with op.batch_alter_table('workshop_day', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_workshop_day_identity_draft'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_workshop_day_identity'), ['identity'])
        batch_op.drop_column('draft')
    op.drop_index('ix_conference_draft_slug', table_name='conference')
    op.drop_index('uq_conference_published_slug', table_name='conference')
    with op.batch_alter_table('conference', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_conference_draft_of_id_conference'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_conference_draft_of_id'), type_='unique')
        batch_op.create_unique_constraint('uq_conference_slug', ['slug'])
        batch_op.drop_column('release_number')
        batch_op.drop_column('draft_of_id')
