"""The catalog tests' world: the platform world (platform_world.py) with valid 索引号 prefixes
(town A a GB 11714 组织机构代码, town B a GB 32100 统一社会信用代码), a category, and helpers that
take an item through the real services."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from platform_world import World

from gongkai_platform.accounts.models import Membership, Role
from gongkai_platform.catalog import services
from gongkai_platform.catalog.models import CatalogItem, Category
from gongkai_platform.catalog.services import ItemFields

ORG_CODE = "123456788"  # check character 8 verifies under GB 11714
USCC = "11320100MB1234567A"  # check character A verifies under GB 32100
FORMED = date(2025, 3, 3)  # a Monday; 20 working days later is 2025-03-31


@dataclass
class CatalogWorld:
    w: World
    category: Category
    b_approver: User  # approver in town B
    # The secrecy reviewers (保密审查, 条例 §17) of town A and B: approvers too, but not the ones
    # who then approve (审核), since the two are done by two people (separation of duties).
    reviewer: User
    b_reviewer: User

    def fields(self, **overrides: Any) -> ItemFields:
        base = ItemFields(
            title="甲镇2025年农村危房改造补助资金分配方案",
            formed_on=FORMED,
            summary="公布2025年度农村危房改造补助对象、标准和资金分配情况。",
            doc_number="甲政发〔2025〕3号",
            art20="art20_11",
            category=self.category,
            five_open="result",
        )
        return replace(base, **overrides)

    def draft(self, **overrides: Any) -> CatalogItem:
        unit = overrides.pop("unit", self.w.town_a)
        actor = overrides.pop("actor", self.w.handler)
        return services.catalog_item_create(actor=actor, unit=unit, fields=self.fields(**overrides))

    def approved(self, **overrides: Any) -> CatalogItem:
        item = self.draft(**overrides)
        editor = self.w.handler if item.unit == self.w.town_a else self.w.other_handler
        reviewer = self.w.approver if item.unit == self.w.town_a else self.b_approver
        secrecy = self.reviewer if item.unit == self.w.town_a else self.b_reviewer
        services.catalog_item_submit_review(actor=editor, item=item)
        services.catalog_item_clear_secrecy(actor=secrecy, item=item)
        return services.catalog_item_approve(actor=reviewer, item=item)

    def published(self, at: datetime | None = None, **overrides: Any) -> CatalogItem:
        item = self.approved(**overrides)
        reviewer = self.w.approver if item.unit == self.w.town_a else self.b_approver
        return services.catalog_item_publish(actor=reviewer, item=item, at=at)


def make_catalog_world(w: World) -> CatalogWorld:
    w.town_a.index_prefix = ORG_CODE
    w.town_a.save()
    w.town_b.index_prefix = USCC
    w.town_b.save()
    b_approver = User.objects.create_user("b-approver", password="pw-b-approver")
    Membership.objects.create(user=b_approver, unit=w.town_b, role=Role.APPROVER)
    reviewer = User.objects.create_user("reviewer", password="pw-reviewer")
    Membership.objects.create(user=reviewer, unit=w.town_a, role=Role.APPROVER)
    b_reviewer = User.objects.create_user("b-reviewer", password="pw-b-reviewer")
    Membership.objects.create(user=b_reviewer, unit=w.town_b, role=Role.APPROVER)
    category = Category.objects.create(unit=w.town_a, name="农村危房改造")
    return CatalogWorld(w, category, b_approver, reviewer, b_reviewer)


@pytest.fixture
def cw(world: World) -> CatalogWorld:
    """The catalog world; conftest files that need it import this fixture."""
    return make_catalog_world(world)
