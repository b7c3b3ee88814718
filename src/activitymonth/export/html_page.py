"""The frame of every self-contained HTML page the exports write.

Offices open these pages on machines without internet and print them, so a page fetches
nothing: its style is inline, it has no scripts, images or web fonts, and a
Content-Security-Policy forbids loading anything should a value ever slip through
unescaped. The font stack names the Chinese fonts Debian, macOS and Windows install.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from activitymonth.i18n import Lang

FONT_STACK = '"Noto Serif CJK SC", "Source Han Serif SC", SimSun, serif'


def standalone_page(title: str, style: str, body: Iterable[str], lang: Lang = "zh") -> str:
    """``<!DOCTYPE html>`` … ``</html>`` around ``body`` (lines of markup already escaped)."""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"
