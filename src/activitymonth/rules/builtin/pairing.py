"""pairing rules (being written)."""
