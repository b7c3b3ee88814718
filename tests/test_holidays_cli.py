"""``activitymonth holidays``: tables, estimates said out loud, JSON, and bad regions."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner, Result

from activitymonth.cli.holidays_cmd import holidays


def run(*args: str) -> Result:
    return CliRunner().invoke(holidays, list(args))


def test_2026_national_table_lists_days_off_and_makeup_workdays() -> None:
    result = run("2026")
    assert result.exit_code == 0, result.output
    assert "全国：2026 年放假安排" in result.output
    assert "尚未正式公布" not in result.output
    assert "2026-10-07 周三" in result.output and "国庆节" in result.output
    assert "2026-02-14 周六" in result.output and "春节调休上班" in result.output
    assert "2026-10-10 周六" in result.output
    assert "2026-10-08" not in result.output


def test_2027_says_the_schedule_is_an_estimate() -> None:
    result = run("2027")
    assert result.exit_code == 0, result.output
    assert "2027 年放假安排尚未正式公布，以下为推算" in result.output
    assert "2027-02-05 周五" in result.output
    assert "调休上班：无" in result.output


def test_english_output() -> None:
    result = run("2027", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "not officially published yet" in result.output
    assert "2027-10-01 Fri" in result.output and "National Day" in result.output
    assert "not yet official" in result.output


def test_region_adds_its_festivals_marked_as_computed() -> None:
    result = run("2026", "--region", "新疆维吾尔自治区")
    assert result.exit_code == 0, result.output
    assert "新疆：2026 年放假安排" in result.output
    assert "2026-03-20 周五" in result.output and "肉孜节" in result.output
    assert "2026-05-27 周三" in result.output and "古尔邦节" in result.output
    assert "尚未正式公布" in result.output and "自治区当年通知" in result.output


def test_json_output() -> None:
    result = run("2026", "--region", "广西", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["year"], document["region"], document["official"]) == (2026, "广西", True)
    off = {item["date"]: item for item in document["days_off"]}
    assert off["2026-04-19"] == {
        "date": "2026-04-19",
        "weekday": "Sun",
        "name": "Zhuang Sanyuesan Festival",
        "kind": "regional_holiday",
        "official": False,
    }
    assert off["2026-10-01"]["official"] is True
    assert [item["date"] for item in document["makeup_workdays"]] == [
        date(2026, m, d).isoformat()
        for m, d in ((1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10))
    ]


def test_json_of_an_unofficial_year() -> None:
    document = json.loads(run("2027", "--format", "json").output)
    assert document["official"] is False
    assert all(item["official"] is False for item in document["days_off"])


def test_a_bad_region_lists_the_known_ones_and_exits_2() -> None:
    result = run("2026", "--region", "火星")
    assert result.exit_code == 2
    assert "未知地区 “火星”" in result.stderr and "新疆" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_a_bad_region_in_english() -> None:
    result = run("2026", "--region", "Mars", "--lang", "en")
    assert result.exit_code == 2
    assert "unknown region 'Mars'" in result.stderr


def test_a_year_the_lunar_table_cannot_compute_exits_2() -> None:
    result = run("2150")
    assert result.exit_code == 2
    assert "1900–2099" in result.stderr
