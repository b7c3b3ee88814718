"""``.activitymonth.yaml``: found upward from the plan, every mistake located with its fix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from activitymonth.diagnostics import Diagnostic, PlanLoadError
from activitymonth.i18n import Lang, Text
from activitymonth.rules import REGISTRY, Finding, Group, Rule
from activitymonth.rules.config import is_enabled, settings_for
from activitymonth.rules.configfile import CONFIG_NAME, find_config, load_config
from activitymonth.rules.context import Context
from activitymonth.rules.finding import Severity
from activitymonth.rules.rule import Options, load_builtin_rules

from conftest import write

load_builtin_rules()


class UserCheck(Rule):
    """Stands in for a rule from a user rules file: known to the caller, not registered."""

    code = "XJ101"
    name = "xj-check"
    group = Group.DATES
    summary = Text("用户规则", "user rule")
    message = Text("用户规则", "user rule")

    def check(self, ctx: Context, options: Options) -> Iterator[Finding]:
        return iter(())


def problems(tmp_path: Path, text: str, **kwargs: object) -> list[Diagnostic]:
    path = write(tmp_path, CONFIG_NAME, text)
    with pytest.raises(PlanLoadError) as caught:
        load_config(path, **kwargs)  # type: ignore[arg-type]
    return caught.value.diagnostics


def only(tmp_path: Path, text: str) -> Diagnostic:
    """The one problem of ``text``: located, bilingual, with a fix."""
    [diagnostic] = problems(tmp_path, text)
    assert diagnostic.position is not None and diagnostic.hint is not None
    assert diagnostic.message("zh") != diagnostic.message("en")
    return diagnostic


def at(diagnostic: Diagnostic) -> tuple[int, int]:
    assert diagnostic.position is not None
    return diagnostic.position.line, diagnostic.position.col


def hint(diagnostic: Diagnostic, lang: Lang) -> str:
    assert diagnostic.hint is not None
    return diagnostic.hint(lang)


def test_find_config_searches_upward_from_the_plan(tmp_path: Path) -> None:
    config = write(tmp_path, CONFIG_NAME, "fail-on: warning\n")
    units = tmp_path / "county" / "units"
    units.mkdir(parents=True)
    plan = write(units, "bureau.yaml", "title: x\n")
    assert find_config(plan) == config.resolve()
    assert find_config(units) == config.resolve()


def test_the_nearest_config_wins_and_one_below_is_not_seen(tmp_path: Path) -> None:
    write(tmp_path, CONFIG_NAME, "fail-on: warning\n")
    county = tmp_path / "county"
    (county / "units").mkdir(parents=True)
    nearest = write(county, CONFIG_NAME, "fail-on: info\n")
    write(county / "units", CONFIG_NAME, "fail-on: error\n")
    assert find_config(county / "plan.yaml") == nearest.resolve()


def test_no_file_and_an_empty_file_give_the_defaults(tmp_path: Path) -> None:
    assert load_config(None) == load_config(write(tmp_path, CONFIG_NAME, "# nothing yet\n"))
    assert load_config(None).select == ("ALL",)


def test_a_full_config_is_read_into_the_model(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            CONFIG_NAME,
            """\
            select: [ALL]
            ignore: [AM205, on-weekend]
            fail-on: warning
            rules:
              AM204: {severity: warning, extra_minutes: 15}
              outside-window: {enabled: false}
            user-rules: [rules.yaml]
            """,
        )
    )
    assert config.fail_on is Severity.WARNING and config.user_rules == ("rules.yaml",)
    office_hours, weekend, window, day_off = (
        REGISTRY.get(n) for n in ("AM204", "AM202", "AM201", "on-day-off")
    )
    assert office_hours and weekend and window and day_off
    settings = settings_for(config, office_hours)
    assert settings is not None and settings.severity is Severity.WARNING
    assert settings.options() == {"extra_minutes": 15}
    assert not is_enabled(config, weekend) and not is_enabled(config, window)
    assert is_enabled(config, day_off)


def test_unknown_top_level_key_names_the_nearest(tmp_path: Path) -> None:
    found = only(tmp_path, "select: [ALL]\nignor: [AM205]\n")
    assert at(found) == (2, 1)
    assert "ignor" in found.message("en") and "'ignore'" in hint(found, "en")


def test_selector_matching_no_rule_is_located(tmp_path: Path) -> None:
    found = only(tmp_path, "select: [ALL]\nignore: [AM205, on-day-of]\n")
    assert at(found) == (2, 17)
    assert found.path == ("ignore", 1)
    assert "“on-day-off”" in hint(found, "zh")


def test_prefixes_groups_and_names_are_valid_selectors(tmp_path: Path) -> None:
    text = "select: [AM2, dates, on-day-off, am203]\nignore: [ALL]\n"
    assert load_config(write(tmp_path, CONFIG_NAME, text)).ignore == ("ALL",)


def test_unknown_rule_in_rules_points_at_its_key(tmp_path: Path) -> None:
    found = only(tmp_path, "rules:\n  AM2O3: {severity: warning}\n")
    assert at(found) == (2, 3)
    assert "'AM203'" in hint(found, "en")


def test_unknown_option_is_an_error_with_the_valid_ones(tmp_path: Path) -> None:
    found = only(tmp_path, "rules:\n  AM204: {extra_minute: 10}\n")
    assert at(found) == (2, 11)
    assert "AM204" in found.message("en") and "'extra_minutes'" in hint(found, "en")


def test_option_values_are_validated_under_their_full_path(tmp_path: Path) -> None:
    [found] = problems(tmp_path, "rules:\n  on-weekend: {allow_weekends: maybe}\n")
    assert found.message("en") == "rules.on-weekend.allow_weekends: 'maybe' is not true or false"
    assert at(found) == (2, 32)


def test_a_bad_severity_gets_the_nearest_valid_one(tmp_path: Path) -> None:
    fail_on, rule = problems(tmp_path, "fail-on: eror\nrules:\n  AM204: {severity: warnng}\n")
    assert at(fail_on)[0] == 1 and "'error'" in hint(fail_on, "en")
    assert at(rule)[0] == 3 and "“warning”" in hint(rule, "zh")


def test_a_bare_severity_is_told_to_become_a_mapping(tmp_path: Path) -> None:
    found = only(tmp_path, "rules:\n  AM205: warning\n")
    assert "AM205: {severity: warning}" in hint(found, "en")


def test_one_rule_configured_under_code_and_name(tmp_path: Path) -> None:
    found = only(tmp_path, "rules:\n  AM203: {severity: info}\n  on-day-off: {enabled: false}\n")
    assert at(found)[0] == 3 and "AM203" in found.message("en")


def test_every_problem_is_reported_at_once_in_file_order(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        "select: [AM999]\nfail-on: fatal\nrules:\n  AM204: {extra: 1}\nlevel: high\n",
    )
    assert [at(d)[0] for d in found] == [1, 2, 4, 5]


def test_yaml_syntax_and_shape_errors_are_located(tmp_path: Path) -> None:
    [syntax] = problems(tmp_path, "select: [ALL\n")
    assert syntax.code == "AM001" and syntax.position is not None
    [shape] = problems(tmp_path, "- AM203\n")
    assert shape.position is not None and shape.hint is not None


def test_user_rule_names_wait_until_user_rules_are_loaded(tmp_path: Path) -> None:
    text = "user-rules: [rules.yaml]\nselect: [ALL, XJ101]\nrules:\n  xj-check: {severity: info}\n"
    path = write(tmp_path, CONFIG_NAME, text)
    assert load_config(path).user_rules == ("rules.yaml",)
    assert load_config(path, extra_rules=[UserCheck]).select == ("ALL", "XJ101")
    [unknown] = problems(tmp_path, text.replace("XJ101", "XJ102"), extra_rules=[UserCheck])
    assert unknown.path == ("select", 1)


def test_without_user_rules_an_unknown_name_is_an_error(tmp_path: Path) -> None:
    assert only(tmp_path, "select: [XJ101]\n").path == ("select", 0)
