"""信息处理费 under 国办函〔2020〕109号: both methods, band by band (ogi-rules.md §5)."""

from __future__ import annotations

import pytest

from gongkai.fees import FeeError, fee, per_page_fee, per_piece_fee, piece_rate


@pytest.mark.parametrize(
    ("position", "rate"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)],
)
def test_per_piece_bands_国办函2020_109号第四条(position: int, rate: int) -> None:
    assert piece_rate(position) == rate


def test_per_piece_counts_the_month_cumulatively_国办函2020_109号第四条() -> None:
    assert per_piece_fee(0, 10) == 0
    assert per_piece_fee(9, 3) == 200  # 10th free, 11th and 12th at 100
    assert per_piece_fee(28, 4) == 100 + 100 + 200 + 200


@pytest.mark.parametrize(
    ("pages", "amount"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_per_page_bands_国办函2020_109号第五条(pages: int, amount: int) -> None:
    assert per_page_fee(pages) == amount


def test_one_method_per_application_and_clear_errors() -> None:
    assert fee("per_page", 31) == 10
    assert fee("per_piece", 1, earlier_pieces=10) == 100
    with pytest.raises(FeeError, match="未知的计费方式"):
        fee("both", 1)
    with pytest.raises(FeeError, match="页数"):
        per_page_fee(-1)
    with pytest.raises(FeeError, match="本次申请件数"):
        per_piece_fee(0, True)
