"""staffing rules (being written)."""
