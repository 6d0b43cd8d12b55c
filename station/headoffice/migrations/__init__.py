"""Head office's schema steps, ``mNNNN_name.py`` numbered from 1 without gaps; each has
``upgrade(db)`` (see station.headoffice.schema)."""
