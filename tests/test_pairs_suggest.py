"""``pairs suggest``: the matching principle, coverage, limits, explanations, bad tables,
and ``--accept`` writing pairs that load back and satisfy AM501, comments kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from openpyxl import Workbook

from activitymonth.cli import cli
from activitymonth.load import load_plan
from activitymonth.model import Person
from activitymonth.pairing import read_households, seniority, suggest_pairs

from conftest import PLANS

BUREAU = PLANS / "bureau-pairing-yijiaqin.yaml"
HEADER = "户主,村,人口,困难程度,民族\n"
TEN = (
    "吐某某家,某镇胡杨村,4,5,维吾尔族\n"  # listed first, but du's sub-group has 胡杨村
    "买某某家,某镇石榴籽村,5,5,维吾尔族\n"
    "阿某某家,某镇石榴籽村,6,4,维吾尔族\n"
    "肉某某家,某镇胡杨村,3,4,维吾尔族\n"
    "依某某家,某镇石榴籽村,4,3,哈萨克族\n"
    "王某某家,某镇胡杨村,5,3,回族\n"
    "卡某某家,某镇石榴籽村,2,2,维吾尔族\n"
    "热某某家,某镇胡杨村,4,2,维吾尔族\n"
    "司某某家,某镇石榴籽村,3,1,维吾尔族\n"
    "玉某某家,某镇胡杨村,6,1,维吾尔族\n"
)
TEN_ROWS = TEN.splitlines(keepends=True)
SENIORITY_ORDER = ["ai", "du", "zheng", "yu", "jiang", "tang", "mai", "shi", "fang", "nu"]


def run(*args: object, lang: str = "zh") -> Result:
    return CliRunner(env={"ACTIVITYMONTH_LANG": lang, "COLUMNS": "400"}).invoke(
        cli, [str(a) for a in args]
    )


def unpaired_plan(folder: Path) -> Path:
    """The bureau's pairing plan before anyone was paired: no ``pairs:`` at all."""
    text = BUREAU.read_text(encoding="utf-8").split("\npairs:\n")[0] + "\n"
    path = folder / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def table(folder: Path, rows: str, name: str = "户.csv", header: str = HEADER) -> Path:
    path = folder / name
    path.write_text(header + rows, encoding="utf-8")
    return path


def proposed(result: Result) -> list[dict[str, object]]:
    """The pairs a ``--format yaml`` run printed, in order."""
    assert result.exit_code == 0, result.output
    return yaml.safe_load(result.stdout)["pairs"]


def test_higher_rank_gets_greater_need_and_village_breaks_ties(tmp_path: Path) -> None:
    plan = unpaired_plan(tmp_path)
    pairs = proposed(
        run("pairs", "suggest", plan, "--households", table(tmp_path, TEN), "--format", "yaml")
    )
    need = {pair["cadre"]: pair["household"]["need"] for pair in pairs}
    assert [pair["cadre"] for pair in pairs] == SENIORITY_ORDER
    assert need == {
        "ai": 5, "du": 5, "zheng": 4, "yu": 4, "jiang": 3,
        "tang": 3, "mai": 2, "shi": 2, "fang": 1, "nu": 1,
    }  # fmt: skip
    village = {pair["cadre"]: pair["household"]["village"] for pair in pairs}
    # ai leads 第一组 (石榴籽村), du 第二组 (胡杨村): the equally needy households follow them
    assert village["ai"] == "某镇石榴籽村"
    assert village["du"] == "某镇胡杨村"


def test_every_cadre_is_covered_before_anyone_gets_a_second(tmp_path: Path) -> None:
    plan = unpaired_plan(tmp_path)
    extra = "帕某某家,某镇胡杨村,5,5,维吾尔族\n古某某家,某镇石榴籽村,3,4,维吾尔族\n"
    households = table(tmp_path, extra + TEN)
    pairs = proposed(run("pairs", "suggest", plan, "--households", households, "--format", "yaml"))
    cadres = [pair["cadre"] for pair in pairs]
    assert sorted(cadres[:10]) == sorted(SENIORITY_ORDER)
    # the two households beyond one each go to the two most senior, in a second round
    assert cadres[10:] == ["ai", "du"]
    assert [pair["household"]["need"] for pair in pairs[10:]] == [1, 1]


def test_the_limit_per_cadre_is_respected_and_leftovers_are_reported(tmp_path: Path) -> None:
    plan = unpaired_plan(tmp_path)
    many = "".join(f"户{i}家,某镇胡杨村,3,{1 + i % 5},汉族\n" for i in range(25))
    result = run(
        "pairs", "suggest", plan, "--households", table(tmp_path, many),
        "--max-per-cadre", "2", "--format", "yaml",
    )  # fmt: skip
    pairs = proposed(result)
    counts = {cadre: [p["cadre"] for p in pairs].count(cadre) for cadre in SENIORITY_ORDER}
    assert counts == dict.fromkeys(SENIORITY_ORDER, 2)
    assert "5 户未列入建议" in result.stderr
    assert "每名须结对的干部都已结对 2 户（每人上限）" in result.stderr


