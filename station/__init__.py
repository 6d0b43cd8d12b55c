"""Station: the warehouse bench program (goods-in, pack-out, waybills)."""

__version__ = "0.1.0"
