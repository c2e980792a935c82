"""Consistency and legality rules of the annual report, with stable ids (see ``engine``)."""

from gongkai.rules.engine import RULES, Context, Options, Rule, all_rules, check, has_errors

__all__ = ["RULES", "Context", "Options", "Rule", "all_rules", "check", "has_errors"]
