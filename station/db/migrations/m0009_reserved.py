"""Number held for a migration made on another branch; this file gives way to it at the
merge (it changes nothing)."""

STATEMENTS: list[str] = []
