"""Package data: the JSON Schema of the annual-report document (generated, see gongkai.report)."""
