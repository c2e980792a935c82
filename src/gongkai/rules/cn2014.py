"""Identities implied by the national 《政府信息公开情况统计表》 (国办发〔2014〕32号; 2014–2018).

None is printed on the form and docs/law.md §3.2 marks them UNVERIFIED as official rules, so they
are warnings: a breach is worth a look, not proof of an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.report import Finding
from gongkai.rules.engine import Context, Rule, rule, sums

BASIS = "《政府信息公开情况统计表》的隐含关系（国办发〔2014〕32号；未经官方确认）"
ONLY = ("cn2014",)

# (rule id, total, parts, what) — one row per implied sum of the table.
SUMS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("cn2014.received_by_channel", "apply.received",
     ("apply.received.in_person", "apply.received.fax", "apply.received.online",
      "apply.received.letter"), "收到申请数 = 当面 + 传真 + 网络 + 信函"),
    ("cn2014.closed_split", "apply.closed",
     ("apply.closed.on_time", "apply.closed.extended"), "申请办结数 = 按时办结 + 延期办结"),
    ("cn2014.replied_items", "apply.replied",
     tuple(f"apply.replied.{k}" for k in ("already_public", "granted", "partial", "refused",
                                          "not_this_agency", "not_exist", "asked_to_amend",
                                          "other_channel")),
     "申请答复数 = 第1至8项之和"),
    ("cn2014.refused_reasons", "apply.replied.refused",
     tuple(f"apply.refused.{k}" for k in ("state_secret", "trade_secret", "privacy", "security",
                                          "not_gov_info", "other_law")),
     "不同意公开答复数 = 其中各项之和"),
    ("cn2014.review_total", "review.total",
     ("review.upheld", "review.corrected", "review.other"), "行政复议数量 = 三种结果之和"),
    ("cn2014.litigation_total", "litigation.total",
     ("litigation.upheld", "litigation.corrected", "litigation.other"), "行政诉讼数量 = 三种结果之和"),
    ("cn2014.staff_split", "org.staff",
     ("org.staff.full_time", "org.staff.part_time"), "工作人员数 = 专职 + 兼职"),
)  # fmt: skip


def _sum_rule(rule_id: str, total: str, parts: tuple[str, ...], what: str) -> None:
    @rule(rule_id, "warning", what, BASIS, ONLY)
    def check(r: Rule, ctx: Context) -> Iterator[Finding]:
        yield from sums(r, ctx, ((total, parts, what),))


for _spec in SUMS:
    _sum_rule(*_spec)

# (part, whole, what): a "其中" figure cannot exceed the figure it is part of.
AT_MOST = (
    ("response.press_conf_by_head", "response.press_conf", "主要负责同志参加新闻发布会次数"),
    (
        "response.online_interview_by_head",
        "response.online_interview",
        "主要负责同志参加在线访谈次数",
    ),
    ("proactive.normative_published", "proactive.normative_issued", "主动公开规范性文件数"),
)


@rule("cn2014.part_le_whole", "warning", "“其中”项不大于其所属总数", BASIS, ONLY)
def part_le_whole(r: Rule, ctx: Context) -> Iterator[Finding]:
    for part, whole, what in AT_MOST:
        p, w = ctx.value(part), ctx.value(whole)
        if p is not None and w is not None and p > w:
            yield r.finding(
                (part, whole), f"{what}（{p}）大于{ctx.label(whole)}（{w}）", expected=w, actual=p
            )
