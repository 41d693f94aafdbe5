"""join links are https with a host: clear stored ones that are not

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 08:10:00.000000

Join links used to be stored as typed, so one could hold javascript:, data: or a plain
http: address. They are secret, so they are cleared rather than kept in a log: each
cleared row is named (conference slug, platform key, the refused scheme) for an
organiser to enter the link again. The upgrade does not stop instead, because the
application it replaces would keep serving the stored link while it is stopped.
"""
import logging
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# The rule of confsched.programme.links as of this revision (migrations never import application code).
HTTPS_URL = re.compile(r"[hH][tT][tT][pP][sS]://[^\s\x00-\x1f\x7f/?#@\\:]+(:[0-9]{1,5})?([/?#][^\s\x00-\x1f\x7f]*)?")
logger = logging.getLogger("alembic.runtime.migration")


def upgrade():
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT platform_access.platform_id, platform.key, conference.slug, platform_access.join_url "
        "FROM platform_access JOIN platform ON platform.id = platform_access.platform_id "
        "JOIN conference ON conference.id = platform.conference_id "
        "WHERE platform_access.join_url IS NOT NULL ORDER BY conference.slug, platform.key"
    )).all()
    for platform_id, key, slug, join_url in rows:
        if HTTPS_URL.fullmatch(join_url):
            continue
        connection.execute(sa.text("UPDATE platform_access SET join_url = NULL WHERE platform_id = :platform_id"),
                           {"platform_id": platform_id})
        scheme = join_url.partition(":")[0][:20] if ":" in join_url else "no scheme"
        logger.warning("cleared the join link of platform %r of conference %r (%s, not https with a host); "
                       "enter it again in the editor", key, slug, scheme)


def downgrade():
    # Cleared links are not restored: the schema is unchanged and the old values were unsafe.
    pass
