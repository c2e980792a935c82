"""``manage.py load_demo``: a demo county with two townships, a user per role and about fifty
applications across outcomes and stages, all made through the services (so each has its audit
trail and its clock), dated relative to today; then the oversight demo (``load_oversight_demo``:
more townships and departments with last year's reports).  Prints where and as whom to log
in.  Running it again adds nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from gongkai import workdays
from gongkai_platform.accounts.models import Membership, Role, Unit, UnitKind
from gongkai_platform.applications import services
from gongkai_platform.applications.models import Application, Channel
from gongkai_platform.applications.outcomes import (
    APPLICANT_CHOICES,
    CLOSING_CHOICES,
    EXCESSIVE,
    GROUNDS,
    REASONS_REQUIRED,
    UNCLEAR_AFTER_CORRECTION,
    Ground,
)
from gongkai_platform.holiday_calendar import selectors as holidays

COUNTY = "示例县人民政府"
PASSWORD = "gongkai-demo"
SEED = 20250101

# username, unit (0 county, 1 甲镇, 2 乙镇), role, description
USERS = (
    ("dengji", 1, Role.REGISTRAR, "甲镇登记员"),
    ("chengban", 1, Role.HANDLER, "甲镇承办人"),
    ("chengban2", 1, Role.HANDLER, "甲镇承办人"),
    ("shenhe", 1, Role.APPROVER, "甲镇审核人（政府信息公开工作机构负责人：批准延期、审核答复）"),
    ("baomi", 1, Role.APPROVER, "甲镇保密审查人（主动公开信息的保密审查，审核由另一人进行）"),
    ("guanli", 1, Role.ADMIN, "甲镇单位管理员（单位信息、人员与角色）"),
    ("xianguanli", 0, Role.ADMIN, "县单位管理员（另可维护节假日安排）"),
    ("yizhen", 2, Role.HANDLER, "乙镇承办人（兼登记）"),
    ("yizhen", 2, Role.REGISTRAR, ""),
    ("yizhen-shenhe", 2, Role.APPROVER, "乙镇审核人（一人办公室：兼保密审查，每次例外单独记录）"),
    ("jiandu", 0, Role.SUPERVISOR, "县政府办公室（上级监督，只读全县）"),
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟")
ORGS = {
    "org_commercial": "示例建材有限公司",
    "org_research": "某大学城乡规划研究所",
    "org_public_interest": "某环保公益中心",
    "org_legal_service": "某律师事务所",
    "org_other": "某村民委员会",
}
TOPICS = (
    "本镇2024年农村危房改造补助对象名单及补助标准",
    "某村土地征收补偿安置方案及批复文件",
    "本镇2024年财政预算执行情况",
    "某路段拓宽工程的立项批复和环评文件",
    "本人房屋所在地块的规划许可证",
    "2024年低保对象审核审批情况",
    "镇卫生院采购项目的中标公告",
    "某企业行政处罚决定书",
)


class Command(BaseCommand):
    help = "载入演示数据：一个县、两个乡镇、各角色用户和约五十件申请"

    def handle(self, *args: Any, **options: Any) -> None:
        if Unit.objects.filter(name=COUNTY).exists():
            self.stdout.write("演示数据已存在，未重复载入。")
        else:
            with transaction.atomic():
                count = build(timezone.localdate())
            self.stdout.write(f"已载入演示数据：{count} 件申请。")
        # The oversight pages' demo (more units and last year's reports), by command name: the
        # oversight app is a layer above this one and is not imported here.
        call_command("load_oversight_demo", stdout=self.stdout)
        self.stdout.write("\n登录地址：http://127.0.0.1:8000/login/　密码均为：" + PASSWORD)
        for username, _, _, what in USERS:
            if what:
                self.stdout.write(f"  {username:<14} {what}")


def _reply_demo(outcome: str) -> dict[str, Any]:
    """What a demo reply of ``outcome`` must say (条例 §36 ground; §36(3), §37 reasons)."""
    said: dict[str, Any] = {}
    if outcome in GROUNDS:
        said["ground"] = GROUNDS[outcome][-1]  # (二) provided; (五) another agency's
        if said["ground"] == Ground.NOT_OURS:
            said |= {
                "responsible_agency": "示例县自然资源局",
                "responsible_contact": "0000-1234567",
            }
    if outcome in REASONS_REQUIRED:
        said["reason"] = "涉及第三方个人信息，公开会对第三方合法权益造成损害"
    return said


def build(today: date) -> int:
    rng = random.Random(SEED)
    county = Unit.objects.create(
        name=COUNTY,
        kind=UnitKind.COUNTY,
        ogi_office="示例县人民政府办公室",
        index_prefix="000000019",
    )
    towns = [
        Unit.objects.create(
            name=name,
            kind=UnitKind.TOWNSHIP,
            parent=county,
            ogi_office=f"{name[:2]}党政综合办公室",
            index_prefix=prefix,
            address=f"示例县{name[:2]}人民路1号",
            phone="0000-12345678",
            single_person_office=single,
        )
        for name, prefix, single in (
            ("甲镇人民政府", "000000027", False),
            ("乙镇人民政府", "000000035", True),  # a one-person office (its exceptions recorded)
        )
    ]
    units = [county, *towns]
    users: dict[str, User] = {}
    for username, unit_index, role, _ in USERS:
        if username not in users:
            users[username] = User.objects.create_user(username, password=PASSWORD)
        Membership.objects.create(user=users[username], unit=units[unit_index], role=role)

    def working_days(start: date, n: int) -> date:
        return workdays.add_working_days(start, n, calendar=holidays.calendar()).due

    def register(unit: Unit, received: date, n: int) -> Application:
        a_type = APPLICANT_CHOICES[0][0] if n % 4 else APPLICANT_CHOICES[1 + (n // 4) % 5][0]
        name = ORGS.get(a_type) or rng.choice(SURNAMES) + rng.choice(GIVEN)
        channel = (Channel.IN_PERSON, Channel.LETTER, Channel.ONLINE, Channel.FAX)[n % 4]
        town_a = unit == towns[0]
        return services.application_register(
            actor=users["dengji" if town_a else "yizhen"],
            unit=unit,
            channel=channel,
            arrived_on=received - timedelta(days=1)
            if channel in (Channel.ONLINE, Channel.FAX)
            else received,
            confirmed_on=received if channel in (Channel.ONLINE, Channel.FAX) else None,
            applicant_type=a_type,
            applicant_name=name,
            id_number=f"{rng.randrange(10**17, 10**18)}"
            if a_type == "natural_person"
            else f"9133{rng.randrange(10**13, 10**14)}X",
            phone=f"139{rng.randrange(10**7, 10**8)}",
            description=rng.choice(TOPICS),
            form_wanted=rng.choice(("纸质", "电子邮件", "自行领取")),
            handler=users[rng.choice(("chengban", "chengban2"))] if town_a else users["yizhen"],
        )

    made = 0
    outcomes = [key for key, _ in CLOSING_CHOICES if key != "other.other"]
    # Closed cases, one or two per 表三 row, spread over the past year.
    for n, outcome in enumerate(outcomes * 2):
        if n >= 30:
            break
        unit = towns[0] if n % 3 else towns[1]
        received = working_days(today - timedelta(days=40 + 9 * n), 0)
        app = register(unit, received, n)
        town_b = unit == towns[1]
        submitted = working_days(received, rng.randint(3, 16))
        staff = users["yizhen" if town_b else "chengban"]
        if outcome == EXCESSIVE:  # §35: only after the applicant was asked for reasons
            services.application_ask_reasons(
                actor=staff, application=app, reason="短期内提出大量申请，请说明用途",
                asked_on=working_days(received, 1),
            )  # fmt: skip
        if outcome == UNCLEAR_AFTER_CORRECTION:  # §30: only after a 补正 was asked and received
            services.application_request_correction(
                actor=staff, application=app, items="请写明所需信息的名称或文号",
                reply_by=working_days(received, 10), sent_on=working_days(received, 1),
            )  # fmt: skip
            services.application_receive_correction(
                actor=staff, application=app, received_on=working_days(received, 2)
            )
            submitted = working_days(received, 5)
        services.application_submit_reply(
            actor=staff,
            application=app,
            outcome=outcome,
            legal_basis=""
            if outcome != "not_processed.confirm_or_reissue"
            else "国务院办公厅有关规定",
            submitted_on=submitted,
            **_reply_demo(outcome),
        )
        services.application_approve_reply(
            actor=users["yizhen-shenhe" if town_b else "shenhe"],
            application=app,
            approved_on=working_days(submitted, rng.randint(0, 2)),
        )
        made += 1
    town_a = towns[0]
    handler, approver = users["chengban"], users["shenhe"]
    # No supplement in time (§30), fee unpaid (109号), withdrawn.
    app = register(town_a, working_days(today - timedelta(days=70), 0), 30)
    services.application_request_correction(
        actor=handler,
        application=app,
        items="请写明所需信息的年份和地块名称",
        reply_by=app.received_on + timedelta(days=15),
        sent_on=working_days(app.received_on, 2),
    )
    services.application_close_overdue_correction(
        actor=handler, application=app, on=app.received_on + timedelta(days=25)
    )
    app = register(town_a, working_days(today - timedelta(days=90), 0), 31)
    services.application_issue_fee_notice(
        actor=handler,
        application=app,
        method="per_page",
        units=160,
        sent_on=working_days(app.received_on, 5),
    )
    services.application_close_overdue_fee(
        actor=handler, application=app, on=app.received_on + timedelta(days=50)
    )
    app = register(town_a, working_days(today - timedelta(days=20), 0), 32)
    services.application_withdraw(
        actor=users["dengji"],
        application=app,
        reason="申请人来电撤回",
        on=working_days(app.received_on, 1),
    )
    made += 3
    # Open cases in every stage; some overdue, some due soon.
    for n, age in enumerate((45, 33, 29, 27, 26, 20, 12, 5, 2, 0)):
        unit = town_a if n % 4 else towns[1]
        register(unit, working_days(today - timedelta(days=age), 0), 40 + n)
        made += 1
    app = register(town_a, working_days(today - timedelta(days=4), 0), 50)
    services.application_request_correction(
        actor=handler,
        application=app,
        items="请提供身份证明复印件",
        reply_by=today + timedelta(days=10),
        sent_on=today,
    )
    app = register(town_a, working_days(today - timedelta(days=30), 0), 51)
    services.application_request_correction(
        actor=handler,
        application=app,
        items="请明确所需文件名称",
        reply_by=app.received_on + timedelta(days=10),
        sent_on=working_days(app.received_on, 1),
    )
    services.application_receive_correction(
        actor=users["dengji"], application=app, received_on=working_days(app.received_on, 6)
    )
    app = register(town_a, working_days(today - timedelta(days=12), 0), 52)
    services.application_consult_third_party(
        actor=handler,
        application=app,
        party="示例建材有限公司",
        started_on=working_days(app.received_on, 3),
    )
    # Another agency consulted on the same request at the same time (条例 §32, §34).
    services.application_consult_agency(
        actor=handler,
        application=app,
        party="示例县住房和城乡建设局",
        started_on=working_days(app.received_on, 4),
        party_received_on=working_days(app.received_on, 5),
    )
    app = register(town_a, working_days(today - timedelta(days=10), 0), 53)
    services.application_consult_agency(
        actor=handler,
        application=app,
        party="示例县自然资源局",
        started_on=working_days(app.received_on, 2),
    )
    app = register(town_a, working_days(today - timedelta(days=8), 0), 54)
    services.application_issue_fee_notice(
        actor=handler,
        application=app,
        method="per_page",
        units=80,
        sent_on=working_days(app.received_on, 2),
    )
    app = register(town_a, working_days(today - timedelta(days=25), 0), 55)
    services.application_extend(
        actor=approver,
        application=app,
        days=15,
        reason="需调取历年档案",
        on=working_days(app.received_on, 12),
    )
    # Replies awaiting the head's approval; one was returned once and submitted again.
    for n, (age, outcome) in enumerate(((15, "granted"), (9, "unable.not_held"))):
        app = register(town_a, working_days(today - timedelta(days=age), 0), 56 + n)
        if n:
            services.application_submit_reply(
                actor=handler, application=app, outcome="withheld.process_info",
                reason="属于内部讨论记录",
            )  # fmt: skip
            services.application_return_reply(
                actor=approver, application=app, reason="经核实本机关未制作该信息，请改为无法提供"
            )
        services.application_submit_reply(
            actor=handler, application=app, outcome=outcome, **_reply_demo(outcome)
        )
    made += 8
    return made
