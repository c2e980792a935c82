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
    # Waiting on consultations (§32, §34; several may run at once, docs/law.md §8): 征求第三方意见
    # while a third party is consulted (other agencies perhaps too), else 征求其他机关意见.
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
    RECEIVE_CONSULTATION = "receive_consultation", _("登记对方收到征求意见书日期")
    NOTIFY_THIRD_PARTY = "notify_third_party", _("书面告知第三方决定公开")
    ISSUE_FEE_NOTICE = "issue_fee_notice", _("发出收费通知")
    RECORD_FEE_PAYMENT = "record_fee_payment", _("已缴费")
    CLOSE_OVERDUE_FEE = "close_overdue_fee", _("逾期未缴费，不再处理")
    ASK_REASONS = "ask_reasons", _("要求申请人说明理由")
    SET_LATER_DEADLINE = "set_later_deadline", _("确定延迟答复期限")
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
        frozenset(), State.IN_PROGRESS, INTAKE, law.citation(law.ART_29, law.ART_31)
    ),
    Action.ASSIGN: Transition(
        OPEN_STATES, None, frozenset({Role.APPROVER, Role.ADMIN}), law.ART_45.short()
    ),
    Action.REQUEST_CORRECTION: Transition(
        frozenset({State.IN_PROGRESS}), State.AWAITING_CORRECTION, STAFF, law.ART_30.short()
    ),
    Action.RECEIVE_CORRECTION: Transition(
        frozenset({State.AWAITING_CORRECTION}), State.IN_PROGRESS, INTAKE, law.ART_30.short()
    ),
    Action.CLOSE_OVERDUE_CORRECTION: Transition(
        frozenset({State.AWAITING_CORRECTION}), State.CLOSED, STAFF, law.ART_30.short()
    ),
    # Several consultations may run at once (§32, §34): one starts whether or not others are
    # open, and ending one returns to 办理中 only when none is left; the service sets the state
    # (征求第三方意见 while any third party is consulted, else 征求其他机关意见).
    Action.START_THIRD_PARTY: Transition(
        frozenset({State.IN_PROGRESS}) | PAUSED, None, STAFF, law.ART_32.short()
    ),
    Action.END_THIRD_PARTY: Transition(
        frozenset({State.THIRD_PARTY}), None, STAFF, law.ART_32.short()
    ),
    Action.START_AGENCY: Transition(
        frozenset({State.IN_PROGRESS}) | PAUSED,
        None,
        STAFF,
        law.citation(law.ART_33_3, law.ART_34),
    ),
    Action.END_AGENCY: Transition(PAUSED, None, STAFF, law.citation(law.ART_33_3, law.ART_34)),
    # The party's receipt of the request starts its 15 working days; often learned later.
    Action.RECEIVE_CONSULTATION: Transition(
        PAUSED, None, STAFF, law.citation(law.ART_32, law.ART_34)
    ),
    # §32: disclosing over a third party's objection is told to it in writing, before the
    # information goes out or with the reply, so also once the case is closed.
    Action.NOTIFY_THIRD_PARTY: Transition(
        frozenset({State.IN_PROGRESS, State.AWAITING_APPROVAL, State.CLOSED}) | PAUSED,
        None,
        STAFF,
        law.ART_32.short(),
    ),
    Action.ISSUE_FEE_NOTICE: Transition(
        frozenset({State.IN_PROGRESS}),
        State.AWAITING_FEE,
        STAFF,
        law.citation(law.ART_42, law.FEES_109_WHOLE),
    ),
    Action.RECORD_FEE_PAYMENT: Transition(
        frozenset({State.AWAITING_FEE}),
        State.IN_PROGRESS,
        INTAKE | STAFF,
        law.FEES_109_WHOLE.short(),
    ),
    Action.CLOSE_OVERDUE_FEE: Transition(
        frozenset({State.AWAITING_FEE}), State.CLOSED, STAFF, law.FEES_109_WHOLE.short()
    ),
    # §35: a request whose number or frequency is plainly excessive: the applicant is asked
    # for reasons before the agency may decline to process it.
    Action.ASK_REASONS: Transition(frozenset({State.IN_PROGRESS}), None, STAFF, law.ART_35.short()),
    # §35: reasons asked and reasonable, but the request cannot be answered in time: the agency
    # sets a reasonable later deadline.  Decided by the OGI office head, as an extension is (our
    # rule: §35 says only "the agency"; docs/law.md §8).
    Action.SET_LATER_DEADLINE: Transition(
        frozenset({State.IN_PROGRESS, State.AWAITING_APPROVAL}) | PAUSED,
        None,
        APPROVER,
        law.ART_35.short(),
    ),
    # The handler asks, the head approves (EXTEND); wherever an extension may be approved.
    Action.REQUEST_EXTENSION: Transition(
        frozenset({State.IN_PROGRESS, State.AWAITING_APPROVAL}) | PAUSED,
        None,
        frozenset({Role.HANDLER}),
        law.ART_33_2.short(),
    ),
    # The head may extend while a reply awaits approval too: the clock has not stopped.
    Action.EXTEND: Transition(
        frozenset({State.IN_PROGRESS, State.AWAITING_APPROVAL}) | PAUSED,
        None,
        APPROVER,
        law.ART_33_2.short(),
    ),
    # Closing is two steps: the handler drafts the reply (outcome, basis, letter), the head of
    # the OGI office approves it, and only then is it issued and the case closed (§36; issue 4).
    Action.SUBMIT_REPLY: Transition(
        frozenset({State.IN_PROGRESS}), State.AWAITING_APPROVAL, STAFF, law.ART_36.short()
    ),
    Action.APPROVE_REPLY: Transition(
        frozenset({State.AWAITING_APPROVAL}), State.CLOSED, APPROVER, law.ART_36.short()
    ),
    Action.RETURN_REPLY: Transition(
        frozenset({State.AWAITING_APPROVAL}), State.IN_PROGRESS, APPROVER, law.ART_36.short()
    ),
    Action.WITHDRAW: Transition(
        OPEN_STATES, State.CLOSED, INTAKE | STAFF, f"{law.ART_36.short()}；撤回申请"
    ),
    # 行政复议 / 行政诉讼 may follow a reply or a failure to reply, so in every state (§51).
    Action.RECORD_APPEAL: Transition(frozenset(State), None, STAFF, law.ART_51.short()),
    Action.DECIDE_APPEAL: Transition(frozenset(State), None, STAFF, law.ART_51.short()),
    # The information the reply provides (§36(2), §37), attached while it is drafted or after.
    Action.ATTACH: Transition(
        frozenset({State.IN_PROGRESS, State.AWAITING_APPROVAL, State.CLOSED}),
        None,
        STAFF,
        law.citation(law.ART_36_2, law.ART_37),
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
