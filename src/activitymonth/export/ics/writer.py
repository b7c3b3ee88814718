"""Write calendars to a folder, with SEQUENCE numbers that rise only on real changes.

RFC 5545 clients decide whether an imported event replaces the one they hold by UID and
SEQUENCE. The folder keeps a small state file (``.activitymonth-ics.json``) with, per
event, a digest of its time, recurrence and status and the sequence last written: when
the digest changes the sequence goes up by one; otherwise it stays, so re-exporting an
unchanged plan rewrites identical bytes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from icalendar import Calendar

from activitymonth.catalog import Catalog
from activitymonth.export.ics.builder import IcsOptions, build_calendars
from activitymonth.schedule import Schedule
from activitymonth.write import write_bytes_atomically, write_text_atomically

STATE_FILE = ".activitymonth-ics.json"
_TRACKED = ("DTSTART", "DTEND", "DUE", "RRULE", "EXDATE", "STATUS")


def export_ics(
    schedule: Schedule, catalog: Catalog, out_dir: Path, options: IcsOptions | None = None
) -> list[Path]:
    """Write every calendar of the plan into ``out_dir``; returns the files written."""
    options = options or IcsOptions()
    out_dir.mkdir(parents=True, exist_ok=True)
    state_path = out_dir / STATE_FILE
    state = _read_state(state_path)
    files = build_calendars(schedule, catalog, options)
    for file in files:
        _number(file.calendar, state)
    written = []
    for file in files:
        path = out_dir / f"{file.stem}.ics"
        write_bytes_atomically(path, file.calendar.to_ical())
        written.append(path)
    write_text_atomically(
        state_path, json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    )
    return written


def _number(calendar: Calendar, state: dict[str, dict[str, object]]) -> None:
    for component in calendar.subcomponents:
        if component.name not in ("VEVENT", "VTODO"):
            continue
        rid = component.get("RECURRENCE-ID")
        key = str(component["UID"]) + ("|" + rid.to_ical().decode() if rid else "")
        digest = hashlib.sha256(
            b"\n".join(
                component[name].to_ical()
                if hasattr(component[name], "to_ical")
                else str(component[name]).encode()
                for name in _TRACKED
                if name in component
            )
        ).hexdigest()[:16]
        known = state.get(key)
        if known is None:
            sequence = 0
        elif known["digest"] == digest:
            sequence = int(known["sequence"])  # type: ignore[arg-type]
        else:
            sequence = int(known["sequence"]) + 1  # type: ignore[arg-type]
        state[key] = {"digest": digest, "sequence": sequence}
        component.add("sequence", sequence)


def _read_state(path: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
