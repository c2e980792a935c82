"""What a reply must say before it goes to approval (issue 12, legal review items 2 and 8), and
the returned draft flagged for the handler."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from platform_world import World

from gongkai_platform.applications import services
from gongkai_platform.applications.models import Event
from gongkai_platform.applications.states import State
from gongkai_platform.core.errors import ActionRefused, ErrorCode

D = date.fromisoformat


def refused(match: str) -> pytest.RaisesExc[ActionRefused]:
    return pytest.raises(ActionRefused, match=match, check=lambda e: e.code is ErrorCode.INVALID)


def test_unclear_after_correction_only_with_a_correction_on_record_条例第三十条(
    world: World,
) -> None:
    app = world.register()
    with refused("收到补正后"):
        services.application_submit_reply(
            actor=world.handler, application=app, outcome="unable.unclear_after_correction"
        )
    services.application_request_correction(
        actor=world.handler, application=app, items="请写明年度", reply_by=D("2025-03-14"),
        sent_on=D("2025-03-04"),
    )  # fmt: skip
    services.application_receive_correction(
        actor=world.registrar, application=app, received_on=D("2025-03-06")
    )
    app = services.application_submit_reply(
        actor=world.handler, application=app, outcome="unable.unclear_after_correction",
        submitted_on=D("2025-03-20"),
    )  # fmt: skip
    assert app.state == State.AWAITING_APPROVAL and "第三十条" in app.reply_basis


@pytest.mark.parametrize(
    ("outcome", "article"),
    [("withheld.state_secret", "第三十六条第（三）项"), ("partially_granted", "第三十七条")],
)
def test_refusal_reasons_are_required_at_submit_条例第三十六条第三项_第三十七条(
    world: World, outcome: str, article: str
) -> None:
    with refused(article):
        services.application_submit_reply(
            actor=world.handler, application=world.register(), outcome=outcome, reason=""
        )


@pytest.mark.parametrize(
    ("outcome", "grounds"),
    [("granted", ("36_1", "36_2")), ("unable.not_held", ("36_4", "36_5"))],
)
def test_the_article_36_ground_is_chosen_explicitly_条例第三十六条(
    world: World, outcome: str, grounds: tuple[str, str]
) -> None:
    with refused("应选择答复情形"):
        services.application_submit_reply(
            actor=world.handler, application=world.register(), outcome=outcome
        )
    first = services.application_submit_reply(
        actor=world.handler, application=world.register(), outcome=outcome, ground=grounds[0],
        reason="已在本镇政府网站“政府信息公开”专栏公开",  # (一) must say where to get it
    )  # fmt: skip
    assert first.ground == grounds[0]
    item = grounds[0][-1]
    assert f"第三十六条第（{'一' if item == '1' else '四'}）项" in first.reply_basis
    with refused("不区分答复情形"):
        services.application_submit_reply(
            actor=world.handler, application=world.register(), outcome="withheld.state_secret",
            ground=grounds[0], reason="属于国家秘密",
        )  # fmt: skip


def test_a_returned_reply_is_flagged_on_the_handlers_list_条例第三十六条(
    client: Client, world: World
) -> None:
    app = world.register()
    services.application_submit_reply(
        actor=world.handler, application=app, outcome="not_processed.duplicate"
    )
    services.application_return_reply(actor=world.approver, application=app, reason="请核实")
    assert client.login(username="handler", password="pw-handler")
    assert "答复被退回" in client.get(reverse("home")).content.decode()
    app = services.application_submit_reply(
        actor=world.handler, application=app, outcome="not_processed.duplicate"
    )
    assert app.reply_returned is False
    assert "答复被退回" not in client.get(reverse("home")).content.decode()
    returned = Event.objects.filter(application=app, action="return_reply").get()
    assert returned.after.get("reply_returned") is True  # the flag is in the audit trail


def test_special_needs_are_recorded_and_shown_to_staff_条例第四十三条(
    client: Client, world: World
) -> None:
    app = world.register(special_needs=" 视力障碍：请电话告知并提供大字版 ")
    assert app.special_needs == "视力障碍：请电话告知并提供大字版"
    assert client.login(username="handler", password="pw-handler")
    page = client.get(reverse("application", args=[app.pk])).content.decode()
    assert "必要帮助（条例第四十三条）" in page and "请电话告知并提供大字版" in page
    intake = client.get(reverse("intake")).content.decode()
    assert 'name="special_needs"' in intake


def test_the_handler_requests_an_extension_and_the_head_approves_it_条例第三十三条第二款(
    client: Client, world: World
) -> None:
    app = world.register()
    with refused("应当说明理由"):
        services.application_request_extension(
            actor=world.handler, application=app, days=10, reason=""
        )
    app = services.application_request_extension(
        actor=world.handler, application=app, days=10, reason="需调取历年档案"
    )
    assert app.extension_requested_days == 10 and app.extension_days == 0
    assert client.login(username="approver", password="pw-approver")
    home = client.get(reverse("home")).content.decode()
    assert "申请延期10个工作日，待批准" in home  # waiting on the head's list
    app = services.application_extend(
        actor=world.approver, application=app, days=10, reason="同意", on=D("2025-03-20")
    )
    assert app.extension_requested_days is None and app.extension_days == 10
    assert "待批准" not in client.get(reverse("home")).content.decode()
    with refused("已经延长过"):
        services.application_request_extension(
            actor=world.handler, application=app, days=5, reason="再延"
        )


def test_declining_an_excessive_request_needs_reasons_asked_first_条例第三十五条(
    world: World,
) -> None:
    app = world.register()
    with refused("第三十五条"):
        services.application_submit_reply(
            actor=world.handler, application=app, outcome="not_processed.excessive"
        )
    with refused("应写明"):
        services.application_ask_reasons(actor=world.handler, application=app, reason="")
    services.application_ask_reasons(
        actor=world.handler, application=app, reason="一周内申请120项，请说明用途",
        asked_on=D("2025-03-05"),
    )  # fmt: skip
    app = services.application_submit_reply(
        actor=world.handler, application=app, outcome="not_processed.excessive",
        reason="申请人说明的理由与所申请信息无关", submitted_on=D("2025-03-20"),
    )  # fmt: skip
    assert app.reasons_asked_on == D("2025-03-05") and "第三十五条" in app.reply_basis


def test_the_heads_extension_form_starts_from_the_request_条例第三十三条第二款(
    world: World,
) -> None:
    from gongkai_platform.applications.forms import ACTION_FORMS
    from gongkai_platform.applications.states import Action

    app = services.application_request_extension(
        actor=world.handler, application=world.register(), days=12, reason="需调取档案"
    )
    assert ACTION_FORMS[Action.EXTEND](application=app).initial["days"] == 12


def test_a_lapsed_correction_window_is_marked_overdue_on_the_case_page_条例第三十条(
    client: Client, world: World
) -> None:
    app = world.register()
    services.application_request_correction(
        actor=world.handler, application=app, items="请写明年度", reply_by=D("2025-03-14"),
        sent_on=D("2025-03-04"),
    )  # fmt: skip
    assert client.login(username="handler", password="pw-handler")
    page = client.get(reverse("application", args=[app.pk])).content.decode()
    section = page.split("申请人补正期限（条例第三十条）：2025-03-14", 1)[1][:80]
    assert "已逾期" in section
