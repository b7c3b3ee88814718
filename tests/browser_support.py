"""Shared helpers for tests that read outputs the way people get them: headless Chromium
with every host name unresolvable and a network log, LibreOffice, and poppler's tools.

A missing tool skips the test locally and fails it in CI (``CI`` set), where ``.ci/run``
installs them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

FONTS_CONF = Path(__file__).parent / "fonts" / "fonts.conf"
"""fontconfig aliases that map the official 仿宋/楷体/小标宋 names to installed CJK fonts."""
TOOL_PACKAGES = {
    "soffice": "libreoffice-writer-nogui",
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "chromium": "chromium",
    "fc-list": "fontconfig",
}
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--no-pdf-header-footer",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; .ci/run installs it")
    pytest.skip(reason)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        missing(f"{name} is not installed (Debian package {TOOL_PACKAGES[name]})")
    return str(path)


def run_tool(args: list[str], **kwargs: object) -> str:
    """Run a consumer tool, assert it succeeded, and return what it printed."""
    result = subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    assert result.returncode == 0, result.stderr
    return str(result.stdout)


def squash(text: str) -> str:
    """Without white space: table cells break lines anywhere in Chinese text."""
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """Text in content-stream order (``-raw``), which keeps each table cell together."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    command = [tool("pdftotext"), "-raw", "-enc", "UTF-8", *pages, str(pdf), "-"]
    return squash(subprocess.run(command, capture_output=True, check=True, text=True).stdout)


def chromium(tmp_path: Path, page: Path, *action: str) -> list[str]:
    """Run headless Chromium on ``page`` with every host name unresolvable and a network
    log; return the URLs the page itself requested (the browser's own background requests
    carry no initiator origin and are not the page's doing)."""
    netlog = tmp_path / f"{page.stem}-netlog.json"
    subprocess.run(
        [
            tool("chromium"),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            f"--log-net-log={netlog}",
            *action,
            page.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    log = json.loads(netlog.read_text(encoding="utf-8"))
    names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    return [
        event["params"]["url"]
        for event in log["events"]
        if names.get(event["type"]) == "URL_REQUEST_START_JOB"
        and "url" in (event.get("params") or {})
        and event["params"].get("initiator") != "not an origin"
    ]
