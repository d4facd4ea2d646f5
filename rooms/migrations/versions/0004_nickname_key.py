"""Nicknames unique in a room whatever their case ("Ada" and "ada" are one
name): a key column, the nickname casefolded, unique in its room.

Members written before this revision get their key here; two members of one
room who differed only in case both stay (the later one's key gets its id).

Revision ID: 0004
Revises: 0003
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

KEY_CHARS = 96  # 24 characters casefold to at most 72, plus a de-duplicating id


def fold(nickname: str) -> str:
    """As ``rooms.store.nickname_key`` (kept here: a revision does not change)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", nickname).casefold())


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("nickname_key", sa.String(KEY_CHARS)))
    members = sa.table(
        "members", sa.column("id"), sa.column("room_id"), sa.column("nickname"),
        sa.column("nickname_key"),
    )  # fmt: skip
    conn = op.get_bind()
    seen: set[tuple[int, str]] = set()
    found = conn.execute(sa.select(members.c.id, members.c.room_id, members.c.nickname)
                         .order_by(members.c.id)).all()  # fmt: skip
    for row in found:
        key = fold(row.nickname)
        if (row.room_id, key) in seen:  # "Ann" and "ann", both joined before: both kept
            key = f"{key}#{row.id}"
        while (row.room_id, key) in seen:
            key += "#"
        seen.add((row.room_id, key))
        conn.execute(sa.update(members).where(members.c.id == row.id).values(nickname_key=key))
    # A unique index, not a constraint with NOT NULL: on SQLite those would
    # copy the table, and dropping the old one cascades to its events.
    op.create_index("uq_members_room_nickname_key", "members", ["room_id", "nickname_key"],
                    unique=True)  # fmt: skip


def downgrade() -> None:
    op.drop_index("uq_members_room_nickname_key", table_name="members")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("nickname_key")
