"""Word documents for offices, laid out after GB/T 9704-2012."""
