"""The program catalog: its data files against their sources, the models, and lookups."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from pydantic import ValidationError

from activitymonth.catalog import (
    Catalog,
    DuplicateProgramError,
    ItemKind,
    Program,
    ProgramItem,
    ProgramLookupError,
    SourceRef,
    load_program_file,
)
from activitymonth.diagnostics import PlanLoadError

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"source documents not available at {SEEDS}"
)

CATALOG = Catalog.builtin()
DOMAIN_PROGRAMS = {
    "六个一@学校",
    "八个一@公益日",
    "八个一@示范点",
    "九个一@学校",
    "十二同@学校",
    "十个同@小学",
    "六互@机关",
    "六互@学校",
    "六个一@结对帮扶",
    "六个一@社区服务",
    "八进",
    "九进",
    "五进",
    "六进@学校",
    "十结对",
    "1234@学校",
    "五个清单",
}


def program(**fields: object) -> Program:
    base: dict[str, object] = {
        "name": "测试",
        "title": "测试项目",
        "kind": "activities",
        "items": [{"name": "甲"}],
    }
    return Program.model_validate({**base, **fields})


def message_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    """Our own errors carry both languages; show the Chinese one."""
    return " ".join(str((e.get("ctx") or {}).get("zh", e["msg"])) for e in error.value.errors())


# --- the data files -----------------------------------------------------------------------


def test_every_program_of_the_domain_map_is_built_in() -> None:
    assert not DOMAIN_PROGRAMS - {p.id for p in CATALOG}


def test_data_files_are_named_after_their_program() -> None:
    files = resources.files("activitymonth.catalog") / "data"
    stems = {entry.name.removesuffix(".yaml") for entry in files.iterdir()}
    assert stems == {p.id for p in CATALOG}


def test_the_built_in_catalog_is_read_once() -> None:
    assert next(iter(Catalog.builtin())) is next(iter(Catalog.builtin()))


@needs_seeds
@pytest.mark.parametrize("prog", list(CATALOG), ids=lambda p: p.id)
def test_sources_point_at_existing_lines(prog: Program) -> None:
    assert prog.sources, f"{prog.id} cites no source"
    for source in prog.sources:
        seed = SEEDS / source.seed
        assert seed.is_file(), f"{prog.id}: {source.seed} does not exist"
        lines = seed.read_text(encoding="utf-8").splitlines()
        first, last = source.lines[0], source.lines[-1]
        assert last <= len(lines), f"{prog.id}: {source} is past the end ({len(lines)} lines)"
        assert lines[first - 1].strip(), f"{prog.id}: {source} starts at an empty line"
        assert lines[last - 1].strip(), f"{prog.id}: {source} ends at an empty line"


def _comparable(text: str) -> str:
    """Drop what differs between a name and the source's wording without changing it:
    spacing, quotes, list punctuation, brackets and seed 003's pinyin annotations."""
    text = re.sub(r"\([a-zà-ÿāēīōūǎěǐǒǔǖǘǚǜ]+\)", "", text)
    return re.sub(r"[\s“”\"、，,。()（）<>]", "", text)


@needs_seeds
@pytest.mark.parametrize("prog", list(CATALOG), ids=lambda p: p.id)
def test_every_item_is_named_in_its_sources(prog: Program) -> None:
    cited = "".join(
        (SEEDS / s.seed).read_text(encoding="utf-8").splitlines()[n - 1]
        for s in prog.sources
        for n in s.lines
    )
    cited = _comparable(cited)
    missing = [
        item.name
        for item in prog.items
        if not any(_comparable(name) in cited for name in item.names)
    ]
    assert not missing, f"{prog.id}: not found in {', '.join(map(str, prog.sources))}"


def test_public_welfare_day_is_on_the_15th_of_every_month() -> None:
    day = CATALOG.get("八个一@公益日")
    assert day.rhythm == "每月15日"
    assert {day.rhythm_for(item) for item in day.items} == {"每月15日"}
    assert len(day.items) == 8


def test_ten_togethers_is_incomplete_and_says_why() -> None:
    ten = CATALOG.get("十个同@小学")
    assert not ten.complete
    assert len(ten.items) == 8
    assert ten.note and "2" in ten.note


