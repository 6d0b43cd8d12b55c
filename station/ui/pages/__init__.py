"""One page per job at the bench."""
