"""信息处理费 under 国办函〔2020〕109号: both methods, band by band (docs/law.md §5)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.fees import (
    FeeError,
    fee,
    per_page_fee,
    per_piece_fee,
    piece_rate,
    pieces_before,
    require_notice_in_time,
)


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


def test_split_application_counts_each_piece_in_the_month_国办函2020_109号第四条() -> None:
    # This month the applicant filed one application split into 4 件, then 7 single ones:
    # 4 + 7 = 11 件 so far, so the next single application is the 12th 件 and costs 100 元.
    # Counted as applications (1 + 7 = 8) it would be the 9th and free: the bug this fixes.
    earlier = pieces_before([4, *[None] * 7])
    assert earlier == 11
    assert fee("per_piece", 1, earlier_pieces=earlier) == 100
    assert fee("per_piece", 1, earlier_pieces=pieces_before([None] * 8)) == 0
    # A split application of 3 件 after 9 earlier 件: 10th free, 11th and 12th at 100 each.
    assert fee("per_piece", 3, earlier_pieces=pieces_before([2, 3, 4])) == 200
    assert pieces_before([]) == 0
    with pytest.raises(FeeError, match="此前申请的件数"):
        pieces_before([0])


def test_fee_notice_within_the_reply_period_国办函2020_109号_条例第三十三条() -> None:
    due = date(2024, 10, 30)
    require_notice_in_time(date(2024, 10, 30), due)  # the last day still counts
    require_notice_in_time(date(2024, 10, 9), due)
    with pytest.raises(FeeError, match="收费通知应当在答复期限内发出：答复期限至 2024-10-30"):
        require_notice_in_time(date(2024, 10, 31), due)


def test_the_standard_in_words_matches_the_fee_国办函2020_109号() -> None:
    """The 收费通知书 states the standard from the same bands the fee is computed with."""
    from gongkai.fees import FeeMethod, per_page_fee, standard

    text = standard(FeeMethod.PER_PAGE)
    assert "30页以下（含30页）的，不收费" in text and "201页以上的部分，每页40元" in text
    assert (per_page_fee(30), per_page_fee(31), per_page_fee(201)) == (0, 10, 2740)
    assert "11—30件（含30件）的部分，每件100元" in standard(FeeMethod.PER_PIECE)
