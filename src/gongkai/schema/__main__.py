"""``python -m gongkai.schema``: write the compiled validator of the report schema (run by
scripts/setup.sh; see gongkai.report.write_compiled_validator)."""

from gongkai.report import write_compiled_validator

print(f"已生成 {write_compiled_validator()}")
