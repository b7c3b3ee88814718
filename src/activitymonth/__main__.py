"""``python -m activitymonth``."""

from activitymonth.cli import main

main()