@pytest.mark.parametrize(("ref", "rhythm"), [("六互@机关", "每月"), ("六互@学校", "每周")])
def test_six_mutuals_recur_per_pair_with_a_photo_and_a_notebook(ref: str, rhythm: str) -> None:
    mutual = CATALOG.get(ref)
    assert all(item.per_pair for item in mutual.items)
    events = [item for item in mutual.items if item.kind is ItemKind.EVENT]
    assert len(events) == 6
    assert {mutual.rhythm_for(item) for item in events} == {rhythm}
    keepsakes = {item.name for item in mutual.items if item.kind is ItemKind.DELIVERABLE}
    assert keepsakes == {"合影", "结对工作手册"}
    assert all(mutual.rhythm_for(mutual.item(name)) is None for name in keepsakes)


def test_demonstration_site_requires_deliverables() -> None:
    site = CATALOG.get("八个一@示范点")
    assert site.kind == "deliverables"
    assert {item.kind for item in site.items} == {ItemKind.DELIVERABLE}


def test_nine_into_is_eight_into_plus_scenic_areas() -> None:
    eight = {item.name for item in CATALOG.get("八进").items}
    nine = {item.name for item in CATALOG.get("九进").items}
    assert nine == eight | {"景区"}
    assert {item.kind for item in CATALOG.get("九进").items} == {ItemKind.SECTOR}


def test_coverage_programs_accept_the_sources_other_spellings() -> None:
    nine = CATALOG.get("九进")
    assert nine.item("街道(乡)") is nine.item("乡镇")
    assert nine.item("军（警）营") is nine.item("军(警)营")


def test_twelve_togethers_are_practices() -> None:
    twelve = CATALOG.get("十二同@学校")
    assert twelve.kind == "practices"
    assert len(twelve.items) == 12
    assert {item.kind for item in twelve.items} == {ItemKind.PRACTICE}


# --- the models ---------------------------------------------------------------------------


def test_id_joins_name_and_variant() -> None:
    assert program(variant="学校").id == "测试@学校"
    assert program().id == "测试"


def test_items_are_found_by_name_alias_and_full_width_forms() -> None:
    prog = program(items=[{"name": "书画展", "aliases": ["书画作品展"]}, {"name": "军(警)营"}])
    assert prog.item("书画作品展") is prog.item("书画展")
    assert prog.item(" 军（警）营 ") is prog.item("军(警)营")
    assert prog.item("演讲比赛") is None


@pytest.mark.parametrize(
    "items",
    [
        [{"name": "甲"}, {"name": "甲"}],
        [{"name": "甲"}, {"name": "乙", "aliases": ["甲"]}],
        [{"name": "甲", "aliases": ["乙"]}, {"name": "丙", "aliases": ["乙"]}],
    ],
)
def test_a_name_or_alias_may_point_to_one_item_only(items: list[dict[str, object]]) -> None:
    with pytest.raises(ValidationError) as error:
        program(items=items)
    assert "不止一次" in message_of(error)


def test_required_is_at_least_one() -> None:
    with pytest.raises(ValidationError):
        ProgramItem(name="甲", required=0)


@pytest.mark.parametrize(
    "rhythm", ["每月15日", "每月1日", "每周三", "每周日", "每两个月", "每月最后一个工作日"]
)
def test_known_rhythms_are_accepted(rhythm: str) -> None:
    assert ProgramItem(name="甲", rhythm=rhythm).rhythm == rhythm


@pytest.mark.parametrize("rhythm", ["每月32日", "每周八", "隔三差五", "FREQ=WEEKLY"])
def test_unknown_rhythms_are_rejected_with_the_allowed_forms(rhythm: str) -> None:
    with pytest.raises(ValidationError) as error:
        program(rhythm=rhythm)
    assert "每月N日" in message_of(error)


def test_programs_are_frozen_and_closed() -> None:
    prog = program()
    with pytest.raises(ValidationError):
        prog.title = "别的"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        program(itmes=[])
    assert isinstance(prog.items, tuple)


def test_an_incomplete_program_must_say_why() -> None:
    with pytest.raises(ValidationError) as error:
        program(complete=False)
    assert "note" in message_of(error)
    assert not program(complete=False, note="来源只写了一项").complete


@pytest.mark.parametrize("field", ["name", "variant"])
def test_separators_are_not_allowed_inside_name_or_variant(field: str) -> None:
    with pytest.raises(ValidationError):
        program(**{field: "六个一@学校/书画展"})


