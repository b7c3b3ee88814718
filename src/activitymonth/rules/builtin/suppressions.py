"""Structure rules about the plan's own suppression comments."""

from __future__ import annotations

from collections.abc import Iterator

from activitymonth.diagnostics import Position
from activitymonth.i18n import Text
from activitymonth.rules.context import Context
from activitymonth.rules.finding import Finding, Group, Severity
from activitymonth.rules.rule import Options, Rule, fill_template, register


@register
class UnusedSuppression(Rule):
    """A suppression comment (``# activitymonth: disable=…``) silenced no finding.

    Why: a comment that silences nothing hides the next real problem on its line, and a
    waiver that no longer applies misleads the inspector who reads the plan. Whether a
    comment silenced anything is only known once every other rule has run, so this
    rule's ``check`` finds nothing by itself: ``apply_suppressions`` (rules/suppress.py),
    which the ``check`` command runs after the engine, reports it at the comment's line.

    Fails:
        # activitymonth: disable-file=on-day-off
        window: {start: 2026-09-01, end: 2026-10-31}
        activities:
          - {id: quiz, title: 知识竞赛, date: 2026-10-12, lead: wang}

    Passes:
        # activitymonth: disable-file=on-day-off -- 国庆期间值守宣传，局长已同意
        window: {start: 2026-09-01, end: 2026-10-31}
        activities:
          - {id: quiz, title: 知识竞赛, date: 2026-10-01, lead: wang}
    """

    code = "AM104"
    name = "unused-suppression"
    group = Group.STRUCTURE
    severity = Severity.WARNING
    summary = Text("停用注释没有屏蔽任何问题", "suppression comment that silences nothing")
    message = Text(
        "停用注释「{directive}」中的 {unused} 没有屏蔽任何问题",
        "the suppression comment '{directive}' silences nothing for {unused}",
    )
    hint = Text(
        "问题已不存在：删除这条注释，或从中去掉 {unused}",
        "the problem is gone: delete the comment or remove {unused} from it",
    )
    unknown = Text(
        "“{selector}” 不是任何规则的编号、名称或分组",
        "'{selector}' is not the code, name or group of any rule",
    )

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        """Nothing to find before the other rules ran; see the class docstring."""
        return iter(())

    def at(self, where: Position, directive: str, unused: Text, notes: list[Text]) -> Finding:
        """The finding for one comment. ``notes`` correct selectors that name no rule: for
        those the fix is the spelling, not deleting the comment."""
        params = {"directive": directive, "unused": unused}
        hint = Text.join(notes) if notes else fill_template(self.hint, params)
        return Finding(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=fill_template(self.message, params),
            position=where,
            hint=hint,
            logical_path=directive,
            params=params,
        )
