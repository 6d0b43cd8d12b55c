"""Numbered schema migrations: ``mNNNN_name.py`` with ``STATEMENTS`` and/or ``upgrade(db)``.

Never edit a released migration; add the next number.
"""
