"""The trade's rules: pure Python, no Qt, no SQL (enforced by import-linter)."""
