"""Excel workbooks: the ledger sheet (台账) and the completion checklist.

The checklist package lists this package's checklist renderer among its formats, and that
renderer prints the checklist's own labels. Loading the checklist package here, before any
module of this package, lets either package be imported first without a circular import.
"""

import activitymonth.export.checklist  # noqa: F401  (import order, see above)
