"""Units: the 索引号 前段码 each unit publishes under (条例 §12; docs/law.md §6.1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai_platform.accounts.models import Unit, UnitKind


def unit(prefix: str) -> Unit:
    return Unit(
        name="甲镇人民政府", kind=UnitKind.TOWNSHIP, ogi_office="党政办", index_prefix=prefix
    )


@pytest.mark.parametrize("prefix", ["014416330", "00525312X", "11341702486344515H"])
def test_art12_prefix_is_an_org_code_or_uscc_whose_check_character_verifies(prefix: str) -> None:
    unit(prefix).clean()


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("640221065", "校验位不符（GB 11714）"),  # printed by a real unit, but wrong
        ("11341702486344515X", "校验位不符（GB 32100）"),
        ("0142768-8", "应为9位组织机构代码或18位统一社会信用代码"),
        ("6107280000", "应为9位组织机构代码或18位统一社会信用代码"),
    ],
)
def test_art12_prefix_that_would_print_untrustworthy_numbers_is_refused(
    prefix: str, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        unit(prefix).clean()
    assert message in str(info.value.message_dict["index_prefix"])
