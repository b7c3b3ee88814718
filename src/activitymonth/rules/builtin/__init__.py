"""Built-in rules, one module per group; importing a module registers its rules."""

from activitymonth.rules.builtin import (  # noqa: F401 - imported to register the rules
    dates,
    items,
    ledger,
    pairing,
    resources,
    staffing,
    structure,
    suppressions,
)
