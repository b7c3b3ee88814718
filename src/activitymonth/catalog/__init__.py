"""The program catalog: named bundles of required items and the references that find them.

Programs such as 六个一, 八进 or 十二同 are shipped as data files with their sources; a unit
may add its own. Everything else (plan checks, checklists, status) asks this package what
a program requires.
"""

from activitymonth.catalog.catalog import (
    Catalog,
    DuplicateProgramError,
    ProgramLookupError,
    load_program_file,
)
from activitymonth.catalog.model import (
    PROGRAM_KIND_LABELS,
    RHYTHMS,
    ItemKind,
    Program,
    ProgramItem,
    ProgramKind,
    SourceRef,
    name_key,
)

__all__ = [
    "PROGRAM_KIND_LABELS",
    "RHYTHMS",
    "Catalog",
    "DuplicateProgramError",
    "ItemKind",
    "Program",
    "ProgramItem",
    "ProgramKind",
    "ProgramLookupError",
    "SourceRef",
    "load_program_file",
    "name_key",
]
