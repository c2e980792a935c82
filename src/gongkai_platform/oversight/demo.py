"""Generated areas for the oversight pages (条例 §47 监督检查, §49 公布期限): the pieces the tests'
generated county and the demo are both built from, and the demo itself.

Everything goes through the platform's services (report_compile / report_publish,
oversight.report_receive, unit_exempt, unit_recheck), so each generated fact has its audit
trail: a unit's report compiled from its records and published on a given day, a report file
as a unit published it elsewhere (optionally with its 表三 identity broken), a narrative that
reads like a real one and differs between units (so that only a deliberate copy is flagged).

:func:`load` adds to the demo county of ``manage.py load_demo`` a few townships and departments
whose reports of last year were published on time, late, not at all, with an identity error,
and changed after publication to correct one (re-checked twice), so that a new user opening 上级监督 sees a
register, a roll-up, a chase list and a re-check history with something in them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from gongkai.report import Report
from gongkai.synth import consistent_report
from gongkai_platform.accounts.models import Membership, Role, Unit, UnitKind
from gongkai_platform.oversight import services as oversight
from gongkai_platform.reports.models import AnnualReport
from gongkai_platform.reports.services import report_compile, report_edit, report_publish

TOPICS = (
    "农村低保",
    "危房改造",
    "耕地保护",
    "集体资产",
    "乡村道路",
    "饮水安全",
    "义务教育",
    "医疗救助",
    "就业帮扶",
    "环境整治",
    "征地补偿",
    "惠农补贴",
    "防汛抗旱",
    "食品安全",
    "营商环境",
    "文物保护",
    "养老服务",
    "河道治理",
    "林权登记",
    "政府采购",
    "招商引资",
    "安全生产",
    "垃圾分类",
    "社区治理",
    "公共法律服务",
    "退役军人服务",
)
PLACES = (
    "村务公开栏",
    "便民服务中心",
    "政府网站",
    "政务新媒体",
    "档案馆",
    "图书馆",
    "村民代表大会",
    "公示牌",
)


def narrative(short: str, seed: int) -> str:
    """A report's narrative for unit ``short``: different seeds give texts that the
    copied-text check does not take for copies; the same seed gives the same text."""
    topics = [TOPICS[(seed * 3 + k) % len(TOPICS)] for k in range(3)]
    place = PLACES[seed % len(PLACES)]
    return (
        f"{short}围绕{topics[0]}和{topics[1]}两项重点工作推进信息公开，由{short}党政办逐项梳理公开清单。"
        f"{short}在{place}同步公开{topics[2]}相关信息，群众可现场查阅并提出意见。"
        f"针对{short}群众反映的{topics[1]}问题，{short}已建立台账，明确责任人和办结时限。"
        f"下一步，{short}将把{topics[0]}和{topics[2]}信息的公开延伸到{place}以外的村组和社区，"
        f"定期向{short}群众通报办理进展，主动接受社会监督。"
    )


def org_code(n: int) -> str:
    """A valid 9-character 组织机构代码 (GB 11714 check character) for generated unit ``n``."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    body = f"{n:08d}"
    check = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_unit(name: str, kind: UnitKind, parent: Unit | None, code: str) -> Unit:
    return Unit.objects.create(
        name=name, kind=kind, parent=parent, ogi_office=f"{name}办公室", index_prefix=code
    )


def member(name: str, *memberships: tuple[Unit, Role], password: str | None = None) -> User:
    """A user with ``memberships``; without a password, one who cannot log in (an actor only)."""
    user = User.objects.create_user(name, password=password)
    for unit, role in memberships:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def officer(name: str, unit: Unit, *, password: str | None = None) -> User:
    """The person who compiles, approves and publishes ``unit``'s report."""
    return member(
        name, (unit, Role.APPROVER), (unit, Role.ADMIN), (unit, Role.REGISTRAR), password=password
    )


def publish(actor: User, unit: Unit, year: int, on: date, text: str) -> AnnualReport:
    """``unit``'s ``year`` report compiled from its records, with ``text`` as its overview and
    problems, published on ``on``."""
    report = report_compile(actor=actor, unit=unit, year=year)
    report_edit(actor=actor, report=report, sections={"overview": text, "problems": text})
    return report_publish(actor=actor, report=report, published_on=on, acknowledge_warnings=True)


