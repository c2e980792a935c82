"""The 2021 annual-report format: 国办公开办函〔2021〕30号 (report years 2021 onwards).

Made under 条例 §50 para. 2.  Labels are copied from the official blank template (corpus
``template-2021-blank.docx``) and checked against the 淮安市 2024 report; see docs/law.md §1.
表三 and 表四 are shared with the 2019 试行 format, which differs only where ``cn2019`` says so.
"""

from __future__ import annotations

from gongkai.formats.model import Column, Format, Kind, Label, Row, Section, Table, label

ITEM = label("信息内容")


def _art20(item: str) -> str:
    return f"第二十条第（{item}）项"


def t2_block(item: str, rows: tuple[tuple[str, Label], ...], columns: tuple[Column, ...]) -> Table:
    """One captioned block of 表二 (主动公开政府信息情况); the blocks print as one table."""
    return Table(
        id=f"t2.{item}",
        group="t2",
        title="主动公开政府信息情况",
        prefix="t2",
        caption=_art20(item),
        corner=(ITEM.text,),
        columns=columns,
        rows=tuple(Row(key, (lab,)) for key, lab in rows),
    )


def column(key: str, text: str, *variants: str, kind: Kind = Kind.COUNT) -> Column:
    return Column(key, (label(text, *variants),), kind=kind)


REGULATION = ("regulation", label("规章"))

T2_2021 = (
    t2_block(
        "一",
        (REGULATION, ("normative_doc", label("行政规范性文件", "规范性文件"))),
        (
            column("issued", "本年制发件数"),
            column("repealed", "本年废止件数"),
            column("in_force", "现行有效件数"),
        ),
    ),
    t2_block(
        "五", (("admin_license", label("行政许可")),), (column("decisions", "本年处理决定数量"),)
    ),
    t2_block(
        "六",
        (("admin_penalty", label("行政处罚")), ("admin_coercion", label("行政强制"))),
        (column("decisions", "本年处理决定数量"),),
    ),
    t2_block(
        "八",
        (("admin_fee", label("行政事业性收费")),),
        (
            column(
                "amount_wan_yuan",
                "本年收费金额（单位：万元）",
                "本年收费金额(单位:万元)",
                "本年收费金额",
                kind=Kind.AMOUNT,
            ),
        ),
    ),
)

# 表三 -----------------------------------------------------------------------------------------

APPLICANTS = label("申请人情况")
ORG = label("法人或其他组织", "法人或者其他组织")

T3_COLUMNS = (
    Column("natural_person", (APPLICANTS, label("自然人"))),
    Column("org_commercial", (APPLICANTS, ORG, label("商业企业", "商业 企业"))),
    Column("org_research", (APPLICANTS, ORG, label("科研机构", "科研 机构"))),
    Column("org_public_interest", (APPLICANTS, ORG, label("社会公益组织"))),
    Column("org_legal_service", (APPLICANTS, ORG, label("法律服务机构"))),
    Column("org_other", (APPLICANTS, ORG, label("其他"))),
    Column("total", (APPLICANTS, label("总计", "合计"))),
)

RESULTS = label("三、本年度办理结果", "三、本年度办理结果情况")
WITHHELD = label("（三）不予公开", "(三)不予公开")
UNABLE = label("（四）无法提供", "(四)无法提供")
NOT_PROCESSED = label("（五）不予处理", "(五)不予处理")
OTHER = label("（六）其他处理", "(六)其他处理")


def _item(n: int, text: str, *variants: str) -> Label:
    """A numbered sub-item: the template prints "1.", reports also print "1、" and "1．"."""
    forms = [f"{n}{sep}{text}" for sep in ("、", "．", "")]
    return label(f"{n}.{text}", *forms, text, *variants)


def _block(n: str, text: str, *variants: str) -> Label:
    return label(f"（{n}）{text}", f"({n}){text}", text, *variants)


