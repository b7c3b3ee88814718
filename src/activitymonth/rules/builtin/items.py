"""items rules (being written)."""
