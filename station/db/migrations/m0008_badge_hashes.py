"""Badge codes are no longer kept: each becomes a salted scrypt hash, like a PIN
(``operator.badge_code`` is renamed ``badge_hash``). The salt is this
database's own (``meta.badge_salt``), shared by the badges made here so that a
scan is hashed once and found by equality."""

from station.core.auth import hash_badge, new_badge_salt

STATEMENTS = [
    'DROP INDEX IF EXISTS "operator_badge_code"',
    'ALTER TABLE "operator" RENAME COLUMN "badge_code" TO "badge_hash"',
    'CREATE UNIQUE INDEX "operator_badge_hash" ON "operator" ("badge_hash")',
]


def upgrade(db) -> None:
    rows = db.execute_sql(
        'SELECT id, badge_hash FROM "operator" WHERE badge_hash IS NOT NULL'
    ).fetchall()
    if not rows:
        return
    found = db.execute_sql("SELECT value FROM meta WHERE key = 'badge_salt'").fetchone()
    salt = found[0] if found else new_badge_salt()
    if not found:
        db.execute_sql("INSERT INTO meta (key, value) VALUES ('badge_salt', ?)", (salt,))
    for op_id, code in rows:
        db.execute_sql(
            'UPDATE "operator" SET badge_hash = ? WHERE id = ?', (hash_badge(code, salt), op_id)
        )
