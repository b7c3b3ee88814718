"""The "第N个…活动月" of a plan, shown in headlines, calendar names and documents."""

from __future__ import annotations

from activitymonth.calendar import CampaignOrdinal, activity_month_ordinal
from activitymonth.model import Plan


def plan_ordinal(plan: Plan) -> CampaignOrdinal | None:
    """The ordinal when the plan is that activity month: it names the campaign, or its
    window lies inside the region's campaign month. A year-long plan of the same region
    is not "the 43rd activity month", so it gets none."""
    if plan.region is None:
        return None
    found = activity_month_ordinal(plan.region, plan.window.start.year, plan.campaign)
    if found is None or plan.campaign is not None:
        return found
    window = plan.window
    same_month = (window.start.year, window.start.month) == (window.end.year, window.end.month)
    return found if same_month and window.start.month == found.month else None
