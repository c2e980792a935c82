"""Reads of applications, always scoped to the units the user may read (accounts.scoping).

A record outside the user's scope does not exist for them: :func:`application_get` raises
``Application.DoesNotExist``, which pages turn into 404, so ids of other units leak nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai import law, workdays
from gongkai_platform.accounts.scoping import AnyUser, acting_units, readable_units
from gongkai_platform.applications import clock
from gongkai_platform.applications.models import Application, Event, Pause, PauseKind
from gongkai_platform.applications.services import APPLICATIONS
from gongkai_platform.applications.states import OPEN_STATES, TRANSITIONS, Action, State
from gongkai_platform.holiday_calendar import selectors as holidays

APPROVAL_ROLES = TRANSITIONS[Action.APPROVE_REPLY].roles

# A due date within this many working days is flagged amber on the handler's pages.
DUE_SOON_WORKING_DAYS = 3


def application_list(user: AnyUser) -> QuerySet[Application]:
    # The unit ids as a list: a literal IN lets the planner walk the due-date indexes.
    units = list(readable_units(user).values_list("pk", flat=True))
    return Application.objects.filter(unit_id__in=units).select_related("unit", "handler")


def application_get(user: AnyUser, pk: int) -> Application:
    return application_list(user).get(pk=pk)


def open_applications(user: AnyUser) -> QuerySet[Application]:
    # "not closed" rather than "in OPEN_STATES": the form the partial indexes are declared in.
    return application_list(user).exclude(state=State.CLOSED).order_by("due_on", "received_on")


def soon_limit(today: date | None = None) -> date:
    """The last date counted as "due soon" (amber) from ``today``."""
    start = timezone.localdate() if today is None else today
    return workdays.add_working_days(start, DUE_SOON_WORKING_DAYS, calendar=holidays.calendar()).due


def flag(application: Application, today: date, soon: date) -> str:
    """``overdue`` (red), ``soon`` (amber) or ``""``."""
    if not application.is_open or application.due_on is None:
        return ""
    if application.due_on < today:
        return "overdue"
    if application.due_on <= soon:
        return "soon"
    return ""


@dataclass(frozen=True)
class DeadlineView:
    title: str
    due: date
    provisional: bool
    explanation: str

    @property
    def overdue(self) -> bool:
        """Passed without the step it waits for (a lapsed 补正 window too): marked 已逾期."""
        return self.due < timezone.localdate()


def deadlines(application: Application) -> list[DeadlineView]:
    """Every deadline worth showing on the case page, each with the clock's explanation: while
    consultations run (§32, §34), each one's own 15 working days, then the reply deadline as it
    would stand if they all ended today."""
    pauses = list(application.pauses.all())
    shown: list[DeadlineView] = []
    consulting = clock.open_consultations(pauses) if application.is_open else []
    due = clock.current_due(application, pauses)
    if due is not None and not consulting:
        shown.append(DeadlineView(str(due.kind.label), due.due, due.provisional, due.explanation))
    for pause in consulting:
        own = clock.consultation_deadline(pause)
        title = f"{clock.consultation_kind(pause).label}：{pause.party}"
        shown.append(DeadlineView(title, own.due, own.provisional, own.explain()))
    if application.is_open and application.correction_sent_on is None:
        notice = clock.correction_notice_deadline(application)
        shown.append(
            DeadlineView(
                f"补正告知期限（{law.ART_30.short()}）",
                notice.due,
                notice.provisional,
                notice.explain(),
            )
        )
    if application.state in (State.THIRD_PARTY, State.AGENCY, State.AWAITING_FEE):
        today = timezone.localdate()
        reply = clock.reply_due(application, clock.pauses_until(pauses, today))
        shown.append(
            DeadlineView(
                "答复期限（计算暂停中：假设暂停于今日结束，之后每暂停一个工作日顺延一日）",
                reply.due,
                reply.provisional,
                reply.explanation,
            )
        )
    return shown


def consultations(application: Application) -> list[tuple[Pause, workdays.Deadline | None]]:
    """The case's paused intervals, each consultation with its own 15-working-day deadline
    (§32, §34); the fee interval has none here."""
    return [
        (p, None if p.kind == PauseKind.FEE else clock.consultation_deadline(p))
        for p in application.pauses.all()
    ]


# The actions taken on one consultation among several (§32, §34): the timeline names it.
CONSULTATION_STEPS = frozenset(
    {
        Action.START_THIRD_PARTY, Action.END_THIRD_PARTY, Action.START_AGENCY, Action.END_AGENCY,
        Action.RECEIVE_CONSULTATION, Action.NOTIFY_THIRD_PARTY,
    }
)  # fmt: skip


def timeline(application: Application) -> list[tuple[Event, str]]:
    """The case's events, oldest first, each consultation step with the party it concerned (the
    consultations whose record the event changed; events record each one by its id)."""
    shown = []
    for event in application.events.select_related("actor"):
        parties = ""
        if event.action in CONSULTATION_STEPS:
            before = {row[0]: row for row in (event.before or {}).get("pauses", [])}
            parties = "、".join(
                row[4]
                for row in (event.after or {}).get("pauses", [])
                if isinstance(row[0], int) and before.get(row[0]) != row
            )
        shown.append((event, parties))
    return shown


def actions_for(user: AnyUser, application: Application) -> list[Action]:
    """The actions the case page offers ``user``: those the service's own check would allow
    (``services.APPLICATIONS.allowed``: roles, state, separation of duties)."""
    return [Action(a) for a in APPLICATIONS.allowed(user, application)]


def awaiting_my_approval(user: AnyUser) -> QuerySet[Application]:
    """What waits for ``user`` as 审核人, most urgent first: replies submitted for approval (条例
    §36) and the handlers' requests for an extension (§33 para. 2), in the units where they are
    审核人."""
    units = list(acting_units(user, APPROVAL_ROLES).values_list("pk", flat=True))
    waiting = Q(state=State.AWAITING_APPROVAL) | Q(
        state__in=OPEN_STATES, extension_requested_days__isnull=False
    )
    return (
        Application.objects.filter(waiting, unit_id__in=units)
        .select_related("unit", "handler")
        .order_by("due_on", "received_on")
    )


# The steps an applicant is told of (条例 §30 补正, §33 para. 2 extension, §42 fee, §36 reply):
# what the tracking page lists, without the office's internal steps (assignment, approval drafts).
PUBLIC_STEPS = (
    Action.REGISTER,
    Action.REQUEST_CORRECTION,
    Action.RECEIVE_CORRECTION,
    Action.CLOSE_OVERDUE_CORRECTION,
    Action.START_THIRD_PARTY,
    Action.END_THIRD_PARTY,
    Action.START_AGENCY,
    Action.END_AGENCY,
    Action.EXTEND,
    Action.SET_LATER_DEADLINE,
    Action.ISSUE_FEE_NOTICE,
    Action.RECORD_FEE_PAYMENT,
    Action.CLOSE_OVERDUE_FEE,
    Action.APPROVE_REPLY,
    Action.WITHDRAW,
)


@dataclass(frozen=True)
class PublicStep:
    on: date
    label: str


def public_steps(application: Application) -> list[PublicStep]:
    """The steps of ``application`` its applicant may see, oldest first."""
    events = application.events.filter(action__in=PUBLIC_STEPS).order_by("id")
    return [
        PublicStep(timezone.localdate(event.at), event.get_action_display()) for event in events
    ]


def tracked_application(pk: int) -> Application | None:
    return Application.objects.select_related("unit").filter(pk=pk).first()
