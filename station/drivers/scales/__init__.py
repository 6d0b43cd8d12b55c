"""Scales: MT-SICS (Mettler Toledo) and continuous-output bench scales."""
