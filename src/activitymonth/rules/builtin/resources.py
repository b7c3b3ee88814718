"""resources rules (being written)."""
