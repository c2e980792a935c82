"""Several consultations at once (条例第三十二条, 第三十四条; 第三十三条第三款): the reply clock stands
still from the first one's start to the last one's end, overlapping intervals counted once as
their union (docs/law.md §8), and the trace says which intervals were merged."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import EventKind, Pause, reply_deadline

d = date.fromisoformat
RECEIVED = d("2024-11-08")


def _union(pauses: list[Pause]) -> list[Pause]:
    """The union by brute force: every paused date in a set, then its runs of consecutive days
    (independent of the clock's own merging)."""
    days = sorted(
        {p.start + timedelta(n) for p in pauses for n in range((p.end - p.start).days + 1)}
    )
    runs: list[Pause] = []
    for day in days:
        if runs and runs[-1].end + timedelta(1) == day:
            runs[-1] = Pause(runs[-1].start, day, "并集")
        else:
            runs.append(Pause(day, day, "并集"))
    return runs


def _paused_days(pauses: list[Pause]) -> tuple[date, set[date]]:
    deadline = reply_deadline(RECEIVED, pauses=pauses)
    return deadline.due, {s.day for s in deadline.trace if s.kind is EventKind.PAUSE}


intervals = st.lists(
    st.tuples(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=20)),
    min_size=1,
    max_size=5,
)


@settings(max_examples=150, deadline=None)
@given(intervals=intervals)
def test_overlapping_consultations_pause_the_days_of_their_union_条例第三十二条_第三十四条(
    intervals: list[tuple[int, int]],
) -> None:
    pauses = [
        Pause(RECEIVED + timedelta(start), RECEIVED + timedelta(start + length), f"征求意见{i}")
        for i, (start, length) in enumerate(intervals)
    ]
    union = _union(pauses)
    due, paused = _paused_days(pauses)
    assert (due, paused) == _paused_days(union)
    # Every paused day lies in the union, and every day of the union up to the due date is paused.
    in_union = {day for p in union for day in _dates(p)}
    assert paused == {day for day in in_union if RECEIVED < day <= due}


def _dates(pause: Pause) -> list[date]:
    return [pause.start + timedelta(n) for n in range((pause.end - pause.start).days + 1)]


def test_two_consultations_at_once_are_one_pause_explained_条例第三十二条_第三十四条() -> None:
    # Third party 11-12..11-20, other agency 11-15..11-26: paused 11-12..11-26, i.e. 11 working
    # days (11-12..15, 11-18..22, 11-25, 11-26).  Without pauses the due date is 12-06; 11 more
    # working days: 12-09..13 (5), 12-16..20 (10), 12-23 (11).
    third_party = Pause(d("2024-11-12"), d("2024-11-20"), "征求第三方意见：某公司")
    agency = Pause(d("2024-11-15"), d("2024-11-26"), "征求其他机关意见：县财政局")
    deadline = reply_deadline(RECEIVED, pauses=[agency, third_party])
    assert deadline.due == d("2024-12-23")
    assert deadline.due == reply_deadline(RECEIVED, pauses=_union([third_party, agency])).due
    merged = [s for s in deadline.trace if s.kind is EventKind.MERGED]
    assert len(merged) == 1
    note = merged[0].note
    assert (
        "某公司（2024-11-12至2024-11-20）" in note and "县财政局（2024-11-15至2024-11-26）" in note
    )
    assert "2024-11-12 至 2024-11-26" in note and "条例第三十三条第三款" in note
    assert "同一日只扣除一次" in deadline.explain()


def test_separate_consultations_are_not_merged_条例第三十二条() -> None:
    first = Pause(d("2024-11-12"), d("2024-11-13"), "征求第三方意见：甲公司")
    second = Pause(d("2024-11-20"), d("2024-11-21"), "征求第三方意见：乙公司")
    deadline = reply_deadline(RECEIVED, pauses=[first, second])
    assert not [s for s in deadline.trace if s.kind is EventKind.MERGED]
    assert sum(s.kind is EventKind.PAUSE for s in deadline.trace) == 4
