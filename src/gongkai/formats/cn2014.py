"""The national 《政府信息公开情况统计表》 (国办发〔2014〕32号; report years 2014–2018).

Under the 2007 条例 (§31–§32 of that text) the report was prose plus this statistics table.  The
row list, labels and units follow the real 2017 township report in the corpus
(``seed-000-township-2017.txt``), which docs/law.md §3.2 names as the authority.  The table is a
list of indicators, one figure each, with the unit printed in its own column; block headings and the
fill-in sentence of （四）申请公开的主要内容 are printed rows that carry no figure.
"""

from __future__ import annotations

from gongkai.formats.model import Column, Format, Kind, Label, Note, Row, Section, Table, label

DASH = "——"


def _ind(key: str, unit: str, text: str, *variants: str) -> Row:
    kind = Kind.AMOUNT if unit == "万元" else Kind.COUNT
    return Row(key, (label(text, *variants),), unit=unit, kind=kind)


def _n(n: int, text: str) -> tuple[str, ...]:
    """The printed "1." and the forms reports use instead."""
    return (f"{n}.{text}", f"{n}、{text}", f"{n}．{text}", text)


def _sub(n: str, text: str) -> tuple[str, ...]:
    return (f"（{n}）{text}", f"({n}){text}", text)


def _numbered(key: str, unit: str, n: int, text: str, *variants: str) -> Row:
    main, *forms = (form for t in (text, *variants) for form in _n(n, t))
    return _ind(key, unit, main, *forms)


def _block(key: str, unit: str, n: str, text: str, *variants: str) -> Row:
    main, *forms = (form for t in (text, *variants) for form in _sub(n, t))
    return _ind(key, unit, main, *forms)


