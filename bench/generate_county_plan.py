"""Generate a county-scale plan: the input of the load+resolve benchmark.

A county's 民族团结进步年 plan is the largest plan a unit writes by hand: one county reports
5245 cadres paired with 5335 residents (seed 002:32). At ``--scale 1`` this writes 5,000
people, ~20 sub-groups, 2,000 activities (about 40% recurring), 300 deliverables and 5,000
pairs over the whole year 2026, in the block style a clerk would type, so the loader is
measured on the shape of file it will really meet. The output depends only on the seed and
the scale, so figures from two machines describe the same file. All names are invented.
``generate_month_plan.py`` reuses the roster, the organisation and the name lists from here.

Usage: python bench/generate_county_plan.py [--scale 1.0] [--seed 7] [--check] -o FILE
``--check`` loads the written plan with ``activitymonth.load.load_plan`` and fails on any
diagnostic, so a benchmark never silently times a plan that does not load.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

YEAR = 2026
MIN_SCALE = 0.01
"""Below this the roster is too short to staff the county leaders and the office."""
PROGRAMS = ("八个一@公益日", "八个一@示范点", "六个一@学校", "五个清单", "八进")
GONGYIRI_ITEMS = (
    "书画展",
    "法律法规与惠农政策宣传咨询",
    "专家义诊送医送药",
    "风味小吃品尝与特色产品展示义卖",
    "就业创业供需见面会",
    "民族歌舞大家跳",
    "结对交友微行动",
    "民族团结大讲堂",
)
SCHOOL_ITEMS = ("书画展", "知识竞赛", "演讲比赛", "民族团结好少年评选", "观看民族团结教育影片")
SITE_ITEMS = ("解说员", "专题片", "汇报材料", "档案资料", "宣传氛围", "观摩流程", "工作亮点")
CHECKLIST_ITEMS = ("责任清单", "任务清单", "时限清单", "整改清单", "销号清单")
SECTORS = ("机关", "乡镇", "村(社区)", "学校", "企业", "军(警)营", "宗教活动场所", "团场连队")

HAN_SURNAMES = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
    ("杨", "yang"), ("赵", "zhao"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"),
    ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"),
    ("郭", "guo"), ("何", "he"), ("高", "gao"), ("林", "lin"), ("韩", "han"),
)  # fmt: skip
GIVEN = "建国明华丽娟伟强军平红梅志刚海燕玉兰桂英文静德胜秀云"
MONGOLIAN_NAMES = (
    ("巴特尔", "bateer"), ("其其格", "qiqige"), ("乌云", "wuyun"), ("额尔敦", "eerdun"),
    ("阿拉坦", "alatan"), ("苏日娜", "suri"), ("格日勒", "geri"), ("那仁", "naren"),
    ("斯琴", "siqin"), ("朝鲁", "chaolu"), ("萨仁", "saren"), ("图雅", "tuya"),
)  # fmt: skip
TOWNSHIPS = (
    "城关镇", "乌兰镇", "巴彦乡", "新华镇", "哈达乡", "团结乡", "和平镇", "红旗乡",
    "塔拉乡", "宝日乡", "白音镇", "幸福乡",
)  # fmt: skip
VILLAGE_NAMES = ("东风", "前进", "胜利", "光明", "向阳", "富民", "兴隆", "红星", "新建", "友谊")
BUREAUS = (
    "县委统战部", "县民族宗教事务局", "县信访局", "县财政局", "县教育局", "县卫生健康委员会",
    "县文化旅游体育局", "县人力资源和社会保障局", "县司法局", "县妇联", "团县委", "县总工会",
)  # fmt: skip
SCHOOLS = ("县第一中学", "县第二中学", "县第三小学", "县民族中学", "县幼儿园")
LOCATIONS = (
    "县政府三楼会议室", "县城广场", "县体育馆", "县文化馆", "县民族团结教育基地",
    "县融媒体中心演播厅", "县图书馆报告厅", "县党校教室",
)  # fmt: skip
ACTIVITY_KINDS = (
    "民族团结政策宣讲会", "专题学习会", "座谈会", "知识竞赛", "书画展", "文艺汇演",
    "主题党日", "志愿服务", "义诊送药", "双语培训", "结对联谊", "法律咨询", "主题班会",
    "民族歌舞大家跳", "民族团结大讲堂", "观摩交流会", "典型事迹报告会", "入户宣传",
)  # fmt: skip
DELIVERABLE_KINDS = (
    "工作信息", "月度工作小结", "档案资料整理", "汇报材料", "宣传折页定稿", "专题片脚本",
    "台账更新", "督查整改报告", "典型案例材料",
)  # fmt: skip
MATERIALS = (("宣传折页", 200, 2000), ("横幅", 2, 12), ("宣传手册", 100, 800), ("展板", 4, 20))
AWAY_REASONS = ("出差", "集中培训", "休假", "党校学习", "下乡驻村")
PAIR_KINDS = ("领导干部-宗教人士", "商户-员工", "邻里", "教师-教师", "访惠聚干部-农民")
RECURRING = (  # (rule, weight); phrase rules as the seeds write them, plus RRULEs
    ("每月15日", 15),
    ("每周一", 10),
    ("每周三", 6),
    ("每周二、四", 4),
    ("每两周", 14),
    ("每月一次", 14),
    ("每两个月一次", 10),
    ("每季度一次", 5),
    ("工作日每天", 5),
    ("FREQ=MONTHLY;BYMONTHDAY=1,15", 5),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", 4),
    ("FREQ=MONTHLY;BYDAY=-1FR", 4),
    ("FREQ=MONTHLY;BYDAY=1MO", 4),
)
DAY_OFF_POLICIES = (("keep", 25), ("next_workday", 45), ("previous_workday", 20), ("skip", 10))
TITLES = (  # (title, rank or None, where such people work, weight): few leaders, many staff
    ("局长", "正科级", "bureau", 4),
    ("副局长", "副科级", "bureau", 8),
    ("科长", "正科级", "bureau", 10),
    ("科员", "一级科员", "bureau", 20),
    ("乡镇党委书记", "正科级", "township", 2),
    ("乡镇干部", "一级科员", "township", 10),
    ("驻村第一书记", "副科级", "township", 6),
    ("村党支部书记", None, "township", 10),
    ("教师", None, "school", 20),
    ("兼职民族工作专干", "二级科员", "bureau", 10),
)
COUNTY_LEADERS = (
    ("县委书记", "正处级", "县委"),
    ("县长", "正处级", "县人民政府"),
    ("县委副书记", "副处级", "县委"),
)
# Plain YAML scalars safe in both block and flow context: no quoting needed, no type change.
_PLAIN = re.compile(r"[\w()（）\-.@/、·]+")
_NOT_TEXT = re.compile(r"[-+]?[0-9.]+([eE][-+]?[0-9]+)?|true|false|null|yes|no|on|off|~", re.I)


@dataclass(frozen=True)
class Counts:
    """How many of each part the plan has; every count scales with ``--scale``."""

    people: int
    subgroups: int
    activities: int
    deliverables: int
    pairs: int

    @classmethod
    def at(cls, scale: float) -> Counts:
        def n(base: int) -> int:
            return max(1, round(base * scale))

        return cls(n(5000), n(20), n(2000), n(300), n(5000))


def scalar(value: object, *, flow: bool = False) -> str:
    """A value as a YAML scalar, quoted only where a person would have to quote it.

    Times and date-times are quoted in flow mappings (``:`` there ends a key in some parsers)
    and clock times everywhere (YAML 1.1 reads ``09:00`` as 540); everything else is written
    plain when it is safe, else as a JSON string, which is valid double-quoted YAML.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and not _NOT_TEXT.fullmatch(text):
        return text
    if not flow and re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(mapping: dict[str, object]) -> str:
    """A one-line mapping, ``{id: wang, name: 王某}``, the way rosters are typed."""
    parts = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            parts.append(f"{key}: {flow(value)}")
        elif isinstance(value, list | tuple):
            items = ", ".join(
                flow(v) if isinstance(v, dict) else scalar(v, flow=True) for v in value
            )
            parts.append(f"{key}: [{items}]")
        else:
            parts.append(f"{key}: {scalar(value, flow=True)}")
    return "{" + ", ".join(parts) + "}"


