"""Applying online and following up online, as named actions (条例 §§29–31).

- :func:`online_application_submit`: the applicant's side — the §29 contents with identity proof;
  returns the 查询码.
- :func:`online_application_confirm`: the agency's side (§31(3): an internet application is
  received on the day both sides confirm it) — registers the application through
  ``applications.services.application_register`` with channel 网络, the submission date as arrival
  date and the confirmation date as date of receipt, so the §33 clock starts from the latter.
- :func:`track`: the applicant finds their application by 查询码 and the end of their phone or ID
  number, whether they applied online or on paper (every registered application has a code).
- :func:`send_confirmation`: the applicant's copy of the 查询码 and the tracking link by e-mail
  (Django's e-mail backend) when an address was given; the address is masked in the log.
- :func:`follow_up_submit` / :func:`follow_up_confirm`: the applicant's 补正 (§30) or withdrawal
  sent online, taking effect through ``application_receive_correction`` / ``application_withdraw``
  when staff confirm receipt, with the applicant's text in the audit trail.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from gongkai import law
from gongkai_platform.accounts.models import Unit
from gongkai_platform.applications import services as applications
from gongkai_platform.applications.masking import mask_email
from gongkai_platform.applications.models import Application, Channel
from gongkai_platform.applications.services import QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH
from gongkai_platform.applications.states import State
from gongkai_platform.applications.uploads import check_upload
from gongkai_platform.core.audit import record
from gongkai_platform.core.errors import ActionRefused, ErrorCode
from gongkai_platform.portal.guard import limits
from gongkai_platform.portal.models import (
    FollowUp,
    FollowUpKind,
    OnlineApplication,
    Submission,
    SubmissionEvent,
)

TRACKING_SUFFIX = (
    4  # the applicant proves the code is theirs with the last 4 characters of phone or ID
)


@dataclass(frozen=True)
class Applicant:
    """条例 §29(1)–(3): who applies, how to reach them, what they want and in which form."""

    applicant_type: str
    applicant_name: str
    id_number: str
    phone: str
    description: str
    medium: str
    delivery: str
    address: str = ""
    email: str = ""


def _new_query_code() -> str:
    while True:
        code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))
        taken = OnlineApplication.objects.filter(query_code=code).exists()
        if not taken and not Application.objects.filter(query_code=code).exists():
            return code


def online_application_submit(
    *, unit: Unit, applicant: Applicant, identity_proof: UploadedFile, client_key: str
) -> OnlineApplication:
    now = timezone.now()
    rules = limits()
    recent = OnlineApplication.objects.filter(submitted_at__gte=now - timedelta(hours=1))
    if recent.filter(client_key=client_key).count() >= rules.applications_per_client_hour:
        raise ActionRefused(ErrorCode.INVALID, "提交过于频繁，请一小时后再试")
    same_person = OnlineApplication.objects.filter(
        id_number=applicant.id_number.strip(), submitted_at__gte=now - timedelta(days=1)
    )
    if same_person.count() >= rules.applications_per_identity_day:
        raise ActionRefused(
            ErrorCode.INVALID,
            "同一申请人一天内网上提交的申请已达上限，请次日再提交或到受理窗口提交",
        )
    if not applicant.description.strip():
        raise ActionRefused(
            ErrorCode.INVALID,
            f"应写明所需政府信息的名称、文号或者便于查询的其他特征性描述（{law.ART_29.short()}）",
        )
    check_upload(identity_proof)
    online = OnlineApplication(
        unit=unit,
        query_code=_new_query_code(),
        applicant_type=applicant.applicant_type,
        applicant_name=applicant.applicant_name.strip(),
        id_number=applicant.id_number.strip(),
        phone=applicant.phone.strip(),
        address=applicant.address.strip(),
        email=applicant.email.strip(),
        description=applicant.description.strip(),
        medium=applicant.medium,
        delivery=applicant.delivery,
        client_key=client_key,
    )
    online.identity_proof = identity_proof
    with transaction.atomic():
        online.save()
        _submission_event(online, "online_submitted", after={"state": online.state})
    return online


def _submission_event(
    online: OnlineApplication,
    action: str,
    *,
    actor: User | None = None,
    before: dict[str, str] | None = None,
    after: dict[str, str] | None = None,
) -> None:
    """One event of what the public (``actor`` None) or staff did with an online submission,
    naming it by id and 查询码 only (no personal data in the trail)."""
    record(
        SubmissionEvent,
        actor=actor,
        action=action,
        before=before,
        after={"online": online.pk, "query_code": online.query_code, **(after or {})},
        unit_id=online.unit_id,
    )


logger = logging.getLogger(__name__)


def send_confirmation(online: OnlineApplication, tracking_url: str) -> bool:
    """E-mail the 查询码 and the tracking link to the applicant, if they gave an address.  A mail
    that cannot be sent leaves the submission standing (the page showed the 查询码); whether it
    went is logged with the address masked, never the 查询码."""
    if not online.email:
        return False
    submitted = timezone.localtime(online.submitted_at).strftime("%Y-%m-%d %H:%M")
    text = "\n".join(
        (
            f"{online.applicant_name}：",
            "",
            f"您于{submitted}通过网上平台向{online.unit.name}提交的政府信息公开申请已收到。",
            f"查询码：{online.query_code}",
            f"查询办理进度：{tracking_url}",
            f"查询时请输入查询码和联系电话（或证件号码）后{TRACKING_SUFFIX}位。",
            "",
            f"依据{law.ART_31.cite()}，通过互联网提交的申请，以双方确认之日为收到申请之日；"
            "受理机构确认收到后，查询页面将显示收到申请日期和答复期限。",
            "",
            "本邮件由系统自动发送，请勿直接回复。如非本人申请，请忽略本邮件。",
        )
    )
    subject = f"政府信息公开申请已提交（{online.unit.name}）"
    try:
        sent = send_mail(subject, text, None, [online.email]) == 1
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("查询码确认邮件发送失败：%s（%s）", mask_email(online.email), error)
        return False
    logger.info("已发送查询码确认邮件：%s", mask_email(online.email))
    return sent


def online_application_confirm(
    *, actor: User, online: OnlineApplication | int, confirmed_on: date | None = None
) -> Application:
    """The agency confirms receipt: the application is registered, received on ``confirmed_on``."""
    pk = online if isinstance(online, int) else online.pk
    with transaction.atomic():
        locked = OnlineApplication.objects.select_for_update().select_related("unit").get(pk=pk)
        if locked.state != Submission.PENDING:
            raise ActionRefused(
                ErrorCode.WRONG_STATE,
                f"该网上申请状态为“{locked.get_state_display()}”，不能再确认收到",
            )
        proof = None
        if locked.identity_proof:
            with locked.identity_proof.open("rb") as handle:
                proof = SimpleUploadedFile(
                    locked.identity_proof.name.rsplit("/", 1)[-1], handle.read()
                )
        application = applications.application_register(
            actor=actor,
            unit=locked.unit,
            channel=Channel.ONLINE,
            arrived_on=timezone.localdate(locked.submitted_at),
            confirmed_on=confirmed_on or timezone.localdate(),
            applicant_type=locked.applicant_type,
            applicant_name=locked.applicant_name,
            id_number=locked.id_number,
            phone=locked.phone,
            address=locked.address,
            email=locked.email,
            description=locked.description,
            form_wanted=locked.form_wanted,
            identity_proof=proof,
            query_code=locked.query_code,  # the code the applicant already holds
        )
        before = {"state": locked.state}
        locked.application = application
        locked.state = Submission.REGISTERED
        locked.confirmed_by = actor
        locked.save(update_fields=["application", "state", "confirmed_by"])
        _submission_event(
            locked, "online_confirmed", actor=actor, before=before, after={"state": locked.state}
        )
    return application


def track(query_code: str, suffix: str) -> OnlineApplication | Application | None:
    """What the 查询码 tracks, if ``suffix`` is the end of its phone or ID: the online submission
    (registered or not), or an application registered from paper, a letter, a fax or in person,
    which has no online submission but the same kind of code (条例 §29 applies to every channel)."""
    code = query_code.strip().upper()
    tail = suffix.strip().upper()
    if len(tail) != TRACKING_SUFFIX or not code:
        return None
    found: OnlineApplication | Application | None = (
        OnlineApplication.objects.select_related("application", "unit")
        .filter(query_code=code)
        .first()
    )
    if found is None:
        found = (
            Application.objects.select_related("unit")
            .filter(query_code=code, online__isnull=True)
            .first()
        )
    if found is None:
        return None
    phone_ok = hmac.compare_digest(found.phone[-TRACKING_SUFFIX:].upper(), tail)
    id_ok = hmac.compare_digest(found.id_number[-TRACKING_SUFFIX:].upper(), tail)
    return found if phone_ok or id_ok else None


def pending(online: OnlineApplication, kind: FollowUpKind) -> FollowUp | None:
    return online.follow_ups.filter(kind=kind, confirmed_at__isnull=True).first()


def follow_up_submit(
    *, online: OnlineApplication, kind: FollowUpKind, text: str, client_key: str
) -> FollowUp:
    """The applicant sends a 补正 (only while one is asked for, 条例 §30) or withdraws."""
    recent = FollowUp.objects.filter(
        client_key=client_key, submitted_at__gte=timezone.now() - timedelta(hours=1)
    )
    if recent.count() >= limits().follow_ups_per_client_hour:
        raise ActionRefused(ErrorCode.INVALID, "提交过于频繁，请一小时后再试")
    if not text.strip():
        raise ActionRefused(ErrorCode.INVALID, "请填写内容")
    application = online.application
    if kind == FollowUpKind.CORRECTION and (
        application is None or application.state != State.AWAITING_CORRECTION
    ):
        raise ActionRefused(ErrorCode.WRONG_STATE, "该申请目前不需要补正")
    if kind == FollowUpKind.WITHDRAWAL and (
        online.state == Submission.WITHDRAWN
        or (application is not None and not application.is_open)
    ):
        raise ActionRefused(ErrorCode.WRONG_STATE, "该申请已办结或已撤回，无法撤回")
    if pending(online, kind) is not None:
        raise ActionRefused(ErrorCode.INVALID, "已提交，等待工作人员确认收到")
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            online=online, kind=kind, text=text.strip(), client_key=client_key
        )
        _submission_event(online, "follow_up_submitted", after={"kind": kind})
        if application is None and kind == FollowUpKind.WITHDRAWAL:
            # Withdrawn before the agency confirmed receipt: nothing was registered, nothing will be.
            before = {"state": online.state}
            online.state = Submission.WITHDRAWN
            online.save(update_fields=["state"])
            follow_up.confirmed_at = timezone.now()
            follow_up.save(update_fields=["confirmed_at"])
            _submission_event(
                online, "online_withdrawn", before=before, after={"state": online.state}
            )
    return follow_up


def follow_up_confirm(
    *, actor: User, follow_up: FollowUp | int, on: date | None = None
) -> Application:
    """Staff confirm receipt of the applicant's online 补正 or withdrawal; it takes effect."""
    pk = follow_up if isinstance(follow_up, int) else follow_up.pk
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().select_related("online").get(pk=pk)
        if locked.confirmed_at is not None:
            raise ActionRefused(ErrorCode.WRONG_STATE, "已经确认收到")
        application = locked.online.application_id
        assert application is not None  # follow_up_submit settles the unregistered case itself
        if locked.kind == FollowUpKind.CORRECTION:
            result = applications.application_receive_correction(
                actor=actor, application=application, received_on=on,
                reason=f"申请人网上补正：{locked.text}",
            )  # fmt: skip
        else:
            result = applications.application_withdraw(
                actor=actor, application=application, on=on,
                reason=f"申请人通过网上平台撤回申请：{locked.text}",
            )  # fmt: skip
        locked.confirmed_at = timezone.now()
        locked.confirmed_by = actor
        locked.save(update_fields=["confirmed_at", "confirmed_by"])
        _submission_event(
            locked.online, "follow_up_confirmed", actor=actor, after={"kind": locked.kind}
        )
    return result
