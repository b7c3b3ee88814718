"""Exporters: the resolved schedule turned into files other programs and people use."""
