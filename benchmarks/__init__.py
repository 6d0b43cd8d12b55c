"""Figures, not pass/fail: ``python -m benchmarks [--json] [--quick] [NAME…]``."""
