"""Fixtures of the hardening tests: ``cw`` (tests/platform/catalog_world.py)."""

from catalog_world import cw

__all__ = ["cw"]
