"""The proactive-disclosure catalog (主动公开目录) as pure data and functions (条例 §10, §12, §20–§26).

:mod:`gongkai.catalog.index_number` generates and reads 索引号 (the permanent identifier of a
catalog item); :mod:`gongkai.catalog.vocabulary` holds the closed lists a catalog item is
described with (the fifteen categories of 条例 §20, 五公开 attributes, 有效性, channels).  The
platform's catalog app stores items; the §26 publication clock is
:func:`gongkai.workdays.clock.publication_deadline`.
"""
