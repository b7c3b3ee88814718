"""Reading plan files with every mistake located at ``file:line:col``."""

from activitymonth.load.loader import LoadedPlan, load_plan, load_plan_text

__all__ = ["LoadedPlan", "load_plan", "load_plan_text"]