def test_source_lines_are_a_number_or_a_range() -> None:
    assert SourceRef(seed="004.txt", line="263-281").lines == range(263, 282)
    assert SourceRef(seed="004.txt", line="22").line == 22
    assert str(SourceRef(seed="002.txt", line=22)) == "002.txt:22"
    for bad in (0, "281-263", "二十二"):
        with pytest.raises(ValidationError):
            SourceRef(seed="004.txt", line=bad)


# --- lookups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("六个一@学校", "六个一@学校"),
        ("六个一＠学校", "六个一@学校"),
        ("十二同", "十二同@学校"),
        ("八进", "八进"),
        ("八进@城区", "八进@城区"),
    ],
)
def test_get_by_id_or_unambiguous_name(ref: str, expected: str) -> None:
    assert CATALOG.get(ref).id == expected
    assert ref in CATALOG


def test_a_bare_ambiguous_name_lists_its_variants() -> None:
    with pytest.raises(ProgramLookupError) as error:
        CATALOG.get("六个一")
    variants = ("六个一@学校", "六个一@结对帮扶", "六个一@社区服务")
    assert set(error.value.candidates) == set(variants)
    assert all(v in error.value.message.zh and v in error.value.message.en for v in variants)
    assert "六个一" not in CATALOG


def test_an_unknown_variant_lists_the_known_ones() -> None:
    with pytest.raises(ProgramLookupError) as error:
        CATALOG.get("六个一@小学")
    assert "六个一@学校" in error.value.candidates
    assert "小学" in error.value.message.en


def test_an_unknown_name_suggests_the_nearest() -> None:
    with pytest.raises(ProgramLookupError) as error:
        CATALOG.get("十二")
    assert error.value.candidates[0] == "十二同@学校"
    assert "十二同@学校" in error.value.message.zh
    with pytest.raises(ProgramLookupError) as nothing_near:
        CATALOG.get("qq")
    assert nothing_near.value.candidates == ()
    assert "activitymonth programs" in nothing_near.value.message.en


def test_resolve_a_full_reference() -> None:
    prog, item = CATALOG.resolve_item("六个一@学校/书画作品展")
    assert (prog.id, item.name) == ("六个一@学校", "书画展")


def test_adopted_programs_pick_the_variant_of_a_bare_name() -> None:
    prog, item = CATALOG.resolve_item("六个一/学一句语言", adopted=["六个一@结对帮扶"])
    assert (prog.id, item.name) == ("六个一@结对帮扶", "学一句语言")
    prog, _ = CATALOG.resolve_item("八进/园区", adopted=["八进@城区"])
    assert prog.id == "八进@城区"


def test_a_bare_name_stays_ambiguous_when_no_variant_is_adopted() -> None:
    with pytest.raises(ProgramLookupError) as error:
        CATALOG.resolve_item("六个一/书画展", adopted=["八进"])
    assert len(error.value.candidates) == 3


def test_two_adopted_variants_of_a_bare_name_are_ambiguous() -> None:
    with pytest.raises(ProgramLookupError) as error:
        CATALOG.resolve_item("六互/合影", adopted=["六互@机关", "六互@学校"])
    assert set(error.value.candidates) == {"六互@机关", "六互@学校"}


def test_an_item_alone_resolves_through_the_one_adopted_program_having_it() -> None:
    prog, item = CATALOG.resolve_item("书画展", adopted=["六个一@学校", "八进", "未知项目"])
    assert (prog.id, item.name) == ("六个一@学校", "书画展")


def test_an_item_alone_in_two_adopted_programs_is_ambiguous() -> None:
    with pytest.raises(ProgramLookupError) as error:
        CATALOG.resolve_item("知识竞赛", adopted=["六个一@学校", "九个一@学校"])
    assert set(error.value.candidates) == {"六个一@学校/知识竞赛", "九个一@学校/知识竞赛"}


def test_an_item_of_a_program_not_adopted_names_that_program() -> None:
    with pytest.raises(ProgramLookupError) as error:
        CATALOG.resolve_item("景区", adopted=["六个一@学校"])
    assert error.value.candidates == ("九进/景区",)
    assert "programs:" in error.value.message.zh


