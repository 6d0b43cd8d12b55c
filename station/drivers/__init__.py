"""Scanners, printers, scales, their transports and simulators. No Qt here."""
