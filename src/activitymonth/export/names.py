"""Safe file names from plan titles, person ids and program ids."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r'[\\/:*?"<>|@\x00-\x1f\x7f]+')


def safe_file_stem(text: str, fallback: str = "plan") -> str:
    """A name every file system accepts: no separators, reserved or control characters,
    no leading dots, at most 80 characters; Chinese is kept because users read it."""
    cleaned = _UNSAFE.sub("-", unicodedata.normalize("NFC", text)).strip(" .-")
    cleaned = re.sub(r"\s+", " ", cleaned)[:80].rstrip(" .-")
    return cleaned or fallback
