"""The holiday calendar (节假日安排) the working-day clock counts with: the days each year's State
Council notice sets, entered on the platform (they replace the packaged schedule of that year),
the named actions that enter them, their audit trail, and their page.

Every statutory period of the platform (条例 §§30, 32–34, 26; 国办函〔2020〕109号) is counted in
working days by :mod:`gongkai.workdays` with :func:`selectors.calendar`.  When a year changes, the
:data:`signals.calendar_changed` signal fires after the commit; the applications app listens and
recounts every open due date (this app knows nothing of applications).
"""
