"""Pausing Python's cyclic garbage collector around work that only builds up.

Work that allocates a great many small objects which all stay alive until it ends (a
loaded plan, the cells of a workbook until it is written) sets off full collections that
scan every one of them again and again and free nothing. Pausing the collector for that
work saves the scans; any cyclic garbage made meanwhile is collected after it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block (restored after it, if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
