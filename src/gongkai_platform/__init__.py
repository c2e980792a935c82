"""The agency platform: Django apps that persist and present the pure core of :mod:`gongkai`.

Apps: ``accounts`` (units and roles, 条例 §4 政府信息公开工作机构), ``applications`` (依申请公开,
条例 §§27–45), ``appeals`` and ``reports`` (年度报告, 条例 §§49–50).  The law itself stays in
:mod:`gongkai` (formats, rules, the working-day clock); this package imports it, never the reverse.
"""
