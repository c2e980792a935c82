"""The application state machine, table-driven: every state × action, allowed or refused.

The table is ``states.TRANSITIONS``; each case drives the real service with valid input, so an
allowed pair must succeed and a refused pair must fail with ``wrong_state`` and change nothing.
The legal rule of each action is part of the test id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from platform_world import World

from gongkai_platform.accounts.models import Role
from gongkai_platform.appeals.models import Appeal
from gongkai_platform.appeals.services import appeal_decide, appeal_record
from gongkai_platform.applications import services
from gongkai_platform.applications.models import Application, Event
from gongkai_platform.applications.states import TRANSITIONS, Action, State, allowed_actions
from gongkai_platform.core.errors import ActionRefused, ErrorCode

D = date.fromisoformat

# How to reach each state from a fresh application (all dates in March 2025, long past).
PATHS: dict[State, Callable[[World, Application], object]] = {
    State.IN_PROGRESS: lambda w, a: None,
    State.AWAITING_CORRECTION: lambda w, a: services.application_request_correction(
        actor=w.all_roles,
        application=a,
        items="写明年份",
        reply_by=D("2025-03-20"),
        sent_on=D("2025-03-05"),
    ),
    State.THIRD_PARTY: lambda w, a: services.application_consult_third_party(
        actor=w.all_roles, application=a, party="某公司", started_on=D("2025-03-06")
    ),
    State.AGENCY: lambda w, a: services.application_consult_agency(
        actor=w.all_roles, application=a, party="县自然资源局", started_on=D("2025-03-06")
    ),
    State.AWAITING_FEE: lambda w, a: services.application_issue_fee_notice(
        actor=w.all_roles, application=a, method="per_page", units=50, sent_on=D("2025-03-06")
    ),
    State.AWAITING_APPROVAL: lambda w, a: services.application_submit_reply(
        actor=w.all_roles, application=a, outcome="granted", submitted_on=D("2025-03-10")
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
    Action.START_THIRD_PARTY: PATHS[State.THIRD_PARTY],  # type: ignore[dict-item]
    Action.END_THIRD_PARTY: lambda w, a: services.application_end_third_party(
        actor=w.all_roles, application=a, ended_on=D("2025-03-12")
    ),
    Action.START_AGENCY: PATHS[State.AGENCY],  # type: ignore[dict-item]
    Action.END_AGENCY: lambda w, a: services.application_end_agency(
        actor=w.all_roles, application=a, ended_on=D("2025-03-12")
    ),
    Action.ISSUE_FEE_NOTICE: PATHS[State.AWAITING_FEE],  # type: ignore[dict-item]
    Action.RECORD_FEE_PAYMENT: lambda w, a: services.application_record_fee_payment(
        actor=w.all_roles, application=a, paid_on=D("2025-03-12")
    ),
    Action.CLOSE_OVERDUE_FEE: lambda w, a: services.application_close_overdue_fee(
        actor=w.all_roles, application=a
    ),
    Action.EXTEND: lambda w, a: services.application_extend(
        actor=w.all_roles, application=a, days=10, reason="需要调取档案", on=D("2025-03-07")
    ),
    Action.SUBMIT_REPLY: PATHS[State.AWAITING_APPROVAL],  # type: ignore[dict-item]
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
                application=a, kind="lit_direct", filed_on=D("2025-03-20"), body="县人民法院"
            ),
            decided_on=D("2025-06-20"),
            result="upheld",
        ).application
    ),
}


def test_every_action_but_register_has_a_driver() -> None:
    assert set(ACTIONS) == set(Action) - {Action.REGISTER, Action.RECOMPUTE}
    assert set(PATHS) == set(State)


CASES = [
    pytest.param(
        state,
        action,
        id=f"{TRANSITIONS[action].basis}-{action.value}-from-{state.value}-"
        + ("allowed" if state in TRANSITIONS[action].sources else "refused"),
    )
    for state in State
    for action in ACTIONS
]


@pytest.mark.parametrize(("state", "action"), CASES)
def test_state_action(world: World, state: State, action: Action) -> None:
    application = world.register()
    PATHS[state](world, application)
    application.refresh_from_db()
    assert application.state == state
    events = Event.objects.filter(application=application).count()
    transition = TRANSITIONS[action]
    if state in transition.sources:
        done = ACTIONS[action](world, application)
        assert done.state == (transition.target or state)
        assert Event.objects.filter(application=application).count() == events + 1
        last = Event.objects.filter(application=application).last()
        assert last is not None and last.action == action and last.actor == world.all_roles
        assert last.state_before == state and last.state_after == done.state
    else:
        version = application.version
        with pytest.raises(ActionRefused) as refused:
            ACTIONS[action](world, application)
        assert refused.value.code is ErrorCode.WRONG_STATE
        assert transition.basis in refused.value.message
        application.refresh_from_db()
        assert (application.state, application.version) == (state, version)
        assert Event.objects.filter(application=application).count() == events


ROLE_CASES = [
    pytest.param(
        action,
        role,
        id=f"{TRANSITIONS[action].basis}-{action.value}-by-{role.value}-"
        + ("allowed" if role in TRANSITIONS[action].roles else "refused"),
    )
    for action in ACTIONS
    for role in Role
]


@pytest.mark.parametrize(("action", "role"), ROLE_CASES)
def test_role_action(world: World, action: Action, role: Role) -> None:
    """Who may act: each role alone, in the application's own unit (上级监督 never acts)."""
    from gongkai_platform.accounts.models import Membership

    application = world.register()
    state = next(s for s in PATHS if s in TRANSITIONS[action].sources)
    PATHS[state](world, application)
    application.refresh_from_db()
    Membership.objects.filter(user=world.all_roles).delete()
    Membership.objects.create(user=world.all_roles, unit=world.town_a, role=role)
    if role in TRANSITIONS[action].roles:
        ACTIONS[action](world, application)
    else:
        with pytest.raises(ActionRefused) as refused:
            ACTIONS[action](world, application)
        assert refused.value.code is ErrorCode.NOT_PERMITTED


def test_register_by_role(world: World) -> None:
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


def test_allowed_actions_matches_table() -> None:
    roles = frozenset(Role)
    for state in State:
        offered = set(allowed_actions(state, roles))
        assert offered == {a for a, t in TRANSITIONS.items() if state in t.sources}
    assert allowed_actions(State.IN_PROGRESS, frozenset({Role.SUPERVISOR})) == []
