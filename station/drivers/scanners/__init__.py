"""Barcode scanners: serial/USB-CDC readers, framing, symbology identifiers."""
