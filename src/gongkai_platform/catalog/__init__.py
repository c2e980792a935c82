"""The proactive-disclosure catalog (主动公开目录, 条例 §10, §12, §20–§26): items with their
索引号 and metadata, their review and publication workflow, the §26 publication clock, the
unit's 主动公开基本目录 / 标准目录, and 表二 of the annual report drawn from it."""
