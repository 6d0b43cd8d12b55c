"""Data files shipped with the station: demo data, sounds, translations, templates."""
