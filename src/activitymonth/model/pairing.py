"""Pairs of cadres and households (结对认亲) and the plan's pairing policy."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from activitymonth.model.base import FrozenModel
from activitymonth.model.types import Id, IdList, PlainDate, Repeat


class Household(FrozenModel):
    """The paired household. ``need`` (1–5) drives the pairing assistant's matching."""

    name: str
    village: str | None = None
    members: int | None = Field(default=None, ge=1)
    need: int | None = Field(default=None, ge=1, le=5)
    phone: str | None = None


class Pair(FrozenModel):
    """One cadre paired with one household; ``visits`` are the planned visit dates."""

    id: Id | None = None
    cadre: Id
    household: Household
    kind: str = "干部-家庭"
    rhythm: Repeat | None = None
    since: PlainDate | None = None
    visits: tuple[PlainDate, ...] = ()

    @property
    def key(self) -> str:
        """Stable id: the given one, else cadre + household (+ village)."""
        if self.id:
            return self.id
        village = f"@{self.household.village}" if self.household.village else ""
        return f"{self.cadre}:{self.household.name}{village}"


class PairingPolicy(FrozenModel):
    """Who must be paired, by when, and the default visit rhythm (每两个月至少一次)."""

    deadline: PlainDate | None = None
    rhythm: Repeat | None = None
    cadres: Literal["all"] | IdList = "all"
