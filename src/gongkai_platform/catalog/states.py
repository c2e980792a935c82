"""The life of a catalog item as data: states, actions, which role may take which action from which
state, and the rule each step rests on.

draft (草稿) → secrecy_review (保密审查, 条例 §17) → review (审核, 条例 §4(四)) → approved (待发布)
→ published (已发布, 条例 §§23, 26), or scheduled (定时发布) and then published at its go-live time;
published → revoked (已撤销).  ``TRANSITIONS`` is the only statement of this machine: the services
enforce it, the staff pages offer what it allows, and the tests walk every state × action pair.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai import law
from gongkai_platform.accounts.models import Role
from gongkai_platform.core.actions import Transition


class ItemState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SECRECY_REVIEW = "secrecy_review", _("保密审查")
    REVIEW = "review", _("审核")
    APPROVED = "approved", _("待发布")
    SCHEDULED = "scheduled", _("定时发布")
    PUBLISHED = "published", _("已发布")
    REVOKED = "revoked", _("已撤销")


# Not yet public: the §26 clock is still running for these.
UNPUBLISHED = frozenset(
    {
        ItemState.DRAFT,
        ItemState.SECRECY_REVIEW,
        ItemState.REVIEW,
        ItemState.APPROVED,
        ItemState.SCHEDULED,
    }
)


class ItemAction(models.TextChoices):
    CREATE = "create", _("新建")
    IMPORT = "import", _("导入已发布信息")
    UPDATE = "update", _("修改")
    ATTACH = "attach", _("添加附件")
    SUBMIT_REVIEW = "submit_review", _("提交保密审查")
    CLEAR_SECRECY = "clear_secrecy", _("保密审查通过")
    APPROVE = "approve", _("审核通过")
    RETURN = "return", _("退回修改")
    PUBLISH = "publish", _("发布")
    GO_LIVE = "go_live", _("定时发布生效")
    REVOKE = "revoke", _("撤销发布")
    SET_VALIDITY = "set_validity", _("变更有效性")
    PROMOTE = "promote", _("依申请公开转为主动公开")
    # The annual report published or corrected (reports.services): its catalog item follows.
    REPORT_PUBLISH = "report_publish", _("公布年度报告")
    REPORT_CORRECT = "report_correct", _("更正年度报告")
    # Not a step: the record that one person did both 保密审查 and 审核 (a one-person office).
    DUTY_EXCEPTION = "duty_exception", _("一人办公室例外：同一人完成保密审查和审核")


EDITORS = frozenset({Role.HANDLER, Role.ADMIN})
REVIEWERS = frozenset({Role.APPROVER})
PUBLISHERS = frozenset({Role.APPROVER, Role.ADMIN})
IN_REVIEW = frozenset(
    {ItemState.SECRECY_REVIEW, ItemState.REVIEW, ItemState.APPROVED, ItemState.SCHEDULED}
)

TRANSITIONS: dict[ItemAction, Transition[ItemState]] = {
    ItemAction.CREATE: Transition(frozenset(), ItemState.DRAFT, EDITORS, law.ART_12.short()),
    ItemAction.IMPORT: Transition(frozenset(), ItemState.PUBLISHED, PUBLISHERS, law.ART_12.short()),
    ItemAction.PROMOTE: Transition(frozenset(), ItemState.DRAFT, EDITORS, law.ART_44.short()),
    ItemAction.UPDATE: Transition(frozenset({ItemState.DRAFT}), None, EDITORS, law.ART_12.short()),
    ItemAction.ATTACH: Transition(frozenset({ItemState.DRAFT}), None, EDITORS, law.ART_23.short()),
    ItemAction.SUBMIT_REVIEW: Transition(
        frozenset({ItemState.DRAFT}), ItemState.SECRECY_REVIEW, EDITORS, law.ART_17.short()
    ),
    ItemAction.CLEAR_SECRECY: Transition(
        frozenset({ItemState.SECRECY_REVIEW}), ItemState.REVIEW, REVIEWERS, law.ART_17.short()
    ),
    ItemAction.APPROVE: Transition(
        frozenset({ItemState.REVIEW}), ItemState.APPROVED, REVIEWERS, law.ART_4_4.short()
    ),
    ItemAction.RETURN: Transition(IN_REVIEW, ItemState.DRAFT, REVIEWERS, law.ART_17.short()),
    # Publishing now goes to PUBLISHED, publishing at a later time to SCHEDULED: the service decides.
    ItemAction.PUBLISH: Transition(
        frozenset({ItemState.APPROVED}), None, PUBLISHERS, law.citation(law.ART_23, law.ART_26)
    ),
    ItemAction.GO_LIVE: Transition(
        frozenset({ItemState.SCHEDULED}), ItemState.PUBLISHED, frozenset(), law.ART_26.short()
    ),
    ItemAction.REVOKE: Transition(
        frozenset({ItemState.PUBLISHED}), ItemState.REVOKED, PUBLISHERS, law.ART_4_2.short()
    ),
    ItemAction.SET_VALIDITY: Transition(
        frozenset({ItemState.PUBLISHED}), None, PUBLISHERS, law.citation(law.ART_20_1, law.ART_26)
    ),
    # Only through the report's own 公布 / 更正 (reports.services), which the OGI office's head
    # takes; offered nowhere on the item page.
    ItemAction.REPORT_PUBLISH: Transition(
        frozenset(), ItemState.PUBLISHED, REVIEWERS, law.ART_49.short()
    ),
    ItemAction.REPORT_CORRECT: Transition(
        frozenset({ItemState.PUBLISHED}), None, REVIEWERS, law.ART_49.short()
    ),
}

# Actions another app takes on the item as part of its own action: never offered on the item page.
ELSEWHERE = frozenset({ItemAction.REPORT_PUBLISH, ItemAction.REPORT_CORRECT})


def allowed_actions(state: ItemState, roles: frozenset[Role]) -> list[ItemAction]:
    """The actions offered to someone with ``roles`` on an item in ``state``."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if state in transition.sources and roles & transition.roles and action not in ELSEWHERE
    ]
