"""The application state machine, every state × action written out: allowed (and the state it
leads to) or refused.

The expectations below are literal rows, not read from ``states.TRANSITIONS`` (the table under
test), so a wrong entry in the table fails here.  Each case drives the real service with valid
input: an allowed pair must succeed with one event; a refused pair must fail with
``wrong_state``, cite the article, and change nothing.  The article of each action is part of the
test id.  Who may act (roles) is a second literal table; the approver of a reply is never its
submitter (``test_separation_of_duties``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from platform_world import World

from gongkai_platform.accounts.models import Membership, Role
from gongkai_platform.appeals.models import Appeal
from gongkai_platform.appeals.services import appeal_decide, appeal_record
from gongkai_platform.applications import services
from gongkai_platform.applications.models import Application, Event, Opinion, Pause, PauseKind
from gongkai_platform.applications.states import Action, State, allowed_actions
from gongkai_platform.core.errors import ActionRefused, ErrorCode

D = date.fromisoformat
REFUSED = None

# The article each action rests on, as its refusals cite it.
BASIS: dict[Action, str] = {
    Action.ASSIGN: "条例第四十五条",
    Action.REQUEST_CORRECTION: "条例第三十条",
    Action.RECEIVE_CORRECTION: "条例第三十条",
    Action.CLOSE_OVERDUE_CORRECTION: "条例第三十条",
    Action.START_THIRD_PARTY: "条例第三十二条",
    Action.END_THIRD_PARTY: "条例第三十二条",
    Action.START_AGENCY: "条例第三十三条第三款、第三十四条",
    Action.END_AGENCY: "条例第三十三条第三款、第三十四条",
    Action.ISSUE_FEE_NOTICE: "条例第四十二条；国办函〔2020〕109号",
    Action.RECORD_FEE_PAYMENT: "国办函〔2020〕109号",
    Action.CLOSE_OVERDUE_FEE: "国办函〔2020〕109号",
    Action.ASK_REASONS: "条例第三十五条",
    Action.SET_LATER_DEADLINE: "条例第三十五条",
    Action.RECEIVE_CONSULTATION: "条例第三十二条、第三十四条",
    Action.NOTIFY_THIRD_PARTY: "条例第三十二条",
    Action.REQUEST_EXTENSION: "条例第三十三条第二款",
    Action.EXTEND: "条例第三十三条第二款",
    Action.SUBMIT_REPLY: "条例第三十六条",
    Action.APPROVE_REPLY: "条例第三十六条",
    Action.RETURN_REPLY: "条例第三十六条",
    Action.WITHDRAW: "条例第三十六条；撤回申请",
    Action.RECORD_APPEAL: "条例第五十一条",
    Action.DECIDE_APPEAL: "条例第五十一条",
    Action.ATTACH: "条例第三十六条第（二）项、第三十七条",
    Action.RECORD_DELIVERY: "条例第三十六条",
}

# state × action → the state after, or REFUSED (26 actions × 7 states, grouped by action).
ROWS: list[tuple[State, Action, State | None]] = [
    # 指定承办人（条例第四十五条）
    (State.IN_PROGRESS, Action.ASSIGN, State.IN_PROGRESS),
    (State.AWAITING_CORRECTION, Action.ASSIGN, State.AWAITING_CORRECTION),
    (State.THIRD_PARTY, Action.ASSIGN, State.THIRD_PARTY),
    (State.AGENCY, Action.ASSIGN, State.AGENCY),
    (State.AWAITING_FEE, Action.ASSIGN, State.AWAITING_FEE),
    (State.AWAITING_APPROVAL, Action.ASSIGN, State.AWAITING_APPROVAL),
    (State.CLOSED, Action.ASSIGN, REFUSED),
    # 发出补正告知（条例第三十条）
    (State.IN_PROGRESS, Action.REQUEST_CORRECTION, State.AWAITING_CORRECTION),
    (State.AWAITING_CORRECTION, Action.REQUEST_CORRECTION, REFUSED),
    (State.THIRD_PARTY, Action.REQUEST_CORRECTION, REFUSED),
    (State.AGENCY, Action.REQUEST_CORRECTION, REFUSED),
    (State.AWAITING_FEE, Action.REQUEST_CORRECTION, REFUSED),
    (State.AWAITING_APPROVAL, Action.REQUEST_CORRECTION, REFUSED),
    (State.CLOSED, Action.REQUEST_CORRECTION, REFUSED),
    # 收到补正（条例第三十条）
    (State.IN_PROGRESS, Action.RECEIVE_CORRECTION, REFUSED),
    (State.AWAITING_CORRECTION, Action.RECEIVE_CORRECTION, State.IN_PROGRESS),
    (State.THIRD_PARTY, Action.RECEIVE_CORRECTION, REFUSED),
    (State.AGENCY, Action.RECEIVE_CORRECTION, REFUSED),
    (State.AWAITING_FEE, Action.RECEIVE_CORRECTION, REFUSED),
    (State.AWAITING_APPROVAL, Action.RECEIVE_CORRECTION, REFUSED),
    (State.CLOSED, Action.RECEIVE_CORRECTION, REFUSED),
    # 逾期未补正，不再处理（条例第三十条）
    (State.IN_PROGRESS, Action.CLOSE_OVERDUE_CORRECTION, REFUSED),
    (State.AWAITING_CORRECTION, Action.CLOSE_OVERDUE_CORRECTION, State.CLOSED),
    (State.THIRD_PARTY, Action.CLOSE_OVERDUE_CORRECTION, REFUSED),
    (State.AGENCY, Action.CLOSE_OVERDUE_CORRECTION, REFUSED),
    (State.AWAITING_FEE, Action.CLOSE_OVERDUE_CORRECTION, REFUSED),
    (State.AWAITING_APPROVAL, Action.CLOSE_OVERDUE_CORRECTION, REFUSED),
    (State.CLOSED, Action.CLOSE_OVERDUE_CORRECTION, REFUSED),
    # 征求第三方意见（条例第三十二条）: while other consultations run too (several at once)
    (State.IN_PROGRESS, Action.START_THIRD_PARTY, State.THIRD_PARTY),
    (State.AWAITING_CORRECTION, Action.START_THIRD_PARTY, REFUSED),
    (State.THIRD_PARTY, Action.START_THIRD_PARTY, State.THIRD_PARTY),
    (State.AGENCY, Action.START_THIRD_PARTY, State.THIRD_PARTY),
    (State.AWAITING_FEE, Action.START_THIRD_PARTY, REFUSED),
    (State.AWAITING_APPROVAL, Action.START_THIRD_PARTY, REFUSED),
    (State.CLOSED, Action.START_THIRD_PARTY, REFUSED),
    # 第三方意见征求结束（条例第三十二条）: the path's agency consultation is still open
    (State.IN_PROGRESS, Action.END_THIRD_PARTY, REFUSED),
    (State.AWAITING_CORRECTION, Action.END_THIRD_PARTY, REFUSED),
    (State.THIRD_PARTY, Action.END_THIRD_PARTY, State.AGENCY),
    (State.AGENCY, Action.END_THIRD_PARTY, REFUSED),
    (State.AWAITING_FEE, Action.END_THIRD_PARTY, REFUSED),
    (State.AWAITING_APPROVAL, Action.END_THIRD_PARTY, REFUSED),
    (State.CLOSED, Action.END_THIRD_PARTY, REFUSED),
    # 征求其他机关意见（条例第三十三条第三款、第三十四条）
    (State.IN_PROGRESS, Action.START_AGENCY, State.AGENCY),
    (State.AWAITING_CORRECTION, Action.START_AGENCY, REFUSED),
    (State.THIRD_PARTY, Action.START_AGENCY, State.THIRD_PARTY),
    (State.AGENCY, Action.START_AGENCY, State.AGENCY),
    (State.AWAITING_FEE, Action.START_AGENCY, REFUSED),
    (State.AWAITING_APPROVAL, Action.START_AGENCY, REFUSED),
    (State.CLOSED, Action.START_AGENCY, REFUSED),
    # 其他机关意见征求结束（条例第三十三条第三款、第三十四条）: 办理中 once none is open
    (State.IN_PROGRESS, Action.END_AGENCY, REFUSED),
    (State.AWAITING_CORRECTION, Action.END_AGENCY, REFUSED),
    (State.THIRD_PARTY, Action.END_AGENCY, State.THIRD_PARTY),
    (State.AGENCY, Action.END_AGENCY, State.IN_PROGRESS),
    (State.AWAITING_FEE, Action.END_AGENCY, REFUSED),
    (State.AWAITING_APPROVAL, Action.END_AGENCY, REFUSED),
    (State.CLOSED, Action.END_AGENCY, REFUSED),
    # 登记对方收到征求意见书日期（条例第三十二条、第三十四条）
    (State.IN_PROGRESS, Action.RECEIVE_CONSULTATION, REFUSED),
    (State.AWAITING_CORRECTION, Action.RECEIVE_CONSULTATION, REFUSED),
    (State.THIRD_PARTY, Action.RECEIVE_CONSULTATION, State.THIRD_PARTY),
    (State.AGENCY, Action.RECEIVE_CONSULTATION, State.AGENCY),
    (State.AWAITING_FEE, Action.RECEIVE_CONSULTATION, REFUSED),
    (State.AWAITING_APPROVAL, Action.RECEIVE_CONSULTATION, REFUSED),
    (State.CLOSED, Action.RECEIVE_CONSULTATION, REFUSED),
    # 书面告知第三方决定公开（条例第三十二条）: also with or after the reply
    (State.IN_PROGRESS, Action.NOTIFY_THIRD_PARTY, State.IN_PROGRESS),
    (State.AWAITING_CORRECTION, Action.NOTIFY_THIRD_PARTY, REFUSED),
    (State.THIRD_PARTY, Action.NOTIFY_THIRD_PARTY, State.THIRD_PARTY),
    (State.AGENCY, Action.NOTIFY_THIRD_PARTY, State.AGENCY),
    (State.AWAITING_FEE, Action.NOTIFY_THIRD_PARTY, REFUSED),
    (State.AWAITING_APPROVAL, Action.NOTIFY_THIRD_PARTY, State.AWAITING_APPROVAL),
    (State.CLOSED, Action.NOTIFY_THIRD_PARTY, State.CLOSED),
    # 发出收费通知（条例第四十二条；国办函〔2020〕109号）
    (State.IN_PROGRESS, Action.ISSUE_FEE_NOTICE, State.AWAITING_FEE),
    (State.AWAITING_CORRECTION, Action.ISSUE_FEE_NOTICE, REFUSED),
    (State.THIRD_PARTY, Action.ISSUE_FEE_NOTICE, REFUSED),
    (State.AGENCY, Action.ISSUE_FEE_NOTICE, REFUSED),
    (State.AWAITING_FEE, Action.ISSUE_FEE_NOTICE, REFUSED),
    (State.AWAITING_APPROVAL, Action.ISSUE_FEE_NOTICE, REFUSED),
    (State.CLOSED, Action.ISSUE_FEE_NOTICE, REFUSED),
    # 已缴费（国办函〔2020〕109号）
    (State.IN_PROGRESS, Action.RECORD_FEE_PAYMENT, REFUSED),
    (State.AWAITING_CORRECTION, Action.RECORD_FEE_PAYMENT, REFUSED),
    (State.THIRD_PARTY, Action.RECORD_FEE_PAYMENT, REFUSED),
    (State.AGENCY, Action.RECORD_FEE_PAYMENT, REFUSED),
    (State.AWAITING_FEE, Action.RECORD_FEE_PAYMENT, State.IN_PROGRESS),
    (State.AWAITING_APPROVAL, Action.RECORD_FEE_PAYMENT, REFUSED),
    (State.CLOSED, Action.RECORD_FEE_PAYMENT, REFUSED),
    # 逾期未缴费，不再处理（国办函〔2020〕109号）
    (State.IN_PROGRESS, Action.CLOSE_OVERDUE_FEE, REFUSED),
    (State.AWAITING_CORRECTION, Action.CLOSE_OVERDUE_FEE, REFUSED),
    (State.THIRD_PARTY, Action.CLOSE_OVERDUE_FEE, REFUSED),
    (State.AGENCY, Action.CLOSE_OVERDUE_FEE, REFUSED),
    (State.AWAITING_FEE, Action.CLOSE_OVERDUE_FEE, State.CLOSED),
    (State.AWAITING_APPROVAL, Action.CLOSE_OVERDUE_FEE, REFUSED),
    (State.CLOSED, Action.CLOSE_OVERDUE_FEE, REFUSED),
    # 要求申请人说明理由（条例第三十五条）
    (State.IN_PROGRESS, Action.ASK_REASONS, State.IN_PROGRESS),
    (State.AWAITING_CORRECTION, Action.ASK_REASONS, REFUSED),
    (State.THIRD_PARTY, Action.ASK_REASONS, REFUSED),
    (State.AGENCY, Action.ASK_REASONS, REFUSED),
    (State.AWAITING_FEE, Action.ASK_REASONS, REFUSED),
    (State.AWAITING_APPROVAL, Action.ASK_REASONS, REFUSED),
    (State.CLOSED, Action.ASK_REASONS, REFUSED),
    # 确定延迟答复期限（条例第三十五条）
    (State.IN_PROGRESS, Action.SET_LATER_DEADLINE, State.IN_PROGRESS),
    (State.AWAITING_CORRECTION, Action.SET_LATER_DEADLINE, REFUSED),
    (State.THIRD_PARTY, Action.SET_LATER_DEADLINE, State.THIRD_PARTY),
    (State.AGENCY, Action.SET_LATER_DEADLINE, State.AGENCY),
    (State.AWAITING_FEE, Action.SET_LATER_DEADLINE, REFUSED),
    (State.AWAITING_APPROVAL, Action.SET_LATER_DEADLINE, State.AWAITING_APPROVAL),
    (State.CLOSED, Action.SET_LATER_DEADLINE, REFUSED),
    # 申请延长答复期限（条例第三十三条第二款）: the handler asks wherever the head may extend
    (State.IN_PROGRESS, Action.REQUEST_EXTENSION, State.IN_PROGRESS),
    (State.AWAITING_CORRECTION, Action.REQUEST_EXTENSION, REFUSED),
    (State.THIRD_PARTY, Action.REQUEST_EXTENSION, State.THIRD_PARTY),
    (State.AGENCY, Action.REQUEST_EXTENSION, State.AGENCY),
    (State.AWAITING_FEE, Action.REQUEST_EXTENSION, REFUSED),
    (State.AWAITING_APPROVAL, Action.REQUEST_EXTENSION, State.AWAITING_APPROVAL),
    (State.CLOSED, Action.REQUEST_EXTENSION, REFUSED),
    # 延长答复期限（条例第三十三条第二款）
    (State.IN_PROGRESS, Action.EXTEND, State.IN_PROGRESS),
    (State.AWAITING_CORRECTION, Action.EXTEND, REFUSED),
    (State.THIRD_PARTY, Action.EXTEND, State.THIRD_PARTY),
    (State.AGENCY, Action.EXTEND, State.AGENCY),
    (State.AWAITING_FEE, Action.EXTEND, REFUSED),
    (State.AWAITING_APPROVAL, Action.EXTEND, State.AWAITING_APPROVAL),
    (State.CLOSED, Action.EXTEND, REFUSED),
    # 提交答复审核（条例第三十六条）
    (State.IN_PROGRESS, Action.SUBMIT_REPLY, State.AWAITING_APPROVAL),
    (State.AWAITING_CORRECTION, Action.SUBMIT_REPLY, REFUSED),
    (State.THIRD_PARTY, Action.SUBMIT_REPLY, REFUSED),
    (State.AGENCY, Action.SUBMIT_REPLY, REFUSED),
    (State.AWAITING_FEE, Action.SUBMIT_REPLY, REFUSED),
    (State.AWAITING_APPROVAL, Action.SUBMIT_REPLY, REFUSED),
    (State.CLOSED, Action.SUBMIT_REPLY, REFUSED),
    # 审核通过，办结答复（条例第三十六条）
    (State.IN_PROGRESS, Action.APPROVE_REPLY, REFUSED),
    (State.AWAITING_CORRECTION, Action.APPROVE_REPLY, REFUSED),
    (State.THIRD_PARTY, Action.APPROVE_REPLY, REFUSED),
    (State.AGENCY, Action.APPROVE_REPLY, REFUSED),
    (State.AWAITING_FEE, Action.APPROVE_REPLY, REFUSED),
    (State.AWAITING_APPROVAL, Action.APPROVE_REPLY, State.CLOSED),
    (State.CLOSED, Action.APPROVE_REPLY, REFUSED),
    # 退回答复（条例第三十六条）
    (State.IN_PROGRESS, Action.RETURN_REPLY, REFUSED),
    (State.AWAITING_CORRECTION, Action.RETURN_REPLY, REFUSED),
    (State.THIRD_PARTY, Action.RETURN_REPLY, REFUSED),
    (State.AGENCY, Action.RETURN_REPLY, REFUSED),
    (State.AWAITING_FEE, Action.RETURN_REPLY, REFUSED),
    (State.AWAITING_APPROVAL, Action.RETURN_REPLY, State.IN_PROGRESS),
    (State.CLOSED, Action.RETURN_REPLY, REFUSED),
    # 申请人撤回（条例第三十六条；撤回申请）
    (State.IN_PROGRESS, Action.WITHDRAW, State.CLOSED),
    (State.AWAITING_CORRECTION, Action.WITHDRAW, State.CLOSED),
    (State.THIRD_PARTY, Action.WITHDRAW, State.CLOSED),
    (State.AGENCY, Action.WITHDRAW, State.CLOSED),
    (State.AWAITING_FEE, Action.WITHDRAW, State.CLOSED),
    (State.AWAITING_APPROVAL, Action.WITHDRAW, State.CLOSED),
    (State.CLOSED, Action.WITHDRAW, REFUSED),
    # 登记复议诉讼（条例第五十一条）
    (State.IN_PROGRESS, Action.RECORD_APPEAL, State.IN_PROGRESS),
    (State.AWAITING_CORRECTION, Action.RECORD_APPEAL, State.AWAITING_CORRECTION),
    (State.THIRD_PARTY, Action.RECORD_APPEAL, State.THIRD_PARTY),
    (State.AGENCY, Action.RECORD_APPEAL, State.AGENCY),
    (State.AWAITING_FEE, Action.RECORD_APPEAL, State.AWAITING_FEE),
    (State.AWAITING_APPROVAL, Action.RECORD_APPEAL, State.AWAITING_APPROVAL),
    (State.CLOSED, Action.RECORD_APPEAL, State.CLOSED),
    # 登记复议诉讼结果（条例第五十一条）
    (State.IN_PROGRESS, Action.DECIDE_APPEAL, State.IN_PROGRESS),
    (State.AWAITING_CORRECTION, Action.DECIDE_APPEAL, State.AWAITING_CORRECTION),
    (State.THIRD_PARTY, Action.DECIDE_APPEAL, State.THIRD_PARTY),
    (State.AGENCY, Action.DECIDE_APPEAL, State.AGENCY),
    (State.AWAITING_FEE, Action.DECIDE_APPEAL, State.AWAITING_FEE),
    (State.AWAITING_APPROVAL, Action.DECIDE_APPEAL, State.AWAITING_APPROVAL),
    (State.CLOSED, Action.DECIDE_APPEAL, State.CLOSED),
    # 上传答复附件（条例第三十六条第（二）项、第三十七条）: while the reply is drafted, or after
    (State.IN_PROGRESS, Action.ATTACH, State.IN_PROGRESS),
    (State.AWAITING_CORRECTION, Action.ATTACH, REFUSED),
    (State.THIRD_PARTY, Action.ATTACH, REFUSED),
    (State.AGENCY, Action.ATTACH, REFUSED),
    (State.AWAITING_FEE, Action.ATTACH, REFUSED),
    (State.AWAITING_APPROVAL, Action.ATTACH, State.AWAITING_APPROVAL),
    (State.CLOSED, Action.ATTACH, State.CLOSED),
    # 记录送达（条例第三十六条）: every notice, at whatever step it went out
    (State.IN_PROGRESS, Action.RECORD_DELIVERY, State.IN_PROGRESS),
    (State.AWAITING_CORRECTION, Action.RECORD_DELIVERY, State.AWAITING_CORRECTION),
    (State.THIRD_PARTY, Action.RECORD_DELIVERY, State.THIRD_PARTY),
    (State.AGENCY, Action.RECORD_DELIVERY, State.AGENCY),
    (State.AWAITING_FEE, Action.RECORD_DELIVERY, State.AWAITING_FEE),
    (State.AWAITING_APPROVAL, Action.RECORD_DELIVERY, State.AWAITING_APPROVAL),
    (State.CLOSED, Action.RECORD_DELIVERY, State.CLOSED),
]

# Who may take each action in the application's own unit (上级监督 never acts).
ROLES: dict[Action, set[Role]] = {
    Action.ASSIGN: {Role.APPROVER, Role.ADMIN},
    Action.REQUEST_CORRECTION: {Role.HANDLER, Role.APPROVER},
    Action.RECEIVE_CORRECTION: {Role.REGISTRAR, Role.HANDLER},
    Action.CLOSE_OVERDUE_CORRECTION: {Role.HANDLER, Role.APPROVER},
    Action.START_THIRD_PARTY: {Role.HANDLER, Role.APPROVER},
    Action.END_THIRD_PARTY: {Role.HANDLER, Role.APPROVER},
    Action.START_AGENCY: {Role.HANDLER, Role.APPROVER},
    Action.END_AGENCY: {Role.HANDLER, Role.APPROVER},
    Action.ISSUE_FEE_NOTICE: {Role.HANDLER, Role.APPROVER},
    Action.RECORD_FEE_PAYMENT: {Role.REGISTRAR, Role.HANDLER, Role.APPROVER},
    Action.CLOSE_OVERDUE_FEE: {Role.HANDLER, Role.APPROVER},
    Action.ASK_REASONS: {Role.HANDLER, Role.APPROVER},
    Action.SET_LATER_DEADLINE: {Role.APPROVER},
    Action.RECEIVE_CONSULTATION: {Role.HANDLER, Role.APPROVER},
    Action.NOTIFY_THIRD_PARTY: {Role.HANDLER, Role.APPROVER},
    Action.REQUEST_EXTENSION: {Role.HANDLER},
    Action.EXTEND: {Role.APPROVER},
    Action.SUBMIT_REPLY: {Role.HANDLER, Role.APPROVER},
    Action.APPROVE_REPLY: {Role.APPROVER},
    Action.RETURN_REPLY: {Role.APPROVER},
    Action.WITHDRAW: {Role.REGISTRAR, Role.HANDLER, Role.APPROVER},
    Action.RECORD_APPEAL: {Role.HANDLER, Role.APPROVER},
    Action.DECIDE_APPEAL: {Role.HANDLER, Role.APPROVER},
    Action.ATTACH: {Role.HANDLER, Role.APPROVER},
    Action.RECORD_DELIVERY: {Role.REGISTRAR, Role.HANDLER, Role.APPROVER},
}

# How to reach each state from a fresh application (all dates in March 2025, long past).  The
# reply is submitted by the handler, so that the walker (``all_roles``) may approve it.
PATHS: dict[State, Callable[[World, Application], object]] = {
    State.IN_PROGRESS: lambda w, a: None,
    State.AWAITING_CORRECTION: lambda w, a: services.application_request_correction(
        actor=w.all_roles,
        application=a,
        items="写明年份",
        reply_by=D("2025-03-20"),
        sent_on=D("2025-03-05"),
    ),
    # A third party and another agency consulted at once (条例第三十二条、第三十四条).
    State.THIRD_PARTY: lambda w, a: (
        PATHS[State.AGENCY](w, a),
        services.application_consult_third_party(
            actor=w.all_roles, application=a, party="某公司", started_on=D("2025-03-06")
        ),
    ),
    State.AGENCY: lambda w, a: services.application_consult_agency(
        actor=w.all_roles, application=a, party="县自然资源局", started_on=D("2025-03-06")
    ),
    State.AWAITING_FEE: lambda w, a: services.application_issue_fee_notice(
        actor=w.all_roles, application=a, method="per_page", units=50, sent_on=D("2025-03-06")
    ),
    State.AWAITING_APPROVAL: lambda w, a: services.application_submit_reply(
        actor=w.handler,
        application=a,
        outcome="granted",
        ground="36_2",
        submitted_on=D("2025-03-10"),
    ),
    State.CLOSED: lambda w, a: (
        PATHS[State.AWAITING_APPROVAL](w, a),
        services.application_approve_reply(
            actor=w.all_roles, application=a, approved_on=D("2025-03-10")
        ),
    ),
}


# Each action with valid input for the states that allow it.
ACTIONS: dict[Action, Callable[[World, Application], Application]] = {
    Action.ASSIGN: lambda w, a: services.application_assign(
        actor=w.all_roles, application=a, handler=w.handler
    ),
    Action.REQUEST_CORRECTION: PATHS[State.AWAITING_CORRECTION],  # type: ignore[dict-item]
    Action.RECEIVE_CORRECTION: lambda w, a: services.application_receive_correction(
        actor=w.all_roles, application=a, received_on=D("2025-03-12")
    ),
    Action.CLOSE_OVERDUE_CORRECTION: lambda w, a: services.application_close_overdue_correction(
        actor=w.all_roles, application=a
    ),
    Action.START_THIRD_PARTY: lambda w, a: services.application_consult_third_party(
        actor=w.all_roles, application=a, party="乙公司", started_on=D("2025-03-07")
    ),
    Action.END_THIRD_PARTY: lambda w, a: services.application_end_third_party(
        actor=w.all_roles, application=a, ended_on=D("2025-03-12"), opinion="agree"
    ),
    Action.START_AGENCY: lambda w, a: services.application_consult_agency(
        actor=w.all_roles, application=a, party="县财政局", started_on=D("2025-03-07")
    ),
    Action.RECEIVE_CONSULTATION: lambda w, a: services.application_receive_consultation(
        actor=w.all_roles,
        application=a,
        received_on=D("2025-03-07"),
        consultation=a.pauses.filter(ended_on__isnull=True).first(),
    ),
    Action.NOTIFY_THIRD_PARTY: lambda w, a: services.application_notify_third_party(
        actor=w.all_roles,
        application=a,
        notified_on=D("2025-03-12"),
        reason="不公开会对公共利益造成重大影响，决定公开补助名单",
        # The objection on record (set up directly: the path's state may not allow consulting).
        consultation=Pause.objects.create(
            application=a,
            kind=PauseKind.THIRD_PARTY,
            party="丙公司",
            started_on=D("2025-03-05"),
            ended_on=D("2025-03-10"),
            opinion=Opinion.OBJECT,
        ),
    ),
    Action.END_AGENCY: lambda w, a: services.application_end_agency(
        actor=w.all_roles, application=a, ended_on=D("2025-03-12"), opinion="agree"
    ),
    Action.ISSUE_FEE_NOTICE: PATHS[State.AWAITING_FEE],  # type: ignore[dict-item]
    Action.RECORD_FEE_PAYMENT: lambda w, a: services.application_record_fee_payment(
        actor=w.all_roles, application=a, paid_on=D("2025-03-12")
    ),
    Action.CLOSE_OVERDUE_FEE: lambda w, a: services.application_close_overdue_fee(
        actor=w.all_roles, application=a
    ),
    Action.ASK_REASONS: lambda w, a: services.application_ask_reasons(
        actor=w.all_roles,
        application=a,
        reason="一周内申请120项，请说明用途",
        asked_on=D("2025-03-07"),
    ),
    Action.SET_LATER_DEADLINE: lambda w, a: (
        # Reasons asked (set up directly: asking is possible only while 办理中).
        Application.objects.filter(pk=a.pk).update(reasons_asked_on=D("2025-03-06")),
        services.application_set_later_deadline(
            actor=w.all_roles,
            application=a,
            later_due_on=D("2025-06-30"),
            reason="申请人说明理由合理，120项信息需逐项检索",
            decided_on=D("2025-03-07"),
        ),
    )[1],
    Action.REQUEST_EXTENSION: lambda w, a: services.application_request_extension(
        actor=w.all_roles, application=a, days=10, reason="需要调取档案"
    ),
    Action.EXTEND: lambda w, a: services.application_extend(
        actor=w.all_roles, application=a, days=10, reason="需要调取档案", on=D("2025-03-07")
    ),
    Action.SUBMIT_REPLY: lambda w, a: services.application_submit_reply(
        actor=w.all_roles,
        application=a,
        outcome="granted",
        ground="36_2",
        submitted_on=D("2025-03-10"),
    ),
    Action.APPROVE_REPLY: lambda w, a: services.application_approve_reply(
        actor=w.all_roles, application=a, approved_on=D("2025-03-11")
    ),
    Action.RETURN_REPLY: lambda w, a: services.application_return_reply(
        actor=w.all_roles, application=a, reason="法律依据引用有误"
    ),
    Action.WITHDRAW: lambda w, a: services.application_withdraw(
        actor=w.all_roles, application=a, reason="申请人书面撤回"
    ),
    Action.RECORD_APPEAL: lambda w, a: (
        appeal_record(
            actor=w.all_roles,
            application=a,
            kind="review",
            filed_on=D("2025-03-20"),
            body="县人民政府",
        ).application
    ),
    Action.DECIDE_APPEAL: lambda w, a: (
        appeal_decide(
            actor=w.all_roles,
            appeal=Appeal.objects.create(
                unit=a.unit,
                application=a,
                kind="lit_direct",
                filed_on=D("2025-03-20"),
                body="县人民法院",
            ),
            decided_on=D("2025-06-20"),
            result="upheld",
        ).application
    ),
    Action.ATTACH: lambda w, a: services.application_attach(
        actor=w.all_roles,
        application=a,
        upload=SimpleUploadedFile("公开信息.pdf", b"%PDF-1.4\n", "application/pdf"),
    ),
    Action.RECORD_DELIVERY: lambda w, a: services.application_record_delivery(
        actor=w.all_roles,
        application=a,
        document="acknowledgement",
        method="in_person",
        delivered_on=D("2025-03-04"),
    ),
}


def test_every_action_but_register_has_a_driver_and_a_row_per_state() -> None:
    driven = set(Action) - {Action.REGISTER, Action.RECOMPUTE}
    assert set(ACTIONS) == set(BASIS) == set(ROLES) == driven
    assert set(PATHS) == set(State)
    assert sorted((s, a) for s, a, _ in ROWS) == sorted((s, a) for s in State for a in driven)


def _label(state: State, action: Action, after: State | None) -> str:
    outcome = "拒绝" if after is REFUSED else f"允许→{after.label}"
    return f"{BASIS[action]}：{state.label}时{action.label}，{outcome}"


@pytest.mark.parametrize(
    ("state", "action", "after"),
    [pytest.param(s, a, t, id=_label(s, a, t)) for s, a, t in ROWS],
)
def test_state_action(world: World, state: State, action: Action, after: State | None) -> None:
    application = world.register()
    PATHS[state](world, application)
    application.refresh_from_db()
    assert application.state == state
    events = Event.objects.filter(application=application).count()
    if after is not REFUSED:
        done = ACTIONS[action](world, application)
        assert done.state == after
        assert Event.objects.filter(application=application).count() == events + 1
        last = Event.objects.filter(application=application).last()
        assert last is not None and last.action == action and last.actor == world.all_roles
        assert last.state_before == state and last.state_after == after
    else:
        version = application.version
        with pytest.raises(ActionRefused) as refused:
            ACTIONS[action](world, application)
        assert refused.value.code is ErrorCode.WRONG_STATE
        assert BASIS[action] in refused.value.message
        application.refresh_from_db()
        assert (application.state, application.version) == (state, version)
        assert Event.objects.filter(application=application).count() == events


@pytest.mark.parametrize(
    ("action", "role"),
    [
        pytest.param(
            action,
            role,
            id=f"{BASIS[action]}：{role.label}{'可以' if role in ROLES[action] else '不能'}"
            f"{action.label}",
        )
        for action in ROLES
        for role in Role
    ],
)
def test_role_action(world: World, action: Action, role: Role) -> None:
    """Who may act: each role alone, in the application's own unit (上级监督 never acts)."""
    application = world.register()
    state = next(s for s, a, after in ROWS if a == action and after is not REFUSED)
    PATHS[state](world, application)
    application.refresh_from_db()
    Membership.objects.filter(user=world.all_roles).delete()
    Membership.objects.create(user=world.all_roles, unit=world.town_a, role=role)
    if role in ROLES[action]:
        ACTIONS[action](world, application)
    else:
        with pytest.raises(ActionRefused) as refused:
            ACTIONS[action](world, application)
        assert refused.value.code is ErrorCode.NOT_PERMITTED


def test_register_by_role_条例第二十九条(world: World) -> None:
    """条例第二十九条: 登记员 and 承办人 register; the others cannot."""
    for user, allowed in (
        (world.registrar, True),
        (world.handler, True),
        (world.approver, False),
        (world.admin, False),
        (world.supervisor, False),
    ):
        if allowed:
            assert world.register(actor=user).state == State.IN_PROGRESS
        else:
            with pytest.raises(ActionRefused) as refused:
                world.register(actor=user)
            assert refused.value.code is ErrorCode.NOT_PERMITTED


def test_allowed_actions_matches_the_rows() -> None:
    """What the pages offer someone holding every role is exactly the allowed rows."""
    roles = frozenset(Role)
    for state in State:
        offered = set(allowed_actions(state, roles))
        assert offered == {a for s, a, after in ROWS if s == state and after is not REFUSED}
    assert allowed_actions(State.IN_PROGRESS, frozenset({Role.SUPERVISOR})) == []
