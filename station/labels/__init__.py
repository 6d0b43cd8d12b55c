"""Label and document templates rendered to ZPL, TSPL and PDF."""
