"""The station's local store: peewee on one SQLite file."""