ROWS: tuple[Row | Note, ...] = (
    Note("一、主动公开情况", DASH),
    _block(
        "proactive.total",
        "条",
        "一",
        "主动公开政府信息数（不同渠道和方式公开相同信息计1条）",
        "主动公开政府信息数",
    ),
    _ind(
        "proactive.normative_published", "条", "其中：主动公开规范性文件数", "主动公开规范性文件数"
    ),
    _ind("proactive.normative_issued", "件", "制发规范性文件总数"),
    Note("（二）通过不同渠道和方式公开政府信息的情况", DASH),
    _numbered("proactive.by_channel.gazette", "条", 1, "政府公报公开政府信息数"),
    _numbered("proactive.by_channel.website", "条", 2, "政府网站公开政府信息数"),
    _numbered("proactive.by_channel.weibo", "条", 3, "政务微博公开政府信息数"),
    _numbered("proactive.by_channel.wechat", "条", 4, "政务微信公开政府信息数"),
    _numbered("proactive.by_channel.other", "条", 5, "其他方式公开政府信息数"),
    Note("二、回应解读情况", DASH),
    _block(
        "response.hot_topics",
        "次",
        "一",
        "回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
        "回应公众关注热点或重大舆情数",
    ),
    Note("（二）通过不同渠道和方式回应解读的情况", DASH),
    _numbered("response.press_conf", "次", 1, "参加或举办新闻发布会总次数"),
    _ind(
        "response.press_conf_by_head",
        "次",
        "其中：主要负责同志参加新闻发布会次数",
        "主要负责同志参加新闻发布会次数",
    ),
    _numbered("response.online_interview", "次", 2, "政府网站在线访谈次数"),
    _ind(
        "response.online_interview_by_head",
        "次",
        "其中：主要负责同志参加政府网站在线访谈次数",
        "主要负责同志参加政府网站在线访谈次数",
    ),
    _numbered("response.interpretations", "篇", 3, "政策解读稿件发布数"),
    _numbered("response.weibo_wechat", "次", 4, "微博微信回应事件数"),
    _numbered("response.other", "次", 5, "其他方式回应事件数"),
    Note("三、依申请公开情况", DASH),
    _block("apply.received", "件", "一", "收到申请数"),
    _numbered("apply.received.in_person", "件", 1, "当面申请数"),
    _numbered("apply.received.fax", "件", 2, "传真申请数"),
    _numbered("apply.received.online", "件", 3, "网络申请数"),
    _numbered("apply.received.letter", "件", 4, "信函申请数"),
    _block("apply.closed", "件", "二", "申请办结数"),
    _numbered("apply.closed.on_time", "件", 1, "按时办结数"),
    _numbered("apply.closed.extended", "件", 2, "延期办结数"),
    _block("apply.replied", "件", "三", "申请答复数"),
    _numbered("apply.replied.already_public", "件", 1, "属于已主动公开范围数"),
    _numbered("apply.replied.granted", "件", 2, "同意公开答复数"),
    _numbered("apply.replied.partial", "件", 3, "同意部分公开答复数"),
    _numbered("apply.replied.refused", "件", 4, "不同意公开答复数"),
    _ind("apply.refused.state_secret", "件", "其中：涉及国家秘密", "涉及国家秘密"),
    _ind("apply.refused.trade_secret", "件", "涉及商业秘密"),
    _ind("apply.refused.privacy", "件", "涉及个人隐私"),
    _ind("apply.refused.security", "件", "危及国家安全、公共安全、经济安全和社会稳定"),
    _ind("apply.refused.not_gov_info", "件", "不是《条例》所指政府信息"),
    _ind("apply.refused.other_law", "件", "法律法规规定的其他情形"),
    _numbered("apply.replied.not_this_agency", "件", 5, "不属于本行政机关公开数"),
    _numbered("apply.replied.not_exist", "件", 6, "申请信息不存在数"),
    _numbered("apply.replied.asked_to_amend", "件", 7, "告知作出更改补充数"),
    _numbered("apply.replied.other_channel", "件", 8, "告知通过其他途径办理数"),
    Note("（四）申请公开的主要内容", ""),
    Note(
        "主要侧重_____、_____、_____、_____等几个方面，其中_____占比___%、_____占比___%、"
        "_____占比___%。",
        DASH,
    ),
    _ind("review.total", "件", "四、行政复议数量", "行政复议数量"),
    _block("review.upheld", "件", "一", "维持具体行政行为数"),
    _block("review.corrected", "件", "二", "被依法纠错数"),
    _block("review.other", "件", "三", "其他情形数"),
    _ind("litigation.total", "件", "五、行政诉讼数量", "行政诉讼数量"),
    _block("litigation.upheld", "件", "一", "维持具体行政行为或者驳回原告诉讼请求数"),
    _block("litigation.corrected", "件", "二", "被依法纠错数"),
    _block("litigation.other", "件", "三", "其他情形数"),
    _ind("complaints", "件", "六、举报投诉数量", "举报投诉数量"),
    _ind("fees_wan_yuan", "万元", "七、依申请公开信息收取的费用", "依申请公开信息收取的费用"),
    Note("八、机构建设和保障经费情况", DASH),
    _block("org.units", "个", "一", "政府信息公开工作专门机构数"),
    _block("org.reading_points", "个", "二", "设置政府信息公开查阅点数"),
    _block("org.staff", "人", "三", "从事政府信息公开工作人员数"),
    _numbered(
        "org.staff.full_time",
        "人",
        1,
        "专职人员数（不包括政府公报及政府网站工作人员数）",
        "专职人员数",
    ),
    _numbered("org.staff.part_time", "人", 2, "兼职人员数"),
    _block(
        "org.budget_wan_yuan",
        "万元",
        "四",
        "政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
        "政府信息公开专项经费",
    ),
    Note("九、政府信息公开会议和培训情况", DASH),
    _block(
        "training.meetings",
        "次",
        "一",
        "召开政府信息公开工作会议或专题会议数",
        "召开政府信息与政务公开工作会议或专题会议数",
    ),
    _block("training.courses", "次", "二", "举办各类培训班数"),
    _block("training.trainees", "人次", "三", "接受培训人员数"),
)

STATISTICS = Table(
    id="stats",
    title="政府信息公开情况统计表",
    prefix="",
    corner=("统计指标",),
    unit_column="单位",
    columns=(Column("", (Label("统计数"),)),),
    rows=ROWS,
)

CN2014 = Format(
    name="cn2014",
    title="政府信息公开情况统计表",
    basis="国办发〔2014〕32号",
    years=(2014, 2018),
    # 条例(2007) §32 lists the contents; reports of the era title them freely, so the titles
    # here are the usual ones and the structure rules only inform about them.
    sections=(
        Section("overview", "一", label("概述", "总体情况", "基本情况")),
        Section("proactive", "二", label("主动公开政府信息情况", "主动公开情况")),
        Section("applications", "三", label("依申请公开政府信息情况", "依申请公开情况")),
        Section(
            "appeals", "四", label("政府信息公开行政复议、行政诉讼情况", "行政复议和行政诉讼情况")
        ),
        Section("problems", "五", label("存在的主要问题及改进措施", "主要问题及改进情况")),
        Section("other", "六", label("其他需要报告的事项"), ("stats",)),
    ),
    tables=(STATISTICS,),
    tables_attached=True,
)
