"""Which activity month this is: "第N个".

Plans and reports open with the ordinal (内蒙古's September month was the 38th in 2021,
000:1; 新疆's May month the 30th, 002:138). Clerks work it out by hand and get it wrong
between drafts of different years; from the region, the year and the first year in
``data/campaigns.yaml`` it follows exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from activitymonth.calendar import datafiles
from activitymonth.calendar.regional import require_region


@dataclass(frozen=True, slots=True)
class CampaignOrdinal:
    """The ``ordinal``-th ``campaign`` of a region, held in ``month``."""

    ordinal: int
    campaign: str
    month: int
    region: str


@dataclass(frozen=True, slots=True)
class _Campaign:
    region: str
    name: str
    month: int
    first_year: int
    spellings: frozenset[str]


def _key(name: str) -> str:
    return "".join(name.split())


@cache
def _campaigns() -> tuple[_Campaign, ...]:
    return tuple(
        _Campaign(
            region=raw["region"],
            name=raw["name"],
            month=int(raw["month"]),
            first_year=int(raw["first_year"]),
            spellings=frozenset(_key(n) for n in (raw["name"], *raw.get("aliases", ()))),
        )
        for raw in datafiles.load("campaigns.yaml")
    )


def activity_month_ordinal(
    region: str | None, year: int, campaign: str | None = None
) -> CampaignOrdinal | None:
    """The ordinal of the region's yearly activity month (or of ``campaign`` when named).

    None when the region holds no such month, the campaign is not the region's, or the
    year is before the first one. An unknown region name is an ``UnknownRegionError``.
    """
    canonical = require_region(region)
    for known in _campaigns():
        if known.region != canonical:
            continue
        if campaign is not None and _key(campaign) not in known.spellings:
            continue
        ordinal = year - known.first_year + 1
        if ordinal < 1:
            return None
        return CampaignOrdinal(ordinal, known.name, known.month, known.region)
    return None
