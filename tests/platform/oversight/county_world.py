"""A generated county for the oversight tests, built only through the platform's services: a
county government, 20 townships and 10 departments, each with its 2024 annual report compiled
from its records and published — some late, one never, one uploaded with an identity broken, one
whose 2024 text is its 2023 text, one whose records changed after it
published, one not required to publish, one republished with new content — plus
applications with handlers for the statistics.  A second county with its own supervisor shows
that one area's data never appears in another's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User

from gongkai_platform.accounts.models import Role, Unit, UnitKind
from gongkai_platform.applications import services as applications
from gongkai_platform.applications.models import Channel
from gongkai_platform.applications.outcomes import Ground
from gongkai_platform.oversight import demo
from gongkai_platform.oversight import services as oversight
from gongkai_platform.oversight.demo import TOPICS, make_unit, narrative, org_code, report_file

YEAR = 2024
TOWNSHIPS = [
    "青山镇",
    "白石镇",
    "红岭镇",
    "清河镇",
    "柳林镇",
    "杏花乡",
    "松涛乡",
    "云台镇",
    "龙泉镇",
    "凤鸣镇",
    "桃源乡",
    "梅溪镇",
    "竹园乡",
    "石门镇",
    "金沙镇",
    "银湖镇",
    "东岗镇",
    "西坪乡",
    "南湾街道",
    "北关街道",
]
DEPARTMENTS = [
    "发展和改革局",
    "教育局",
    "公安局",
    "民政局",
    "财政局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "卫生健康局",
    "市场监督管理局",
]
# The units with something to find (index into TOWNSHIPS / DEPARTMENTS).
LATE_TOWNSHIPS = (2, 5)  # published 2025-02-20: late under the county's 1-31
LATE_DEPARTMENT = 3  # published 2025-02-10: late under §49 para. 1
MISSING = 7  # never published
IDENTITY = 9  # uploaded file whose 表三 total is not the sum of its outcomes
COPIED = 11  # 2024 narrative = its 2023 narrative
DISAGREES = 13  # an application of the year registered after the report was published
EXEMPT_DEPARTMENT = 9  # abolished: not required
REPUBLISHED = 15  # uploaded, then uploaded again with other content


@dataclass
class County:
    county: Unit
    townships: list[Unit]
    departments: list[Unit]
    supervisor: User
    admin: User
    officers: dict[int, User] = field(default_factory=dict)  # unit id → its approver/admin
    handlers: dict[int, User] = field(default_factory=dict)
    other_county: Unit | None = None
    other_supervisor: User | None = None

    @property
    def units(self) -> list[Unit]:
        return [self.county, *self.townships, *self.departments]


def _user(name: str, *memberships: tuple[Unit, Role]) -> User:
    return demo.member(name, *memberships, password="pw-" + name)


def publish(county: County, unit: Unit, year: int, on: date, text: str) -> None:
    demo.publish(county.officers[unit.pk], unit, year, on, text)


def make_county(*, applications_per_unit: int = 6) -> County:
    county_unit = make_unit("示例县人民政府", UnitKind.COUNTY, None, org_code(1000))
    townships = [
        make_unit(
            f"{name}人民政府" if not name.endswith("街道") else f"{name}办事处",
            UnitKind.SUBDISTRICT if name.endswith("街道") else UnitKind.TOWNSHIP,
            county_unit,
            org_code(1100 + i),
        )
        for i, name in enumerate(TOWNSHIPS)
    ]
    departments = [
        make_unit(f"示例县{name}", UnitKind.DEPARTMENT, county_unit, org_code(1200 + i))
        for i, name in enumerate(DEPARTMENTS)
    ]
    county = County(
        county=county_unit,
        townships=townships,
        departments=departments,
        supervisor=_user("county-supervisor", (county_unit, Role.SUPERVISOR)),
        admin=_user("county-admin", (county_unit, Role.ADMIN), (county_unit, Role.APPROVER)),
    )
    county.officers[county_unit.pk] = county.admin
    for unit in [*townships, *departments]:
        county.officers[unit.pk] = demo.officer(
            f"officer-{unit.pk}", unit, password=f"pw-officer-{unit.pk}"
        )
    # The county sets the township deadline at 1-31 (§49 leaves it to local rules).
    oversight.deadline_configure(actor=county.admin, root=county_unit, month=1, day=31)

    # Applications of 2024 in two townships and one department, for the statistics.
    for unit in (townships[0], townships[1], departments[0]):
        handler = county.handlers[unit.pk] = _user(f"handler-{unit.pk}", (unit, Role.HANDLER))
        officer = county.officers[unit.pk]
        for k in range(applications_per_unit):
            app = applications.application_register(
                actor=officer,
                unit=unit,
                channel=Channel.IN_PERSON,
                arrived_on=date(YEAR, 3 + k, 4),
                applicant_type="natural_person",
                applicant_name=f"申请人{k}",
                id_number="110101199003071234",
                phone="13800138000",
                description=f"{unit.name}{TOPICS[k]}相关文件",
                handler=handler,
            )
            if k < applications_per_unit - 1:  # the last stays open: backlog
                applications.application_submit_reply(
                    actor=handler,
                    application=app,
                    outcome="granted",
                    ground=Ground.PROVIDED,  # 条例 §36(2)
                    submitted_on=date(YEAR, 3 + k, 11),
                )
                applications.application_approve_reply(
                    actor=officer, application=app, approved_on=date(YEAR, 3 + k, 12)
                )

    # Last year's reports of a few units (cross-year checks).
    for i in (0, 1, COPIED):
        publish(county, townships[i], YEAR - 1, date(YEAR, 1, 20), narrative(TOWNSHIPS[i], 100 + i))

    for i, unit in enumerate(townships):
        short = TOWNSHIPS[i]
        if i == MISSING:
            continue
        if i == IDENTITY:
            oversight.report_receive(
                actor=county.admin,
                root=county_unit,
                unit=unit,
                year=YEAR,
                data=report_file(unit, YEAR, date(YEAR + 1, 1, 15), i, identity_off_by=3),
                name=f"{unit.name}-{YEAR}.json",
            )
            continue
        if i == REPUBLISHED:
            for version, day in ((0, 20), (1, 28)):
                oversight.report_receive(
                    actor=county.admin,
                    root=county_unit,
                    unit=unit,
                    year=YEAR,
                    data=report_file(unit, YEAR, date(YEAR + 1, 1, day), 300 + version),
                    name=f"{unit.name}-{YEAR}-v{version + 1}.json",
                )
            continue
        if i == DISAGREES:
            # Published as compiled; then an application of 2024 is registered late, so the
            # records now count one more than the published report.
            publish(county, unit, YEAR, date(YEAR + 1, 1, 22), narrative(short, i))
            applications.application_register(
                actor=county.officers[unit.pk],
                unit=unit,
                channel=Channel.LETTER,
                arrived_on=date(YEAR, 12, 2),
                applicant_type="natural_person",
                applicant_name="迟登记",
                id_number="110101199003071234",
                description="补录的纸质申请",
            )
            continue
        text = narrative(short, 100 + i) if i == COPIED else narrative(short, i)
        day = date(YEAR + 1, 2, 20) if i in LATE_TOWNSHIPS else date(YEAR + 1, 1, 25)
        publish(county, unit, YEAR, day, text)

    for i, unit in enumerate(departments):
        short = DEPARTMENTS[i]
        if i == EXEMPT_DEPARTMENT:
            oversight.unit_exempt(
                actor=county.admin, root=county_unit, unit=unit, year=YEAR, reason="机构改革中撤销"
            )
            continue
        day = date(YEAR + 1, 2, 10) if i == LATE_DEPARTMENT else date(YEAR + 1, 1, 20)
        publish(county, unit, YEAR, day, narrative(short, 40 + i))
    publish(county, county_unit, YEAR, date(YEAR + 1, 3, 20), narrative("本县", 77))

    # Another county, with a report of its own: never visible from the first.
    other = make_unit("邻县人民政府", UnitKind.COUNTY, None, org_code(2000))
    other_town = make_unit("邻县甲镇人民政府", UnitKind.TOWNSHIP, other, org_code(2001))
    county.other_county = other
    county.other_supervisor = _user("other-supervisor", (other, Role.SUPERVISOR))
    county.officers[other_town.pk] = _user(
        "other-officer", (other_town, Role.APPROVER), (other_town, Role.ADMIN)
    )
    publish(county, other_town, YEAR, date(YEAR + 1, 1, 10), narrative("邻县甲镇", 900))
    return county
