"""The reference head-office service: receives every bench's records exactly once."""
