"""行政复议 and 行政诉讼 cases arising from the unit's OGI work (条例 §50 (三), §51), each linked to
the application it arose from; they fill 表四 of the annual report."""
