"""``manage.py audit_verify``: walk every audit trail's hash chain (``core.audit``) and report each
break — table, stream, event id and what does not match; exit status 1 if any."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai_platform.core.audit import event_models, verify


class Command(BaseCommand):
    help = (
        "核验审计记录的哈希链：报告每一处断裂（表、流、事件编号、不符之处），有断裂则以非零状态退出"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        models = event_models()
        breaks = list(verify(models))
        for found in breaks:
            self.stderr.write(str(found))
        counted = sum(model._default_manager.count() for model in models)
        if breaks:
            raise CommandError(f"审计记录哈希链有 {len(breaks)} 处断裂（共核验 {counted} 条事件）")
        self.stdout.write(f"审计记录完整：{len(models)} 张表，{counted} 条事件，哈希链无断裂")
