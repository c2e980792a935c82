"""The closed lists a catalog item and a 标准目录 entry are described with (docs/law.md §4.1,
§6.3, §7).

Each list is ``(key, 中文 label)`` pairs: the key is stored, the label printed.  The fifteen
categories are 条例第二十条 (国务院令第711号); 表二 of the annual report draws on (一)(五)(六)(八).
The 26 areas of the 基层政务公开标准目录 (国办发〔2019〕54号) are only a starting list: docs/law.md
§7.2 marks it UNVERIFIED and units add areas of their own, so the platform stores areas as data
seeded from :data:`STANDARD_AREAS`, not as this constant.
"""

from __future__ import annotations

Vocabulary = tuple[tuple[str, str], ...]

# 条例第二十条 (一)–(十五): what every agency must publish proactively.
ART20: Vocabulary = (
    ("art20_1", "（一）行政法规、规章和规范性文件"),
    ("art20_2", "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    ("art20_3", "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    ("art20_4", "（四）国民经济和社会发展统计信息"),
    ("art20_5", "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    (
        "art20_6",
        "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    ),
    ("art20_7", "（七）财政预算、决算信息"),
    ("art20_8", "（八）行政事业性收费项目及其依据、标准"),
    ("art20_9", "（九）政府集中采购项目的目录、标准及实施情况"),
    ("art20_10", "（十）重大建设项目的批准和实施情况"),
    ("art20_11", "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    ("art20_12", "（十二）突发公共事件的应急预案、预警信息及应对情况"),
    ("art20_13", "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    ("art20_14", "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果"),
    ("art20_15", "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
)

# 五公开 (中办发〔2016〕8号): a tag on items; how widely it is a catalog field is UNVERIFIED (§6.3).
FIVE_OPEN: Vocabulary = (
    ("decision", "决策公开"),
    ("execution", "执行公开"),
    ("management", "管理公开"),
    ("service", "服务公开"),
    ("result", "结果公开"),
)

# 有效性 of 规章 and 行政规范性文件 (§6.3); in-force counts of 表二 come from it.
VALIDITY: Vocabulary = (("valid", "有效"), ("expired", "失效"), ("repealed", "废止"))

# 公开方式 (§6.3, §7.3).
DISCLOSURE_MODE: Vocabulary = (("proactive", "主动公开"), ("on_request", "依申请公开"))

# 公开对象 / 公开范围 (§7.3).
AUDIENCE: Vocabulary = (("public", "全社会"), ("specific", "特定群众"))

# 公开层级 (§7.3).
LEVELS: Vocabulary = (("county", "县级"), ("township", "乡级"), ("village", "村级"))

# 公开渠道和载体: the checkboxes of the 标准目录 table (§7.3).
CHANNELS: Vocabulary = (
    ("website", "政府网站"),
    ("gazette", "政府公报"),
    ("weibo_wechat_app", "两微一端"),
    ("press_or_hearing", "发布会/听证会"),
    ("broadcast", "广播电视"),
    ("print", "纸质媒体"),
    ("reading_point", "公开查阅点"),
    ("service_center", "政务服务中心"),
    ("service_station", "便民服务站"),
    ("door_to_door", "入户/现场"),
    ("notice_board", "社区/企事业单位/村公示栏（电子屏）"),
    ("targeted_push", "精准推送"),
    ("hotline_12345", "12345热线"),
    ("other", "其他"),
)

# The 26 areas of the 基层政务公开标准目录 as reconstructed in docs/law.md §7.2 (UNVERIFIED).
STANDARD_AREAS: tuple[str, ...] = (
    "城乡规划", "重大建设项目", "公共资源交易", "财政预决算", "安全生产", "税收管理", "征地补偿",
    "国有土地上房屋征收与补偿", "环境保护", "公共文化服务", "公共法律服务", "扶贫", "救灾",
    "食品药品监管", "城市综合执法", "就业", "社会救助", "养老服务", "户籍管理", "涉农补贴",
    "义务教育", "医疗卫生", "市场监管", "保障性住房", "农村危房改造", "社会保险",
)  # fmt: skip


def label(vocabulary: Vocabulary, key: str) -> str:
    """The printed label of ``key``; a key outside the list is an error of the caller."""
    return dict(vocabulary)[key]
