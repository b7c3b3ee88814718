"""Renderers that turn resolved data into what a person or a machine reads."""