def block_item(mapping: dict[str, object], indent: int = 2) -> list[str]:
    """A list entry in block style (``- id: …`` then one key per line); nested lists of
    mappings become block lists of one-line mappings, short scalar lists stay inline."""
    pad = " " * indent
    lines = []
    for number, (key, value) in enumerate(mapping.items()):
        lead = f"{pad}- " if number == 0 else f"{pad}  "
        if isinstance(value, list | tuple) and value and isinstance(value[0], dict):
            lines.append(f"{lead}{key}:")
            lines += [f"{pad}    - {flow(v)}" for v in value]  # type: ignore[arg-type]
        elif isinstance(value, list | tuple):
            lines.append(f"{lead}{key}: [{', '.join(scalar(v, flow=True) for v in value)}]")
        elif isinstance(value, dict):
            lines.append(f"{lead}{key}: {flow(value)}")
        else:
            lines.append(f"{lead}{key}: {scalar(value)}")
    return lines


class CountyPlan:
    """Builds the plan's YAML text part by part from one seeded random source."""

    def __init__(self, scale: float, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counts = Counts.at(scale)
        self.villages = [f"{t}{v}村" for t in TOWNSHIPS for v in VILLAGE_NAMES]
        self.workplaces = {
            "bureau": list(BUREAUS),
            "township": [f"{t}人民政府" for t in TOWNSHIPS],
            "school": list(SCHOOLS),
        }
        self.units = [unit for units in self.workplaces.values() for unit in units]
        self.people: list[str] = []
        self.leaders: list[str] = []

    def weighted(self, choices: Sequence[tuple[str, int]]) -> str:
        return self.rng.choices([c for c, _ in choices], [w for _, w in choices])[0]

    def workday_near(self, day: date) -> date:
        """The nearest Monday-to-Friday on or after ``day``, kept inside the year."""
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return min(day, date(YEAR, 12, 31))

    def day_of_year(self, fraction: float) -> date:
        return date(YEAR, 1, 5) + timedelta(days=int(fraction * 350))

    def some(self, pool: Sequence[str], low: int, high: int) -> list[str]:
        return self.rng.sample(pool, self.rng.randint(low, min(high, len(pool))))

    def person_name(self) -> tuple[str, str]:
        """(name, id stem): Han names and Mongolian names, as in a 内蒙古 county."""
        if self.rng.random() < 0.35:
            return self.rng.choice(MONGOLIAN_NAMES)
        surname, stem = self.rng.choice(HAN_SURNAMES)
        given = "".join(self.rng.choices(GIVEN, k=self.rng.randint(1, 2)))
        return surname + given, stem

    def header(self) -> list[str]:
        counts = self.counts
        return [
            "# 某县2026年民族团结进步年实施方案（基准测试用，单位与人名均为虚构）",
            f"# 人员 {counts.people}，活动 {counts.activities}，任务 {counts.deliverables}，"
            f"结对 {counts.pairs}",
            "id: county-2026",
            "title: 某县2026年民族团结进步年实施方案",
            "unit: 某县民族团结进步创建工作领导小组",
            "region: 内蒙古",
            "campaign: 民族团结进步年",
            f"window: {YEAR}",
            "timezone: Asia/Shanghai",
            "theme: 铸牢中华民族共同体意识，促进各民族交往交流交融",
            f'revision: "{YEAR - 1}-12-20 10:00"',
            f"budget: {counts.activities * 1500}",
            f"programs: [{', '.join(PROGRAMS)}]",
            "pairing:",
            f"  deadline: {YEAR}-11-30",
            "  rhythm: 每两个月至少一次",
            "calendar:",
            "  days_off:",
            f"    - {{date: {YEAR}-07-20, end: {YEAR}-07-21, name: 那达慕大会}}",
            "",
        ]

    def roster(self) -> list[str]:
        lines = ["people:"]
        for i in range(self.counts.people):
            name, stem = self.person_name()
            person_id = f"{stem}{i:04d}"
            if i < len(COUNTY_LEADERS):
                title, rank, unit = COUNTY_LEADERS[i]
            else:
                title, rank, place, _ = self.rng.choices(TITLES, [t[3] for t in TITLES])[0]
                unit = self.rng.choice(self.workplaces[place])
            entry: dict[str, object] = {"id": person_id, "name": name, "title": title}
            if rank:
                entry["rank"] = rank
            entry["unit"] = unit
            if self.rng.random() < 0.25:
                entry["contact"] = {"email": f"{person_id}@example.cn"}
            if self.rng.random() < 0.06:
                entry["away"] = self.away()
            if i < len(COUNTY_LEADERS) or title in ("局长", "乡镇党委书记"):
                self.leaders.append(person_id)
            self.people.append(person_id)
            lines.append(f"  - {flow(entry)}")
        return [*lines, ""]

    def away(self) -> list[dict[str, object]]:
        """One or two periods away, in order and not overlapping."""
        periods: list[dict[str, object]] = []
        start = self.day_of_year(self.rng.random() * 0.6)
        for _ in range(self.rng.randint(1, 2)):
            end = start + timedelta(days=self.rng.randint(1, 10))
            periods.append(
                {
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "reason": self.rng.choice(AWAY_REASONS),
                }
            )
            start = end + timedelta(days=self.rng.randint(20, 90))
        return periods

    def organization(self) -> list[str]:
        leaders, people = self.leaders, self.people
        lines = [
            "organization:",
            "  leading_group:",
            f"    leader: {leaders[0]}",
            f"    deputies: [{', '.join(leaders[1:5])}]",
            f"    members: [{', '.join(leaders[5:35])}]",
            "  office:",
            f"    director: {people[len(COUNTY_LEADERS)]}",
            f"    deputies: [{', '.join(people[10:12])}]",
            f"    members: [{', '.join(people[12:20])}]",
            "  subgroups:",
        ]
        for g in range(self.counts.subgroups):
            group: dict[str, object] = {
                "id": f"sg{g + 1:02d}",
                "name": f"第{g + 1}工作组",
                "leader": self.rng.choice(leaders),
                "members": self.some(people, 6, 12),
                "scope": self.villages[g % len(self.villages)],
            }
            lines += block_item(group, indent=4)
        return [*lines, ""]

    def activities(self) -> list[str]:
        lines = ["activities:"]
        total = self.counts.activities
        one_offs: list[tuple[str, date]] = []
        for i in range(total):
            activity_id = f"a{i:04d}"
            kind = self.rng.choice(ACTIVITY_KINDS)
            entry: dict[str, object] = {
                "id": activity_id,
                "title": f"{self.rng.choice(TOWNSHIPS)}{kind}",
            }
            form = self.rng.random()
            if form < 0.40:
                entry |= self.recurring()
            else:
                day = self.workday_near(
                    self.day_of_year(i / total) + timedelta(self.rng.randint(0, 4))
                )
                entry |= self.dated(form, day)
                if self.rng.random() < 0.15 and (after := self.dependency(one_offs, day)):
                    entry["after"] = after
                one_offs.append((activity_id, day))
            entry |= self.staffing(kind)
            lines += block_item(entry)
        return [*lines, ""]

    def recurring(self) -> dict[str, object]:
        """A recurring activity: rule, time, day-off policy, sometimes a sub-range."""
        rule = self.weighted(RECURRING)
        entry: dict[str, object] = {"repeat": rule}
        if rule == "每月15日":
            entry["title"] = "民族团结公益日"
            entry["fulfills"] = f"八个一@公益日/{self.rng.choice(GONGYIRI_ITEMS)}"
        hour, minute = self.rng.choice((8, 9, 10, 14, 15, 16)), self.rng.choice((0, 30))
        entry["time"] = f"{hour:02d}:{minute:02d}"
        entry["duration"] = self.rng.choice(("1h", "90min", "2h", "半天"))
        if rule != "工作日每天":
            entry["on_day_off"] = self.weighted(DAY_OFF_POLICIES)
        if rule == "工作日每天" or self.rng.random() < 0.3:
            start = self.workday_near(self.day_of_year(self.rng.random() * 0.9))
            length = 30 if rule == "工作日每天" else self.rng.randint(60, 200)
            entry["from"] = start.isoformat()
            entry["until"] = min(start + timedelta(days=length), date(YEAR, 12, 31)).isoformat()
        return entry

    def dated(self, form: float, day: date) -> dict[str, object]:
        """A one-off on ``day``: timed, all day or an all-day span."""
        if form < 0.65:
            hour = self.rng.choice((8, 9, 10, 14, 15))
            entry: dict[str, object] = {"start": f"{day.isoformat()} {hour:02d}:00"}
            if self.rng.random() < 0.5:
                entry["duration"] = self.rng.choice(("1h", "2h", "90min", "3h"))
            else:
                entry["end"] = f"{day.isoformat()} {hour + 2:02d}:30"
            return entry
        if form < 0.80:
            entry = {"date": day.isoformat()}
            if self.rng.random() < 0.4:
                entry["time"] = "15:00"
                entry["duration"] = "2h"
            return entry
        last = min(day + timedelta(days=self.rng.randint(1, 4)), date(YEAR, 12, 31))
        return {"date": day.isoformat(), "end_date": last.isoformat()}

    def dependency(self, earlier: list[tuple[str, date]], day: date) -> object:
        """``after:`` a recent one-off that really is earlier (with its lead time), if any."""
        lead_time = self.rng.choice((0, 0, 1, 3, 7))
        targets = [item for item, when in earlier[-40:] if when + timedelta(lead_time) < day]
        if not targets:
            return None
        target = self.rng.choice(targets)
        return {"activity": target, "lead_time": f"{lead_time}d"} if lead_time else target

    def staffing(self, kind: str) -> dict[str, object]:
        """Who, where, for whom and with what: the fields rules and exports read."""
        rng, people = self.rng, self.people
        entry: dict[str, object] = {"lead": rng.choice(people)}
        if rng.random() < 0.8:
            entry["staff"] = self.some(people, 1, 5)
        if rng.random() < 0.1:
            entry["roles"] = [
                {"role": "主持人", "count": 2, "people": [rng.choice(people)]},
                {"role": "场地音响", "people": [rng.choice(people)]},
            ]
        if rng.random() < 0.5:
            entry["lead_unit"] = rng.choice(self.units)
        if rng.random() < 0.2:
            entry["co_units"] = self.some(self.units, 1, 3)
        entry["location"] = rng.choice([*LOCATIONS, *self.villages[:20]])
        if rng.random() < 0.4:
            entry["sector"] = self.some(SECTORS, 1, 2)
        if "fulfills" not in entry and kind in SCHOOL_ITEMS and rng.random() < 0.5:
            entry["fulfills"] = f"六个一@学校/{kind}"
        if rng.random() < 0.6:
            entry["expected_participants"] = rng.randrange(20, 600, 10)
        if rng.random() < 0.2:
            entry["materials"] = [self.material() for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.3:
            entry["budget"] = rng.randrange(500, 50000, 100)
        if rng.random() < 0.3:
            entry["evidence"] = self.some(("签到表", "照片", "会议记录", "视频"), 1, 3)
        return entry

    def material(self) -> dict[str, object]:
        name, low, high = self.rng.choice(MATERIALS)
        return {
            "name": name,
            "quantity": self.rng.randint(low, high),
            "ready_before": f"{self.rng.randint(1, 7)}d",
            "owner": self.rng.choice(self.people),
        }

    def deliverables(self) -> list[str]:
        lines = ["deliverables:"]
        total = self.counts.deliverables
        for i in range(total):
            entry: dict[str, object] = {
                "id": f"d{i:04d}",
                "title": f"{self.rng.choice(self.units)}{self.rng.choice(DELIVERABLE_KINDS)}",
                "owner": self.rng.choice(self.people),
            }
            due = self.workday_near(self.day_of_year(i / total))
            entry["due"] = "国庆节 -3d" if i % 97 == 0 else due.isoformat()
            if self.rng.random() < 0.2:
                entry["deadline"] = (due + timedelta(days=self.rng.randint(1, 5))).isoformat()
            roll = self.rng.random()
            if roll < 0.15:
                entry["fulfills"] = f"八个一@示范点/{self.rng.choice(SITE_ITEMS)}"
            elif roll < 0.25:
                entry["fulfills"] = f"五个清单/{self.rng.choice(CHECKLIST_ITEMS)}"
            lines.append(f"  - {flow(entry)}")
        return [*lines, ""]

    def pairs(self) -> list[str]:
        """Mostly one household per cadre, leaders with a second one; keys stay unique."""
        lines = ["pairs:"]
        seen: set[str] = set()
        cadres = self.people * (self.counts.pairs // len(self.people) + 1)
        for i in range(self.counts.pairs):
            cadre = cadres[i]
            while True:
                name, _ = self.person_name()
                village = self.rng.choice(self.villages)
                key = f"{cadre}:{name}@{village}"
                if key not in seen:
                    seen.add(key)
                    break
            household: dict[str, object] = {
                "name": name,
                "village": village,
                "members": self.rng.randint(1, 7),
                "need": self.rng.randint(1, 5),
            }
            entry: dict[str, object] = {"cadre": cadre, "household": household}
            if self.rng.random() < 0.1:
                entry["kind"] = self.rng.choice(PAIR_KINDS)
            entry["rhythm"] = "每两个月"
            if self.rng.random() < 0.05:
                visits = sorted(self.day_of_year(self.rng.random()) for _ in range(3))
                entry["visits"] = [d.isoformat() for d in visits]
            lines.append(f"  - {flow(entry)}")
        return [*lines, ""]

    def text(self) -> str:
        parts: Iterable[list[str]] = (
            self.header(),
            self.roster(),
            self.organization(),
            self.activities(),
            self.deliverables(),
            self.pairs(),
        )
        return "\n".join(line for part in parts for line in part)


def county_plan_text(scale: float = 1.0, seed: int = 7) -> str:
    """The plan's YAML text; the same (scale, seed) always gives the same text."""
    return CountyPlan(scale, seed).text()


def check(path: Path) -> str:
    """Load the plan as users do; returns a one-line summary, raises on any problem."""
    from activitymonth.load import load_plan

    plan = load_plan(path).plan
    return (
        f"{path}: loads cleanly — {len(plan.people)} people, {len(plan.activities)} activities "
        f"({sum(a.is_recurring for a in plan.activities)} recurring), "
        f"{len(plan.deliverables)} deliverables, {len(plan.pairs)} pairs"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="load the written plan")
    parser.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    args = parser.parse_args(argv)
    if args.scale < MIN_SCALE:
        parser.error(f"--scale must be at least {MIN_SCALE} (50 people)")
    text = county_plan_text(args.scale, args.seed)
    args.output.write_text(text, encoding="utf-8")
    size = len(text.encode("utf-8"))
    print(f"{args.output}: {size / 1e6:.2f} MB, {text.count(chr(10))} lines")
    if args.check:
        from activitymonth.diagnostics import PlanLoadError

        try:
            print(check(args.output))
        except PlanLoadError as error:
            print(f"{args.output}: does not load:\n{error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