def test_an_unknown_item_suggests_the_nearest_names_aliases_included() -> None:
    with pytest.raises(ProgramLookupError) as error:
        CATALOG.resolve_item("六个一@学校/知识竞塞")
    assert error.value.candidates == ("知识竞赛",)
    with pytest.raises(ProgramLookupError) as by_alias:
        CATALOG.resolve_item("六个一@学校/书画作品")
    assert by_alias.value.candidates == ("书画展",)


def test_an_unknown_item_with_nothing_near_lists_the_items() -> None:
    with pytest.raises(ProgramLookupError) as error:
        CATALOG.resolve_item("六个一@学校/植树")
    assert error.value.candidates == ()
    assert "演讲比赛" in error.value.message.zh


def test_an_item_of_another_variant_is_pointed_out() -> None:
    with pytest.raises(ProgramLookupError) as error:
        CATALOG.resolve_item("八进/园区")
    assert error.value.candidates == ("八进@城区/园区",)


def test_user_programs_replace_built_ins_with_the_same_id() -> None:
    own = program(name="六个一", variant="学校", items=[{"name": "植树"}])
    merged = CATALOG.with_programs([own])
    assert len(merged) == len(CATALOG)
    assert merged.get("六个一@学校").item("植树") is not None
    assert CATALOG.get("六个一@学校").item("植树") is None


def test_a_new_user_variant_makes_a_bare_name_ambiguous() -> None:
    merged = CATALOG.with_programs([program(name="十二同", variant="小学")])
    assert len(merged) == len(CATALOG) + 1
    assert "十二同" in CATALOG
    assert "十二同" not in merged


def test_user_programs_with_one_id_are_rejected() -> None:
    with pytest.raises(DuplicateProgramError) as error:
        CATALOG.with_programs([program(), program()])
    assert "测试" in error.value.message.zh


# --- a unit's own program file ------------------------------------------------------------

OWN = """\
programs:
  - name: 三个一
    variant: 村
    title: 村“三个一”
    kind: activities
    items:
      - {name: 座谈会, rhythm: 每季度}
      - {name: 联谊会}
      - {name: 参观, aliases: [参观学习]}
"""


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "programs.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def load_problems(path: Path) -> list[str]:
    with pytest.raises(PlanLoadError) as error:
        load_program_file(path)
    return [d.render("zh") for d in error.value.diagnostics]


def test_a_program_file_loads_and_joins_the_catalog(tmp_path: Path) -> None:
    own = load_program_file(write(tmp_path, OWN))
    assert [p.id for p in own] == ["三个一@村"]
    assert CATALOG.with_programs(own).resolve_item("参观学习", ["三个一"])[1].name == "参观"


def test_program_file_problems_are_located(tmp_path: Path) -> None:
    text = OWN.replace("rhythm: 每季度", "rhythm: 每季").replace("    kind:", "    knd:")
    problems = load_problems(write(tmp_path, text))
    assert any(":5:5: AM004" in p and "kind" in p for p in problems), problems
    assert any(":7:" in p and "每季" in p and "每月N日" in p for p in problems), problems
    assert any("AM005" in p and "kind" in p for p in problems), problems


def test_a_program_without_items_is_reported_once(tmp_path: Path) -> None:
    empty = load_problems(write(tmp_path, OWN.split("    items:")[0] + "    items: []\n"))
    assert len(empty) == 1 and "至少列出一项" in empty[0]
    broken = load_problems(
        write(tmp_path, OWN.replace("{name: 联谊会}", "{name: 联谊会, required: 0}"))
    )
    assert len(broken) == 1 and "required" in broken[0]


def test_a_program_defined_twice_in_one_file_is_reported(tmp_path: Path) -> None:
    second = OWN.split("programs:\n", 1)[1]
    problems = load_problems(write(tmp_path, OWN + second))
    assert len(problems) == 1
    assert ":10:" in problems[0] and "AM007" in problems[0] and "三个一@村" in problems[0]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("programs: [\n", "AM001"),
        ("- 六个一\n", "AM003"),
        ("programs:\n", "AM003"),
        ("programs:\n  - name: 测试\n".encode("gbk"), "AM002"),
    ],
)
def test_broken_program_files_are_reported_not_raised(
    tmp_path: Path, content: str | bytes, code: str
) -> None:
    problems = load_problems(write(tmp_path, content))
    assert any(code in p for p in problems), problems


def test_a_missing_program_file_is_reported(tmp_path: Path) -> None:
    assert "AM008" in load_problems(tmp_path / "nowhere.yaml")[0]
