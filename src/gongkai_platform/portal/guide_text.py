"""The parts of a unit's 政府信息公开指南 (条例 §12) that follow from the statute rather than from
the unit's own data: the further proactive items of §21 for its level, the steps of an
application with their periods (the process chart), and the scope of 不予公开 (§§14–16).  Every
number and citation comes from ``gongkai.law``, so the 指南 says what the clock and the letters do.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai import law
from gongkai_platform.accounts.models import Unit, UnitKind

# §21 names 设区的市级、县级人民政府及其部门 and 乡（镇）人民政府; a 街道办事处 is neither.
CITY_COUNTY = frozenset({UnitKind.CITY, UnitKind.COUNTY})


def further_items(unit: Unit) -> tuple[law.Article, ...]:
    """The §21 items ``unit`` must also publish proactively, by its level (none for others).
    A department of a city or county is covered too; its unit kind does not say whose it is,
    so only governments are matched here."""
    if unit.kind == UnitKind.TOWNSHIP:
        return law.ART_21_TOWNSHIP
    if unit.kind in CITY_COUNTY:
        return law.ART_21_CITY_COUNTY
    return ()


@dataclass(frozen=True)
class Step:
    """One step of handling an application: what happens, the period (if any), its basis."""

    title: str
    text: str
    basis: tuple[law.Article, ...]
    period: law.Period | None = None

    @property
    def citation(self) -> str:
        return "、".join(article.short() for article in self.basis)


def process_steps() -> list[Step]:
    """The path of an application from submission to remedy, in order (the process chart)."""
    return [
        Step(
            "提交申请",
            "通过互联网、信函、传真或者当面提交书面申请；书面形式确有困难的，可以口头提出，由受理机构代为填写。",
            (law.ART_29,),
        ),
        Step(
            "登记收到申请",
            "当面提交的以提交之日、邮寄的以签收之日、互联网或传真提交的以双方确认之日为收到申请之日。",
            (law.ART_31,),
        ),
        Step(
            "补正（申请内容不明确的）",
            f"自收到申请之日起{law.CORRECTION_NOTICE.text}内一次性告知补正，说明需要补正的事项和"
            "合理的补正期限；答复期限自收到补正的申请之日起计算。",
            (law.CORRECTION_NOTICE.article,),
            law.CORRECTION_NOTICE,
        ),
        Step(
            "征求意见（涉及第三方或其他机关的）",
            f"第三方或者其他机关自收到征求意见书之日起{law.THIRD_PARTY.text}内提出意见；"
            "征求意见所需时间不计算在答复期限内。",
            (law.THIRD_PARTY.article, law.CO_MAKER.article),
            law.THIRD_PARTY,
        ),
        Step(
            "答复",
            f"能够当场答复的当场答复；不能当场答复的，自收到申请之日起{law.REPLY.text}内答复。",
            (law.REPLY.article,),
            law.REPLY,
        ),
        Step(
            "延长答复期限（需要的）",
            f"经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过{law.EXTENSION.text}。",
            (law.EXTENSION.article,),
            law.EXTENSION,
        ),
        Step(
            "收费（申请数量、频次明显超过合理范围的）",
            f"可以收取信息处理费；申请人自收到收费通知之日起{law.FEE_PAYMENT.text}内缴纳。",
            (law.ART_42, law.FEE_PAYMENT.article),
            law.FEE_PAYMENT,
        ),
        Step(
            "救济",
            f"对答复不服的，可以自知道之日起{law.REVIEW_APPLICATION.text}内申请行政复议；"
            "对不予公开的答复，应当先申请行政复议；其他情形也可以自知道之日起"
            f"{law.LITIGATION.text}内直接提起行政诉讼。不服复议决定的，可以自收到复议决定书之日起"
            f"{law.LITIGATION_AFTER_REVIEW.text}内提起行政诉讼。",
            (
                law.ART_51,
                law.REVIEW_ART_20,
                law.REVIEW_ART_23,
                law.LITIGATION_ART_46,
                law.LITIGATION_ART_45,
            ),
            law.REVIEW_APPLICATION,
        ),
    ]


def exemptions() -> list[law.Article]:
    """The grounds of 不予公开 (§§14–16), in the statute's order; §36(7)'s special regimes are a
    different reply, not an exemption, and are left out."""
    return [article for article in law.EXEMPTIONS.values() if article.number in (14, 15, 16)]
