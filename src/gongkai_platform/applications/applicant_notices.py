"""The applicant told of each step that concerns them, by every channel of ``GONGKAI_NOTIFIERS``
(e-mail, SMS) to the contact details of the application.

The steps: a 补正 notice with its deadline (条例 §30), an extension of the reply period (§33
para. 2), a later deadline the agency set (§35), a fee notice with the amount and the last day to pay (§42, 国办函〔2020〕109号), and the
reply issued (§36).  These are courtesy messages: the written notice the 条例 requires is still
delivered as before (the tracking page shows it), and a message that cannot be sent changes
nothing in the case.  Sent after the action's transaction commits (:func:`after_action`), by the
task worker (:func:`tell_applicant`), in the words of the moment the action committed; whether it went is logged with the address masked.
"""

from __future__ import annotations

import logging
import smtplib

from django.db import transaction
from django_tasks import task

from gongkai import law
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.notify import Recipient, notifiers
from gongkai_platform.applications.states import Action

logger = logging.getLogger(__name__)

NOTIFIED = frozenset(
    {
        Action.REQUEST_CORRECTION, Action.EXTEND, Action.SET_LATER_DEADLINE,
        Action.ISSUE_FEE_NOTICE, Action.APPROVE_REPLY,
    }
)  # fmt: skip
TRACKING = "可凭查询码 {code} 和联系电话（或证件号码）后4位，在政府信息公开网站“申请查询”页面查看办理进度和书面告知。"


def message(app: Application, action: str) -> tuple[str, str]:
    """The subject and text telling the applicant of ``action`` on ``app``."""
    unit = app.unit.name
    opening = (
        f"{app.applicant_name}：您于{app.received_on:%Y年%m月%d日}向{unit}提出的政府信息公开申请"
        f"（编号 {app.number}）"
    )
    match action:
        case Action.REQUEST_CORRECTION:
            subject = "政府信息公开申请需要补正"
            body = (
                f"{opening}需要补正。需要补正的事项：{app.correction_items}。"
                f"请于{app.correction_reply_by:%Y年%m月%d日}前补正（{law.ART_30.cite()}）；"
                "无正当理由逾期不补正的，视为放弃申请。"
            )
        case Action.EXTEND:
            subject = "政府信息公开申请答复期限延长"
            body = (
                f"{opening}经批准延长答复期限{app.extension_days}个工作日，"
                f"延长后的答复期限为{app.due_on:%Y年%m月%d日}"
                f"（{law.ART_33_2.cite()}）。"
            )
        case Action.SET_LATER_DEADLINE:
            subject = "政府信息公开申请延迟答复"
            body = (
                f"{opening}，本机关经要求您说明理由，确定延迟答复，答复期限为"
                f"{app.later_due_on:%Y年%m月%d日}（{law.ART_35.cite()}）。"
            )
        case Action.ISSUE_FEE_NOTICE:
            subject = "政府信息公开申请收费通知"
            body = (
                f"{opening}需缴纳信息处理费{app.fee_amount}元（{app.get_fee_method_display()}，"
                f"{law.FEES_109_WHOLE.short()}）。"
                f"请于{app.due_on:%Y年%m月%d日}前缴纳；逾期未缴纳的，视为放弃申请。"
            )
        case Action.APPROVE_REPLY:
            subject = "政府信息公开申请已答复"
            body = f"{opening}已办结，办理结果：{app.get_outcome_display()}。答复书已出具。"
        case _:
            raise ValueError(f"不通知申请人的操作：{action}")
    text = f"{body}\n{TRACKING.format(code=app.query_code)}\n{unit}"
    return f"{subject}（{unit}）", text


@task()
def tell_applicant(application_id: int, subject: str, text: str) -> int:
    """Send the message by every channel; returns how many channels reached the applicant."""
    app = Application.objects.get(pk=application_id)
    recipient = Recipient(app.applicant_name, email=app.email, phone=app.phone)
    reached = 0
    for channel in notifiers():
        try:
            reached += channel.notify(recipient, subject, text)
        except (OSError, smtplib.SMTPException, NotImplementedError) as error:
            logger.warning(
                "通知申请人失败（%s，%s）：%s", app.number, type(channel).__name__, error
            )
    return reached


def _enqueue(app: Application, action: str) -> None:
    # The message says what the case was right after the action (its due date then), whenever
    # the worker sends it: ``app`` is the runner's own copy, finished by the action and by
    # nothing after it.  Read again from the database at commit, a later action of the same
    # transaction (a fee notice, then closing for the fee unpaid) would have changed what it
    # says, or emptied a field it needs.
    subject, text = message(app, action)
    tell_applicant.enqueue(app.pk, subject, text)


def after_action(app: Application, action: str) -> None:
    """Tell the applicant of ``action`` once its transaction has committed."""
    if action in NOTIFIED:
        transaction.on_commit(lambda: _enqueue(app, str(action)))
