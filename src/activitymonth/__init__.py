"""activitymonth: plan, check, schedule and track Chinese activity months and campaigns."""

__version__ = "0.1.0"