T3_HEAD = (
    Row(
        "new_received", (label("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),)
    ),
    Row(
        "carried_over", (label("二、上年结转政府信息公开申请数量", "上年结转政府信息公开申请数量"),)
    ),
    Row("granted", (RESULTS, _block("一", "予以公开"))),
    Row(
        "partially_granted",
        (RESULTS, _block("二", "部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开")),
    ),
    Row("withheld.state_secret", (RESULTS, WITHHELD, _item(1, "属于国家秘密"))),
    Row(
        "withheld.prohibited_by_law",
        (RESULTS, WITHHELD, _item(2, "其他法律行政法规禁止公开", "其他法律行政止公开")),
    ),
    Row(
        "withheld.security_stability",
        (
            RESULTS,
            WITHHELD,
            _item(3, "危及“三安全一稳定”", '危及"三安全一稳定"', "危及三安全一稳定"),
        ),
    ),
    Row("withheld.third_party_rights", (RESULTS, WITHHELD, _item(4, "保护第三方合法权益"))),
    Row("withheld.internal_affairs", (RESULTS, WITHHELD, _item(5, "属于三类内部事务信息"))),
    Row("withheld.process_info", (RESULTS, WITHHELD, _item(6, "属于四类过程性信息"))),
    Row("withheld.enforcement_file", (RESULTS, WITHHELD, _item(7, "属于行政执法案卷"))),
    Row("withheld.admin_inquiry", (RESULTS, WITHHELD, _item(8, "属于行政查询事项"))),
    Row("unable.not_held", (RESULTS, UNABLE, _item(1, "本机关不掌握相关政府信息"))),
    Row("unable.needs_creation", (RESULTS, UNABLE, _item(2, "没有现成信息需要另行制作"))),
    Row("unable.unclear_after_correction", (RESULTS, UNABLE, _item(3, "补正后申请内容仍不明确"))),
    Row(
        "not_processed.petition_complaint", (RESULTS, NOT_PROCESSED, _item(1, "信访举报投诉类申请"))
    ),
    Row("not_processed.duplicate", (RESULTS, NOT_PROCESSED, _item(2, "重复申请"))),
    Row("not_processed.publication", (RESULTS, NOT_PROCESSED, _item(3, "要求提供公开出版物"))),
    Row("not_processed.excessive", (RESULTS, NOT_PROCESSED, _item(4, "无正当理由大量反复申请"))),
    Row(
        "not_processed.confirm_or_reissue",
        (RESULTS, NOT_PROCESSED, _item(5, "要求行政机关确认或重新出具已获取信息")),
    ),
)

T3_OTHER_2021 = (
    Row(
        "other.overdue_correction",
        (
            RESULTS,
            OTHER,
            _item(1, "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ),
    ),
    Row(
        "other.overdue_fee",
        (
            RESULTS,
            OTHER,
            _item(2, "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ),
    ),
    Row("other.other", (RESULTS, OTHER, _item(3, "其他"))),
)

T3_TAIL = (
    Row("total_processed", (RESULTS, _block("七", "总计", "合计"))),
    Row("carried_forward", (label("四、结转下年度继续办理", "结转下年度继续办理"),)),
)

T3_CORNER = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",)


# 表三's applicant columns: 自然人 and the five 法人或其他组织 classes (总计 is their sum).
T3_APPLICANT_COLUMNS = tuple(c.key for c in T3_COLUMNS if c.key != "total")
# 表三 rows that are not outcomes, in the order of identity I1 (第一项加第二项之和，等于第三项加第四项之和).
T3_BALANCE_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")


def t3_outcome_rows(fmt: Format) -> tuple[str, ...]:
    """The row keys of 表三's outcomes (三、本年度办理结果 （一）–（六）) of ``fmt``, in printed order:
    every application closed in the year is counted in exactly one of them."""
    return tuple(r.key for r in fmt.table("t3").data_rows() if r.key not in T3_BALANCE_ROWS)


def t3_table(other_rows: tuple[Row, ...]) -> Table:
    return Table(
        id="t3",
        title="收到和处理政府信息公开申请情况",
        prefix="t3",
        corner=T3_CORNER,
        columns=T3_COLUMNS,
        rows=(*T3_HEAD, *other_rows, *T3_TAIL),
    )


# 表四 -----------------------------------------------------------------------------------------

REVIEW = label("行政复议")
LITIGATION = label("行政诉讼")
RESULT_COLUMNS = (
    ("upheld", label("结果维持")),
    ("corrected", label("结果纠正")),
    ("other", label("其他结果")),
    ("pending", label("尚未审结")),
    ("total", label("总计", "合计")),
)
T4_BLOCKS: tuple[tuple[str, tuple[Label, ...]], ...] = (
    ("review", (REVIEW,)),
    ("lit_direct", (LITIGATION, label("未经复议直接起诉"))),
    ("lit_after_review", (LITIGATION, label("复议后起诉"))),
)

# 表四's results of one block (总计 is their sum); a decided case has one of them but 尚未审结.
T4_RESULTS = tuple(key for key, _ in RESULT_COLUMNS if key != "total")
T4_PENDING = "pending"
T4_DECIDED_RESULTS = tuple(key for key in T4_RESULTS if key != T4_PENDING)
T4_BLOCK_KEYS = tuple(key for key, _ in T4_BLOCKS)
# Printed names, for messages and choices: a block by its own caption (未经复议直接起诉), in full
# with its group (行政诉讼（未经复议直接起诉）); a result by its column caption (结果维持).
T4_BLOCK_NAMES = {key: path[-1].text for key, path in T4_BLOCKS}
T4_BLOCK_FULL_NAMES = {
    key: path[0].text + "".join(f"（{lab.text}）" for lab in path[1:]) for key, path in T4_BLOCKS
}
T4_RESULT_NAMES = {key: lab.text for key, lab in RESULT_COLUMNS}

T4 = Table(
    id="t4",
    title="政府信息公开行政复议、行政诉讼情况",
    prefix="t4",
    columns=tuple(
        Column(f"{block}.{col}", (*path, lab))
        for block, path in T4_BLOCKS
        for col, lab in RESULT_COLUMNS
    ),
    rows=(Row("", ()),),
)

# Sections -------------------------------------------------------------------------------------


def sections(problems_title: Label) -> tuple[Section, ...]:
    return (
        Section("overview", "一", label("总体情况")),
        Section("proactive", "二", label("主动公开政府信息情况"), ("t2",)),
        Section("applications", "三", label("收到和处理政府信息公开申请情况"), ("t3",)),
        Section("appeals", "四", label("政府信息公开行政复议、行政诉讼情况"), ("t4",)),
        Section("problems", "五", problems_title),
        Section("other", "六", label("其他需要报告的事项")),
    )


CN2021 = Format(
    name="cn2021",
    title="中华人民共和国政府信息公开工作年度报告格式",
    basis="国办公开办函〔2021〕30号",
    years=(2021, None),
    sections=sections(
        label("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况")
    ),
    tables=(*T2_2021, t3_table(T3_OTHER_2021), T4),
)
