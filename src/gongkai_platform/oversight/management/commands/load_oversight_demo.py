"""``manage.py load_oversight_demo``: the oversight part of the demo (oversight.demo.load) below
the demo county of ``load_demo``, which runs it; safe to run again (it adds nothing twice)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai_platform.accounts.models import Membership, Role, Unit
from gongkai_platform.applications.management.commands.load_demo import COUNTY
from gongkai_platform.oversight import demo


class Command(BaseCommand):
    help = "载入上级监督演示数据：示例县的若干乡镇和部门及其上一年度年报（按期、逾期、未公布、勾稽错误、公布后修改）"

    def handle(self, *args: Any, **options: Any) -> None:
        county = Unit.objects.filter(name=COUNTY, parent=None).first()
        admin = (
            User.objects.filter(memberships__unit=county, memberships__role=Role.ADMIN)
            .order_by("id")
            .first()
            if county
            else None
        )
        if county is None or admin is None:
            raise CommandError(f"找不到演示县“{COUNTY}”及其单位管理员：请先运行 load_demo")
        loaded = demo.load(county, admin, timezone.localdate())
        year = loaded.year if loaded else demo.demo_year(timezone.localdate())
        if loaded is None:
            self.stdout.write("上级监督演示数据已存在，未重复载入。")
        else:
            self.stdout.write(
                f"已载入上级监督演示数据：{len(loaded.units)} 个乡镇和部门的 {year} 年度报告。"
            )
        supervisors = Membership.objects.filter(unit=county, role=Role.SUPERVISOR)
        names = "、".join(m.user.username for m in supervisors.select_related("user"))
        self.stdout.write(
            f"上级监督：以 {names or admin.username} 登录，打开 "
            f"http://127.0.0.1:8000/oversight/{county.pk}/{year}/（年报登记、汇总、办理统计）"
        )
