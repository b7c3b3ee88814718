"""Every structural mistake is reported at file:line:col, in Chinese or English, with a fix."""

from __future__ import annotations

from pathlib import Path

from activitymonth.load import load_plan

from conftest import MINIMAL, load_errors, write


def test_minimal_plan_loads(tmp_path: Path) -> None:
    loaded = load_plan(write(tmp_path, "plan.yaml", MINIMAL))
    assert loaded.plan.window.start.isoformat() == "2026-09-01"
    assert loaded.plan.activities[0].duration.total_seconds() == 7200
    assert loaded.sources.locate(("activities", 0, "lead")).line == 16


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.yaml",
        MINIMAL.replace(
            "  - {id: li, name: 李某, title: 副局长}", "  - {id: li, name: 李某, title: 副局长"
        ),
    )
    [error] = load_errors(path)
    assert error.code == "AM001"
    assert error.position.line in (7, 8)
    assert "YAML" in error.message("zh")


def test_unknown_field_points_at_key_and_suggests_nearest(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", MINIMAL.replace("    lead: wang", "    leed: wang"))
    [error] = load_errors(path)
    assert (error.code, error.position.line, error.position.col) == ("AM004", 16, 5)
    assert "leed" in error.message("zh")
    assert "lead" in error.hint("en")


def test_impossible_date_names_the_month_length(tmp_path: Path) -> None:
    text = MINIMAL + "deliverables:\n  - {id: report, title: 总结, owner: li, due: 2026-02-30}\n"
    [error] = load_errors(write(tmp_path, "p.yaml", text))
    assert error.code == "AM003"
    assert error.position.line == 18
    assert "28" in error.message("zh") and "does not exist" in error.message("en")


def test_unknown_reference_suggests_nearest_id(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", MINIMAL.replace("    lead: wang", "    lead: wnag"))
    [error] = load_errors(path)
    assert (error.code, error.position.line, error.position.col) == ("AM006", 16, 11)
    assert "wang" in error.hint("zh")


def test_duplicate_id_is_reported_at_second_use(tmp_path: Path) -> None:
    text = MINIMAL.replace("  - {id: li, name: 李某", "  - {id: wang, name: 李某")
    errors = load_errors(write(tmp_path, "p.yaml", text))
    assert errors[0].code == "AM007" and errors[0].position.line == 7


def test_bad_duration_lists_accepted_forms(tmp_path: Path) -> None:
    [error] = load_errors(
        write(tmp_path, "p.yaml", MINIMAL.replace("duration: 2h", "duration: two hours"))
    )
    assert error.code == "AM003" and error.position.line == 15
    assert "90min" in error.message("en")


def test_all_mistakes_of_a_file_in_one_run(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace("duration: 2h", "duration: 2 parsecs")
        .replace("window: 2026-09", "window: 2026-13")
        .replace("  - {id: wang, name: 王某, title: 局长}", "  - {id: wang, nam: 王某}")
    )
    errors = load_errors(write(tmp_path, "p.yaml", text))
    assert [e.position.line for e in errors] == [4, 6, 6, 15]
    assert {e.code for e in errors} == {"AM003", "AM004", "AM005"}


def test_duplicate_key_is_not_silently_overwritten(tmp_path: Path) -> None:
    [error] = load_errors(write(tmp_path, "p.yaml", MINIMAL + "window: 2026-10\n"))
    assert error.code == "AM009" and error.position.line == 17
    assert "4" in error.message("zh")


def test_gbk_file_is_named_as_gbk(tmp_path: Path) -> None:
    [error] = load_errors(write(tmp_path, "p.yaml", MINIMAL, encoding="gbk"))
    assert error.code == "AM002"
    assert "GBK" in error.message("zh") and "UTF-8" in error.hint("en")
    assert error.position.line == 1


def test_utf8_with_bom_loads(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_plan(path).plan.unit == "测试局"


def test_clock_times_stay_text_not_sexagesimal(tmp_path: Path) -> None:
    text = MINIMAL + "  - {id: talk, title: 讲座, date: 2026-09-10, time: 9:30, duration: 90min}\n"
    activity = load_plan(write(tmp_path, "p.yaml", text)).plan.activities[1]
    assert activity.time.isoformat() == "09:30:00"


def test_unknown_program_lists_variants(tmp_path: Path) -> None:
    [error] = load_errors(write(tmp_path, "p.yaml", MINIMAL + "programs: [六个一]\n"))
    assert error.code == "AM010" and error.position.line == 17
    assert "六个一@学校" in error.render("zh")


def test_unknown_rhythm_lists_accepted_forms(tmp_path: Path) -> None:
    text = MINIMAL + "  - {id: g, title: 公益日, repeat: 每逢初一十五}\n"
    [error] = load_errors(write(tmp_path, "p.yaml", text))
    assert error.code == "AM003" and error.position.line == 17
    assert "每月15日" in error.message("zh")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    [error] = load_errors(tmp_path / "nope.yaml")
    assert "nope.yaml" in error.message("en")


def test_duplicate_custom_program_is_located(tmp_path: Path) -> None:
    program = (
        "  - {name: 三个一, variant: 本局, title: 本局三个一, kind: activities,"
        " items: [{name: 读书会}]}\n"
    )
    text = MINIMAL + "custom_programs:\n" + program + program
    [error] = load_errors(write(tmp_path, "p.yaml", text))
    assert (error.code, error.position.line) == ("AM007", 19)
    assert "三个一@本局" in error.message("zh")


def test_contradictory_calendar_data_is_an_error_not_a_crash(tmp_path: Path) -> None:
    text = MINIMAL + (
        "calendar:\n  official:\n    - year: 2027\n"
        "      days_off: [{date: 2027-10-01, name: 国庆节}]\n"
        "      workdays: [{date: 2027-10-01, name: 调休上班}]\n"
    )
    [error] = load_errors(write(tmp_path, "p.yaml", text))
    assert (error.code, error.position.line) == ("AM003", 18)
    assert "2027-10-01" in error.message("en")