def test_the_default_limit_is_am503s_as_configured(tmp_path: Path) -> None:
    plan = unpaired_plan(tmp_path)
    (tmp_path / ".activitymonth.yaml").write_text(
        "rules:\n  AM503: {max_households: 1}\n", encoding="utf-8"
    )
    extra = "帕某某家,某镇胡杨村,5,5,维吾尔族\n"
    result = run(
        "pairs", "suggest", plan, "--households", table(tmp_path, extra + TEN), "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    assert "at most 1 per cadre" in result.stdout
    assert "every cadre to be paired already has 1 household(s), the limit" in result.stdout


def test_explanations_in_chinese_and_english(tmp_path: Path) -> None:
    plan = unpaired_plan(tmp_path)
    households = table(tmp_path, TEN)
    zh = run("pairs", "suggest", plan, "--households", households)
    assert zh.exit_code == 0, zh.output
    assert (
        "艾某某（局党组书记、副局长，正科级）在 10 名尚未结对的干部中职级最高，"
        "配给剩余 10 户中困难程度最高（5）的买某某家（某镇石榴籽村），该村由其所在的第一组负责"
    ) in zh.stdout
    assert "蒋某某（预算股股长，按职务视为股级）在 10 名尚未结对的干部中按职级排第 5" in zh.stdout
    assert "以上只是建议，计划未改动" in zh.stdout
    en = run("pairs", "suggest", plan, "--households", households, "--lang", "en")
    assert en.exit_code == 0, en.output
    assert (
        "艾某某 (局党组书记、副局长, 正科级) is the most senior of the 10 cadre(s) not yet "
        "paired; paired with 买某某家 (某镇石榴籽村), the greatest need (5) of the 10 "
        "household(s) left, in the village their sub-group 第一组 is responsible for"
    ) in en.stdout
    # cadres without a rank are named, with the fix
    assert "方某某 (fang), 努某某 (nu): no recognisable rank" in en.stdout
    snippet = run("pairs", "suggest", plan, "--households", households, "--format", "yaml")
    comments = [line for line in snippet.stdout.splitlines() if line.startswith("  # ")]
    assert len(comments) == 10 and all("困难程度最高" in line for line in comments)


def test_the_same_input_gives_the_same_proposals(tmp_path: Path) -> None:
    plan = unpaired_plan(tmp_path)
    households = table(tmp_path, TEN)
    first = run("pairs", "suggest", plan, "--households", households)
    second = run("pairs", "suggest", plan, "--households", households)
    assert first.exit_code == 0
    assert first.output == second.output


def test_households_already_paired_are_left_out(tmp_path: Path) -> None:
    plan = Path(shutil.copy(BUREAU, tmp_path / "plan.yaml"))
    result = run("pairs", "suggest", plan, "--households", table(tmp_path, TEN), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "no pairs to propose" in result.stdout
    assert "10 household(s) not proposed:" in result.stdout
    assert "row 2 吐某某家 (某镇胡杨村): already paired with 杜某某 in the plan" in result.stdout


def test_yaml_with_nothing_to_propose_prints_no_empty_pairs_key(tmp_path: Path) -> None:
    """A bare ``pairs:`` pasted into a plan would read as no list at all: with nothing
    proposed, stdout stays empty and stderr says why."""
    plan = Path(shutil.copy(BUREAU, tmp_path / "plan.yaml"))
    households = table(tmp_path, TEN)
    result = run("pairs", "suggest", plan, "--households", households, "--format", "yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "没有可提出的结对建议" in result.stderr


def test_cadres_short_of_households_are_named(tmp_path: Path) -> None:
    plan = unpaired_plan(tmp_path)
    households = table(tmp_path, "".join(TEN_ROWS[:2]))
    result = run("pairs", "suggest", plan, "--households", households, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "not enough households: 8 cadre(s) who must be paired still have none: " in result.stdout
    assert "郑某某 (zheng), 于某某 (yu)" in result.stdout
    assert "艾某某 (ai)," not in result.stdout


def test_a_bad_row_is_named_and_nothing_is_proposed(tmp_path: Path) -> None:
    plan = unpaired_plan(tmp_path)
    rows = "甲某某家,某镇胡杨村,4,5,汉族\n乙某某家,某镇胡杨村,4,六,汉族\n丙某某家,某村,0,3,汉族\n"
    result = run("pairs", "suggest", plan, "--households", table(tmp_path, rows))
    assert result.exit_code == 2
    assert "第 3 行 困难程度 列 “六”：困难程度应为 1 到 5 的整数" in result.output
    assert "第 4 行 人口 列 “0”：家庭人口至少为 1" in result.output
    assert "户.csv：2 处错误" in result.output
    assert "Traceback" not in result.output
    missing = table(tmp_path, "甲某某家,某镇胡杨村\n", "no-need.csv", header="户主,村\n")
    result = run("pairs", "suggest", plan, "--households", missing, "--lang", "en")
    assert result.exit_code == 2
    assert "no-need.csv: no header row" in result.output and "need are required" in result.output


def test_an_xlsx_table_with_a_title_and_english_headers(tmp_path: Path) -> None:
    workbook = Workbook()
    cover = workbook.active
    cover.title = "说明"
    cover.append(["填表说明：每户一行，困难程度 1-5"])
    sheet = workbook.create_sheet("结对户")
    sheet.append(["某镇2026年结对户名单"])
    sheet.append(["Name", "Village", "Members", "Need (1-5)"])
    sheet.append(["甲某某家", "某镇胡杨村", 4, 5])
    sheet.append(["乙某某家", "某镇石榴籽村", 3, 7])
    path = tmp_path / "户.xlsx"
    workbook.save(path)
    result = run("pairs", "suggest", unpaired_plan(tmp_path), "--households", path, "--lang", "en")
    assert result.exit_code == 2
    assert "结对户!D4 (Need (1-5)) '7': need must be a whole number from 1 to 5" in result.output
    sheet["D4"] = 4
    workbook.save(path)
    [first, second] = read_households(path)
    assert (first.household.name, first.household.need, first.row) == ("甲某某家", 5, 3)
    assert (second.household.village, second.household.members) == ("某镇石榴籽村", 3)


def test_nothing_is_written_without_accept(tmp_path: Path) -> None:
    plan = unpaired_plan(tmp_path)
    before = plan.read_bytes()
    result = run("pairs", "suggest", plan, "--households", table(tmp_path, TEN), "--format", "yaml")
    assert result.exit_code == 0
    assert plan.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml", "户.csv"]


def test_accept_writes_pairs_that_load_and_clear_am501_keeping_comments(tmp_path: Path) -> None:
    plan = unpaired_plan(tmp_path)
    before = plan.read_text(encoding="utf-8")
    checked = run("check", plan)
    assert checked.exit_code == 1 and checked.output.count("AM501") == 10
    result = run("pairs", "suggest", plan, "--households", table(tmp_path, TEN), "--accept")
    assert result.exit_code == 0, result.output
    assert "已把 10 对结对写入" in result.stdout
    after = plan.read_text(encoding="utf-8")
    assert after.startswith(before)  # every comment and line kept as written
    assert after[len(before) :].startswith("pairs:\n  - {cadre: ai, household: {name: 买某某家")
    loaded = load_plan(plan)
    assert [pair.cadre for pair in loaded.plan.pairs] == SENIORITY_ORDER
    checked = run("check", plan)
    assert "AM501" not in checked.output, checked.output
    assert checked.exit_code == 0, checked.output
    # accepted households are known the next time: nothing more to propose
    again = run("pairs", "suggest", plan, "--households", table(tmp_path, TEN), "--accept")
    assert again.exit_code == 0 and "没有可提出的结对建议" in again.stdout
    assert plan.read_text(encoding="utf-8") == after


def test_accept_appends_after_the_last_pair_and_keeps_crlf_and_bom(tmp_path: Path) -> None:
    text = BUREAU.read_text(encoding="utf-8")
    kept = [
        line
        for line in text.splitlines()
        if not line.startswith("  - {cadre: ") or "need: 5" in line
    ]
    kept.append("# 以上为已结对干部")
    source = "\r\n".join(kept) + "\r\n"
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(b"\xef\xbb\xbf" + source.encode("utf-8"))
    households = table(tmp_path, "".join(TEN_ROWS[2:]))
    result = run("pairs", "suggest", plan, "--households", households, "--accept")
    assert result.exit_code == 0, result.output
    raw = plan.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    written = raw[3:].decode("utf-8")
    assert "\n" not in written.replace("\r\n", "")
    lines = written.split("\r\n")
    added = [line for line in lines if line not in kept]
    assert added and all(line.startswith("  - {cadre: ") for line in added)
    assert [line for line in lines if line in kept or not line] == [*kept, ""]
    last_old = max(i for i, line in enumerate(lines) if "need: 5" in line)
    assert lines[last_old + 1 : last_old + 1 + len(added)] == added
    assert lines[-2] == "# 以上为已结对干部"
    assert len(load_plan(plan).plan.pairs) == 2 + len(added)


def test_accept_fills_an_empty_list_and_quotes_what_needs_quotes(tmp_path: Path) -> None:
    plan = unpaired_plan(tmp_path)
    plan.write_text(plan.read_text(encoding="utf-8") + "pairs: []  # 待结对\n", encoding="utf-8")
    rows = '"买某某, 长子家","某镇: 石榴籽村",5,5,维吾尔族\n'
    households = table(tmp_path, rows)
    result = run("pairs", "suggest", plan, "--households", households, "--accept")
    assert result.exit_code == 0, result.output
    text = plan.read_text(encoding="utf-8")
    assert "pairs:  # 待结对\n  - {cadre: ai" in text
    [pair] = load_plan(plan).plan.pairs
    assert (pair.household.name, pair.household.village) == ("买某某, 长子家", "某镇: 石榴籽村")


def test_accept_writes_into_an_included_pairs_file_but_never_a_template(tmp_path: Path) -> None:
    plan = unpaired_plan(tmp_path)
    (tmp_path / "pairs.yaml").write_text(
        "# 结对名单\npairs:\n  - {cadre: ai, household: {name: 古某某家, village: 某镇胡杨村}}\n",
        encoding="utf-8",
    )
    plan.write_text("include: [pairs.yaml]\n" + plan.read_text(encoding="utf-8"), encoding="utf-8")
    before = plan.read_text(encoding="utf-8")
    households = table(tmp_path, "".join(TEN_ROWS[:4]))
    result = run("pairs", "suggest", plan, "--households", households, "--accept")
    assert result.exit_code == 0, result.output
    assert plan.read_text(encoding="utf-8") == before
    part = (tmp_path / "pairs.yaml").read_text(encoding="utf-8")
    assert part.startswith("# 结对名单\npairs:\n  - {cadre: ai, household: {name: 古某某家")
    assert part.count("\n  - {cadre: ") == 5
    # a unit plan whose pairs all come from the county template it extends is refused
    unit = tmp_path / "unit.yaml"
    unit.write_text("extends: plan.yaml\ntitle: 某单位方案\n", encoding="utf-8")
    template = (tmp_path / "pairs.yaml").read_bytes()
    result = run("pairs", "suggest", unit, "--households", table(tmp_path, TEN), "--accept")
    assert result.exit_code == 2
    assert "不会自动修改" in result.output and "--format yaml" in result.output
    assert (tmp_path / "pairs.yaml").read_bytes() == template
    assert unit.read_text(encoding="utf-8") == "extends: plan.yaml\ntitle: 某单位方案\n"


@pytest.mark.parametrize(
    ("rank", "title", "level"),
    [
        ("正处级", None, 6),
        ("副处级", None, 5),
        ("正科级", None, 4),
        ("二级主任科员", None, 4),
        ("副科级", None, 3),
        ("四级主任科员", None, 3),
        (None, "预算股股长", 2),
        (None, "农业股科员", 1),
        (None, "副镇长", 3),
        (None, "局长", 0),
        ("高级", "办公室主任", 0),
    ],
)
def test_the_rank_ladder(rank: str | None, title: str | None, level: int) -> None:
    person = Person(id="x", name="某某", rank=rank, title=title)
    assert seniority(person).level == level


def test_the_library_proposes_without_the_command(tmp_path: Path) -> None:
    loaded = load_plan(unpaired_plan(tmp_path))
    rows = read_households(table(tmp_path, TEN))
    suggestion = suggest_pairs(loaded.plan, rows, limit=1)
    assert [p.cadre for p in suggestion.proposals] == SENIORITY_ORDER
    assert suggestion.unpaired == () and suggestion.leftovers == ()
    assert all(p.reason.zh and p.reason.en for p in suggestion.proposals)


def test_the_bundled_households_example_on_the_bundled_plan() -> None:
    households = PLANS / "households-example.csv"
    result = run("pairs", "suggest", BUREAU, "--households", households, "--format", "yaml")
    pairs = proposed(result)
    assert [pair["cadre"] for pair in pairs] == ["ai", "du", "zheng", "yu", "jiang"]
    assert "计划中已与艾某某结对" in result.stderr


def test_only_the_cadres_the_policy_names_are_proposed_for(tmp_path: Path) -> None:
    plan = unpaired_plan(tmp_path)
    text = plan.read_text(encoding="utf-8")
    policy = "pairing: {deadline: 2026-11-30, rhythm: 每两个月}"
    plan.write_text(text.replace(policy, policy[:-1] + ", cadres: [zheng, ai]}"), "utf-8")
    result = run("pairs", "suggest", plan, "--households", table(tmp_path, TEN), "--format", "yaml")
    pairs = proposed(result)
    assert [pair["cadre"] for pair in pairs] == ["ai", "zheng"] * 3
    assert "4 户未列入建议" in result.stderr