def report_file(
    unit: Unit, year: int, published: date, seed: int, *, identity_off_by: int = 0
) -> bytes:
    """A report-json file as a unit published it elsewhere (no platform records behind it);
    ``identity_off_by`` adds to the 表三 total so that it is no longer the sum of its rows."""
    report: Report = consistent_report("cn2021", seed, agency=unit.name)
    report.year, report.published_on = year, published
    report.sections = {"overview": narrative(unit.name[:3], 500 + seed)}
    if identity_off_by:
        key = "t3.total_processed.total"
        report.cells[key] = (report.cells[key] or 0) + identity_off_by
    return report.dumps().encode("utf-8")


# The demo -----------------------------------------------------------------------------------

# name, kind, what happens to its report (see :func:`load`)
DEMO_UNITS = (
    ("丙镇人民政府", UnitKind.TOWNSHIP, "on_time"),
    ("丁镇人民政府", UnitKind.TOWNSHIP, "late_copied"),
    ("戊乡人民政府", UnitKind.TOWNSHIP, "identity"),
    ("东城街道办事处", UnitKind.SUBDISTRICT, "republished"),
    ("示例县教育局", UnitKind.DEPARTMENT, "on_time"),
    ("示例县民政局", UnitKind.DEPARTMENT, "late"),
    ("示例县财政局", UnitKind.DEPARTMENT, "missing"),
    ("示例县自然资源局", UnitKind.DEPARTMENT, "on_time"),
    ("示例县档案局", UnitKind.DEPARTMENT, "exempt"),
)


@dataclass(frozen=True)
class Demo:
    year: int
    units: list[Unit]


def demo_year(today: date) -> int:
    """The latest year whose every deadline has passed (a 县 government's is 3-31, §49 para. 2),
    so that the demo shows statuses, not 未到期."""
    return today.year - 1 if today >= date(today.year, 4, 1) else today.year - 2


def load(county: Unit, admin: User, today: date) -> Demo | None:
    """Add the oversight demo below ``county`` (whose 单位管理员 ``admin`` receives files and
    re-checks); None if it is there already (the first demo unit exists)."""
    if county.children.filter(name=DEMO_UNITS[0][0]).exists():
        return None
    year = demo_year(today)
    with transaction.atomic():
        units = []
        for i, (name, kind, fate) in enumerate(DEMO_UNITS):
            unit = make_unit(name, kind, county, org_code(7000 + i))
            units.append(unit)
            _demo_report(county, admin, unit, year, fate, seed=i)
    return Demo(year, units)


def _demo_report(county: Unit, admin: User, unit: Unit, year: int, fate: str, seed: int) -> None:
    short = unit.name.removeprefix("示例县")[:3]
    on_time = date(year + 1, 1, 20)
    if fate == "missing":
        return
    if fate == "exempt":
        oversight.unit_exempt(
            actor=admin,
            root=county,
            unit=unit,
            year=year,
            reason="机构改革中并入示例县人民政府办公室",
        )
        return
    if fate in ("identity", "republished"):
        # Both first publish with their 表三 total off; the republished one corrects it a week
        # later, so that its re-check history shows the identity fixed.
        versions = [(on_time, 10 + seed, 3 if fate == "identity" else 2)]
        if fate == "republished":
            versions.append((date(year + 1, 1, 27), 20 + seed, 0))
        for n, (day, file_seed, off) in enumerate(versions, start=1):
            oversight.report_receive(
                actor=admin,
                root=county,
                unit=unit,
                year=year,
                data=report_file(unit, year, day, file_seed, identity_off_by=off),
                name=f"{unit.name}{year}年度报告-第{n}版.json",
            )
            if n == 1:  # a republished version is re-checked on receipt
                oversight.unit_recheck(actor=admin, root=county, unit=unit, year=year)
        return
    actor = officer(f"demo-officer-{unit.index_prefix}", unit)
    if fate == "late_copied":  # last year's text again, a month late
        publish(actor, unit, year - 1, date(year, 1, 18), narrative(short, seed))
        publish(actor, unit, year, date(year + 1, 2, 20), narrative(short, seed))
        return
    day = date(year + 1, 2, 10) if fate == "late" else on_time
    publish(actor, unit, year, day, narrative(short, seed))
