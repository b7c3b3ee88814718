"""structure rules (being written)."""
