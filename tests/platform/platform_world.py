"""The world of the platform tests: a county with two townships, one user per role, and a helper
that registers an application through the service (so every test starts from a real record)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User

from gongkai_platform.accounts.models import Membership, Role, Unit, UnitKind
from gongkai_platform.applications import services
from gongkai_platform.applications.models import Application, Channel
from gongkai_platform.applications.outcomes import (
    EXCESSIVE,
    REASONS_REQUIRED,
    UNCLEAR_AFTER_CORRECTION,
    Ground,
)

RECEIVED = date(2025, 3, 3)
# The §36 ground a reply of these rows must choose (the tests' default: provided; does not exist).
DEFAULT_GROUND = {
    "granted": Ground.PROVIDED,
    "unable.not_held": Ground.NOT_EXIST,
}  # a Monday in a month without holidays


@dataclass
class World:
    county: Unit
    town_a: Unit
    town_b: Unit
    registrar: User
    handler: User
    approver: User
    admin: User
    supervisor: User  # 上级监督 over the county's subtree
    all_roles: User  # registrar + handler + approver in town A, for state-machine walks
    other_handler: User  # handler in town B

    def register(self, unit: Unit | None = None, **overrides: Any) -> Application:
        fields: dict[str, Any] = {
            "actor": self.registrar,
            "unit": unit or self.town_a,
            "channel": Channel.IN_PERSON,
            "arrived_on": RECEIVED,
            "applicant_type": "natural_person",
            "applicant_name": "张三",
            "id_number": "110101199003071234",
            "phone": "13800138000",
            "description": "2024年本镇农村危房改造补助名单",
            "handler": self.handler,
        }
        fields.update(overrides)
        return services.application_register(**fields)

    def close(
        self, application: Application, outcome: str, on: date | None = None, **reply: Any
    ) -> Application:
        """Reply and close in the two steps of 条例 §36 on the platform: the handler submits the
        reply, the 审核人 approves it the same day."""
        # What the reply must say (条例 §36, §37), filled in unless the test says it.
        reply.setdefault("ground", DEFAULT_GROUND.get(outcome, ""))
        if outcome in REASONS_REQUIRED:
            reply.setdefault("reason", "涉及第三方个人信息，依法不予公开")
        if outcome == EXCESSIVE and application.reasons_asked_on is None:
            # §35: declining an excessive request needs the applicant asked for reasons first.
            application = services.application_ask_reasons(
                actor=self.handler, application=application, reason="请说明申请用途",
                asked_on=application.received_on + timedelta(days=1),
            )  # fmt: skip
        if outcome == UNCLEAR_AFTER_CORRECTION and application.correction_received_on is None:
            # §30: "still unclear after 补正" needs the 补正 asked for and received first.
            day = application.received_on
            services.application_request_correction(
                actor=self.handler, application=application, items="请明确所需信息",
                reply_by=day + timedelta(days=10), sent_on=day + timedelta(days=1),
            )  # fmt: skip
            application = services.application_receive_correction(
                actor=self.registrar, application=application, received_on=day + timedelta(days=2)
            )
        services.application_submit_reply(
            actor=self.handler, application=application, outcome=outcome, submitted_on=on, **reply
        )
        return services.application_approve_reply(
            actor=self.approver, application=application, approved_on=on
        )


def _user(name: str, *memberships: tuple[Unit, Role]) -> User:
    user = User.objects.create_user(name, password="pw-" + name)
    for unit, role in memberships:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def make_world() -> World:
    county = Unit.objects.create(
        name="示例县人民政府",
        kind=UnitKind.COUNTY,
        ogi_office="县政府办公室",
        index_prefix="000000019",
    )
    town_a = Unit.objects.create(
        name="甲镇人民政府",
        kind=UnitKind.TOWNSHIP,
        parent=county,
        ogi_office="甲镇党政办",
        index_prefix="000000027",
    )
    town_b = Unit.objects.create(
        name="乙镇人民政府",
        kind=UnitKind.TOWNSHIP,
        parent=county,
        ogi_office="乙镇党政办",
        index_prefix="000000035",
    )
    return World(
        county=county,
        town_a=town_a,
        town_b=town_b,
        registrar=_user("registrar", (town_a, Role.REGISTRAR)),
        handler=_user("handler", (town_a, Role.HANDLER)),
        approver=_user("approver", (town_a, Role.APPROVER)),
        admin=_user("admin", (town_a, Role.ADMIN)),
        supervisor=_user("supervisor", (county, Role.SUPERVISOR)),
        all_roles=_user(
            "all", (town_a, Role.REGISTRAR), (town_a, Role.HANDLER), (town_a, Role.APPROVER)
        ),
        other_handler=_user("other", (town_b, Role.HANDLER), (town_b, Role.REGISTRAR)),
    )
