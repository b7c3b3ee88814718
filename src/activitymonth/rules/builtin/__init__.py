"""Built-in rules, one module per group; importing a module registers its rules."""

from activitymonth.rules.builtin import (  # noqa: F401 - imported to register the rules
    dates,
    items,
    pairing,
    resources,
    staffing,
    structure,
    suppressions,
)
