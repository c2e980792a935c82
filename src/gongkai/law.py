"""The statute as data: the articles gongkai relies on, the periods they set and their lists.

One place for the law (docs/law.md is the same law in prose, with sources and what is unverified):

- :class:`Act`: a statute or normative document (the 2019 条例, 国务院令第711号; its 2007 text;
  the 2023 行政复议法; the 行政诉讼法; 国办函〔2020〕109号 on the 信息处理费);
- :class:`Article`: one article (or paragraph, or item) of an act, with a one-line subject; its
  :meth:`~Article.cite` is the citation a letter prints ("《中华人民共和国政府信息公开条例》第三十三条
  第二款") and :meth:`~Article.short` the one rules and messages print ("条例第三十三条第二款");
- :class:`Period`: a time limit (its length, its unit — working days, calendar days, months — and
  the article that sets it);
- the statute's lists: the seven reply kinds of §36, the exemptions of §§14–16 (keyed by the 表三
  row they are counted in), the five contents of an annual report under §50, the §49 publication
  dates.

Everything else — the clock (:mod:`gongkai.workdays`), the fees (:mod:`gongkai.fees`), the report
rules (:mod:`gongkai.rules`) and the platform's letters — takes its numbers and citations from
here, so an amendment is one edit.  Pure Python: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–99 in Chinese numerals as statutes number articles: 三十三, 十五, 二十, 一."""
    if not 0 < n < 100:
        raise ValueError(f"article numbers run from 1 to 99, got {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class Act:
    """A statute or normative document: its full title as cited, the short name used in messages,
    its number (令号 or 文号) and the day it took effect (None where unverified)."""

    key: str
    title: str  # 《中华人民共和国政府信息公开条例》
    short_name: str  # 条例
    number: str  # 国务院令第711号
    in_force: date | None

    def article(
        self,
        number: int | None,
        subject: str,
        *,
        paragraph: int | None = None,
        item: int | None = None,
    ) -> Article:
        return Article(self, number, subject, paragraph, item)


@dataclass(frozen=True)
class Article:
    """An article of an act, narrowed to a paragraph (款) and an item (项) where the law does."""

    act: Act
    number: int | None  # None: the act as a whole, where the article could not be verified
    subject: str  # one line, for people
    paragraph: int | None = None
    item: int | None = None

    @property
    def locator(self) -> str:
        """第三十三条第二款, 第三十六条第（五）项; empty for the act as a whole."""
        if self.number is None:
            return ""
        text = f"第{chinese_number(self.number)}条"
        if self.paragraph is not None:
            text += f"第{chinese_number(self.paragraph)}款"
        if self.item is not None:
            text += f"第（{chinese_number(self.item)}）项"
        return text

    @property
    def part_locator(self) -> str:
        """The innermost part alone (第（二）项, 第二款), to cite a second part of an article
        right after the first: 第三十六条第（一）项、第（二）项."""
        if self.item is not None:
            return f"第（{chinese_number(self.item)}）项"
        if self.paragraph is not None:
            return f"第{chinese_number(self.paragraph)}款"
        return self.locator

    def cite(self) -> str:
        """The citation a letter prints: 《中华人民共和国政府信息公开条例》第三十三条第二款."""
        return self.act.title + self.locator

    def short(self) -> str:
        """The citation a rule or message prints: 条例第三十三条第二款."""
        return self.act.short_name + self.locator

    @property
    def digest(self) -> str:
        """The short citation with its subject, for lists: 条例第三十三条：答复期限…."""
        return f"{self.short()}：{self.subject}"

    def sub(
        self, subject: str, *, paragraph: int | None = None, item: int | None = None
    ) -> Article:
        """A paragraph or item of this article."""
        return Article(
            self.act,
            self.number,
            subject,
            paragraph if paragraph is not None else self.paragraph,
            item,
        )


CiteForm = Literal["short", "full", "abbreviated"]


def citation(*articles: Article, form: CiteForm = "short") -> str:
    """Several articles cited together as statutes are: the act named once for a run of its
    articles (条例第二十三条、第二十六条), an article once for a run of its parts (第三十六条第（一）项、
    第（二）项), and a change of act after a semicolon (条例第四十二条；国办函〔2020〕109号).

    ``form`` names the act: ``short`` as rules and messages do (条例第二十九条), ``full`` by its
    title as letters and public pages do (《中华人民共和国政府信息公开条例》第二十九条), ``abbreviated``
    by the short name in book-title marks, for a text that has said "以下简称《条例》"
    (《条例》第二十九条)."""
    text = ""
    previous: Article | None = None
    for article in articles:
        if previous is None or previous.act != article.act:
            act = article.act
            name = {"short": act.short_name, "full": act.title}.get(form, f"《{act.short_name}》")
            text += ("；" if previous else "") + name + article.locator
        elif previous.number == article.number and article.number is not None:
            text += "、" + article.part_locator
        else:
            text += "、" + article.locator
        previous = article
    return text


class DayCount(StrEnum):
    WORKING = "working"  # 工作日: not weekends nor the State Council's days off (docs/law.md §8)
    CALENDAR = "calendar"  # 日: calendar days
    MONTHS = "months"  # 个月


UNIT_TEXT = {DayCount.WORKING: "个工作日", DayCount.CALENDAR: "日", DayCount.MONTHS: "个月"}


@dataclass(frozen=True)
class Period:
    """A time limit: ``days`` of ``count`` set by ``article``.  ``days`` is None where the law
    leaves the length to the agency (the §30 补正 period must only be reasonable)."""

    key: str
    name: str  # what runs, in Chinese
    days: int | None
    count: DayCount
    article: Article

    @property
    def length(self) -> int:
        """The number of days (or months); only for periods the law fixes."""
        if self.days is None:
            raise ValueError(f"{self.name}由行政机关确定，法律未规定天数")
        return self.days

    @property
    def text(self) -> str:
        """As the statute writes it: 20个工作日 (the 条例 uses figures), 六十日, 六个月."""
        if self.days is None:
            return "合理期限"
        if self.count is DayCount.WORKING:
            return f"{self.days}{UNIT_TEXT[self.count]}"
        return f"{chinese_number(self.days)}{UNIT_TEXT[self.count]}"


# Acts ------------------------------------------------------------------------------------------

OGI = Act(
    "ogi2019",
    "《中华人民共和国政府信息公开条例》",
    "条例",
    "国务院令第711号",
    date(2019, 5, 15),
)
OGI_2007 = Act(
    "ogi2007",
    "《中华人民共和国政府信息公开条例》（2007年）",
    "2007 年条例",
    "国务院令第492号",
    date(2008, 5, 1),
)
REVIEW_LAW = Act(
    "review2023",
    "《中华人民共和国行政复议法》",
    "行政复议法",
    "2023年9月1日修订",
    date(2024, 1, 1),
)
LITIGATION_LAW = Act(
    "litigation",
    "《中华人民共和国行政诉讼法》",
    "行政诉讼法",
    "2017年6月27日修正",
    date(2017, 7, 1),
)
# 109号's effective date could not be read (docs/law.md §5: UNVERIFIED).
FEES_109 = Act(
    "fees109",
    "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "国办函〔2020〕109号",
    "国办函〔2020〕109号",
    None,
)


# Articles of the 2019 条例 -----------------------------------------------------------------------

ART_4 = OGI.article(4, "政府信息公开工作机构及其职能")
# The office's duties are the items of §4's second paragraph; they are cited by item alone, as
# practice does (第四条第（四）项), since no other paragraph of §4 has items.
ART_4_2 = ART_4.sub("维护和更新本行政机关公开的政府信息", item=2)
ART_4_4 = ART_4.sub("组织开展对拟公开政府信息的审查", item=4)
ART_10 = OGI.article(10, "谁制作谁公开、谁保存谁公开")
ART_12 = OGI.article(12, "政府信息公开指南和目录")
ART_17 = OGI.article(17, "政府信息公开审查机制：公开前依法依规审查（含保密审查）")
ART_19 = OGI.article(
    19, "涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息应当主动公开"
)
ART_14 = OGI.article(14, "国家秘密、法律行政法规禁止公开、危及“三安全一稳定”的信息不予公开")
ART_15 = OGI.article(
    15, "涉及商业秘密、个人隐私等第三方合法权益的信息不得公开，第三方同意或公共利益例外"
)
ART_16 = OGI.article(16, "内部事务信息、过程性信息和行政执法案卷可以不予公开")
ART_16_1 = ART_16.sub("人事管理、后勤管理、内部工作流程等内部事务信息", paragraph=1)
ART_16_2 = ART_16.sub("讨论记录、过程稿、磋商信函、请示报告等过程性信息和行政执法案卷", paragraph=2)
ART_20 = OGI.article(20, "应当主动公开的十五类政府信息")
ART_20_1 = ART_20.sub("行政法规、规章和规范性文件", item=1)
ART_21 = OGI.article(21, "设区的市、县、乡（镇）人民政府还应主动公开的信息")
ART_23 = OGI.article(23, "政府信息发布机制：通过政府公报、政府网站等途径公开")
# §21's further items, by level (docs/law.md §4.1): what 设区的市级、县级人民政府及其部门 and what
# 乡（镇）人民政府 must also publish "根据本地区的具体情况"; each list ends in 等 in the statute.
ART_21_CITY_COUNTY = tuple(
    ART_21.sub(subject)
    for subject in (
        "市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助",
    )
)  # fmt: skip
ART_21_TOWNSHIP = tuple(
    ART_21.sub(subject)
    for subject in (
        "贯彻落实农业农村政策", "农田水利工程建设运营", "农村土地承包经营权流转",
        "宅基地使用情况审核", "土地征收", "房屋征收", "筹资筹劳", "社会救助",
    )
)  # fmt: skip
ART_26 = OGI.article(26, "主动公开的期限：信息形成或者变更之日起20个工作日内")
ART_27 = OGI.article(27, "向地方各级人民政府和县级以上人民政府部门申请获取政府信息")
ART_29 = OGI.article(29, "申请的形式与内容")
ART_30 = OGI.article(
    30, "申请内容不明确的，7个工作日内一次性告知补正，答复期限自收到补正的申请之日起计算"
)
ART_31 = OGI.article(31, "收到申请之日的确定")
ART_31_1 = ART_31.sub("当面提交的，以提交之日为收到申请之日", item=1)
ART_31_2 = ART_31.sub(
    "邮寄提交的，以签收之日为收到申请之日；平常信函等无需签收的，以与申请人确认之日为收到申请之日",
    item=2,
)
ART_31_3 = ART_31.sub("通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日", item=3)
ART_32 = OGI.article(32, "征求第三方意见：第三方自收到征求意见书之日起15个工作日内提出意见")
ART_33 = OGI.article(
    33, "答复期限：20个工作日，经批准可延长不超过20个工作日；征求意见时间不计算在内"
)
ART_33_2 = ART_33.sub(
    "20个工作日内答复；延长须经负责人同意并告知申请人，最长不超过20个工作日", paragraph=2
)
ART_33_3 = ART_33.sub("征求第三方和其他机关意见所需时间不计算在答复期限内", paragraph=3)
ART_34 = OGI.article(34, "共同制作的信息：被征求意见机关15个工作日内提出意见，逾期视为同意")
ART_35 = OGI.article(
    35, "申请数量、频次明显超过合理范围的，可以要求说明理由或者确定延迟答复的合理期限"
)
ART_36 = OGI.article(36, "答复的七种情形")
ART_37 = OGI.article(37, "区分处理：提供可以公开的部分，并说明其余部分不予公开的理由")
ART_38 = OGI.article(38, "需要加工、分析另行制作的，可以不予提供")
ART_39 = OGI.article(39, "信访、投诉、举报和要求提供公开出版物的申请")
ART_39_1 = ART_39.sub("以申请形式进行信访、投诉、举报的，告知通过相应渠道提出", paragraph=1)
ART_39_2 = ART_39.sub("要求提供公开出版物的，可以告知获取的途径", paragraph=2)
ART_41 = OGI.article(41, "申请更正与本人相关的不准确的政府信息记录")
ART_42 = OGI.article(42, "提供政府信息不收费；超出合理范围的可以收取信息处理费")
ART_43 = OGI.article(43, "对阅读困难或者视听障碍的申请人提供必要的帮助")
ART_44 = OGI.article(44, "多个申请人就相同信息申请的，可以纳入主动公开范围")
ART_45 = OGI.article(45, "政府信息公开申请登记、审核、办理、答复、归档的工作制度")
ART_46 = OGI.article(46, "政府信息公开工作考核制度、社会评议制度和责任追究制度")
ART_47 = OGI.article(47, "政府信息公开工作主管部门的监督检查")
ART_49 = OGI.article(49, "年度报告的公布期限")
ART_49_1 = ART_49.sub("县级以上人民政府部门每年1月31日前报送并公布本机关的年度报告", paragraph=1)
ART_49_2 = ART_49.sub("县级以上地方人民政府每年3月31日前公布本级政府的年度报告", paragraph=2)
ART_50 = OGI.article(50, "年度报告的内容和统一格式")
ART_50_2 = ART_50.sub("全国政府信息公开工作主管部门公布并适时更新年度报告统一格式", paragraph=2)
ART_51 = OGI.article(51, "投诉、举报，行政复议和行政诉讼")
ART_54 = OGI.article(54, "法律、法规授权的组织适用本条例")

ART_2007_31 = OGI_2007.article(31, "各级行政机关每年3月31日前公布年度报告")
ART_2007_32 = OGI_2007.article(32, "年度报告的内容（2007年条例）")

# The §36 reply kinds: the item number and what the reply tells the applicant.
REPLY_KINDS: tuple[Article, ...] = (
    ART_36.sub("已经主动公开的，告知获取该政府信息的方式、途径", item=1),
    ART_36.sub("可以公开的，向申请人提供，或者告知获取的方式、途径和时间", item=2),
    ART_36.sub("依据本条例决定不予公开的，告知不予公开并说明理由", item=3),
    ART_36.sub("经检索没有所申请公开信息的，告知该政府信息不存在", item=4),
    ART_36.sub(
        "所申请公开信息不属于本机关负责公开的，告知并说明理由；能够确定负责公开的机关的，"
        "告知该机关的名称、联系方式",
        item=5,
    ),
    ART_36.sub(
        "已就申请人提出的同一政府信息公开申请作出答复、申请人重复申请的，告知不予重复处理", item=6
    ),
    ART_36.sub(
        "所申请公开信息属于工商、不动产登记资料等，有关法律、行政法规另有规定的，依照其规定办理",
        item=7,
    ),
)
ART_36_1, ART_36_2, ART_36_3, ART_36_4, ART_36_5, ART_36_6, ART_36_7 = REPLY_KINDS

# The exemptions of §§14–16, keyed by the 表三 row a reply on that ground is counted in.
EXEMPTIONS: dict[str, Article] = {
    "withheld.state_secret": ART_14.sub("依法确定为国家秘密的政府信息"),
    "withheld.prohibited_by_law": ART_14.sub("法律、行政法规禁止公开的政府信息"),
    "withheld.security_stability": ART_14.sub(
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息"
    ),
    "withheld.third_party_rights": ART_15.sub(
        "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息"
    ),
    "withheld.internal_affairs": ART_16_1,
    "withheld.process_info": ART_16_2.sub("过程性信息：讨论记录、过程稿、磋商信函、请示报告等"),
    "withheld.enforcement_file": ART_16_2.sub("行政执法案卷信息"),
    # No exemption: the special access regime of §36(7) (工商、不动产登记资料); counted in
    # 属于行政查询事项 by common practice (docs/law.md §4.3, UNVERIFIED).
    "withheld.admin_inquiry": ART_36_7,
}

# §50: what an annual report contains; (4) asks 各级人民政府 for more.
REPORT_CONTENTS: tuple[Article, ...] = (
    ART_50.sub("行政机关主动公开政府信息的情况", item=1),
    ART_50.sub("行政机关收到和处理政府信息公开申请的情况", item=2),
    ART_50.sub("因政府信息公开工作被申请行政复议、提起行政诉讼的情况", item=3),
    ART_50.sub(
        "政府信息公开工作存在的主要问题及改进情况，各级人民政府的政府信息公开工作年度报告"
        "还应当包括工作考核、社会评议和责任追究结果情况",
        item=4,
    ),
    ART_50.sub("其他需要报告的事项", item=5),
)
ART_50_4 = REPORT_CONTENTS[3]
# The words a government's report must mention under §50(4).
ART_50_4_TOPICS = ("考核", "评议", "责任追究")

# Articles of the other acts ---------------------------------------------------------------------

REVIEW_ART_20 = REVIEW_LAW.article(
    20, "自知道或者应当知道行政行为之日起六十日内提出行政复议申请", paragraph=1
)
REVIEW_ART_20_3 = REVIEW_LAW.article(
    20,
    "行政机关未告知申请行政复议的权利、复议机关和申请期限的，申请期限自知道或者应当知道之日起计算，"
    "但最长不得超过一年",
    paragraph=3,
)
REVIEW_ART_23 = REVIEW_LAW.article(
    23, "申请政府信息公开，行政机关不予公开的，应当先申请行政复议", paragraph=1, item=4
)
REVIEW_ART_23_2 = REVIEW_LAW.article(
    23,
    "行政机关作出该类行政行为时，应当告知公民、法人或者其他组织先向复议机关申请行政复议",
    paragraph=2,
)
REVIEW_ART_24 = REVIEW_LAW.article(
    24, "县级以上地方各级人民政府管辖对本级人民政府工作部门和下一级人民政府的行政复议案件"
)
LITIGATION_ART_45 = LITIGATION_LAW.article(
    45, "不服复议决定的，可以在收到复议决定书之日起十五日内向人民法院提起诉讼"
)
LITIGATION_ART_46 = LITIGATION_LAW.article(
    46,
    "直接向人民法院提起诉讼的，应当自知道或者应当知道作出行政行为之日起六个月内提出",
    paragraph=1,
)

FEES_109_WHOLE = FEES_109.article(None, "信息处理费的收费方式和标准")
FEES_ART_3 = FEES_109.article(3, "按件计收和按量计收两种方式，均为超额累进；同一申请只适用一种")
FEES_ART_4 = FEES_109.article(
    4, "按件计收：同一申请人一个自然月内累计申请10件以下免费，超出部分分档累进"
)
FEES_ART_5 = FEES_109.article(5, "按量计收：同一申请30页以下免费，超出部分分档累进")


# Periods ----------------------------------------------------------------------------------------

PUBLICATION = Period("publication", "主动公开期限", 20, DayCount.WORKING, ART_26)
CORRECTION_NOTICE = Period("correction_notice", "一次性告知补正期限", 7, DayCount.WORKING, ART_30)
# §30 gives the applicant a 补正 period the agency sets; it has no statutory length.
CORRECTION = Period("correction", "申请人补正期限", None, DayCount.WORKING, ART_30)
THIRD_PARTY = Period("third_party", "第三方提出意见期限", 15, DayCount.WORKING, ART_32)
CO_MAKER = Period("co_maker", "共同制作机关提出意见期限", 15, DayCount.WORKING, ART_34)
REPLY = Period("reply", "答复期限", 20, DayCount.WORKING, ART_33_2)
EXTENSION = Period("extension", "延长答复期限（最长）", 20, DayCount.WORKING, ART_33_2)
# The payment period is restated by provincial notices; its article in 109号 could not be read
# (docs/law.md §5: UNVERIFIED), so it cites the 办法 as a whole.
FEE_PAYMENT = Period(
    "fee_payment",
    "缴纳信息处理费期限",
    20,
    DayCount.WORKING,
    FEES_109.article(None, "申请人自收到收费通知之日起20个工作日内缴纳，逾期视为放弃申请"),
)
REVIEW_APPLICATION = Period("review", "申请行政复议期限", 60, DayCount.CALENDAR, REVIEW_ART_20)
LITIGATION = Period("litigation", "直接提起行政诉讼期限", 6, DayCount.MONTHS, LITIGATION_ART_46)
LITIGATION_AFTER_REVIEW = Period(
    "litigation_after_review", "复议后提起行政诉讼期限", 15, DayCount.CALENDAR, LITIGATION_ART_45
)

PERIODS: tuple[Period, ...] = (
    PUBLICATION,
    CORRECTION_NOTICE,
    CORRECTION,
    THIRD_PARTY,
    CO_MAKER,
    REPLY,
    EXTENSION,
    FEE_PAYMENT,
    REVIEW_APPLICATION,
    LITIGATION,
    LITIGATION_AFTER_REVIEW,
)


# §49: publication dates of the annual report, as (month, day) of the following year --------------

DEPARTMENT_REPORT_BY = (1, 31)  # §49 para. 1
GOVERNMENT_REPORT_BY = (3, 31)  # §49 para. 2
REPORT_BY_2007 = (3, 31)  # 2007 text §31, report years up to 2018
# §49 names neither 乡镇 nor 街道; the platform defaults them to the departments' date, which is
# what supervising governments usually require so they can compile their own report (docs/law.md
# §1.8); it is a configurable default, not a statutory date.
TOWNSHIP_REPORT_BY = (1, 31)


# Remedies ---------------------------------------------------------------------------------------


def review_first(outcome: str) -> bool:
    """Whether a reply with this 表三 outcome must tell the applicant to apply for 行政复议 before
    suing (行政复议法 §23 para. 1 (4), para. 2; in force 2024-01-01).

    §23 names 不予公开.  Which other refusals it covers is argued (docs/law.md §4.4), and telling
    the applicant to go to 复议 first never costs them a remedy — a 复议 decision can still be taken
    to court within 15 days — while telling them they may sue directly can.  So every outcome
    except full disclosure is answered with 复议 first.
    """
    return outcome != "granted"
