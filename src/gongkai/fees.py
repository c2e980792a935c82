"""信息处理费: the two charging methods of 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号).

条例 §42 makes providing information free, but lets an agency charge a 信息处理费 when the number or
frequency of an applicant's requests clearly exceeds a reasonable range; 109号 sets how.  Both
methods are progressive (超额累进), and for one application the agency uses one of them, never both
(docs/law.md §5):

- 按件 (per application, §4): per applicant per natural month, counted cumulatively: 件 1–10 free,
  11–30 at 100 元, and from 件 31 bands of ten, each 100 元 dearer (31–40: 200, 41–50: 300, …).
  §4 lets the agency split one letter into several 件 (一事一申请); each of those 件 takes its
  place in the month's count, so a later application is numbered after all of them
  (:func:`pieces_before`).
- 按量 (per page, §5): per application: pages 1–30 free, 31–100 at 10 元, 101–200 at 20 元, from
  201 at 40 元.
- The 收费通知 is sent within the reply period (:func:`require_notice_in_time`); the applicant then
  has 20 working days to pay (:data:`gongkai.law.FEE_PAYMENT`, counted by :mod:`gongkai.workdays`).

Amounts are whole 元.  Pure Python: the platform stores the result on the application.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from gongkai import law

FREE_PIECES = 10  # 109号 §4: 件 1–10 of a month are free
FIRST_BAND_END = 30  # 件 11–30 at the first rate
PIECE_BAND = 10  # from 件 31, bands of ten
PIECE_RATE = 100  # 元 per 件 in the first band; each later band adds as much
# 109号 §5: (last page of the band, 元 per page); the last band has no end.
PAGE_BANDS: tuple[tuple[int | None, int], ...] = ((30, 0), (100, 10), (200, 20), (None, 40))


class FeeError(ValueError):
    """An input no fee can be computed from; the message is for users."""


class FeeMethod(StrEnum):
    PER_PIECE = "per_piece"  # 按件计收
    PER_PAGE = "per_page"  # 按量计收


def _count(value: int, *, what: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise FeeError(f"{what}必须是不小于{minimum}的整数，收到：{value!r}")
    return value


def piece_rate(position: int) -> int:
    """The charge for the applicant's ``position``-th 件 of the month (109号 §4)."""
    _count(position, what="当月第几件", minimum=1)
    if position <= FREE_PIECES:
        return 0
    if position <= FIRST_BAND_END:
        return PIECE_RATE
    return PIECE_RATE * (2 + (position - FIRST_BAND_END - 1) // PIECE_BAND)


def pieces_before(earlier_applications: Iterable[int | None]) -> int:
    """How many 件 the applicant already has this month, given the 件 each of their earlier
    applications (this month, to this agency) was counted as.

    An application split into several 件 under 109号 §4 takes that many places in the month's
    running count; one never split (``None``: no count recorded) takes one.  Counting each
    application once would number the next one too low and charge it too little.
    """
    total = 0
    for pieces in earlier_applications:
        total += 1 if pieces is None else _count(pieces, what="此前申请的件数", minimum=1)
    return total


def require_notice_in_time(sent_on: date, reply_due: date) -> None:
    """A 收费通知 is part of handling the application: it goes out within the reply period
    (条例 §33, as paused, restarted or extended on the day it is sent; 109号, docs/law.md §5).

    ``reply_due`` is the application's reply deadline as the clock computes it for ``sent_on``.
    """
    if sent_on > reply_due:
        raise FeeError(
            f"收费通知应当在答复期限内发出：答复期限至 {reply_due.isoformat()}，"
            f"收费通知发出日期为 {sent_on.isoformat()}（{law.REPLY.article.short()}；"
            f"{law.FEES_109.short_name}）"
        )


def per_piece_fee(earlier_pieces: int, pieces: int) -> int:
    """按件: the fee for ``pieces`` 件 when the applicant already made ``earlier_pieces`` this month."""
    _count(earlier_pieces, what="当月此前申请件数", minimum=0)
    _count(pieces, what="本次申请件数", minimum=1)
    return sum(piece_rate(k) for k in range(earlier_pieces + 1, earlier_pieces + pieces + 1))


def per_page_fee(pages: int) -> int:
    """按量: the fee for providing ``pages`` pages in one application (109号 §5)."""
    _count(pages, what="页数", minimum=0)
    total, first = 0, 1
    for last, rate in PAGE_BANDS:
        top = pages if last is None else min(pages, last)
        total += rate * max(top - first + 1, 0)
        first = (last or pages) + 1
    return total


def standard(method: FeeMethod | str) -> str:
    """The charging standard of ``method`` in words, as a 收费通知 states it (109号 §4, §5),
    from the same figures the fee is computed with."""
    if FeeMethod(method) is FeeMethod.PER_PIECE:
        return (
            f"同一申请人一个自然月内累计申请{FREE_PIECES}件以下（含{FREE_PIECES}件）的，不收费；"
            f"{FREE_PIECES + 1}—{FIRST_BAND_END}件（含{FIRST_BAND_END}件）的部分，每件{PIECE_RATE}元；"
            f"{FIRST_BAND_END + 1}件以上的部分，以{PIECE_BAND}件为一档，每增加一档，"
            f"每件收费标准提高{PIECE_RATE}元"
        )
    parts, first = [], 1
    for last, rate in PAGE_BANDS:
        if rate == 0:
            parts.append(f"{last}页以下（含{last}页）的，不收费")
        elif last is None:
            parts.append(f"{first}页以上的部分，每页{rate}元")
        else:
            parts.append(f"{first}—{last}页（含{last}页）的部分，每页{rate}元")
        first = (last or 0) + 1
    return "同一申请" + "；".join(parts)


def fee(method: FeeMethod | str, units: int, *, earlier_pieces: int = 0) -> int:
    """The fee by the chosen method: ``units`` is 件 (按件) or pages (按量)."""
    try:
        chosen = FeeMethod(method)
    except ValueError:
        raise FeeError(f"未知的计费方式：{method!r}（应为按件或按量）") from None
    if chosen is FeeMethod.PER_PIECE:
        return per_piece_fee(earlier_pieces, units)
    return per_page_fee(units)
