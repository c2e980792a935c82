"""The 2019 试行 annual-report format: 国办公开办函〔2019〕60号 (report years 2019 and 2020).

Made under 条例 §50 para. 2 after the 2019 revision.  It differs from the 2021 format (``cn2021``)
in 表二 (item counts rather than documents issued, and the extra 第二十条第（九）项 政府集中采购)
and in 表三, where 其他处理 is a single row.  Labels follow the 上海市人民政府办公厅 2019 report;
see docs/law.md §2.
"""

from __future__ import annotations

from gongkai.formats.cn2021 import (
    OTHER,
    REGULATION,
    RESULTS,
    T4,
    column,
    sections,
    t2_block,
    t3_table,
)
from gongkai.formats.model import Format, Kind, Row, label

ITEM_COUNT_COLUMNS = (
    column("prev_year_items", "上一年项目数量"),
    column("delta_items", "本年增/减", "本年增／减", "本年增减", kind=Kind.SIGNED),
)
DECISIONS = column("decisions", "处理决定数量")

T2_2019 = (
    t2_block(
        "一",
        (REGULATION, ("normative_doc", label("规范性文件", "行政规范性文件"))),
        (
            column("newly_made", "本年新制作数量"),
            column("newly_published", "本年新公开数量"),
            column("total_published", "对外公开总数量"),
        ),
    ),
    t2_block(
        "五",
        (
            ("admin_license", label("行政许可")),
            ("other_admin_service", label("其他对外管理服务事项")),
        ),
        (*ITEM_COUNT_COLUMNS, DECISIONS),
    ),
    t2_block(
        "六",
        (("admin_penalty", label("行政处罚")), ("admin_coercion", label("行政强制"))),
        (*ITEM_COUNT_COLUMNS, DECISIONS),
    ),
    t2_block("八", (("admin_fee", label("行政事业性收费")),), ITEM_COUNT_COLUMNS),
    t2_block(
        "九",
        (("central_procurement", label("政府集中采购")),),
        (
            column("projects", "采购项目数量"),
            column("total_amount_wan_yuan", "采购总金额", "采购总金额（万元）", kind=Kind.AMOUNT),
        ),
    ),
)

CN2019 = Format(
    name="cn2019",
    title="中华人民共和国政府信息公开工作年度报告格式（试行）",
    basis="国办公开办函〔2019〕60号",
    years=(2019, 2020),
    sections=sections(
        label("政府信息公开工作存在的主要问题及改进情况", "存在的主要问题及改进情况")
    ),
    tables=(*T2_2019, t3_table((Row("other", (RESULTS, OTHER)),)), T4),
)
