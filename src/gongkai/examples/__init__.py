"""Bundled example documents (the 淮安市人民政府 2024 report, as published)."""
