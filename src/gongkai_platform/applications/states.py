"""The application workflow as data: states, actions, and which role may take which action from
which state, with the article of the 条例 that governs each step.

``TRANSITIONS`` is the only statement of the state machine: the services enforce it, the pages
offer only the actions it allows, and the tests walk every state × action pair through it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai import law
from gongkai_platform.accounts.models import Role
from gongkai_platform.core.actions import Transition


class State(models.TextChoices):
    IN_PROGRESS = "in_progress", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    THIRD_PARTY = "third_party", _("征求第三方意见")
    AGENCY = "agency", _("征求其他机关意见")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    # The handler's reply awaits the OGI office head; the §33 clock keeps running meanwhile.
    AWAITING_APPROVAL = "awaiting_approval", _("待审核")
    CLOSED = "closed", _("已办结")


OPEN_STATES = frozenset(State) - {State.CLOSED}


class Action(models.TextChoices):
    REGISTER = "register", _("登记申请")
    ASSIGN = "assign", _("指定承办人")
    REQUEST_CORRECTION = "request_correction", _("发出补正告知")
    RECEIVE_CORRECTION = "receive_correction", _("收到补正")
    CLOSE_OVERDUE_CORRECTION = "close_overdue_correction", _("逾期未补正，不再处理")
    START_THIRD_PARTY = "start_third_party", _("征求第三方意见")
    END_THIRD_PARTY = "end_third_party", _("第三方意见征求结束")
    START_AGENCY = "start_agency", _("征求其他机关意见")
    END_AGENCY = "end_agency", _("其他机关意见征求结束")
    ISSUE_FEE_NOTICE = "issue_fee_notice", _("发出收费通知")
    RECORD_FEE_PAYMENT = "record_fee_payment", _("已缴费")
    CLOSE_OVERDUE_FEE = "close_overdue_fee", _("逾期未缴费，不再处理")
    ASK_REASONS = "ask_reasons", _("要求申请人说明理由")
    REQUEST_EXTENSION = "request_extension", _("申请延长答复期限")
    EXTEND = "extend", _("延长答复期限")
    SUBMIT_REPLY = "submit_reply", _("提交答复审核")
    APPROVE_REPLY = "approve_reply", _("审核通过，办结答复")
    RETURN_REPLY = "return_reply", _("退回答复")
    WITHDRAW = "withdraw", _("申请人撤回")
    RECORD_APPEAL = "record_appeal", _("登记复议诉讼")
    DECIDE_APPEAL = "decide_appeal", _("登记复议诉讼结果")
    ATTACH = "attach", _("上传答复附件")
    RECORD_DELIVERY = "record_delivery", _("记录送达")
    # Not a step of the workflow: the clock recounts after the holiday calendar changed.
    RECOMPUTE = "recompute", _("节假日安排变更，重新计算期限")


STAFF = frozenset({Role.HANDLER, Role.APPROVER})
APPROVER = frozenset({Role.APPROVER})
INTAKE = frozenset({Role.REGISTRAR, Role.HANDLER})
PAUSED = frozenset({State.THIRD_PARTY, State.AGENCY})

TRANSITIONS: dict[Action, Transition[State]] = {
    Action.REGISTER: Transition(
        frozenset(), State.IN_PROGRESS, INTAKE, "条例第二十九条、第三十一条"
    ),
    Action.ASSIGN: Transition(
        OPEN_STATES, None, frozenset({Role.APPROVER, Role.ADMIN}), "条例第四十五条"
    ),
    Action.REQUEST_CORRECTION: Transition(
        frozenset({State.IN_PROGRESS}), State.AWAITING_CORRECTION, STAFF, "条例第三十条"
    ),
    Action.RECEIVE_CORRECTION: Transition(
        frozenset({State.AWAITING_CORRECTION}), State.IN_PROGRESS, INTAKE, "条例第三十条"
    ),
    Action.CLOSE_OVERDUE_CORRECTION: Transition(
        frozenset({State.AWAITING_CORRECTION}), State.CLOSED, STAFF, "条例第三十条"
    ),
    Action.START_THIRD_PARTY: Transition(
        frozenset({State.IN_PROGRESS}), State.THIRD_PARTY, STAFF, "条例第三十二条"
    ),
    Action.END_THIRD_PARTY: Transition(
        frozenset({State.THIRD_PARTY}), State.IN_PROGRESS, STAFF, "条例第三十二条"
    ),
    Action.START_AGENCY: Transition(
        frozenset({State.IN_PROGRESS}), State.AGENCY, STAFF, "条例第三十三条第三款、第三十四条"
    ),
    Action.END_AGENCY: Transition(
        frozenset({State.AGENCY}), State.IN_PROGRESS, STAFF, "条例第三十三条第三款、第三十四条"
    ),
    Action.ISSUE_FEE_NOTICE: Transition(
        frozenset({State.IN_PROGRESS}),
        State.AWAITING_FEE,
        STAFF,
        "条例第四十二条；国办函〔2020〕109号",
    ),
    Action.RECORD_FEE_PAYMENT: Transition(
        frozenset({State.AWAITING_FEE}), State.IN_PROGRESS, INTAKE | STAFF, "国办函〔2020〕109号"
    ),
    Action.CLOSE_OVERDUE_FEE: Transition(
        frozenset({State.AWAITING_FEE}), State.CLOSED, STAFF, "国办函〔2020〕109号"
    ),
    # §35: a request whose number or frequency is plainly excessive: the applicant is asked
    # for reasons before the agency may decline to process it.
    Action.ASK_REASONS: Transition(frozenset({State.IN_PROGRESS}), None, STAFF, "条例第三十五条"),
    # The handler asks, the head approves (EXTEND); wherever an extension may be approved.
    Action.REQUEST_EXTENSION: Transition(
        frozenset({State.IN_PROGRESS, State.AWAITING_APPROVAL}) | PAUSED,
        None,
        frozenset({Role.HANDLER}),
        "条例第三十三条第二款",
    ),
    # The head may extend while a reply awaits approval too: the clock has not stopped.
    Action.EXTEND: Transition(
        frozenset({State.IN_PROGRESS, State.AWAITING_APPROVAL}) | PAUSED,
        None,
        APPROVER,
        "条例第三十三条第二款",
    ),
    # Closing is two steps: the handler drafts the reply (outcome, basis, letter), the head of
    # the OGI office approves it, and only then is it issued and the case closed (§36; issue 4).
    Action.SUBMIT_REPLY: Transition(
        frozenset({State.IN_PROGRESS}), State.AWAITING_APPROVAL, STAFF, "条例第三十六条"
    ),
    Action.APPROVE_REPLY: Transition(
        frozenset({State.AWAITING_APPROVAL}), State.CLOSED, APPROVER, "条例第三十六条"
    ),
    Action.RETURN_REPLY: Transition(
        frozenset({State.AWAITING_APPROVAL}), State.IN_PROGRESS, APPROVER, "条例第三十六条"
    ),
    Action.WITHDRAW: Transition(
        OPEN_STATES, State.CLOSED, INTAKE | STAFF, "条例第三十六条；撤回申请"
    ),
    # 行政复议 / 行政诉讼 may follow a reply or a failure to reply, so in every state (§51).
    Action.RECORD_APPEAL: Transition(frozenset(State), None, STAFF, "条例第五十一条"),
    Action.DECIDE_APPEAL: Transition(frozenset(State), None, STAFF, "条例第五十一条"),
    # The information the reply provides (§36(2), §37), attached while it is drafted or after.
    Action.ATTACH: Transition(
        frozenset({State.IN_PROGRESS, State.AWAITING_APPROVAL, State.CLOSED}),
        None,
        STAFF,
        f"{law.ART_36_2.short()}、{law.ART_37.locator}",
    ),
    # A notice goes out at its step (受理回执 to the reply): its 送达 is recorded in any state.
    Action.RECORD_DELIVERY: Transition(frozenset(State), None, INTAKE | STAFF, law.ART_36.short()),
}


def allowed_actions(state: State, roles: frozenset[Role]) -> list[Action]:
    """The actions offered to someone with ``roles`` on an application in ``state``."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if state in transition.sources and roles & transition.roles
    ]
