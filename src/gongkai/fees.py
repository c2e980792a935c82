"""信息处理费: the two charging methods of 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号).

条例 §42 makes providing information free, but lets an agency charge a 信息处理费 when the number or
frequency of an applicant's requests clearly exceeds a reasonable range; 109号 sets how.  Both
methods are progressive (超额累进), and for one application the agency uses one of them, never both
(ogi-rules.md §5):

- 按件 (per application, §4): per applicant per natural month, counted cumulatively: 件 1–10 free,
  11–30 at 100 元, and from 件 31 bands of ten, each 100 元 dearer (31–40: 200, 41–50: 300, …).
- 按量 (per page, §5): per application: pages 1–30 free, 31–100 at 10 元, 101–200 at 20 元, from
  201 at 40 元.

Amounts are whole 元.  Pure Python: the platform stores the result on the application.
"""

from __future__ import annotations

from enum import StrEnum


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
    if position <= 10:
        return 0
    if position <= 30:
        return 100
    return 100 * (2 + (position - 31) // 10)


def per_piece_fee(earlier_pieces: int, pieces: int) -> int:
    """按件: the fee for ``pieces`` 件 when the applicant already made ``earlier_pieces`` this month."""
    _count(earlier_pieces, what="当月此前申请件数", minimum=0)
    _count(pieces, what="本次申请件数", minimum=1)
    return sum(piece_rate(k) for k in range(earlier_pieces + 1, earlier_pieces + pieces + 1))


def per_page_fee(pages: int) -> int:
    """按量: the fee for providing ``pages`` pages in one application (109号 §5)."""
    _count(pages, what="页数", minimum=0)
    return (
        10 * min(max(pages - 30, 0), 70)
        + 20 * min(max(pages - 100, 0), 100)
        + 40 * max(pages - 200, 0)
    )


def fee(method: FeeMethod | str, units: int, *, earlier_pieces: int = 0) -> int:
    """The fee by the chosen method: ``units`` is 件 (按件) or pages (按量)."""
    try:
        chosen = FeeMethod(method)
    except ValueError:
        raise FeeError(f"未知的计费方式：{method!r}（应为按件或按量）") from None
    if chosen is FeeMethod.PER_PIECE:
        return per_piece_fee(earlier_pieces, units)
    return per_page_fee(units)
