"""``manage.py demo_catalog``: catalog demo data for the units ``load_demo`` made — category trees,
指南 contact details, 主动公开基本目录 entries, past items imported with their 索引号, items in
every stage of the workflow (made through the services, so each has its audit trail and §26
clock), attachments, a revoked item, a scheduled one, an annual report and 规范性文件 for 表二.
Run after ``load_demo``; safe to run again (does nothing the second time)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import docx
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image

from gongkai import law, workdays
from gongkai.catalog import index_number
from gongkai_platform.accounts.models import Unit
from gongkai_platform.catalog import services
from gongkai_platform.catalog.models import CatalogItem, Category, Column, DirectoryEntry, DocKind
from gongkai_platform.catalog.services import ItemFields
from gongkai_platform.holiday_calendar import selectors as holidays
from gongkai_platform.portal.guide import guide_save
from gongkai_platform.portal.models import UnitGuide

# (unit name, editor, secrecy reviewer, approver): 乙镇 is a one-person office
TOWNS = (
    ("甲镇人民政府", "chengban", "baomi", "shenhe"),
    ("乙镇人民政府", "yizhen", "yizhen-shenhe", "yizhen-shenhe"),
)

CATEGORIES = (
    ("机构职能", Column.STATUTORY, ("领导信息", "内设机构")),
    ("政策文件", Column.STATUTORY, ("规范性文件", "其他文件")),
    ("财政资金", Column.STATUTORY, ("预算决算", "专项资金")),
    ("乡村振兴", Column.STATUTORY, ("农村危房改造", "涉农补贴")),
    ("社会救助", Column.STATUTORY, ()),
    ("政府信息公开制度", Column.RULES, ()),
    ("政府信息公开年报", Column.ANNUAL_REPORT, ()),
)

DIRECTORY = (
    ("财政预决算", "财政预决算", "部门预算", "预算报表、预算说明", "《预算法》第十四条", "预算专项资金"),
    ("涉农补贴", "补贴政策", "惠农补贴政策", "补贴项目、对象、标准、程序", law.ART_20.cite(), "涉农补贴"),
    ("农村危房改造", "政策文件", "危房改造补助", "补助对象、标准、资金分配", "住房城乡建设部有关规定", "农村危房改造"),
    ("社会救助", "最低生活保障", "低保对象", "低保对象名单、保障金额", "《社会救助暂行办法》", "社会救助"),
    ("城乡规划", "规划信息", "村庄规划", "规划文本、图件", "《城乡规划法》第八条", ""),
)  # fmt: skip

# (title, category, art20, summary, doc_kind, days ago formed, published after N working days)
PAST = (
    ("{town}2025年部门预算公开", "预算决算", "art20_7", "公开本镇2025年一般公共预算收支、政府性基金预算和“三公”经费预算。", DocKind.OTHER, 300, 5),
    ("{town}2024年部门决算公开", "预算决算", "art20_7", "公开本镇2024年度财政收支决算情况。", DocKind.OTHER, 200, 12),
    ("关于印发{town}农村住房保障实施办法的通知", "规范性文件", "art20_1", "规定农村低收入群体住房保障的对象、标准和程序。", DocKind.NORMATIVE_DOC, 400, 8),
    ("关于印发{town}城乡居民最低生活保障审核确认办法的通知", "规范性文件", "art20_1", "明确低保申请、审核、公示和动态管理。", DocKind.NORMATIVE_DOC, 240, 25),
    ("{town}2025年农村危房改造补助对象名单公示", "农村危房改造", "art20_11", "公示拟补助农户名单、改造方式和补助金额。", DocKind.OTHER, 120, 3),
    ("{town}2025年耕地地力保护补贴发放情况", "涉农补贴", "art20_11", "公布耕地地力保护补贴面积、标准和发放金额。", DocKind.OTHER, 90, 15),
    ("{town}领导班子成员及分工", "领导信息", "art20_2", "公布镇领导班子成员姓名、职务和工作分工。", DocKind.OTHER, 60, 2),
    ("{town}内设机构及职能", "内设机构", "art20_2", "公布党政综合办公室、经济发展办公室等内设机构的职能和联系方式。", DocKind.OTHER, 55, 2),
    ("{town}政府信息公开工作制度", "政府信息公开制度", "art20_15", "规定主动公开、依申请公开、保密审查和监督考核。", DocKind.OTHER, 500, 10),
    ("{town}政府信息公开保密审查制度", "政府信息公开制度", "art20_15", "规定拟公开信息的保密审查程序和责任。", DocKind.OTHER, 480, 10),
)  # fmt: skip


class Command(BaseCommand):
    help = "载入主动公开目录和门户的演示数据（在 load_demo 之后运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        if not Unit.objects.filter(name=TOWNS[0][0]).exists():
            raise CommandError("请先运行 manage.py load_demo")
        # Only the demo towns' own items count: publishing the oversight demo county's annual
        # reports has already made catalog items of other units.
        if CatalogItem.objects.filter(unit__name__in=[town[0] for town in TOWNS]).exists():
            self.stdout.write("目录演示数据已存在，未重复载入。")
        else:
            with transaction.atomic():
                count = build(timezone.localdate())
            self.stdout.write(f"已载入目录演示数据：{count} 条信息。")
        self.stdout.write(
            "公开门户：http://127.0.0.1:8000/gk/　工作人员目录：http://127.0.0.1:8000/catalog/"
        )


def _docx(title: str, paragraphs: list[str]) -> bytes:
    document = docx.Document()
    document.core_properties.author = "张办事员"  # removed on upload: the portal never shows it
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (230, 236, 242)).save(out, format="PNG")
    return out.getvalue()


def build(today: date) -> int:
    made = 0
    for name, editor_name, reviewer_name, approver_name in TOWNS:
        unit = Unit.objects.get(name=name)
        editor = User.objects.get(username=editor_name)
        approver = User.objects.get(username=approver_name)
        reviewer = User.objects.get(username=reviewer_name)
        if not UnitGuide.objects.filter(unit=unit).exists():
            guide_save(
                actor=approver,
                unit=unit,
                office_hours="工作日上午8:30—12:00，下午14:30—17:30",
                fax="0000-12345679",
                email="gk@example.gov.cn",
                postcode="000000",
                reading_rooms=f"{name[:2]}便民服务中心政府信息查阅点",
            )
        categories: dict[str, Category] = {}
        for position, (top, column, children) in enumerate(CATEGORIES):
            parent = Category.objects.create(unit=unit, name=top, column=column, position=position)
            categories[top] = parent
            for child_position, child in enumerate(children):
                categories[child] = Category.objects.create(
                    unit=unit, name=child, parent=parent, column=column, position=child_position
                )
        entries = {}
        for position, (area, l1, l2, elements, basis, key) in enumerate(DIRECTORY):
            entries[key] = DirectoryEntry.objects.create(
                unit=unit, area=area, item_l1=l1, item_l2=l2, content_elements=elements,
                legal_basis=basis, publisher=name, channels=["website", "notice_board"],
                levels=["township"], position=position,
            )  # fmt: skip
        town = name.removesuffix("人民政府")
        for serial, (title, category, art20, summary, kind, age, lag) in enumerate(PAST, start=1):
            formed = today - timedelta(days=age)
            published = workdays.add_working_days(formed, lag, calendar=holidays.calendar()).due
            number = index_number.generate(unit.index_prefix, published.year, serial)
            fields = ItemFields(
                title=title.format(town=town), formed_on=formed, summary=summary, art20=art20,
                category=categories[category], doc_kind=kind,
                validity="valid" if kind != DocKind.OTHER else "", effective_on=formed if kind != DocKind.OTHER else None,
                doc_number=f"{town[:1]}政发〔{formed.year}〕{serial}号" if kind != DocKind.OTHER else "",
                directory_entry=entries.get(category), five_open="result" if art20 == "art20_11" else "",
                body=f"{summary}\n\n具体内容见附件。",
            )  # fmt: skip
            services.catalog_item_import(
                actor=approver, unit=unit, fields=fields, index=number, published_on=published
            )
            made += 1
        # The annual report of last year, with its DOCX.
        year = today.year - 1
        report = services.catalog_item_create(
            actor=editor, unit=unit,
            fields=ItemFields(
                title=f"{name}{year}年政府信息公开工作年度报告", formed_on=min(today, date(today.year, 1, 20)),
                summary=f"{name}{year}年政府信息公开工作情况，含主动公开、依申请公开、复议诉讼和存在的问题。",
                category=categories["政府信息公开年报"], art20="art20_15",
                body="一、总体情况\n本年度，本镇深入贯彻《中华人民共和国政府信息公开条例》……",
            ),
        )  # fmt: skip
        services.catalog_item_attach(
            actor=editor, item=report, name=f"{year}年度报告.docx",
            data=_docx(f"{name}{year}年政府信息公开工作年度报告", ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]),
        )  # fmt: skip
        _through(report, editor, reviewer, approver)
        services.catalog_item_publish(actor=approver, item=report)
        made += 1
        # Today's work in every stage.
        housing = services.catalog_item_create(
            actor=editor, unit=unit,
            fields=ItemFields(
                title=f"关于{town}保障性住房租金补贴申领的公告", formed_on=workdays.add_working_days(today - timedelta(days=20), 0).due,
                summary="符合条件的住房困难家庭可申领租金补贴，公告申领条件、材料和办理地点。",
                category=categories["社会救助"], art20="art20_11", five_open="service",
                directory_entry=entries["社会救助"],
            ),
        )  # fmt: skip
        services.catalog_item_attach(
            actor=editor, item=housing, name="申领须知.docx",
            data=_docx("租金补贴申领须知", ["申领对象：城镇住房困难家庭。", "受理地点：便民服务中心住房窗口。"]),
        )  # fmt: skip
        services.catalog_item_attach(actor=editor, item=housing, name="办理流程图.png", data=_png())
        _through(housing, editor, reviewer, approver)
        services.catalog_item_publish(actor=approver, item=housing)
        revoked = services.catalog_item_create(
            actor=editor, unit=unit,
            fields=ItemFields(title=f"{town}道路养护项目招标公告（已更正）", formed_on=today - timedelta(days=10), category=categories["其他文件"]),
        )  # fmt: skip
        services.catalog_item_attach(
            actor=editor,
            item=revoked,
            name="招标文件.docx",
            data=_docx("招标文件", ["养护路段：镇区主干道。"]),
        )
        _through(revoked, editor, reviewer, approver)
        services.catalog_item_publish(actor=approver, item=revoked)
        services.catalog_item_revoke(
            actor=approver, item=revoked, reason="招标文件有误，已撤回更正"
        )
        scheduled = services.catalog_item_create(
            actor=editor, unit=unit,
            fields=ItemFields(title=f"{town}下月防汛演练通知", formed_on=today, category=categories["其他文件"], art20="art20_12"),
        )  # fmt: skip
        _through(scheduled, editor, reviewer, approver)
        services.catalog_item_publish(
            actor=approver, item=scheduled, at=timezone.now() + timedelta(days=3)
        )
        services.catalog_item_create(
            actor=editor, unit=unit,
            fields=ItemFields(title=f"{town}2025年村庄规划（草稿）", formed_on=today - timedelta(days=45), category=categories["其他文件"], art20="art20_3"),
        )  # fmt: skip
        in_review = services.catalog_item_create(
            actor=editor, unit=unit,
            fields=ItemFields(title=f"{town}第三季度低保对象名单", formed_on=today - timedelta(days=5), category=categories["社会救助"], art20="art20_11"),
        )  # fmt: skip
        services.catalog_item_submit_review(actor=editor, item=in_review)
        made += 5
    return made


def _through(item: CatalogItem, editor: User, reviewer: User, approver: User) -> None:
    services.catalog_item_submit_review(actor=editor, item=item)
    services.catalog_item_clear_secrecy(actor=reviewer, item=item)
    services.catalog_item_approve(actor=approver, item=item)
